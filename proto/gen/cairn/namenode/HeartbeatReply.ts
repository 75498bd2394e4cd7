// Original file: proto/namenode.proto

import type { Command as _cairn_namenode_Command, Command__Output as _cairn_namenode_Command__Output } from '../../cairn/namenode/Command.js';
import type { Long } from '@grpc/proto-loader';

export interface HeartbeatReply {
  'reregister'?: (boolean);
  'commands'?: (_cairn_namenode_Command)[];
  'epoch'?: (number | string | Long);
  'active'?: (boolean);
  'fullReport'?: (boolean);
}

export interface HeartbeatReply__Output {
  'reregister': (boolean);
  'commands': (_cairn_namenode_Command__Output)[];
  'epoch': (number);
  'active': (boolean);
  'fullReport': (boolean);
}

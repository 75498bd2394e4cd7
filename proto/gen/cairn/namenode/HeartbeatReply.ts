// Original file: proto/namenode.proto

import type { Command as _cairn_namenode_Command, Command__Output as _cairn_namenode_Command__Output } from '../../cairn/namenode/Command.js';

export interface HeartbeatReply {
  'reregister'?: (boolean);
  'commands'?: (_cairn_namenode_Command)[];
}

export interface HeartbeatReply__Output {
  'reregister': (boolean);
  'commands': (_cairn_namenode_Command__Output)[];
}

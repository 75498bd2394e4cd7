// Original file: proto/namenode.proto

import type { NamenodeState as _cairn_namenode_NamenodeState, NamenodeState__Output as _cairn_namenode_NamenodeState__Output } from '../../cairn/namenode/NamenodeState.js';
import type { Long } from '@grpc/proto-loader';

export interface HaStatusReply {
  'epoch'?: (number | string | Long);
  'active'?: (string);
  'namenodes'?: (_cairn_namenode_NamenodeState)[];
}

export interface HaStatusReply__Output {
  'epoch': (number);
  'active': (string);
  'namenodes': (_cairn_namenode_NamenodeState__Output)[];
}

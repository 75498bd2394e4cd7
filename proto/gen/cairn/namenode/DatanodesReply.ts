// Original file: proto/namenode.proto

import type { DatanodeInfo as _cairn_namenode_DatanodeInfo, DatanodeInfo__Output as _cairn_namenode_DatanodeInfo__Output } from '../../cairn/namenode/DatanodeInfo.js';

export interface DatanodesReply {
  'datanodes'?: (_cairn_namenode_DatanodeInfo)[];
}

export interface DatanodesReply__Output {
  'datanodes': (_cairn_namenode_DatanodeInfo__Output)[];
}

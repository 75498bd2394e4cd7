// Original file: proto/datanode.proto

import type { WriteFailure as _cairn_datanode_WriteFailure, WriteFailure__Output as _cairn_datanode_WriteFailure__Output } from '../../cairn/datanode/WriteFailure.js';

export interface WriteBlockReply {
  'stored'?: (string)[];
  'failed'?: (_cairn_datanode_WriteFailure)[];
}

export interface WriteBlockReply__Output {
  'stored': (string)[];
  'failed': (_cairn_datanode_WriteFailure__Output)[];
}

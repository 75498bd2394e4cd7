// Original file: proto/namenode.proto

import type { ReceivedBlock as _cairn_namenode_ReceivedBlock, ReceivedBlock__Output as _cairn_namenode_ReceivedBlock__Output } from '../../cairn/namenode/ReceivedBlock.js';

export interface BlockReceivedRequest {
  'datanodeId'?: (string);
  'received'?: (_cairn_namenode_ReceivedBlock)[];
  'deleted'?: (string)[];
}

export interface BlockReceivedRequest__Output {
  'datanodeId': (string);
  'received': (_cairn_namenode_ReceivedBlock__Output)[];
  'deleted': (string)[];
}

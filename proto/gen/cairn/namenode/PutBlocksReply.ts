// Original file: proto/namenode.proto

import type { BlockAnswer as _cairn_namenode_BlockAnswer, BlockAnswer__Output as _cairn_namenode_BlockAnswer__Output } from '../../cairn/namenode/BlockAnswer.js';

export interface PutBlocksReply {
  'answers'?: (_cairn_namenode_BlockAnswer)[];
}

export interface PutBlocksReply__Output {
  'answers': (_cairn_namenode_BlockAnswer__Output)[];
}

// Original file: proto/namenode.proto

import type { BlockRef as _cairn_common_BlockRef, BlockRef__Output as _cairn_common_BlockRef__Output } from '../../cairn/common/BlockRef.js';

export interface PutBlocksRequest {
  'uploadId'?: (string);
  'blocks'?: (_cairn_common_BlockRef)[];
  'exclude'?: (string)[];
  'attempt'?: (number);
}

export interface PutBlocksRequest__Output {
  'uploadId': (string);
  'blocks': (_cairn_common_BlockRef__Output)[];
  'exclude': (string)[];
  'attempt': (number);
}

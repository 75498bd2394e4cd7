// Original file: proto/namenode.proto

import type { BlockRef as _cairn_common_BlockRef, BlockRef__Output as _cairn_common_BlockRef__Output } from '../../cairn/common/BlockRef.js';
import type { Long } from '@grpc/proto-loader';

export interface BeginUploadRequest {
  'path'?: (string);
  'expectedRevision'?: (number);
  'hasExpectedRevision'?: (boolean);
  'sizeHint'?: (number | string | Long);
  'resumeUploadId'?: (string);
  'blocks'?: (_cairn_common_BlockRef)[];
  'exclude'?: (string)[];
  'resume'?: (boolean);
}

export interface BeginUploadRequest__Output {
  'path': (string);
  'expectedRevision': (number);
  'hasExpectedRevision': (boolean);
  'sizeHint': (number);
  'resumeUploadId': (string);
  'blocks': (_cairn_common_BlockRef__Output)[];
  'exclude': (string)[];
  'resume': (boolean);
}

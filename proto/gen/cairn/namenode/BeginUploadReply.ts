// Original file: proto/namenode.proto

import type { BlockAnswer as _cairn_namenode_BlockAnswer, BlockAnswer__Output as _cairn_namenode_BlockAnswer__Output } from '../../cairn/namenode/BlockAnswer.js';
import type { Long } from '@grpc/proto-loader';

export interface BeginUploadReply {
  'uploadId'?: (string);
  'blocksHeld'?: (number | string | Long);
  'answers'?: (_cairn_namenode_BlockAnswer)[];
  'attempt'?: (number);
  'bytesHeld'?: (number | string | Long);
}

export interface BeginUploadReply__Output {
  'uploadId': (string);
  'blocksHeld': (number);
  'answers': (_cairn_namenode_BlockAnswer__Output)[];
  'attempt': (number);
  'bytesHeld': (number);
}

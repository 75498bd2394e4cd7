// Original file: proto/namenode.proto

import type { Long } from '@grpc/proto-loader';

export interface BeginUploadReply {
  'uploadId'?: (string);
  'blocksHeld'?: (number | string | Long);
}

export interface BeginUploadReply__Output {
  'uploadId': (string);
  'blocksHeld': (number);
}

// Original file: proto/namenode.proto

import type { Long } from '@grpc/proto-loader';

export interface NewEpochRequest {
  'epoch'?: (number | string | Long);
}

export interface NewEpochRequest__Output {
  'epoch': (number);
}

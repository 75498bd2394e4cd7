// Original file: proto/namenode.proto

import type { Long } from '@grpc/proto-loader';

export interface TrashEmptyRequest {
  'beforeMs'?: (number | string | Long);
}

export interface TrashEmptyRequest__Output {
  'beforeMs': (number);
}

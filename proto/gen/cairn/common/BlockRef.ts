// Original file: proto/common.proto

import type { Long } from '@grpc/proto-loader';

export interface BlockRef {
  'id'?: (string);
  'size'?: (number);
  'offset'?: (number | string | Long);
}

export interface BlockRef__Output {
  'id': (string);
  'size': (number);
  'offset': (number);
}

// Original file: proto/namenode.proto

import type { Long } from '@grpc/proto-loader';

export interface ListSharedRequest {
  'afterInodeId'?: (number | string | Long);
  'limit'?: (number);
}

export interface ListSharedRequest__Output {
  'afterInodeId': (number);
  'limit': (number);
}

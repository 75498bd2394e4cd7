// Original file: proto/namenode.proto

import type { Long } from '@grpc/proto-loader';

export interface UserAddRequest {
  'name'?: (string);
  'tier'?: (string);
  'quotaBytes'?: (number | string | Long);
  'accessKey'?: (string);
  'secretKey'?: (string);
}

export interface UserAddRequest__Output {
  'name': (string);
  'tier': (string);
  'quotaBytes': (number);
  'accessKey': (string);
  'secretKey': (string);
}

// Original file: proto/namenode.proto

import type { Long } from '@grpc/proto-loader';

export interface S3KeyInfo {
  'accessKeyId'?: (string);
  'createdAtMs'?: (number | string | Long);
}

export interface S3KeyInfo__Output {
  'accessKeyId': (string);
  'createdAtMs': (number);
}

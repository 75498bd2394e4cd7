// Original file: proto/namenode.proto

import type { Long } from '@grpc/proto-loader';

export interface OpenUpload {
  'uploadId'?: (string);
  'path'?: (string);
  'createdAtMs'?: (number | string | Long);
  'leaseExpiresAtMs'?: (number | string | Long);
  'blocks'?: (number | string | Long);
  'bytes'?: (number | string | Long);
}

export interface OpenUpload__Output {
  'uploadId': (string);
  'path': (string);
  'createdAtMs': (number);
  'leaseExpiresAtMs': (number);
  'blocks': (number);
  'bytes': (number);
}

// Original file: proto/namenode.proto

import type { Long } from '@grpc/proto-loader';

export interface UploadInfo {
  'uploadId'?: (string);
  'path'?: (string);
  'owner'?: (string);
  'createdAtMs'?: (number | string | Long);
  'metadata'?: ({[key: string]: string});
}

export interface UploadInfo__Output {
  'uploadId': (string);
  'path': (string);
  'owner': (string);
  'createdAtMs': (number);
  'metadata': ({[key: string]: string});
}

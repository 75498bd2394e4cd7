// Original file: proto/namenode.proto

import type { Long } from '@grpc/proto-loader';

export interface CommitUploadRequest {
  'uploadId'?: (string);
  'blockCount'?: (number | string | Long);
  'size'?: (number | string | Long);
  'md5'?: (string);
  'metadata'?: ({[key: string]: string});
  'attempt'?: (number);
}

export interface CommitUploadRequest__Output {
  'uploadId': (string);
  'blockCount': (number);
  'size': (number);
  'md5': (string);
  'metadata': ({[key: string]: string});
  'attempt': (number);
}

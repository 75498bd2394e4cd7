// Original file: proto/namenode.proto

import type { Long } from '@grpc/proto-loader';

export interface GetFileRequest {
  'path'?: (string);
  'revision'?: (number);
  'fromOffset'?: (number | string | Long);
  'maxBlocks'?: (number);
}

export interface GetFileRequest__Output {
  'path': (string);
  'revision': (number);
  'fromOffset': (number);
  'maxBlocks': (number);
}

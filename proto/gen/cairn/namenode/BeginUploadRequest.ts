// Original file: proto/namenode.proto

import type { Long } from '@grpc/proto-loader';

export interface BeginUploadRequest {
  'path'?: (string);
  'expectedRevision'?: (number);
  'hasExpectedRevision'?: (boolean);
  'sizeHint'?: (number | string | Long);
  'resumeUploadId'?: (string);
}

export interface BeginUploadRequest__Output {
  'path': (string);
  'expectedRevision': (number);
  'hasExpectedRevision': (boolean);
  'sizeHint': (number);
  'resumeUploadId': (string);
}

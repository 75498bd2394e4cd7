// Original file: proto/namenode.proto

import type { Long } from '@grpc/proto-loader';

export interface AuditRequest {
  'user'?: (string);
  'afterTxid'?: (number | string | Long);
  'limit'?: (number);
}

export interface AuditRequest__Output {
  'user': (string);
  'afterTxid': (number);
  'limit': (number);
}

// Original file: proto/namenode.proto

import type { Long } from '@grpc/proto-loader';

export interface AuditRecord {
  'txid'?: (number | string | Long);
  'atMs'?: (number | string | Long);
  'by'?: (string);
  'action'?: (string);
  'user'?: (string);
  'role'?: (string);
  'path'?: (string);
  'accessKeyId'?: (string);
  'quotaBytes'?: (number | string | Long);
  'tier'?: (string);
  'tokens'?: (number);
  'items'?: (number);
}

export interface AuditRecord__Output {
  'txid': (number);
  'atMs': (number);
  'by': (string);
  'action': (string);
  'user': (string);
  'role': (string);
  'path': (string);
  'accessKeyId': (string);
  'quotaBytes': (number);
  'tier': (string);
  'tokens': (number);
  'items': (number);
}

// Original file: proto/namenode.proto

import type { Long } from '@grpc/proto-loader';

export interface SetQuotaRequest {
  'name'?: (string);
  'quotaBytes'?: (number | string | Long);
}

export interface SetQuotaRequest__Output {
  'name': (string);
  'quotaBytes': (number);
}

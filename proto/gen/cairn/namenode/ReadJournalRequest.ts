// Original file: proto/namenode.proto

import type { Long } from '@grpc/proto-loader';

export interface ReadJournalRequest {
  'fromTxid'?: (number | string | Long);
  'max'?: (number);
}

export interface ReadJournalRequest__Output {
  'fromTxid': (number);
  'max': (number);
}

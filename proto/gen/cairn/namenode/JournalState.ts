// Original file: proto/namenode.proto

import type { Long } from '@grpc/proto-loader';

export interface JournalState {
  'lastTxid'?: (number | string | Long);
  'lastEpoch'?: (number | string | Long);
  'promisedEpoch'?: (number | string | Long);
}

export interface JournalState__Output {
  'lastTxid': (number);
  'lastEpoch': (number);
  'promisedEpoch': (number);
}

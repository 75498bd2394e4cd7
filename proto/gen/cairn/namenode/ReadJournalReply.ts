// Original file: proto/namenode.proto

import type { Long } from '@grpc/proto-loader';

export interface ReadJournalReply {
  'records'?: (Buffer | Uint8Array | string);
  'trimmed'?: (boolean);
  'lastTxid'?: (number | string | Long);
}

export interface ReadJournalReply__Output {
  'records': (Buffer);
  'trimmed': (boolean);
  'lastTxid': (number);
}

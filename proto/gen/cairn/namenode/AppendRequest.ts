// Original file: proto/namenode.proto

import type { Long } from '@grpc/proto-loader';

export interface AppendRequest {
  'epoch'?: (number | string | Long);
  'prevTxid'?: (number | string | Long);
  'prevEpoch'?: (number | string | Long);
  'records'?: (Buffer | Uint8Array | string);
  'committedTxid'?: (number | string | Long);
}

export interface AppendRequest__Output {
  'epoch': (number);
  'prevTxid': (number);
  'prevEpoch': (number);
  'records': (Buffer);
  'committedTxid': (number);
}

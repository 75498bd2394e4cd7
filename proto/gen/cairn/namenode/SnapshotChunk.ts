// Original file: proto/namenode.proto

import type { Long } from '@grpc/proto-loader';

export interface SnapshotChunk {
  'entries'?: (Buffer | Uint8Array | string);
  'lastTxid'?: (number | string | Long);
  'lastEpoch'?: (number | string | Long);
  'done'?: (boolean);
}

export interface SnapshotChunk__Output {
  'entries': (Buffer);
  'lastTxid': (number);
  'lastEpoch': (number);
  'done': (boolean);
}

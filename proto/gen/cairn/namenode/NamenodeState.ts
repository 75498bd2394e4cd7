// Original file: proto/namenode.proto

import type { Long } from '@grpc/proto-loader';

export interface NamenodeState {
  'address'?: (string);
  'role'?: (string);
  'epoch'?: (number | string | Long);
  'lastTxid'?: (number | string | Long);
}

export interface NamenodeState__Output {
  'address': (string);
  'role': (string);
  'epoch': (number);
  'lastTxid': (number);
}

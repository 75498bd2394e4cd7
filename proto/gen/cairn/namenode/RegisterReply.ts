// Original file: proto/namenode.proto

import type { Long } from '@grpc/proto-loader';

export interface RegisterReply {
  'clusterId'?: (string);
  'epoch'?: (number | string | Long);
  'active'?: (boolean);
}

export interface RegisterReply__Output {
  'clusterId': (string);
  'epoch': (number);
  'active': (boolean);
}

// Original file: proto/namenode.proto

import type { Long } from '@grpc/proto-loader';

export interface DatanodeInfo {
  'id'?: (string);
  'address'?: (string);
  'rack'?: (string);
  'state'?: (string);
  'capacity'?: (number | string | Long);
  'used'?: (number | string | Long);
  'free'?: (number | string | Long);
  'blocks'?: (number | string | Long);
  'lastHeartbeatMsAgo'?: (number | string | Long);
}

export interface DatanodeInfo__Output {
  'id': (string);
  'address': (string);
  'rack': (string);
  'state': (string);
  'capacity': (number);
  'used': (number);
  'free': (number);
  'blocks': (number);
  'lastHeartbeatMsAgo': (number);
}

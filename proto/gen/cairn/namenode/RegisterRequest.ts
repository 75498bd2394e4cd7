// Original file: proto/namenode.proto

import type { Long } from '@grpc/proto-loader';

export interface RegisterRequest {
  'datanodeId'?: (string);
  'address'?: (string);
  'rack'?: (string);
  'clusterId'?: (string);
  'capacity'?: (number | string | Long);
  'used'?: (number | string | Long);
  'free'?: (number | string | Long);
  'dataAddress'?: (string);
}

export interface RegisterRequest__Output {
  'datanodeId': (string);
  'address': (string);
  'rack': (string);
  'clusterId': (string);
  'capacity': (number);
  'used': (number);
  'free': (number);
  'dataAddress': (string);
}

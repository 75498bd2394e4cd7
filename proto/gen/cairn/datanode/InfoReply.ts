// Original file: proto/datanode.proto

import type { Long } from '@grpc/proto-loader';

export interface InfoReply {
  'datanodeId'?: (string);
  'clusterId'?: (string);
  'dataAddress'?: (string);
  'registered'?: (boolean);
  'blocks'?: (number | string | Long);
  'used'?: (number | string | Long);
  'capacity'?: (number | string | Long);
  'free'?: (number | string | Long);
  'dirs'?: (string)[];
}

export interface InfoReply__Output {
  'datanodeId': (string);
  'clusterId': (string);
  'dataAddress': (string);
  'registered': (boolean);
  'blocks': (number);
  'used': (number);
  'capacity': (number);
  'free': (number);
  'dirs': (string)[];
}

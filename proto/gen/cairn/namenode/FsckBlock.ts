// Original file: proto/namenode.proto

import type { Long } from '@grpc/proto-loader';

export interface FsckBlock {
  'id'?: (string);
  'offset'?: (number | string | Long);
  'size'?: (number);
  'live'?: (number);
  'decommissioning'?: (number);
  'corrupt'?: (number);
  'state'?: (string);
  'locations'?: (string)[];
}

export interface FsckBlock__Output {
  'id': (string);
  'offset': (number);
  'size': (number);
  'live': (number);
  'decommissioning': (number);
  'corrupt': (number);
  'state': (string);
  'locations': (string)[];
}

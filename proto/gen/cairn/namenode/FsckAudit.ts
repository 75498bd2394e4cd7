// Original file: proto/namenode.proto

import type { Long } from '@grpc/proto-loader';

export interface FsckAudit {
  'lists'?: (number | string | Long);
  'blocks'?: (number | string | Long);
  'unreferenced'?: (number | string | Long);
  'driftCount'?: (number | string | Long);
  'drift'?: (string)[];
}

export interface FsckAudit__Output {
  'lists': (number);
  'blocks': (number);
  'unreferenced': (number);
  'driftCount': (number);
  'drift': (string)[];
}

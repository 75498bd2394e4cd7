// Original file: proto/namenode.proto

import type { Long } from '@grpc/proto-loader';

export interface SafemodeReply {
  'on'?: (boolean);
  'manual'?: (boolean);
  'reportedBlocks'?: (number | string | Long);
  'totalBlocks'?: (number | string | Long);
  'threshold'?: (number | string);
}

export interface SafemodeReply__Output {
  'on': (boolean);
  'manual': (boolean);
  'reportedBlocks': (number);
  'totalBlocks': (number);
  'threshold': (number);
}

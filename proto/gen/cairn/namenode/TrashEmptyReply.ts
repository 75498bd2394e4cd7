// Original file: proto/namenode.proto

import type { Long } from '@grpc/proto-loader';

export interface TrashEmptyReply {
  'items'?: (number | string | Long);
  'files'?: (number | string | Long);
  'bytes'?: (number | string | Long);
  'more'?: (boolean);
  'beforeMs'?: (number | string | Long);
}

export interface TrashEmptyReply__Output {
  'items': (number);
  'files': (number);
  'bytes': (number);
  'more': (boolean);
  'beforeMs': (number);
}

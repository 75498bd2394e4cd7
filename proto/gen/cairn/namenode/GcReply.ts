// Original file: proto/namenode.proto

import type { Long } from '@grpc/proto-loader';

export interface GcReply {
  'condemned'?: (number | string | Long);
  'deleted'?: (number | string | Long);
  'forgotten'?: (number | string | Long);
  'bytesDeleted'?: (number | string | Long);
  'deleting'?: (number | string | Long);
}

export interface GcReply__Output {
  'condemned': (number);
  'deleted': (number);
  'forgotten': (number);
  'bytesDeleted': (number);
  'deleting': (number);
}

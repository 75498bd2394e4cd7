// Original file: proto/namenode.proto

import type { Long } from '@grpc/proto-loader';

export interface BlockHealth {
  'blocks'?: (number | string | Long);
  'underReplicated'?: (number | string | Long);
  'overReplicated'?: (number | string | Long);
  'missing'?: (number | string | Long);
  'corruptReplicas'?: (number | string | Long);
  'asOfMs'?: (number | string | Long);
}

export interface BlockHealth__Output {
  'blocks': (number);
  'underReplicated': (number);
  'overReplicated': (number);
  'missing': (number);
  'corruptReplicas': (number);
  'asOfMs': (number);
}

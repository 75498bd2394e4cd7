// Original file: proto/namenode.proto

import type { Long } from '@grpc/proto-loader';

export interface HeartbeatRequest {
  'datanodeId'?: (string);
  'capacity'?: (number | string | Long);
  'used'?: (number | string | Long);
  'free'?: (number | string | Long);
  'blocks'?: (number | string | Long);
  'activeWrites'?: (number);
  'failedVolumes'?: (number);
  'activeReplications'?: (number);
}

export interface HeartbeatRequest__Output {
  'datanodeId': (string);
  'capacity': (number);
  'used': (number);
  'free': (number);
  'blocks': (number);
  'activeWrites': (number);
  'failedVolumes': (number);
  'activeReplications': (number);
}

// Original file: proto/namenode.proto

import type { Long } from '@grpc/proto-loader';

export interface UserInfo {
  'name'?: (string);
  'tier'?: (string);
  'quotaBytes'?: (number | string | Long);
  'usedBytes'?: (number | string | Long);
  'admin'?: (boolean);
  'home'?: (string);
  'createdAtMs'?: (number | string | Long);
}

export interface UserInfo__Output {
  'name': (string);
  'tier': (string);
  'quotaBytes': (number);
  'usedBytes': (number);
  'admin': (boolean);
  'home': (string);
  'createdAtMs': (number);
}

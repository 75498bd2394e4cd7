// Original file: proto/namenode.proto

import type { Target as _cairn_common_Target, Target__Output as _cairn_common_Target__Output } from '../../cairn/common/Target.js';
import type { Long } from '@grpc/proto-loader';

export interface LocatedBlock {
  'id'?: (string);
  'size'?: (number);
  'offset'?: (number | string | Long);
  'locations'?: (_cairn_common_Target)[];
  'token'?: (string);
}

export interface LocatedBlock__Output {
  'id': (string);
  'size': (number);
  'offset': (number);
  'locations': (_cairn_common_Target__Output)[];
  'token': (string);
}

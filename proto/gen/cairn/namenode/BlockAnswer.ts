// Original file: proto/namenode.proto

import type { Target as _cairn_common_Target, Target__Output as _cairn_common_Target__Output } from '../../cairn/common/Target.js';

export interface BlockAnswer {
  'id'?: (string);
  'present'?: (boolean);
  'pipeline'?: (_cairn_common_Target)[];
  'token'?: (string);
}

export interface BlockAnswer__Output {
  'id': (string);
  'present': (boolean);
  'pipeline': (_cairn_common_Target__Output)[];
  'token': (string);
}

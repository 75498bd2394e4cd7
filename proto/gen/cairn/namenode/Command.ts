// Original file: proto/namenode.proto

import type { Target as _cairn_common_Target, Target__Output as _cairn_common_Target__Output } from '../../cairn/common/Target.js';

export interface Command {
  'type'?: (string);
  'blockIds'?: (string)[];
  'targets'?: (_cairn_common_Target)[];
}

export interface Command__Output {
  'type': (string);
  'blockIds': (string)[];
  'targets': (_cairn_common_Target__Output)[];
}

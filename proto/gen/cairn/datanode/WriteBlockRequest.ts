// Original file: proto/datanode.proto

import type { Target as _cairn_common_Target, Target__Output as _cairn_common_Target__Output } from '../../cairn/common/Target.js';

export interface WriteBlockRequest {
  'blockId'?: (string);
  'data'?: (Buffer | Uint8Array | string);
  'checksum'?: (string);
  'token'?: (string);
  'downstream'?: (_cairn_common_Target)[];
}

export interface WriteBlockRequest__Output {
  'blockId': (string);
  'data': (Buffer);
  'checksum': (string);
  'token': (string);
  'downstream': (_cairn_common_Target__Output)[];
}

// Original file: proto/namenode.proto

import type { S3KeyInfo as _cairn_namenode_S3KeyInfo, S3KeyInfo__Output as _cairn_namenode_S3KeyInfo__Output } from '../../cairn/namenode/S3KeyInfo.js';

export interface UserKeysReply {
  'keys'?: (_cairn_namenode_S3KeyInfo)[];
}

export interface UserKeysReply__Output {
  'keys': (_cairn_namenode_S3KeyInfo__Output)[];
}

// Original file: proto/namenode.proto

import type { ShareInfo as _cairn_namenode_ShareInfo, ShareInfo__Output as _cairn_namenode_ShareInfo__Output } from '../../cairn/namenode/ShareInfo.js';

export interface SharesReply {
  'shares'?: (_cairn_namenode_ShareInfo)[];
}

export interface SharesReply__Output {
  'shares': (_cairn_namenode_ShareInfo__Output)[];
}

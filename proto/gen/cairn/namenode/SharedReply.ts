// Original file: proto/namenode.proto

import type { SharedItem as _cairn_namenode_SharedItem, SharedItem__Output as _cairn_namenode_SharedItem__Output } from '../../cairn/namenode/SharedItem.js';
import type { Long } from '@grpc/proto-loader';

export interface SharedReply {
  'items'?: (_cairn_namenode_SharedItem)[];
  'nextAfter'?: (number | string | Long);
}

export interface SharedReply__Output {
  'items': (_cairn_namenode_SharedItem__Output)[];
  'nextAfter': (number);
}

// Original file: proto/namenode.proto

import type { Inode as _cairn_namenode_Inode, Inode__Output as _cairn_namenode_Inode__Output } from '../../cairn/namenode/Inode.js';
import type { Long } from '@grpc/proto-loader';

export interface SharedItem {
  'inode'?: (_cairn_namenode_Inode | null);
  'role'?: (string);
  'sharedBy'?: (string);
  'sharedAtMs'?: (number | string | Long);
}

export interface SharedItem__Output {
  'inode': (_cairn_namenode_Inode__Output | null);
  'role': (string);
  'sharedBy': (string);
  'sharedAtMs': (number);
}

// Original file: proto/namenode.proto

import type { Inode as _cairn_namenode_Inode, Inode__Output as _cairn_namenode_Inode__Output } from '../../cairn/namenode/Inode.js';

export interface ListReply {
  'entries'?: (_cairn_namenode_Inode)[];
  'truncated'?: (boolean);
}

export interface ListReply__Output {
  'entries': (_cairn_namenode_Inode__Output)[];
  'truncated': (boolean);
}

// Original file: proto/namenode.proto

import type { Inode as _cairn_namenode_Inode, Inode__Output as _cairn_namenode_Inode__Output } from '../../cairn/namenode/Inode.js';
import type { LocatedBlock as _cairn_namenode_LocatedBlock, LocatedBlock__Output as _cairn_namenode_LocatedBlock__Output } from '../../cairn/namenode/LocatedBlock.js';
import type { Long } from '@grpc/proto-loader';

export interface GetFileReply {
  'file'?: (_cairn_namenode_Inode | null);
  'revision'?: (number);
  'size'?: (number | string | Long);
  'md5'?: (string);
  'blockCount'?: (number | string | Long);
  'blocks'?: (_cairn_namenode_LocatedBlock)[];
  'truncated'?: (boolean);
  'metadata'?: ({[key: string]: string});
  'createdAtMs'?: (number | string | Long);
}

export interface GetFileReply__Output {
  'file': (_cairn_namenode_Inode__Output | null);
  'revision': (number);
  'size': (number);
  'md5': (string);
  'blockCount': (number);
  'blocks': (_cairn_namenode_LocatedBlock__Output)[];
  'truncated': (boolean);
  'metadata': ({[key: string]: string});
  'createdAtMs': (number);
}

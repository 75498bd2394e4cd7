// Original file: proto/namenode.proto

import type { FsckBlock as _cairn_namenode_FsckBlock, FsckBlock__Output as _cairn_namenode_FsckBlock__Output } from '../../cairn/namenode/FsckBlock.js';
import type { Long } from '@grpc/proto-loader';

export interface FsckFile {
  'path'?: (string);
  'revision'?: (number);
  'size'?: (number | string | Long);
  'blocks'?: (number | string | Long);
  'underReplicated'?: (number | string | Long);
  'missing'?: (number | string | Long);
  'corruptReplicas'?: (number | string | Long);
  'status'?: (string);
  'blockList'?: (_cairn_namenode_FsckBlock)[];
}

export interface FsckFile__Output {
  'path': (string);
  'revision': (number);
  'size': (number);
  'blocks': (number);
  'underReplicated': (number);
  'missing': (number);
  'corruptReplicas': (number);
  'status': (string);
  'blockList': (_cairn_namenode_FsckBlock__Output)[];
}

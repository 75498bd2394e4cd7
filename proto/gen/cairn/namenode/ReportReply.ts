// Original file: proto/namenode.proto

import type { DatanodeInfo as _cairn_namenode_DatanodeInfo, DatanodeInfo__Output as _cairn_namenode_DatanodeInfo__Output } from '../../cairn/namenode/DatanodeInfo.js';
import type { BlockHealth as _cairn_namenode_BlockHealth, BlockHealth__Output as _cairn_namenode_BlockHealth__Output } from '../../cairn/namenode/BlockHealth.js';
import type { Long } from '@grpc/proto-loader';

export interface ReportReply {
  'clusterId'?: (string);
  'files'?: (number | string | Long);
  'folders'?: (number | string | Long);
  'blocks'?: (number | string | Long);
  'blockBytes'?: (number | string | Long);
  'users'?: (number | string | Long);
  'lastTxid'?: (number | string | Long);
  'datanodes'?: (_cairn_namenode_DatanodeInfo)[];
  'replication'?: (number);
  'chunking'?: (string);
  'safemode'?: (boolean);
  'health'?: (_cairn_namenode_BlockHealth | null);
  'replicationQueue'?: (number | string | Long);
  'pendingReplications'?: (number | string | Long);
}

export interface ReportReply__Output {
  'clusterId': (string);
  'files': (number);
  'folders': (number);
  'blocks': (number);
  'blockBytes': (number);
  'users': (number);
  'lastTxid': (number);
  'datanodes': (_cairn_namenode_DatanodeInfo__Output)[];
  'replication': (number);
  'chunking': (string);
  'safemode': (boolean);
  'health': (_cairn_namenode_BlockHealth__Output | null);
  'replicationQueue': (number);
  'pendingReplications': (number);
}

// Original file: proto/namenode.proto

import type { FsckFile as _cairn_namenode_FsckFile, FsckFile__Output as _cairn_namenode_FsckFile__Output } from '../../cairn/namenode/FsckFile.js';
import type { FsckAudit as _cairn_namenode_FsckAudit, FsckAudit__Output as _cairn_namenode_FsckAudit__Output } from '../../cairn/namenode/FsckAudit.js';
import type { Long } from '@grpc/proto-loader';

export interface FsckReply {
  'status'?: (string);
  'files'?: (number | string | Long);
  'revisions'?: (number | string | Long);
  'blocks'?: (number | string | Long);
  'underReplicated'?: (number | string | Long);
  'overReplicated'?: (number | string | Long);
  'missing'?: (number | string | Long);
  'corruptReplicas'?: (number | string | Long);
  'live'?: (number);
  'stale'?: (number);
  'dead'?: (number);
  'decommissioning'?: (number);
  'details'?: (_cairn_namenode_FsckFile)[];
  'audit'?: (_cairn_namenode_FsckAudit | null);
}

export interface FsckReply__Output {
  'status': (string);
  'files': (number);
  'revisions': (number);
  'blocks': (number);
  'underReplicated': (number);
  'overReplicated': (number);
  'missing': (number);
  'corruptReplicas': (number);
  'live': (number);
  'stale': (number);
  'dead': (number);
  'decommissioning': (number);
  'details': (_cairn_namenode_FsckFile__Output)[];
  'audit': (_cairn_namenode_FsckAudit__Output | null);
}

// Original file: proto/namenode.proto

import type { AuditRecord as _cairn_namenode_AuditRecord, AuditRecord__Output as _cairn_namenode_AuditRecord__Output } from '../../cairn/namenode/AuditRecord.js';

export interface AuditReply {
  'records'?: (_cairn_namenode_AuditRecord)[];
}

export interface AuditReply__Output {
  'records': (_cairn_namenode_AuditRecord__Output)[];
}

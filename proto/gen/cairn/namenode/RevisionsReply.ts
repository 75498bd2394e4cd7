// Original file: proto/namenode.proto

import type { RevisionInfo as _cairn_namenode_RevisionInfo, RevisionInfo__Output as _cairn_namenode_RevisionInfo__Output } from '../../cairn/namenode/RevisionInfo.js';

export interface RevisionsReply {
  'revisions'?: (_cairn_namenode_RevisionInfo)[];
}

export interface RevisionsReply__Output {
  'revisions': (_cairn_namenode_RevisionInfo__Output)[];
}

// Original file: proto/namenode.proto

import type { UploadInfo as _cairn_namenode_UploadInfo, UploadInfo__Output as _cairn_namenode_UploadInfo__Output } from '../../cairn/namenode/UploadInfo.js';
import type { PartInfo as _cairn_namenode_PartInfo, PartInfo__Output as _cairn_namenode_PartInfo__Output } from '../../cairn/namenode/PartInfo.js';

export interface ListPartsReply {
  'upload'?: (_cairn_namenode_UploadInfo | null);
  'parts'?: (_cairn_namenode_PartInfo)[];
  'truncated'?: (boolean);
}

export interface ListPartsReply__Output {
  'upload': (_cairn_namenode_UploadInfo__Output | null);
  'parts': (_cairn_namenode_PartInfo__Output)[];
  'truncated': (boolean);
}

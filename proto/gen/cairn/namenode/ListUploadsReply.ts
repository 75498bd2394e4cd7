// Original file: proto/namenode.proto

import type { UploadInfo as _cairn_namenode_UploadInfo, UploadInfo__Output as _cairn_namenode_UploadInfo__Output } from '../../cairn/namenode/UploadInfo.js';

export interface ListUploadsReply {
  'uploads'?: (_cairn_namenode_UploadInfo)[];
  'truncated'?: (boolean);
}

export interface ListUploadsReply__Output {
  'uploads': (_cairn_namenode_UploadInfo__Output)[];
  'truncated': (boolean);
}

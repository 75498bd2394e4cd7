// Original file: proto/namenode.proto

import type { OpenUpload as _cairn_namenode_OpenUpload, OpenUpload__Output as _cairn_namenode_OpenUpload__Output } from '../../cairn/namenode/OpenUpload.js';

export interface ListOpenUploadsReply {
  'uploads'?: (_cairn_namenode_OpenUpload)[];
  'nextPageToken'?: (string);
}

export interface ListOpenUploadsReply__Output {
  'uploads': (_cairn_namenode_OpenUpload__Output)[];
  'nextPageToken': (string);
}

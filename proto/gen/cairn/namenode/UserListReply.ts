// Original file: proto/namenode.proto

import type { UserInfo as _cairn_namenode_UserInfo, UserInfo__Output as _cairn_namenode_UserInfo__Output } from '../../cairn/namenode/UserInfo.js';

export interface UserListReply {
  'users'?: (_cairn_namenode_UserInfo)[];
}

export interface UserListReply__Output {
  'users': (_cairn_namenode_UserInfo__Output)[];
}

// Original file: proto/namenode.proto


export interface UserRemoveReply {
  'name'?: (string);
  'trashed'?: (string)[];
}

export interface UserRemoveReply__Output {
  'name': (string);
  'trashed': (string)[];
}

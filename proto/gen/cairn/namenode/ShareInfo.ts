// Original file: proto/namenode.proto


export interface ShareInfo {
  'path'?: (string);
  'user'?: (string);
  'role'?: (string);
}

export interface ShareInfo__Output {
  'path': (string);
  'user': (string);
  'role': (string);
}

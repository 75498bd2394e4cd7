// Original file: proto/namenode.proto


export interface ShareRequest {
  'path'?: (string);
  'user'?: (string);
  'role'?: (string);
}

export interface ShareRequest__Output {
  'path': (string);
  'user': (string);
  'role': (string);
}

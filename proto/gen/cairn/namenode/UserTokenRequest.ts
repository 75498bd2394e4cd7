// Original file: proto/namenode.proto


export interface UserTokenRequest {
  'name'?: (string);
  'revokeAll'?: (boolean);
}

export interface UserTokenRequest__Output {
  'name': (string);
  'revokeAll': (boolean);
}

// Original file: proto/namenode.proto


export interface UserKeyRevokeRequest {
  'name'?: (string);
  'accessKeyId'?: (string);
}

export interface UserKeyRevokeRequest__Output {
  'name': (string);
  'accessKeyId': (string);
}

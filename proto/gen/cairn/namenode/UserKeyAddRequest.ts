// Original file: proto/namenode.proto


export interface UserKeyAddRequest {
  'name'?: (string);
  'accessKey'?: (string);
  'secretKey'?: (string);
}

export interface UserKeyAddRequest__Output {
  'name': (string);
  'accessKey': (string);
  'secretKey': (string);
}

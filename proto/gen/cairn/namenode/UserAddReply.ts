// Original file: proto/namenode.proto


export interface UserAddReply {
  'name'?: (string);
  'token'?: (string);
  'accessKeyId'?: (string);
  'secretAccessKey'?: (string);
}

export interface UserAddReply__Output {
  'name': (string);
  'token': (string);
  'accessKeyId': (string);
  'secretAccessKey': (string);
}

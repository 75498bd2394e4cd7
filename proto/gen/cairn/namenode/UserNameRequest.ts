// Original file: proto/namenode.proto


export interface UserNameRequest {
  'name'?: (string);
}

export interface UserNameRequest__Output {
  'name': (string);
}

// Original file: proto/namenode.proto


export interface ListRequest {
  'path'?: (string);
  'startAfter'?: (string);
  'limit'?: (number);
}

export interface ListRequest__Output {
  'path': (string);
  'startAfter': (string);
  'limit': (number);
}

// Original file: proto/namenode.proto


export interface MkdirRequest {
  'path'?: (string);
  'parents'?: (boolean);
  'implicit'?: (boolean);
}

export interface MkdirRequest__Output {
  'path': (string);
  'parents': (boolean);
  'implicit': (boolean);
}

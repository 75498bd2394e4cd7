// Original file: proto/namenode.proto


export interface MoveRequest {
  'src'?: (string);
  'dst'?: (string);
}

export interface MoveRequest__Output {
  'src': (string);
  'dst': (string);
}

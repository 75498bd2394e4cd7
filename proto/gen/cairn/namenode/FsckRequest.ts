// Original file: proto/namenode.proto


export interface FsckRequest {
  'path'?: (string);
  'files'?: (boolean);
  'blocks'?: (boolean);
  'audit'?: (boolean);
}

export interface FsckRequest__Output {
  'path': (string);
  'files': (boolean);
  'blocks': (boolean);
  'audit': (boolean);
}

// Original file: proto/namenode.proto


export interface RestoreRequest {
  'path'?: (string);
  'revision'?: (number);
}

export interface RestoreRequest__Output {
  'path': (string);
  'revision': (number);
}

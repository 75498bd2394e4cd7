// Original file: proto/namenode.proto


export interface NodeRequest {
  'node'?: (string);
}

export interface NodeRequest__Output {
  'node': (string);
}

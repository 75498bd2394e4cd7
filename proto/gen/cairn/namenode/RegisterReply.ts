// Original file: proto/namenode.proto


export interface RegisterReply {
  'clusterId'?: (string);
}

export interface RegisterReply__Output {
  'clusterId': (string);
}

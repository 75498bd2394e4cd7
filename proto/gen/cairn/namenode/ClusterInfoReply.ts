// Original file: proto/namenode.proto


export interface ClusterInfoReply {
  'clusterId'?: (string);
  'chunking'?: (string);
  'replication'?: (number);
  'minReplicas'?: (number);
}

export interface ClusterInfoReply__Output {
  'clusterId': (string);
  'chunking': (string);
  'replication': (number);
  'minReplicas': (number);
}

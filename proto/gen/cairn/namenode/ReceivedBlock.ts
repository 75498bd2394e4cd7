// Original file: proto/namenode.proto


export interface ReceivedBlock {
  'blockId'?: (string);
  'uploadId'?: (string);
}

export interface ReceivedBlock__Output {
  'blockId': (string);
  'uploadId': (string);
}

// Original file: proto/datanode.proto


export interface ReadBlockRequest {
  'blockId'?: (string);
  'token'?: (string);
}

export interface ReadBlockRequest__Output {
  'blockId': (string);
  'token': (string);
}

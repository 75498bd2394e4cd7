// Original file: proto/namenode.proto


export interface BadBlocksRequest {
  'datanodeId'?: (string);
  'blockIds'?: (string)[];
}

export interface BadBlocksRequest__Output {
  'datanodeId': (string);
  'blockIds': (string)[];
}

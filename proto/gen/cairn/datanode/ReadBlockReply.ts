// Original file: proto/datanode.proto


export interface ReadBlockReply {
  'data'?: (Buffer | Uint8Array | string);
  'checksum'?: (string);
}

export interface ReadBlockReply__Output {
  'data': (Buffer);
  'checksum': (string);
}

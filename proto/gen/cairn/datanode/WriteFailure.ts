// Original file: proto/datanode.proto


export interface WriteFailure {
  'datanodeId'?: (string);
  'code'?: (string);
  'message'?: (string);
}

export interface WriteFailure__Output {
  'datanodeId': (string);
  'code': (string);
  'message': (string);
}

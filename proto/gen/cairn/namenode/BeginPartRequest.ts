// Original file: proto/namenode.proto


export interface BeginPartRequest {
  'uploadId'?: (string);
  'path'?: (string);
  'partNumber'?: (number);
}

export interface BeginPartRequest__Output {
  'uploadId': (string);
  'path': (string);
  'partNumber': (number);
}

// Original file: proto/namenode.proto


export interface UploadIdRequest {
  'uploadId'?: (string);
  'attempt'?: (number);
}

export interface UploadIdRequest__Output {
  'uploadId': (string);
  'attempt': (number);
}

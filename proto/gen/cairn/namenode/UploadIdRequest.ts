// Original file: proto/namenode.proto


export interface UploadIdRequest {
  'uploadId'?: (string);
}

export interface UploadIdRequest__Output {
  'uploadId': (string);
}

// Original file: proto/namenode.proto


export interface S3SigningKeyRequest {
  'accessKeyId'?: (string);
  'date'?: (string);
  'region'?: (string);
  'service'?: (string);
}

export interface S3SigningKeyRequest__Output {
  'accessKeyId': (string);
  'date': (string);
  'region': (string);
  'service': (string);
}

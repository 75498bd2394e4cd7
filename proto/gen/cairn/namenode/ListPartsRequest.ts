// Original file: proto/namenode.proto


export interface ListPartsRequest {
  'uploadId'?: (string);
  'path'?: (string);
  'afterPart'?: (number);
  'limit'?: (number);
}

export interface ListPartsRequest__Output {
  'uploadId': (string);
  'path': (string);
  'afterPart': (number);
  'limit': (number);
}

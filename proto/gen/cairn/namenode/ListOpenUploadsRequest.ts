// Original file: proto/namenode.proto


export interface ListOpenUploadsRequest {
  'limit'?: (number);
  'pageToken'?: (string);
}

export interface ListOpenUploadsRequest__Output {
  'limit': (number);
  'pageToken': (string);
}

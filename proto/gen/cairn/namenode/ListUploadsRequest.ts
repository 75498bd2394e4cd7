// Original file: proto/namenode.proto


export interface ListUploadsRequest {
  'prefix'?: (string);
  'afterPath'?: (string);
  'afterUploadId'?: (string);
  'skipPrefix'?: (boolean);
  'limit'?: (number);
}

export interface ListUploadsRequest__Output {
  'prefix': (string);
  'afterPath': (string);
  'afterUploadId': (string);
  'skipPrefix': (boolean);
  'limit': (number);
}

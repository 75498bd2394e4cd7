// Original file: proto/namenode.proto


export interface CompletePart {
  'partNumber'?: (number);
  'md5'?: (string);
}

export interface CompletePart__Output {
  'partNumber': (number);
  'md5': (string);
}

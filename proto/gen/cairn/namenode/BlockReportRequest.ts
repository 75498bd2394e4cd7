// Original file: proto/namenode.proto


export interface BlockReportRequest {
  'datanodeId'?: (string);
  'reportId'?: (string);
  'chunk'?: (number);
  'last'?: (boolean);
  'blockIds'?: (string)[];
}

export interface BlockReportRequest__Output {
  'datanodeId': (string);
  'reportId': (string);
  'chunk': (number);
  'last': (boolean);
  'blockIds': (string)[];
}

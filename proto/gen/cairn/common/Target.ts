// Original file: proto/common.proto


export interface Target {
  'datanodeId'?: (string);
  'address'?: (string);
  'dataAddress'?: (string);
}

export interface Target__Output {
  'datanodeId': (string);
  'address': (string);
  'dataAddress': (string);
}

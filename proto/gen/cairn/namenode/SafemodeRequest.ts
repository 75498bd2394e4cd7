// Original file: proto/namenode.proto


export interface SafemodeRequest {
  'action'?: (string);
}

export interface SafemodeRequest__Output {
  'action': (string);
}

// Original file: proto/namenode.proto


export interface HaFailoverRequest {
  'to'?: (string);
}

export interface HaFailoverRequest__Output {
  'to': (string);
}

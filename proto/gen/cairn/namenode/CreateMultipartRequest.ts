// Original file: proto/namenode.proto


export interface CreateMultipartRequest {
  'path'?: (string);
  'metadata'?: ({[key: string]: string});
}

export interface CreateMultipartRequest__Output {
  'path': (string);
  'metadata': ({[key: string]: string});
}

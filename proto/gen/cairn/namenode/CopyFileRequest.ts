// Original file: proto/namenode.proto


export interface CopyFileRequest {
  'src'?: (string);
  'srcRevision'?: (number);
  'dst'?: (string);
  'expectedRevision'?: (number);
  'hasExpectedRevision'?: (boolean);
  'metadata'?: ({[key: string]: string});
  'replaceMetadata'?: (boolean);
}

export interface CopyFileRequest__Output {
  'src': (string);
  'srcRevision': (number);
  'dst': (string);
  'expectedRevision': (number);
  'hasExpectedRevision': (boolean);
  'metadata': ({[key: string]: string});
  'replaceMetadata': (boolean);
}

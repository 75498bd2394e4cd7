// Original file: proto/namenode.proto

import type { CompletePart as _cairn_namenode_CompletePart, CompletePart__Output as _cairn_namenode_CompletePart__Output } from '../../cairn/namenode/CompletePart.js';

export interface CompleteMultipartRequest {
  'uploadId'?: (string);
  'path'?: (string);
  'parts'?: (_cairn_namenode_CompletePart)[];
  'metadata'?: ({[key: string]: string});
  'expectedRevision'?: (number);
  'hasExpectedRevision'?: (boolean);
}

export interface CompleteMultipartRequest__Output {
  'uploadId': (string);
  'path': (string);
  'parts': (_cairn_namenode_CompletePart__Output)[];
  'metadata': ({[key: string]: string});
  'expectedRevision': (number);
  'hasExpectedRevision': (boolean);
}

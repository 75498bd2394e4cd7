// Original file: proto/namenode.proto

import type { Long } from '@grpc/proto-loader';

export interface RevisionInfo {
  'revision'?: (number);
  'size'?: (number | string | Long);
  'createdAtMs'?: (number | string | Long);
  'author'?: (string);
  'md5'?: (string);
  'blocks'?: (number | string | Long);
  'metadata'?: ({[key: string]: string});
}

export interface RevisionInfo__Output {
  'revision': (number);
  'size': (number);
  'createdAtMs': (number);
  'author': (string);
  'md5': (string);
  'blocks': (number);
  'metadata': ({[key: string]: string});
}

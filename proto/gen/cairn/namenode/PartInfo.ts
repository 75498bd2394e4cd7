// Original file: proto/namenode.proto

import type { Long } from '@grpc/proto-loader';

export interface PartInfo {
  'partNumber'?: (number);
  'size'?: (number | string | Long);
  'md5'?: (string);
  'blocks'?: (number | string | Long);
  'createdAtMs'?: (number | string | Long);
  'metadata'?: ({[key: string]: string});
}

export interface PartInfo__Output {
  'partNumber': (number);
  'size': (number);
  'md5': (string);
  'blocks': (number);
  'createdAtMs': (number);
  'metadata': ({[key: string]: string});
}

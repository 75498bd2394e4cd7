// Original file: proto/namenode.proto

import type { Long } from '@grpc/proto-loader';

export interface Inode {
  'id'?: (number | string | Long);
  'path'?: (string);
  'name'?: (string);
  'type'?: (string);
  'size'?: (number | string | Long);
  'revision'?: (number);
  'owner'?: (string);
  'createdAtMs'?: (number | string | Long);
  'modifiedAtMs'?: (number | string | Long);
  'blocks'?: (number | string | Long);
  'trashedAtMs'?: (number | string | Long);
  'etag'?: (string);
  'implicit'?: (boolean);
}

export interface Inode__Output {
  'id': (number);
  'path': (string);
  'name': (string);
  'type': (string);
  'size': (number);
  'revision': (number);
  'owner': (string);
  'createdAtMs': (number);
  'modifiedAtMs': (number);
  'blocks': (number);
  'trashedAtMs': (number);
  'etag': (string);
  'implicit': (boolean);
}

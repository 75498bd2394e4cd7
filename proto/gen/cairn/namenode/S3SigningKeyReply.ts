// Original file: proto/namenode.proto

import type { Long } from '@grpc/proto-loader';

export interface S3SigningKeyReply {
  'signingKey'?: (Buffer | Uint8Array | string);
  'user'?: (string);
  'sessionToken'?: (string);
  'sessionExpiresAtMs'?: (number | string | Long);
}

export interface S3SigningKeyReply__Output {
  'signingKey': (Buffer);
  'user': (string);
  'sessionToken': (string);
  'sessionExpiresAtMs': (number);
}

// S3 errors as the gateway answers them. Failures of the cluster arrive as CairnErrors and take
// their S3 name from the one catalogue (src/common/errors.ts); failures that exist only in S3's
// protocol (signatures, XML, part rules, preconditions of S3 calls) are S3Errors, each code with
// the HTTP status S3 gives it. Either way the client gets S3's XML error body.
import { toCairnError } from '../common/errors.js';

export const s3Status = {
  AccessDenied: 403,
  AuthorizationHeaderMalformed: 400,
  AuthorizationQueryParametersError: 400,
  BadDigest: 400,
  BucketAlreadyExists: 409,
  BucketAlreadyOwnedByYou: 409,
  BucketNotEmpty: 409,
  EntityTooLarge: 400,
  EntityTooSmall: 400,
  IncompleteBody: 400,
  IncorrectNumberOfFilesInPostRequest: 400,
  InternalError: 500,
  InvalidAccessKeyId: 403,
  InvalidArgument: 400,
  InvalidBucketName: 400,
  InvalidDigest: 400,
  InvalidPart: 400,
  InvalidPartOrder: 400,
  InvalidPolicyDocument: 400,
  InvalidRange: 416,
  InvalidRequest: 400,
  KeyTooLongError: 400,
  MalformedPOSTRequest: 400,
  MalformedXML: 400,
  MaxPostPreDataLengthExceededError: 400,
  MetadataTooLarge: 400,
  MethodNotAllowed: 405,
  MissingContentLength: 411,
  MissingSecurityHeader: 400,
  NoSuchBucket: 404,
  NoSuchKey: 404,
  NoSuchUpload: 404,
  NoSuchVersion: 404,
  NotImplemented: 501,
  NotModified: 304,
  OperationAborted: 409,
  PreconditionFailed: 412,
  QuotaExceeded: 403,
  RequestTimeTooSkewed: 403,
  RequestTimeout: 400,
  ServiceUnavailable: 503,
  SignatureDoesNotMatch: 403,
  XAmzContentSHA256Mismatch: 400,
} as const;

export type S3ErrorCode = keyof typeof s3Status;

export class S3Error extends Error {
  readonly code: S3ErrorCode;
  /** Extra elements of the XML error body (e.g. `ArgumentName`), never secrets. */
  readonly fields: Record<string, string>;

  constructor(code: S3ErrorCode, message: string, fields: Record<string, string> = {}) {
    super(message);
    this.name = 'S3Error';
    this.code = code;
    this.fields = fields;
  }

  get status(): number {
    return s3Status[this.code];
  }
}

/** Anything thrown, as an S3Error: a CairnError by its S3 name in the catalogue, anything else InternalError. */
export function toS3Error(err: unknown): S3Error {
  if (err instanceof S3Error) return err;
  const error = toCairnError(err);
  const code = error.mapping.s3;
  return new S3Error(Object.hasOwn(s3Status, code) ? (code as S3ErrorCode) : 'InternalError', error.message);
}

/** S3's errors for a missing key or bucket and a failed precondition, with S3's messages. */
export function noSuchKey(key: string): S3Error {
  return new S3Error('NoSuchKey', 'The specified key does not exist.', { Key: key });
}

export function noSuchBucket(bucket: string): S3Error {
  return new S3Error('NoSuchBucket', 'The specified bucket does not exist', { BucketName: bucket });
}

export function preconditionFailed(condition?: string): S3Error {
  return new S3Error('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', condition === undefined ? {} : { Condition: condition });
}

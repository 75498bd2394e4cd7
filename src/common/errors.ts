// The one error catalogue. Every operating error that crosses a process boundary is a
// CairnError with a stable `code`; this table maps each code once to its gRPC status, HTTP
// status, S3 error name and CLI exit code. Tests check codes, never messages.
import { status as GrpcStatus } from '@grpc/grpc-js';

export interface ErrorMapping {
  grpc: GrpcStatus;
  http: number;
  s3: string;
  exit: 1 | 2;
}

export const errorTable = {
  INVALID_ARGUMENT: { grpc: GrpcStatus.INVALID_ARGUMENT, http: 400, s3: 'InvalidArgument', exit: 2 },
  INVALID_PATH: { grpc: GrpcStatus.INVALID_ARGUMENT, http: 400, s3: 'InvalidArgument', exit: 2 },
  INVALID_CONFIG: { grpc: GrpcStatus.INVALID_ARGUMENT, http: 400, s3: 'InvalidArgument', exit: 2 },
  USAGE: { grpc: GrpcStatus.INVALID_ARGUMENT, http: 400, s3: 'InvalidArgument', exit: 2 },
  NOT_FOUND: { grpc: GrpcStatus.NOT_FOUND, http: 404, s3: 'NoSuchKey', exit: 1 },
  ALREADY_EXISTS: { grpc: GrpcStatus.ALREADY_EXISTS, http: 409, s3: 'OperationAborted', exit: 1 },
  NOT_A_DIRECTORY: { grpc: GrpcStatus.FAILED_PRECONDITION, http: 409, s3: 'InvalidArgument', exit: 1 },
  IS_A_DIRECTORY: { grpc: GrpcStatus.FAILED_PRECONDITION, http: 409, s3: 'InvalidArgument', exit: 1 },
  DIRECTORY_NOT_EMPTY: { grpc: GrpcStatus.FAILED_PRECONDITION, http: 409, s3: 'BucketNotEmpty', exit: 1 },
  MOVE_INTO_SELF: { grpc: GrpcStatus.FAILED_PRECONDITION, http: 409, s3: 'InvalidArgument', exit: 1 },
  REVISION_CONFLICT: { grpc: GrpcStatus.ABORTED, http: 412, s3: 'PreconditionFailed', exit: 1 },
  NO_SUCH_REVISION: { grpc: GrpcStatus.NOT_FOUND, http: 404, s3: 'NoSuchVersion', exit: 1 },
  NO_SUCH_UPLOAD: { grpc: GrpcStatus.NOT_FOUND, http: 404, s3: 'NoSuchUpload', exit: 1 },
  INVALID_PART: { grpc: GrpcStatus.FAILED_PRECONDITION, http: 400, s3: 'InvalidPart', exit: 1 },
  UPLOAD_INCOMPLETE: { grpc: GrpcStatus.FAILED_PRECONDITION, http: 400, s3: 'InvalidPart', exit: 1 },
  NOT_ENOUGH_REPLICAS: { grpc: GrpcStatus.UNAVAILABLE, http: 503, s3: 'ServiceUnavailable', exit: 1 },
  QUOTA_EXCEEDED: { grpc: GrpcStatus.RESOURCE_EXHAUSTED, http: 403, s3: 'QuotaExceeded', exit: 1 },
  UNAUTHENTICATED: { grpc: GrpcStatus.UNAUTHENTICATED, http: 403, s3: 'InvalidAccessKeyId', exit: 1 },
  PERMISSION_DENIED: { grpc: GrpcStatus.PERMISSION_DENIED, http: 403, s3: 'AccessDenied', exit: 1 },
  INVALID_BLOCK_TOKEN: { grpc: GrpcStatus.PERMISSION_DENIED, http: 403, s3: 'AccessDenied', exit: 1 },
  BLOCK_ID_MISMATCH: { grpc: GrpcStatus.DATA_LOSS, http: 400, s3: 'BadDigest', exit: 1 },
  CHECKSUM_MISMATCH: { grpc: GrpcStatus.DATA_LOSS, http: 400, s3: 'BadDigest', exit: 1 },
  BLOCK_CORRUPT: { grpc: GrpcStatus.DATA_LOSS, http: 500, s3: 'InternalError', exit: 1 },
  BLOCK_NOT_FOUND: { grpc: GrpcStatus.NOT_FOUND, http: 404, s3: 'NoSuchKey', exit: 1 },
  TOO_LARGE: { grpc: GrpcStatus.RESOURCE_EXHAUSTED, http: 400, s3: 'EntityTooLarge', exit: 2 },
  NO_SPACE: { grpc: GrpcStatus.RESOURCE_EXHAUSTED, http: 507, s3: 'ServiceUnavailable', exit: 1 },
  CLUSTER_MISMATCH: { grpc: GrpcStatus.FAILED_PRECONDITION, http: 409, s3: 'InternalError', exit: 1 },
  SAFE_MODE: { grpc: GrpcStatus.UNAVAILABLE, http: 503, s3: 'ServiceUnavailable', exit: 1 },
  NOT_ACTIVE: { grpc: GrpcStatus.UNAVAILABLE, http: 503, s3: 'ServiceUnavailable', exit: 1 },
  /** A namenode of an older epoch spoke to one that promised a newer epoch (HA fencing). */
  STALE_EPOCH: { grpc: GrpcStatus.FAILED_PRECONDITION, http: 409, s3: 'ServiceUnavailable', exit: 1 },
  UNAVAILABLE: { grpc: GrpcStatus.UNAVAILABLE, http: 503, s3: 'ServiceUnavailable', exit: 1 },
  TIMEOUT: { grpc: GrpcStatus.DEADLINE_EXCEEDED, http: 504, s3: 'RequestTimeout', exit: 1 },
  IO_ERROR: { grpc: GrpcStatus.INTERNAL, http: 500, s3: 'InternalError', exit: 1 },
  INTERNAL: { grpc: GrpcStatus.INTERNAL, http: 500, s3: 'InternalError', exit: 1 },
} as const satisfies Record<string, ErrorMapping>;

export type ErrorCode = keyof typeof errorTable;

export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(errorTable, code);
}

export class CairnError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'CairnError';
    this.code = code;
    this.details = details;
  }

  get mapping(): ErrorMapping {
    return errorTable[this.code];
  }
}

export function isCairnError(err: unknown, code?: ErrorCode): err is CairnError {
  return err instanceof CairnError && (code === undefined || err.code === code);
}

/** Anything thrown, as a CairnError: unknown failures become INTERNAL with the original message. */
export function toCairnError(err: unknown): CairnError {
  if (err instanceof CairnError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new CairnError('INTERNAL', message);
}

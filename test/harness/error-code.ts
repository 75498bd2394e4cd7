// The error code a call ends with: 'OK' on success, the CairnError's (or, for the gateway's own
// checks, the S3Error's) code otherwise.
import { CairnError } from '../../src/common/errors.js';
import { S3Error } from '../../src/gateway/s3-errors.js';

export async function code(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'OK';
  } catch (err) {
    return err instanceof CairnError ? err.code : `not a CairnError: ${String(err)}`;
  }
}

export async function s3Code(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'OK';
  } catch (err) {
    return err instanceof S3Error ? err.code : `not an S3Error: ${String(err)}`;
  }
}

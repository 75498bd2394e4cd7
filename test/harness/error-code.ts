// The error code a call ends with: 'OK' on success, the CairnError's code otherwise.
import { CairnError } from '../../src/common/errors.js';

export async function code(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'OK';
  } catch (err) {
    return err instanceof CairnError ? err.code : `not a CairnError: ${String(err)}`;
  }
}

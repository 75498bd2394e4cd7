// Turns file-system failures into the catalogue's codes once, so that callers (the block store
// choosing another dir, the RPC layer) decide on `NO_SPACE` vs `IO_ERROR` and never on errnos.
import { CairnError } from '../../common/errors.js';

const noSpaceErrnos = new Set(['ENOSPC', 'EDQUOT']);

function errnoOf(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null || !('code' in err)) return undefined;
  return typeof err.code === 'string' ? err.code : undefined;
}

/** `action` names what failed ("append to", "read", …) and `path` where. */
export function storageError(err: unknown, action: string, path: string): CairnError {
  if (err instanceof CairnError) return err;
  const errno = errnoOf(err);
  const message = err instanceof Error ? err.message : String(err);
  const code = errno !== undefined && noSpaceErrnos.has(errno) ? 'NO_SPACE' : 'IO_ERROR';
  return new CairnError(code, `${action} ${path}: ${message}`, { errno, path });
}

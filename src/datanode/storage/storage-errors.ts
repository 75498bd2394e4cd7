// Turns file-system failures into the catalogue's codes once, so that callers (the block store
// choosing another dir, the RPC layer) decide on `NO_SPACE` vs `IO_ERROR` and never on errnos.
// It also decides which failures mean the device under a data dir is gone or broken (a *volume
// fault*), as opposed to a failure of one operation:
// - EIO: the device reported an I/O error;
// - EROFS: the file system went read-only (ext4 `errors=remount-ro` does this after an error);
// - ENXIO, ENODEV: the device disappeared;
// - EUCLEAN, EBADMSG: the file system found its own metadata corrupt or failing its checksums;
// - ESTALE, ENOTCONN: a network or FUSE mount under the dir lost its server.
// Not faults: ENOSPC/EDQUOT (a full disk fails one write; the dir stays in service), ENOENT (a
// missing block), and anything else (EACCES, ENOTDIR, EMFILE …), which fails only its operation.
import { CairnError } from '../../common/errors.js';

const noSpaceErrnos = new Set(['ENOSPC', 'EDQUOT']);
const volumeFaultErrnos = new Set(['EIO', 'EROFS', 'ENXIO', 'ENODEV', 'EUCLEAN', 'EBADMSG', 'ESTALE', 'ENOTCONN']);

/**
 * LevelDB reports a failed system call only as text (`IO error: <file>: <strerror>`), so the
 * index's errors are mapped back through glibc's strerror texts of the errnos that matter here.
 */
const errnoByStrerror = new Map([
  ['No space left on device', 'ENOSPC'],
  ['Disk quota exceeded', 'EDQUOT'],
  ['Input/output error', 'EIO'],
  ['Read-only file system', 'EROFS'],
  ['No such device or address', 'ENXIO'],
  ['No such device', 'ENODEV'],
  ['Structure needs cleaning', 'EUCLEAN'],
  ['Bad message', 'EBADMSG'],
  ['Stale file handle', 'ESTALE'],
  ['Transport endpoint is not connected', 'ENOTCONN'],
]);

const errnoPattern = /^E[A-Z0-9]+$/;
const causeDepthMax = 4;

function errnoOf(err: unknown): string | undefined {
  for (let current = err, depth = 0; depth < causeDepthMax && typeof current === 'object' && current !== null; depth += 1) {
    const code = 'code' in current ? current.code : undefined;
    if (typeof code === 'string' && errnoPattern.test(code)) return code;
    const message = 'message' in current && typeof current.message === 'string' ? current.message : '';
    for (const [text, errno] of errnoByStrerror) if (message.endsWith(`: ${text}`)) return errno;
    current = 'cause' in current ? current.cause : undefined;
  }
  return undefined;
}

/** `action` names what failed ("append to", "read", …) and `path` where. */
export function storageError(err: unknown, action: string, path: string): CairnError {
  if (err instanceof CairnError) return err;
  const errno = errnoOf(err);
  const message = err instanceof Error ? err.message : String(err);
  const code = errno !== undefined && noSpaceErrnos.has(errno) ? 'NO_SPACE' : 'IO_ERROR';
  return new CairnError(code, `${action} ${path}: ${message}`, { errno, path });
}

/** True when `err` says the data dir's device or file system failed (see the header). */
export function isVolumeFault(err: unknown): err is CairnError {
  if (!(err instanceof CairnError) || err.code !== 'IO_ERROR') return false;
  const errno = err.details?.errno;
  return typeof errno === 'string' && volumeFaultErrnos.has(errno);
}

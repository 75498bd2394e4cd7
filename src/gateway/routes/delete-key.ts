// Deleting one key, shared by DeleteObject and DeleteObjects.
import { isCairnError } from '../../common/errors.js';
import { objectPath } from '../keys.js';
import type { S3Request } from '../s3-app.js';
import { S3Error } from '../s3-errors.js';

/**
 * Deletes one key: its file goes to the owner's trash (never a folder of the same name). A folder marker (`key/`) names a folder,
 * and trashing it would take every key below with it, so only an empty one goes; for a folder
 * with keys below, the marker alone cannot be removed yet (NotImplemented, nothing changes).
 * A key that does not exist is deleted already, as in S3.
 */
export async function deleteKey(req: S3Request, key: string): Promise<void> {
  const { path, folder } = objectPath(req.bucket, key);
  const nn = req.session.client.nn;
  try {
    const entry = await nn.call('Stat', { path });
    // Key `a` while `a/` is a folder: no such object — and trashing the folder would take its keys.
    if (!folder && entry.type !== 'file') return;
    if (folder) {
      if (entry.type !== 'dir' || entry.implicit) return; // no such folder marker
      const below = await nn.call('List', { path, startAfter: '', limit: 1 });
      if (below.entries.length > 0) throw new S3Error('NotImplemented', 'Deleting the marker of a folder that still holds keys is not supported yet');
    }
    await nn.call('Trash', { path });
  } catch (err) {
    if (!isCairnError(err, 'NOT_FOUND')) throw err;
  }
}

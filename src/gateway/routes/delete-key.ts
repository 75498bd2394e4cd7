// Deleting one key, or one version of it, shared by DeleteObject and DeleteObjects.
import { isCairnError } from '../../common/errors.js';
import { objectPath } from '../keys.js';
import type { S3Request } from '../s3-app.js';
import { S3Error } from '../s3-errors.js';

/**
 * Deletes one key: its file goes to the owner's trash (never a folder of the same name). A
 * folder marker (`key/`) names a folder; an empty one goes to the trash, and one with keys below
 * only stops being a marker (it becomes implicit, its keys stay). A key that does not exist is
 * deleted already, as in S3.
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
      // Keys below stay: only the marker goes, and the folder is implicit again.
      if (below.entries.length > 0) {
        await nn.call('MarkFolder', { path, parents: false, implicit: true });
        return;
      }
    }
    await nn.call('Trash', { path });
  } catch (err) {
    if (!isCairnError(err, 'NOT_FOUND')) throw err;
  }
}

/**
 * Deletes one version of a key for good: revision `versionId` of its file (the one before it
 * becomes the newest; deleting the only one removes the key). An explicit folder's one version
 * is `null`. A version that does not exist is deleted already, as in S3.
 */
export async function deleteVersion(req: S3Request, key: string, versionId: string): Promise<void> {
  const { path, folder } = objectPath(req.bucket, key);
  if (versionId === 'null') {
    if (folder) await deleteKey(req, key);
    return;
  }
  if (!/^[1-9][0-9]{0,9}$/.test(versionId)) throw new S3Error('InvalidArgument', 'Invalid version id specified', { ArgumentName: 'versionId', ArgumentValue: versionId.slice(0, 40) });
  if (folder) return;
  await req.session.client.nn.call('PurgeRevision', { path, revision: Number(versionId) }).catch((err: unknown) => {
    if (!isCairnError(err, 'NOT_FOUND') && !isCairnError(err, 'NO_SUCH_REVISION') && !isCairnError(err, 'IS_A_DIRECTORY')) throw err;
  });
}

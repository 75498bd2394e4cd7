// Checks, from a metastore at rest, that the namespace hangs together: every inode not trashed has
// its parent and its entry in the children index, every index entry names a live record,
// every revision belongs to a file that shows a revision that exists, the trash records and the
// trash expiry index agree, and each user's usage is the size of the files they own (trashed
// ones included). Returns every disagreement; none is the only right answer.
import { childKey, readU64, revisionKey, sortName, trashExpiryKey, trashKey } from '../../src/namenode/metastore/keys.js';
import type { Metastore } from '../../src/namenode/metastore/metastore.js';
import { rootInodeId, type InodeRecord } from '../../src/namenode/metastore/records.js';

export async function auditNamespace(store: Metastore): Promise<string[]> {
  const problems: string[] = [];
  const inodes = new Map<number, InodeRecord>();
  for await (const inode of store.sub.inodes.values()) inodes.set(inode.id, inode);
  const usage = new Map<number, number>();
  for (const inode of inodes.values()) {
    if (inode.type === 'file') usage.set(inode.ownerId, (usage.get(inode.ownerId) ?? 0) + inode.size);
    if (inode.id === rootInodeId) continue;
    // A trashed item's folder may be gone (purged, or replaced by a file); it then cannot be restored.
    if (inode.trashedAt === undefined && !inodes.has(inode.parentId)) problems.push(`inode ${inode.id} (${inode.name}): parent ${inode.parentId} is missing`);
    if (inode.trashedAt !== undefined) {
      const record = await store.sub.trash.get(trashKey(inode.ownerId, inode.trashedAt, inode.id));
      if (record === undefined) problems.push(`trashed inode ${inode.id} has no trash record`);
      else if ((await store.sub.trashExpiry.get(trashExpiryKey(record.purging === true ? 0 : inode.trashedAt, inode.id))) !== inode.ownerId) {
        problems.push(`trashed inode ${inode.id} is not in the expiry index`);
      }
    } else if ((await store.sub.children.get(childKeyOf(inode))) !== inode.id) {
      problems.push(`inode ${inode.id} (${inode.name}) is missing from its folder's children`);
    }
    if (inode.type === 'file' && inode.revision > 0 && (await store.sub.revisions.get(revisionKey(inode.id, inode.revision))) === undefined) {
      problems.push(`file ${inode.id} shows revision ${inode.revision}, which is missing`);
    }
  }
  for await (const [key, id] of store.sub.children.iterator()) {
    const child = inodes.get(id);
    if (child === undefined || child.parentId !== readU64(key) || !childKeyOf(child).equals(key)) {
      problems.push(`children entry of ${readU64(key)} names ${id}, which is not there`);
    }
  }
  for await (const key of store.sub.revisions.keys()) {
    if (inodes.get(readU64(key))?.type !== 'file') problems.push(`revision ${key.readUInt32BE(8)} of ${readU64(key)} belongs to no file`);
  }
  let trashRecords = 0;
  for await (const [key, record] of store.sub.trash.iterator()) {
    trashRecords += 1;
    const inode = inodes.get(record.inodeId);
    if (inode?.trashedAt === undefined || !trashKey(inode.ownerId, inode.trashedAt, inode.id).equals(key)) {
      problems.push(`trash record of ${record.inodeId} names no trashed inode`);
    }
  }
  let expiryEntries = 0;
  for await (const _key of store.sub.trashExpiry.keys()) expiryEntries += 1;
  if (expiryEntries !== trashRecords) problems.push(`${expiryEntries} trash expiry entries for ${trashRecords} trash records`);
  for await (const user of store.sub.users.values()) {
    const owned = usage.get(user.id) ?? 0;
    if (user.usedBytes !== owned) problems.push(`user ${user.name} uses ${user.usedBytes} bytes by the record, ${owned} by their files`);
  }
  return problems;
}

function childKeyOf(inode: InodeRecord): Buffer {
  return childKey(inode.parentId, sortName(inode.name, inode.type));
}

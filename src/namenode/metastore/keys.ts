// Key encodings of the metastore. Numbers are fixed-width big-endian so that LevelDB's byte
// order is numeric order; block ids are 32 raw bytes; names are UTF-8, so child listings come
// out in UTF-8 byte order (S3's order).
const two32 = 2 ** 32;

/** Ids and counters are safe integers (< 2^53), so two 32-bit halves carry them without BigInt. */
function writeU64(b: Buffer, n: number, offset: number): void {
  b.writeUInt32BE(Math.floor(n / two32), offset);
  b.writeUInt32BE(n % two32, offset + 4);
}

export function u64(n: number): Buffer {
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`assertion failed: ${n} is a non-negative safe integer`);
  const b = Buffer.allocUnsafe(8);
  writeU64(b, n, 0);
  return b;
}

export function readU64(b: Buffer, offset = 0): number {
  return b.readUInt32BE(offset) * two32 + b.readUInt32BE(offset + 4);
}

export function u32(n: number): Buffer {
  const b = Buffer.allocUnsafe(4);
  b.writeUInt32BE(n);
  return b;
}

export function blockKey(blockId: string): Buffer {
  return Buffer.from(blockId, 'hex');
}

export function listKey(listId: string): Buffer {
  return Buffer.from(listId, 'hex');
}

/** Folders sort as `name/`, files as `name`, which is S3's key order (DESIGN §8). */
export function sortName(name: string, type: 'dir' | 'file'): string {
  return type === 'dir' ? `${name}/` : name;
}

export function childKey(parentId: number, sortedName: string): Buffer {
  const nameBytes = Buffer.byteLength(sortedName, 'utf8');
  const key = Buffer.allocUnsafe(8 + nameBytes);
  if (!Number.isSafeInteger(parentId) || parentId < 0) throw new Error(`assertion failed: ${parentId} is a non-negative safe integer`);
  writeU64(key, parentId, 0);
  key.write(sortedName, 8, 'utf8');
  return key;
}

export function childName(key: Buffer): { name: string; type: 'dir' | 'file' } {
  const sorted = key.subarray(8).toString('utf8');
  return sorted.endsWith('/') ? { name: sorted.slice(0, -1), type: 'dir' } : { name: sorted, type: 'file' };
}

export function revisionKey(inodeId: number, revision: number): Buffer {
  return Buffer.concat([u64(inodeId), u32(revision)]);
}

export function listEntryKey(listId: string, offset: number): Buffer {
  return Buffer.concat([listKey(listId), u64(offset)]);
}

export function replicaKey(blockId: string, datanodeId: string): Buffer {
  return Buffer.concat([blockKey(blockId), Buffer.from(datanodeId, 'utf8')]);
}

export function userBlockKey(userId: number, blockId: string): Buffer {
  return Buffer.concat([u64(userId), blockKey(blockId)]);
}

/** A committed part: its multipart upload, then its number. */
export function partKey(uploadId: string, partNumber: number): Buffer {
  return Buffer.concat([listKey(uploadId), u32(partNumber)]);
}

/**
 * A multipart upload in path order (S3's ListMultipartUploads order: key, then initiation). Paths
 * hold no NUL, so the NUL after the path sorts a path's uploads before those of longer paths.
 */
export function uploadPathKey(path: string, createdAt: number, uploadId: string): Buffer {
  return Buffer.concat([Buffer.from(path, 'utf8'), Buffer.from([0]), u64(createdAt), listKey(uploadId)]);
}

/**
 * A user's plain upload sessions, by path then creation (`cairn fs uploads`, `put --resume`):
 * owner, path, NUL, creation time, upload id — so one path's sessions are one range, newest last.
 */
export function userUploadKey(ownerId: number, path: string, createdAt: number, uploadId: string): Buffer {
  return Buffer.concat([u64(ownerId), userUploadPathPrefix(path), u64(createdAt), listKey(uploadId)]);
}

/** The keys of one path's sessions, after the owner's 8 bytes. */
export function userUploadPathPrefix(path: string): Buffer {
  return Buffer.concat([Buffer.from(path, 'utf8'), Buffer.from([0])]);
}

/** Upload sessions by lease expiry, for the reaper. */
export function uploadExpiryKey(leaseExpiresAt: number, uploadId: string): Buffer {
  return Buffer.concat([u64(leaseExpiresAt), listKey(uploadId)]);
}

/** A grant in its grantee's index: theirs in the order they were given items' ids. */
export function shareKey(granteeId: number, inodeId: number): Buffer {
  return Buffer.concat([u64(granteeId), u64(inodeId)]);
}

export function trashKey(ownerId: number, trashedAt: number, inodeId: number): Buffer {
  return Buffer.concat([u64(ownerId), u64(trashedAt), u64(inodeId)]);
}

/** Trashed items by when they were trashed, for the trash purger; 0 for an item whose purge has begun. */
export function trashExpiryKey(trashedAt: number, inodeId: number): Buffer {
  return Buffer.concat([u64(trashedAt), u64(inodeId)]);
}

/** Files due a revision-retention check (retention.ts), by when it is due. */
export function revisionCheckKey(dueAt: number, inodeId: number): Buffer {
  return Buffer.concat([u64(dueAt), u64(inodeId)]);
}

/** A remembered client request by the txid of its edit (retry-cache.ts), so the oldest come first. */
export function requestTxidKey(txid: number, tag: string): Buffer {
  return Buffer.concat([u64(txid), Buffer.from(tag, 'utf8')]);
}

/** An audit record in the index of one user's name (actor or subject): name, NUL, txid. */
export function auditUserKey(name: string, txid: number): Buffer {
  return Buffer.concat([auditUserPrefix(name), u64(txid)]);
}

/** Names hold no NUL, so one name's entries are one range, in txid order. */
export function auditUserPrefix(name: string): Buffer {
  return Buffer.concat([Buffer.from(name, 'utf8'), Buffer.from([0])]);
}

/** The smallest key greater than every key starting with `prefix`. */
export function prefixEnd(prefix: Buffer): Buffer {
  const end = Buffer.from(prefix);
  for (let i = end.length - 1; i >= 0; i--) {
    if (end[i] !== 0xff) {
      end[i] = (end[i] ?? 0) + 1;
      return end.subarray(0, i + 1);
    }
  }
  return Buffer.concat([prefix, Buffer.from([0xff])]);
}

/** Reverse replica index: every block of one datanode, in block id order. */
export function nodeBlockKey(datanodeId: string, blockId: string): Buffer {
  return Buffer.concat([nodePrefix(datanodeId), blockKey(blockId)]);
}

export function nodePrefix(datanodeId: string): Buffer {
  const id = Buffer.from(datanodeId, 'utf8');
  if (id.length > 255) throw new Error('assertion failed: datanode ids are at most 255 bytes');
  return Buffer.concat([Buffer.from([id.length]), id]);
}

const collectableStates = { live: 0, condemned: 1, deleting: 2 } as const;

/**
 * The garbage collector's index: every block with no reference, by state and then by the time it
 * entered that state (a live block: when its last reference went), oldest first.
 */
export function collectableKey(state: keyof typeof collectableStates, since: number, blockId: string): Buffer {
  return Buffer.concat([Buffer.from([collectableStates[state]]), u64(since), blockKey(blockId)]);
}

export function collectablePrefix(state: keyof typeof collectableStates): Buffer {
  return Buffer.from([collectableStates[state]]);
}

/** The block id and time of a `collectableKey`. */
export function readCollectableKey(key: Buffer): { since: number; blockId: string } {
  return { since: readU64(key, 1), blockId: key.subarray(9).toString('hex') };
}

/** Replication queue: most endangered (lowest priority number) first, then block id order. */
export function neededKey(priority: number, blockId: string): Buffer {
  return Buffer.concat([Buffer.from([priority]), blockKey(blockId)]);
}

// The pure apply of sharing edits (apply.ts dispatches here). A grant lives in two places written
// together: on the shared inode (`grants`, read by every access check along a resolved path, so
// a check costs no extra read) and in the grantee's index (`shares`, which `fs shared` lists).
import { assert } from '../../common/assert.js';
import type { EditOf } from '../journal/edits.js';
import type { Tx } from '../journal/tx.js';
import { readU64, shareKey, u64 } from '../metastore/keys.js';
import type { InodeRecord, Role } from '../metastore/records.js';

export async function applyShare(edit: EditOf<'Share'>, tx: Tx): Promise<void> {
  const inode = await tx.get('inodes', u64(edit.inodeId));
  assert(inode !== undefined, `shared inode ${edit.inodeId} exists`);
  tx.put('inodes', u64(inode.id), withGrant(inode, edit.userId, edit.role));
  tx.put('shares', shareKey(edit.userId, inode.id), { role: edit.role, by: edit.by, at: edit.at });
}

export async function applyUnshare(edit: EditOf<'Unshare'>, tx: Tx): Promise<void> {
  const inode = await tx.get('inodes', u64(edit.inodeId));
  assert(inode !== undefined, `unshared inode ${edit.inodeId} exists`);
  tx.put('inodes', u64(inode.id), withGrant(inode, edit.userId, undefined));
  tx.del('shares', shareKey(edit.userId, inode.id));
}

/** Every grant to `userId` goes (the user is removed): from the items and from their index. */
export async function dropGrantsTo(tx: Tx, userId: number): Promise<void> {
  for await (const [key] of tx.entries('shares', u64(userId))) {
    const inode = await tx.get('inodes', u64(readU64(key, 8)));
    if (inode !== undefined) tx.put('inodes', u64(inode.id), withGrant(inode, userId, undefined));
    tx.del('shares', key);
  }
}

function withGrant(inode: InodeRecord, userId: number, role: Role | undefined): InodeRecord {
  const { grants, ...rest } = inode;
  const next: Record<string, Role> = { ...grants };
  if (role === undefined) delete next[String(userId)];
  else next[String(userId)] = role;
  return Object.keys(next).length === 0 ? rest : { ...rest, grants: next };
}

/** Item `inode` goes for good (purged, or replaced by a file): its grantees' index forgets it. */
export function dropGrantsOn(tx: Tx, inode: InodeRecord): void {
  for (const userId of Object.keys(inode.grants ?? {})) tx.del('shares', shareKey(Number(userId), inode.id));
}

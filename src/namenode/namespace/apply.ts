// apply(edit) — the pure state transition behind every edit. It reads only the state it is
// applied to and the edit itself, and writes only into the transaction; it throws only on a
// broken invariant (a programmer error), never on bad input, which `prepare` already refused.
import { assert, unreachable } from '../../common/assert.js';
import type { Edit, EditOf, JournalFields, NewDir, RetentionCheck } from '../journal/edits.js';
import { applyForgetRequests, rememberRequest } from '../journal/retry-cache.js';
import type { Tx } from '../journal/tx.js';
import { applyGcStep, referenceBlock, releaseBlock } from './apply-blocks.js';
import { applyShare, applyUnshare, dropGrantsOn } from './apply-shares.js';
import { applyCredentialEdit, applyUserRemoval } from '../users/apply-users.js';
import { recordAudit } from '../audit/audit-log.js';
import {
  blockKey, childKey, listEntryKey, listKey, partKey, readU64, revisionCheckKey, revisionKey, sortName, trashExpiryKey, trashKey, u64, uploadExpiryKey,
  uploadPathKey, userBlockKey, userUploadKey,
} from '../metastore/keys.js';
import { isPlainUpload, isStored, type InodeRecord, type ListEntry, type RevisionRecord, type UploadRecord } from '../metastore/records.js';

/** Applies an edit; one a client request made (a journal record with `request`) also remembers its tag (retry-cache.ts). */
export async function applyEdit(edit: Edit & Partial<JournalFields>, tx: Tx): Promise<void> {
  if (edit.txid !== undefined) await recordAudit(edit, edit.txid, tx);
  await applyChange(edit, tx);
  if (edit.request === undefined) return;
  assert(edit.txid !== undefined, 'a tagged edit is a journal record, with its txid');
  rememberRequest(tx, edit.request, edit.txid, edit.at);
}

async function applyChange(edit: Edit, tx: Tx): Promise<void> {
  switch (edit.type) {
    case 'Format': return applyFormat(edit, tx);
    case 'UserAdd': return applyUserAdd(edit, tx);
    case 'UserQuota': return applyUserQuota(edit, tx);
    case 'UserRemove': return applyUserRemove(edit, tx);
    case 'TrashHandover': return handOverTrash(tx, edit.userId, edit.by, edit.trashed);
    case 'TokenAdd': return tx.put('credentials', `t:${edit.tokenHash}`, { userId: edit.userId, kind: 'token', createdAt: edit.at });
    case 'TokensRevoke':
    case 'KeyAdd':
    case 'KeyRevoke': return applyCredentialEdit(edit, tx);
    case 'Share': return applyShare(edit, tx);
    case 'Unshare': return applyUnshare(edit, tx);
    case 'Mkdir': return applyMkdir(edit.dirs, edit.ownerId, edit.at, tx);
    case 'Move': return applyMove(edit, tx);
    case 'MarkFolder': return applyMarkFolder(edit, tx);
    case 'Trash': return applyTrash(edit, tx);
    case 'TrashRestore': return applyTrashRestore(edit, tx);
    case 'BeginUpload': return applyBeginUpload(edit, tx);
    case 'PutBlocks': return applyPutBlocks(edit, tx);
    case 'ProveBlocks': return applyProveBlocks(edit, tx);
    case 'CommitUpload': return applyCommit(edit, tx);
    case 'AbortUpload': return applyAbort(edit, tx);
    case 'RenewUpload': return applyRenewUpload(edit, tx);
    case 'TrimUpload': return applyTrimUpload(edit, tx);
    case 'CommitPart': return applyCommitPart(edit, tx);
    case 'CompleteMultipart': return applyCompleteMultipart(edit, tx);
    case 'Restore': return applyRestore(edit, tx);
    case 'CopyFile': return applyCopy(edit, tx);
    case 'PurgeRevision': return applyPurgeRevision(edit, tx);
    case 'CondemnBlocks':
    case 'DeleteBlocks':
    case 'ForgetBlocks': return applyGcStep(edit, tx);
    case 'SetNodeAdmin': return edit.state === 'normal' ? tx.del('meta', `nodeAdmin:${edit.datanodeId}`) : tx.put('meta', `nodeAdmin:${edit.datanodeId}`, edit.state);
    case 'TrashPurge': return applyTrashPurge(edit, tx);
    case 'RevisionRetention': return applyRevisionRetention(edit, tx);
    case 'ForgetRequests': return applyForgetRequests(edit, tx);
    default: return unreachable(edit);
  }
}

async function mustGetInode(tx: Tx, id: number): Promise<InodeRecord> {
  const inode = await tx.get('inodes', u64(id));
  assert(inode !== undefined, `inode ${id} exists`);
  return inode;
}

function putDir(tx: Tx, dir: NewDir, ownerId: number, at: number): void {
  tx.put('inodes', u64(dir.id), {
    id: dir.id, parentId: dir.parentId, name: dir.name, type: 'dir', ownerId, createdAt: at, modifiedAt: at, revision: 0, size: 0, blockCount: 0,
    ...(dir.implicit === true ? { implicit: true } : {}),
  });
  if (dir.id !== dir.parentId) tx.put('children', childKey(dir.parentId, sortName(dir.name, 'dir')), dir.id);
  bumpCounter(tx, 'nextInodeId', dir.id);
}

function bumpCounter(tx: Tx, counter: 'nextInodeId' | 'nextUserId', used: number): void {
  tx.put('meta', counter, used + 1);
}

async function applyFormat(edit: EditOf<'Format'>, tx: Tx): Promise<void> {
  tx.put('meta', 'clusterId', edit.clusterId);
  tx.put('meta', 'chunking', edit.chunking);
  tx.put('meta', 'formattedAt', edit.at);
  for (const dir of edit.dirs) putDir(tx, dir, edit.admin.id, edit.at);
  putUser(tx, edit.admin, edit.tokenHash, edit.at);
}

function putUser(tx: Tx, user: EditOf<'UserAdd'>['user'], tokenHash: string, at: number): void {
  tx.put('users', u64(user.id), user);
  tx.put('userNames', user.name, user.id);
  tx.put('credentials', `t:${tokenHash}`, { userId: user.id, kind: 'token', createdAt: at });
  bumpCounter(tx, 'nextUserId', user.id);
}

async function applyUserAdd(edit: EditOf<'UserAdd'>, tx: Tx): Promise<void> {
  putUser(tx, edit.user, edit.tokenHash, edit.at);
  if (edit.s3) tx.put('credentials', `k:${edit.s3.accessKeyId}`, { userId: edit.user.id, kind: 's3', secret: edit.s3.secret, createdAt: edit.at });
  putDir(tx, edit.home, edit.user.id, edit.at);
}

async function applyUserQuota(edit: EditOf<'UserQuota'>, tx: Tx): Promise<void> {
  const user = await tx.get('users', u64(edit.userId));
  assert(user !== undefined, `user ${edit.userId} given a quota exists`);
  tx.put('users', u64(edit.userId), { ...user, quotaBytes: edit.quotaBytes });
}

async function applyMkdir(dirs: NewDir[], ownerId: number, at: number, tx: Tx): Promise<void> {
  for (const dir of dirs) putDir(tx, dir, ownerId, at);
  const first = dirs[0];
  if (first) await touch(tx, first.parentId, at);
}

async function touch(tx: Tx, id: number, at: number): Promise<void> {
  const inode = await mustGetInode(tx, id);
  tx.put('inodes', u64(id), { ...inode, modifiedAt: at });
}

async function applyMove(edit: EditOf<'Move'>, tx: Tx): Promise<void> {
  const inode = await mustGetInode(tx, edit.id);
  tx.del('children', childKey(inode.parentId, sortName(inode.name, inode.type)));
  tx.put('children', childKey(edit.toParentId, sortName(edit.toName, inode.type)), inode.id);
  tx.put('inodes', u64(inode.id), { ...inode, parentId: edit.toParentId, name: edit.toName, modifiedAt: edit.at });
  await touch(tx, inode.parentId, edit.at);
  if (edit.toParentId !== inode.parentId) await touch(tx, edit.toParentId, edit.at);
}

async function applyMarkFolder(edit: EditOf<'MarkFolder'>, tx: Tx): Promise<void> {
  const { implicit: _was, ...folder } = await mustGetInode(tx, edit.id);
  tx.put('inodes', u64(folder.id), { ...folder, ...(edit.implicit ? { implicit: true } : {}), modifiedAt: edit.at });
}

async function applyTrash(edit: EditOf<'Trash'>, tx: Tx): Promise<void> {
  const inode = await mustGetInode(tx, edit.id);
  await trashItem(tx, inode, edit.reown ?? inode.ownerId, edit.path, edit.at);
}

/**
 * Item `inode` leaves its folder for the trash of `ownerId`, who owns it from now on (its owner
 * until now, unless that user was removed); a file's size counts for the new owner.
 */
async function trashItem(tx: Tx, inode: InodeRecord, ownerId: number, path: string, at: number): Promise<void> {
  tx.del('children', childKey(inode.parentId, sortName(inode.name, inode.type)));
  tx.put('inodes', u64(inode.id), { ...inode, ownerId, trashedAt: at });
  tx.put('trash', trashKey(ownerId, at, inode.id), { inodeId: inode.id, path });
  tx.put('trashExpiry', trashExpiryKey(at, inode.id), ownerId);
  await touch(tx, inode.parentId, at);
  if (inode.type === 'file' && ownerId !== inode.ownerId) await moveUsage(tx, inode.ownerId, ownerId, inode.size);
}

/**
 * A removed user's items go to the trash of the admin removing them, owned by that admin — so the
 * trash index, restore and the purger, which go by the root's owner, treat them as the admin's —
 * and so do the items their own trash held; then the user and their credentials go.
 */
async function applyUserRemove(edit: EditOf<'UserRemove'>, tx: Tx): Promise<void> {
  for (const item of edit.items) {
    const inode = await mustGetInode(tx, item.id);
    assert(inode.trashedAt === undefined, `item ${inode.id} of a removed user is in the tree`);
    await trashItem(tx, inode, edit.by, item.path, edit.at);
  }
  await handOverTrash(tx, edit.userId, edit.by, edit.trashed);
  await applyUserRemoval(edit, tx);
}

/** Items in user `from`'s trash become `to`'s, as they are: when they were trashed, and a purge begun, stay. */
async function handOverTrash(tx: Tx, from: number, to: number, ids: readonly number[]): Promise<void> {
  for (const id of ids) {
    const inode = await mustGetInode(tx, id);
    assert(inode.trashedAt !== undefined && inode.ownerId === from, `item ${id} is in the trash of user ${from}`);
    const record = await tx.get('trash', trashKey(from, inode.trashedAt, id));
    assert(record !== undefined, `item ${id} has its trash record`);
    tx.del('trash', trashKey(from, inode.trashedAt, id));
    tx.put('trash', trashKey(to, inode.trashedAt, id), record);
    tx.put('trashExpiry', trashExpiryKey(record.purging === true ? 0 : inode.trashedAt, id), to);
    tx.put('inodes', u64(id), { ...inode, ownerId: to });
    if (inode.type === 'file') await moveUsage(tx, from, to, inode.size);
  }
}

async function applyTrashRestore(edit: EditOf<'TrashRestore'>, tx: Tx): Promise<void> {
  const inode = await mustGetInode(tx, edit.id);
  assert(inode.trashedAt !== undefined, 'restored inode is in the trash');
  const record = await tx.get('trash', trashKey(inode.ownerId, inode.trashedAt, inode.id));
  assert(record !== undefined && record.purging !== true, 'a restored item is not being purged');
  tx.del('trash', trashKey(inode.ownerId, inode.trashedAt, inode.id));
  tx.del('trashExpiry', trashExpiryKey(inode.trashedAt, inode.id));
  const { trashedAt: _dropped, ...restored } = inode;
  tx.put('inodes', u64(inode.id), { ...restored, modifiedAt: edit.at });
  tx.put('children', childKey(inode.parentId, sortName(inode.name, inode.type)), inode.id);
  await touch(tx, inode.parentId, edit.at);
}

async function applyBeginUpload(edit: EditOf<'BeginUpload'>, tx: Tx): Promise<void> {
  const { upload } = edit;
  tx.put('uploads', listKey(upload.uploadId), upload);
  tx.put('lists', listKey(upload.uploadId), { refs: 1, ownerId: upload.ownerId });
  tx.put('uploadExpiry', uploadExpiryKey(upload.leaseExpiresAt, upload.uploadId), true);
  if (upload.multipart) tx.put('uploadPaths', uploadPathKey(upload.path, upload.createdAt, upload.uploadId), upload.ownerId);
  if (upload.part) await renewLease(tx, upload.part.of, upload.leaseExpiresAt);
  if (isPlainUpload(upload)) tx.put('userUploads', userUploadKey(upload.ownerId, upload.path, upload.createdAt, upload.uploadId), true);
}

async function mustGetUpload(tx: Tx, uploadId: string): Promise<UploadRecord> {
  const upload = await tx.get('uploads', listKey(uploadId));
  assert(upload !== undefined, `upload ${uploadId} is open`);
  return upload;
}

/** Removes an upload record and its index entries; its list lives on (as a revision's, a part's, or until released). */
function closeUpload(tx: Tx, upload: UploadRecord): void {
  tx.del('uploads', listKey(upload.uploadId));
  tx.del('uploadExpiry', uploadExpiryKey(upload.leaseExpiresAt, upload.uploadId));
  if (upload.multipart) tx.del('uploadPaths', uploadPathKey(upload.path, upload.createdAt, upload.uploadId));
  if (isPlainUpload(upload)) tx.del('userUploads', userUploadKey(upload.ownerId, upload.path, upload.createdAt, upload.uploadId));
}

/** A multipart upload lives as long as its parts keep coming. */
async function renewLease(tx: Tx, uploadId: string, until: number): Promise<void> {
  const upload = await mustGetUpload(tx, uploadId);
  if (until > upload.leaseExpiresAt) setLease(tx, upload, until);
}

/** Moves a session's lease, and its entry in the expiry index, to `until`; `changes` go into the same record. */
function setLease(tx: Tx, upload: UploadRecord, until: number, changes: Partial<UploadRecord> = {}): void {
  tx.del('uploadExpiry', uploadExpiryKey(upload.leaseExpiresAt, upload.uploadId));
  tx.put('uploadExpiry', uploadExpiryKey(until, upload.uploadId), true);
  tx.put('uploads', listKey(upload.uploadId), { ...upload, ...changes, leaseExpiresAt: until });
}

/** Records blocks at their offsets in the session's list; each entry holds one block reference. */
async function applyPutBlocks(edit: EditOf<'PutBlocks'>, tx: Tx): Promise<void> {
  const upload = await tx.get('uploads', listKey(edit.uploadId));
  assert(upload !== undefined, 'PutBlocks targets an open upload');
  let [heldBlocks, heldBytes] = [upload.heldBlocks ?? 0, upload.heldBytes ?? 0];
  for (const block of edit.blocks) {
    const key = listEntryKey(edit.uploadId, block.offset);
    const previous = await tx.get('listEntries', key);
    if (previous?.[0] === block.id && previous[1] === block.size) continue;
    if (previous) await releaseBlock(tx, upload.ownerId, previous[0], edit.at);
    tx.put('listEntries', key, [block.id, block.size] satisfies ListEntry);
    await referenceBlock(tx, upload.ownerId, block.id, block.size, edit.at);
    heldBlocks += previous ? 0 : 1;
    heldBytes += block.size - (previous?.[1] ?? 0);
  }
  if (heldBlocks !== (upload.heldBlocks ?? 0) || heldBytes !== (upload.heldBytes ?? 0)) tx.put('uploads', listKey(edit.uploadId), { ...upload, heldBlocks, heldBytes });
}

/** Extends a session's lease and sets its attempt (a resume takes the session over from an earlier put). */
async function applyRenewUpload(edit: EditOf<'RenewUpload'>, tx: Tx): Promise<void> {
  setLease(tx, await mustGetUpload(tx, edit.uploadId), edit.leaseExpiresAt, { attempt: edit.attempt });
}

/** Drops the entries at `offsets` from a session's list, releasing their blocks. */
async function applyTrimUpload(edit: EditOf<'TrimUpload'>, tx: Tx): Promise<void> {
  const upload = await mustGetUpload(tx, edit.uploadId);
  let [heldBlocks, heldBytes] = [upload.heldBlocks ?? 0, upload.heldBytes ?? 0];
  for (const offset of edit.offsets) {
    const key = listEntryKey(edit.uploadId, offset);
    const entry = await tx.get('listEntries', key);
    if (entry === undefined) continue;
    tx.del('listEntries', key);
    await releaseBlock(tx, upload.ownerId, entry[0], edit.at);
    heldBlocks -= 1;
    heldBytes -= entry[1];
  }
  tx.put('uploads', listKey(upload.uploadId), { ...upload, heldBlocks: Math.max(0, heldBlocks), heldBytes: Math.max(0, heldBytes) });
}

async function applyProveBlocks(edit: EditOf<'ProveBlocks'>, tx: Tx): Promise<void> {
  for (const blockId of edit.blockIds) {
    const scoped = await tx.get('userBlocks', userBlockKey(edit.userId, blockId));
    if (scoped && !scoped.proven) tx.put('userBlocks', userBlockKey(edit.userId, blockId), { ...scoped, proven: true });
    const block = await tx.get('blocks', blockKey(blockId));
    if (block !== undefined && !isStored(block)) tx.put('blocks', blockKey(blockId), { ...block, stored: true });
  }
}

/** The session's list becomes the revision's: its reference moves over, no block count changes. */
async function applyCommit(edit: EditOf<'CommitUpload'>, tx: Tx): Promise<void> {
  const upload = await mustGetUpload(tx, edit.uploadId);
  closeUpload(tx, upload);
  await putFileRevision(tx, edit.at, edit.inodeId, edit.create ? createdBy(upload, edit) : undefined, edit.revision, edit.replaces);
}

/** Where a committed upload creates its file, and whose it is (records written before sharing name no owner: the uploader). */
function createdBy(upload: UploadRecord, edit: { ownerId?: number }): { parentId: number; name: string; ownerId: number } {
  return { parentId: upload.parentId, name: upload.name, ownerId: edit.ownerId ?? upload.ownerId };
}

/**
 * Makes `revision` the newest of file `inodeId` — a new file named by `create` in its folder, or
 * an existing one — and charges the owner for the change in size. Commits and copies share it.
 */
async function putFileRevision(
  tx: Tx, at: number, inodeId: number, create: { parentId: number; name: string; ownerId: number } | undefined, revision: RevisionRecord,
  replaces: readonly number[] = [],
): Promise<void> {
  for (const id of replaces) {
    const folder = await mustGetInode(tx, id);
    assert(folder.type === 'dir' && folder.implicit === true, `replaced inode ${id} is an implicit folder`);
    dropGrantsOn(tx, folder);
    tx.del('inodes', u64(id));
    tx.del('children', childKey(folder.parentId, sortName(folder.name, 'dir')));
  }
  const { number, size, blockCount } = revision;
  let inode: InodeRecord;
  let sizeBefore = 0;
  if (create === undefined) {
    const previous = await mustGetInode(tx, inodeId);
    sizeBefore = previous.size;
    inode = { ...previous, revision: number, size, blockCount, modifiedAt: at };
  } else {
    inode = { id: inodeId, parentId: create.parentId, name: create.name, type: 'file', ownerId: create.ownerId, createdAt: at, modifiedAt: at, revision: number, size, blockCount };
    tx.put('children', childKey(inode.parentId, sortName(inode.name, 'file')), inode.id);
    bumpCounter(tx, 'nextInodeId', inode.id);
  }
  tx.put('inodes', u64(inode.id), inode);
  tx.put('revisions', revisionKey(inode.id, number), revision);
  // A first revision leaves nothing for retention to look at: every file keeps at least one.
  if (number > 1) tx.put('revisionChecks', revisionCheckKey(at, inode.id), true);
  await touch(tx, inode.parentId, at);
  await adjustUsage(tx, inode.ownerId, size - sizeBefore);
}

/**
 * Charges (or pays back) `delta` bytes to a user's usage. Files below the items of a removed user
 * keep their owner (users/user-service.ts `remove`): a change to them charges nobody.
 */
async function adjustUsage(tx: Tx, userId: number, delta: number): Promise<void> {
  if (delta === 0) return;
  const user = await tx.get('users', u64(userId));
  if (user === undefined) return;
  tx.put('users', u64(userId), { ...user, usedBytes: Math.max(0, user.usedBytes + delta) });
}

/** A file changes owner: its size counts for the new one. */
async function moveUsage(tx: Tx, from: number, to: number, size: number): Promise<void> {
  await adjustUsage(tx, from, -size);
  await adjustUsage(tx, to, size);
}

async function applyAbort(edit: EditOf<'AbortUpload'>, tx: Tx): Promise<void> {
  const upload = await mustGetUpload(tx, edit.uploadId);
  closeUpload(tx, upload);
  await dropListReference(tx, edit.uploadId, edit.at);
  if (upload.multipart) await releaseParts(tx, edit.uploadId, edit.at);
}

/** A part's session ends; its list becomes the part's, replacing (and releasing) an earlier upload of the same number. */
async function applyCommitPart(edit: EditOf<'CommitPart'>, tx: Tx): Promise<void> {
  closeUpload(tx, await mustGetUpload(tx, edit.uploadId));
  const key = partKey(edit.multipartId, edit.part.number);
  const replaced = await tx.get('parts', key);
  if (replaced) await dropListReference(tx, replaced.listId, edit.at);
  tx.put('parts', key, edit.part);
  await renewLease(tx, edit.multipartId, edit.leaseExpiresAt);
}

/**
 * The named parts' list entries move, in part order, into the upload's own list at their offsets
 * in the object — references move with them, so no block count changes and no byte is copied —
 * and that list becomes the revision's. Parts not named are released. O(blocks) records.
 */
async function applyCompleteMultipart(edit: EditOf<'CompleteMultipart'>, tx: Tx): Promise<void> {
  const upload = await mustGetUpload(tx, edit.uploadId);
  closeUpload(tx, upload);
  let base = 0;
  for (const number of edit.partNumbers) {
    const part = await tx.get('parts', partKey(edit.uploadId, number));
    assert(part !== undefined, `completed part ${number} exists`);
    for await (const [key, entry] of tx.entries('listEntries', listKey(part.listId))) {
      tx.del('listEntries', key);
      tx.put('listEntries', listEntryKey(edit.uploadId, base + readU64(key, 8)), entry);
    }
    tx.del('lists', listKey(part.listId));
    tx.del('parts', partKey(edit.uploadId, number));
    base += part.size;
  }
  assert(base === edit.revision.size, 'the parts add up to the revision');
  await releaseParts(tx, edit.uploadId, edit.at);
  await putFileRevision(tx, edit.at, edit.inodeId, edit.create ? createdBy(upload, edit) : undefined, edit.revision, edit.replaces);
}

/** Every part still held by a multipart upload is released. */
async function releaseParts(tx: Tx, uploadId: string, at: number): Promise<void> {
  for await (const [key, part] of tx.entries('parts', listKey(uploadId))) {
    tx.del('parts', key);
    await dropListReference(tx, part.listId, at);
  }
}

/** A new revision of the destination sharing the source revision's block list: no block is copied. */
async function applyCopy(edit: EditOf<'CopyFile'>, tx: Tx): Promise<void> {
  const list = await tx.get('lists', listKey(edit.revision.listId));
  assert(list !== undefined, 'copied revision list exists');
  tx.put('lists', listKey(edit.revision.listId), { ...list, refs: list.refs + 1 });
  await putFileRevision(tx, edit.at, edit.inodeId, edit.create ? edit : undefined, edit.revision, edit.replaces);
}

async function applyRestore(edit: EditOf<'Restore'>, tx: Tx): Promise<void> {
  const list = await tx.get('lists', listKey(edit.revision.listId));
  assert(list !== undefined, 'restored revision list exists');
  tx.put('lists', listKey(edit.revision.listId), { ...list, refs: list.refs + 1 });
  const inode = await mustGetInode(tx, edit.inodeId);
  tx.put('inodes', u64(inode.id), { ...inode, revision: edit.revision.number, size: edit.revision.size, blockCount: edit.revision.blockCount, modifiedAt: edit.at });
  tx.put('revisions', revisionKey(inode.id, edit.revision.number), edit.revision);
  tx.put('revisionChecks', revisionCheckKey(edit.at, inode.id), true);
  await adjustUsage(tx, inode.ownerId, edit.revision.size - inode.size);
}

/** A revision goes for good; its list reference is dropped. The newest going makes `edit.newest` the file's newest, or removes the file. */
async function applyPurgeRevision(edit: EditOf<'PurgeRevision'>, tx: Tx): Promise<void> {
  await dropRevision(tx, edit.inodeId, edit.number, edit.at);
  const inode = await mustGetInode(tx, edit.inodeId);
  if (edit.number !== inode.revision) return;
  if (edit.newest === 0) {
    dropGrantsOn(tx, inode);
    tx.del('inodes', u64(inode.id));
    tx.del('children', childKey(inode.parentId, sortName(inode.name, 'file')));
    await touch(tx, inode.parentId, edit.at);
    await adjustUsage(tx, inode.ownerId, -inode.size);
    return;
  }
  const newest = await tx.get('revisions', revisionKey(inode.id, edit.newest));
  assert(newest !== undefined, `revision ${edit.newest} becomes the newest`);
  tx.put('inodes', u64(inode.id), {
    ...inode, revision: newest.number, size: newest.size, blockCount: newest.blockCount, modifiedAt: edit.at,
    revisionsMade: Math.max(inode.revisionsMade ?? 0, inode.revision),
  });
  await adjustUsage(tx, inode.ownerId, newest.size - inode.size);
}

/**
 * Drops one reference to a list; the last one releases every block it holds. The entries are
 * read from the committed store: a list is never written and released in one group, because
 * its session must have been answered (durably) before anyone can abort it.
 */
async function dropListReference(tx: Tx, listId: string, at: number): Promise<void> {
  const list = await tx.get('lists', listKey(listId));
  assert(list !== undefined, `list ${listId} exists`);
  if (list.refs > 1) {
    tx.put('lists', listKey(listId), { ...list, refs: list.refs - 1 });
    return;
  }
  tx.del('lists', listKey(listId));
  for await (const [key, entry] of tx.entries('listEntries', listKey(listId))) {
    tx.del('listEntries', key);
    await releaseBlock(tx, list.ownerId, entry[0], at);
  }
}

/**
 * One step of a trashed item's purge (trash-purger.ts decides the steps, deepest first). Files
 * pay back their owners' usage as they go: trashed files count until they are purged.
 */
async function applyTrashPurge(edit: EditOf<'TrashPurge'>, tx: Tx): Promise<void> {
  const root = await mustGetInode(tx, edit.rootId);
  assert(root.trashedAt !== undefined, `purged item ${root.id} is in the trash`);
  const recordKey = trashKey(root.ownerId, root.trashedAt, root.id);
  const record = await tx.get('trash', recordKey);
  assert(record !== undefined, `purged item ${root.id} has its trash record`);
  const expiryKey = trashExpiryKey(record.purging === true ? 0 : root.trashedAt, root.id);
  for (const [inodeId, number] of edit.revisions) await dropRevision(tx, inodeId, number, edit.at);
  for (const [i, id] of edit.inodes.entries()) {
    const inode = id === root.id ? root : await mustGetInode(tx, id);
    if (inode.type === 'file') {
      assert((await tx.get('revisions', revisionKey(id, inode.revision))) === undefined, `purged file ${id} has lost its newest revision`);
      await adjustUsage(tx, inode.ownerId, -inode.size);
    }
    dropGrantsOn(tx, inode);
    tx.del('inodes', u64(id));
    if (id !== root.id) {
      tx.del('children', childKey(inode.parentId, sortName(inode.name, inode.type)));
      continue;
    }
    assert(i === edit.inodes.length - 1, 'the root of a purged item goes last');
    tx.del('trash', recordKey);
    tx.del('trashExpiry', expiryKey);
    return;
  }
  if (record.purging === true) return;
  // The root stays for now: the item can no longer be restored, and is due for purging at once.
  tx.put('trash', recordKey, { ...record, purging: true });
  tx.del('trashExpiry', expiryKey);
  tx.put('trashExpiry', trashExpiryKey(0, root.id), root.ownerId);
}

/** Revisions past retention go (never a file's newest); each file's check is done or re-scheduled. */
async function applyRevisionRetention(edit: EditOf<'RevisionRetention'>, tx: Tx): Promise<void> {
  for (const check of edit.checks) await applyRetentionCheck(check, edit.at, tx);
}

async function applyRetentionCheck(check: RetentionCheck, at: number, tx: Tx): Promise<void> {
  if (check.purge.length > 0) {
    const inode = await mustGetInode(tx, check.inodeId);
    for (const number of check.purge) {
      assert(number !== inode.revision, `retention keeps the newest revision of file ${inode.id}`);
      await dropRevision(tx, inode.id, number, at);
    }
  }
  tx.del('revisionChecks', revisionCheckKey(check.dueAt, check.inodeId));
  if (check.nextDueAt > 0) tx.put('revisionChecks', revisionCheckKey(check.nextDueAt, check.inodeId), true);
}

/** A revision goes for good: its record, and its reference to its block list. */
async function dropRevision(tx: Tx, inodeId: number, number: number, at: number): Promise<void> {
  const key = revisionKey(inodeId, number);
  const revision = await tx.get('revisions', key);
  assert(revision !== undefined, `purged revision ${number} of ${inodeId} exists`);
  tx.del('revisions', key);
  await dropListReference(tx, revision.listId, at);
}

// File content: upload sessions, block negotiation, commit, revisions and block location for
// reads (DESIGN §6–§7). A session's block list becomes its revision's list at commit, so a
// commit writes O(1) records whatever the file's size. A block counts as the caller's (and is
// answered `present`) only after a datanode verified bytes the caller sent for it, so nobody
// learns what others store and nobody claims content they do not hold.
import type { Clock } from '../../common/clock.js';
import {
  blockBytesMax, getFileBlocksPageMax, listPageMax, pathBytesMax, pipelineExcludeMax, putBlocksBatchMax, revisionMetaBytesMax, revisionMetaEntriesMax,
} from '../../common/constants.js';
import { BlockTokenKey } from '../../common/block-token.js';
import { CairnError } from '../../common/errors.js';
import { newUploadId } from '../../common/ids.js';
import { isBlockId } from '../../common/hashing.js';
import { joinPath, parsePath } from '../../common/paths.js';
import type { BlockManager, Location } from '../blocks/block-manager.js';
import type { EditLog } from '../journal/edit-log.js';
import type { PlacedBlock } from '../journal/edits.js';
import { committedReader, type TxReader } from '../journal/tx.js';
import { replayOf } from '../journal/retry-cache.js';
import { blockKey, childName, listEntryKey, listKey, prefixEnd, readU64, revisionKey, u64, userBlockKey, userUploadPathPrefix } from '../metastore/keys.js';
import type { Metastore } from '../metastore/metastore.js';
import type { InodeRecord, ListEntry, RevisionRecord, UploadRecord } from '../metastore/records.js';
import type { IdAllocator } from './namespace-service.js';
import { assertAccess, assertMayRemove, last, newItemOwner, pathOf, resolveExisting, resolvePrefix, warmPath, type Caller } from './resolve.js';

export interface FileServiceOptions {
  replicationFactor: number;
  minReplicasToCommit: number;
  uploadLeaseMs: number;
  commitWaitMs: number;
  blockTokenTtlMs: number;
}

export interface BlockAnswer {
  id: string;
  present: boolean;
  pipeline: Location[];
  token: string;
}

export interface LocatedBlock {
  id: string;
  size: number;
  offset: number;
  locations: Location[];
  token: string;
}

export interface FileRead {
  inode: InodeRecord;
  path: string;
  revision: RevisionRecord;
  blocks: LocatedBlock[];
  truncated: boolean;
}

export const md5Pattern = /^[0-9a-f]{32}$/;
/** Metadata keys: lower-case header-like names. */
const metaKeyPattern = /^[a-z0-9][a-z0-9._-]{0,127}$/;

export function validateMeta(meta: Record<string, string>): void {
  const entries = Object.entries(meta);
  if (entries.length > revisionMetaEntriesMax) throw new CairnError('INVALID_ARGUMENT', `more than ${revisionMetaEntriesMax} metadata entries`);
  let bytes = 0;
  for (const [key, value] of entries) {
    if (!metaKeyPattern.test(key)) throw new CairnError('INVALID_ARGUMENT', `bad metadata key ${JSON.stringify(key.slice(0, 140))}`);
    if (typeof value !== 'string' || value.includes('\0')) throw new CairnError('INVALID_ARGUMENT', `bad metadata value for ${key}`);
    bytes += Buffer.byteLength(key) + Buffer.byteLength(value);
  }
  if (bytes > revisionMetaBytesMax) throw new CairnError('TOO_LARGE', `metadata of ${bytes} bytes; at most ${revisionMetaBytesMax}`);
}
const uploadIdPattern = /^[0-9a-f]{16}$/;
/** List entries dropped per TrimUpload edit: a resumed upload of a changed file trims in several. */
const trimBatchMax = 1000;
/** Sessions of one path looked at when resuming the newest: older ones past an expired one are not wanted. */
const resumeCandidatesMax = 16;
/** Longest ListOpenUploads page token: the hex of a key after its owner (path, NUL, time, id). */
const pageTokenCharsMax = 2 * (pathBytesMax + 17);

/** Which put drives a session (UploadRecord.attempt): 1 until it is first resumed. */
export function attemptOf(upload: UploadRecord): number {
  return upload.attempt ?? 1;
}

/** A list entry in offset order; `stale`: not on the chain a commit of `size` bytes covers (resumed sessions). */
interface WalkedEntry {
  offset: number;
  id: string;
  size: number;
  stale: boolean;
}
/**
 * A commit waiting for replicas is woken by the datanode reports that name its blocks
 * (`blocksReported`); it also looks again this often in case a replica counts again for another
 * reason (its datanode came back).
 */
const commitRecheckMs = 100;

export class FileService {
  readonly #store: Metastore;
  readonly #log: EditLog;
  readonly #clock: Clock;
  readonly #ids: IdAllocator;
  readonly #blocks: BlockManager;
  readonly #tokens: BlockTokenKey;
  readonly #options: FileServiceOptions;
  readonly #reader: TxReader;
  readonly #underReplicated: (blockIds: string[]) => Promise<void>;
  /** Commits waiting for blocks, by block id: woken when a report names the block. */
  readonly #waiters = new Map<string, Set<() => void>>();

  /** `underReplicated` is told of committed blocks with fewer than R live replicas (a pipeline lost a node). */
  constructor(
    store: Metastore, log: EditLog, clock: Clock, ids: IdAllocator, blocks: BlockManager, tokens: BlockTokenKey, options: FileServiceOptions,
    underReplicated: (blockIds: string[]) => Promise<void>,
  ) {
    this.#underReplicated = underReplicated;
    this.#store = store;
    this.#log = log;
    this.#clock = clock;
    this.#ids = ids;
    this.#blocks = blocks;
    this.#tokens = tokens;
    this.#options = options;
    this.#reader = committedReader(store);
  }

  /**
   * Opens a session, or continues one the caller already holds for the same path. The first
   * blocks may come along (`first`): they are negotiated as `putBlocks` would, in the same call —
   * a small file's upload then needs one call before its bytes move, not two. Their PutBlocks
   * edit is submitted right behind the BeginUpload edit, so both usually share one group commit.
   * `declaredSize` (0: not declared, as for stdin) is the file's size as the client knows it: a
   * new revision of that size that would not fit in its owner's quota is refused here
   * (QUOTA_EXCEEDED), before a block is sent. The commit checks again, with the real size.
   */
  async beginUpload(
    caller: Caller, path: string, expectedRevision: number, resumeUploadId: string, first: { blocks: PlacedBlock[]; exclude: readonly string[] } = { blocks: [], exclude: [] },
    declaredSize = 0,
  ): Promise<{ upload: UploadRecord; blocksHeld: number; answers: BlockAnswer[] }> {
    if (!Number.isSafeInteger(declaredSize) || declaredSize < 0) throw new CairnError('INVALID_ARGUMENT', `bad declared size ${declaredSize}`);
    if (resumeUploadId !== '') return this.resumeUpload(caller, path, resumeUploadId, first);
    const names = parsePath(path);
    if (names.length === 0) throw new CairnError('IS_A_DIRECTORY', '/ is a folder');
    const negotiate = first.blocks.length > 0;
    if (negotiate) validateNegotiation(first.blocks, first.exclude);
    // A retried call goes on with the session its first attempt opened (its PutBlocks may not have been made).
    const uploadId = (await replayOf(this.#store, 'BeginUpload'))?.upload.uploadId ?? newUploadId();
    await Promise.all([warmPath(this.#reader, caller, names), negotiate ? this.#warmBlocks(caller, uploadId, first.blocks) : undefined]);
    const begun = this.#submitBegin(caller, names, path, expectedRevision, uploadId, undefined, declaredSize);
    const placed = negotiate ? this.#logPutBlocks(caller, uploadId, first.blocks) : undefined;
    placed?.catch(() => undefined); // refused when the begin was: the begin's error is the one to report
    const upload = await begun; // a retry racing its first attempt gets that attempt's session, of another id
    await placed;
    return { upload, blocksHeld: 0, answers: negotiate ? await this.#answers(caller, upload.uploadId, first.blocks, first.exclude) : [] };
  }

  /**
   * Continues one of the caller's own plain sessions of `path` — `uploadId`, or (empty) their
   * newest open one — as a new attempt: the lease is renewed and the attempt goes up by one, so
   * calls of the put that drove the session before are refused from now on (two puts never mix
   * their blocks in one list). The session keeps its blocks and its expected revision. `first`
   * is negotiated as in beginUpload, for the new attempt.
   */
  async resumeUpload(
    caller: Caller, path: string, uploadId: string, first: { blocks: PlacedBlock[]; exclude: readonly string[] } = { blocks: [], exclude: [] },
  ): Promise<{ upload: UploadRecord; blocksHeld: number; answers: BlockAnswer[] }> {
    const names = parsePath(path);
    if (names.length === 0) throw new CairnError('IS_A_DIRECTORY', '/ is a folder');
    const negotiate = first.blocks.length > 0;
    if (negotiate) validateNegotiation(first.blocks, first.exclude);
    const target = joinPath(names);
    const id = uploadId !== '' ? uploadId : await this.#newestSession(caller, target);
    let renewed: UploadRecord | undefined;
    await this.#log.submit(async (reader) => {
      const upload = plainSession(await this.ownUpload(caller, id, reader));
      // An admin may abort anyone's session, but only its owner continues it: the blocks are the owner's.
      if (upload.ownerId !== caller.userId) throw new CairnError('NO_SUCH_UPLOAD', `no open upload ${id} of yours`);
      if (upload.path !== target) throw new CairnError('INVALID_ARGUMENT', `upload ${id} is for ${upload.path}, not ${target}`);
      const at = this.#clock.now();
      renewed = { ...upload, leaseExpiresAt: at + this.#options.uploadLeaseMs, attempt: attemptOf(upload) + 1 };
      return { type: 'RenewUpload' as const, at, uploadId: id, leaseExpiresAt: renewed.leaseExpiresAt, attempt: attemptOf(renewed) };
    });
    // Unset when a retried call was answered (retry-cache.ts): the session as it is now.
    const upload = renewed ?? plainSession(await this.ownUpload(caller, id));
    const answers = negotiate ? await this.putBlocks(caller, id, first.blocks, first.exclude, attemptOf(upload)) : [];
    return { upload, blocksHeld: upload.heldBlocks ?? 0, answers };
  }

  /** The caller's newest open plain session of `path` (the last key of the path's range in `userUploads`). */
  async #newestSession(caller: Caller, path: string): Promise<string> {
    const prefix = Buffer.concat([u64(caller.userId), userUploadPathPrefix(path)]);
    const keys = await this.#store.sub.userUploads.keys({ gte: prefix, lt: prefixEnd(prefix), reverse: true, limit: resumeCandidatesMax }).all();
    const uploads = await this.#store.getMany('uploads', keys.map((key) => key.subarray(key.length - 8)));
    const now = this.#clock.now();
    const open = uploads.find((u) => u !== undefined && u.leaseExpiresAt >= now);
    if (open === undefined) throw new CairnError('NO_SUCH_UPLOAD', `no open upload of ${path} to resume`);
    return open.uploadId;
  }

  /**
   * A page of the caller's own open plain sessions, by path then creation; `pageToken` is the
   * previous page's `nextPageToken` (empty: from the start; empty in the reply: no more).
   */
  async listOpenUploads(caller: Caller, pageToken: string, limit: number): Promise<{ uploads: UploadRecord[]; nextPageToken: string }> {
    if (pageToken.length > pageTokenCharsMax || !/^(?:[0-9a-f]{2})*$/.test(pageToken)) throw new CairnError('INVALID_ARGUMENT', 'bad page token');
    const max = Math.min(Math.max(limit, 1), listPageMax);
    const owner = u64(caller.userId);
    const from = pageToken === '' ? { gte: owner } : { gt: Buffer.concat([owner, Buffer.from(pageToken, 'hex')]) };
    const keys = await this.#store.sub.userUploads.keys({ ...from, lt: prefixEnd(owner), limit: max + 1 }).all();
    const page = keys.slice(0, max);
    const records = await this.#store.getMany('uploads', page.map((key) => key.subarray(key.length - 8)));
    const now = this.#clock.now();
    const uploads = records.filter((u): u is UploadRecord => u !== undefined && u.leaseExpiresAt >= now);
    const lastKey = page.at(-1);
    return { uploads, nextPageToken: keys.length > max && lastKey !== undefined ? lastKey.subarray(owner.length).toString('hex') : '' };
  }

  /** A new S3 multipart upload of `path`, whose folder must exist and be writable (multipart-service.ts). */
  async openMultipart(caller: Caller, path: string, multipart: NonNullable<UploadRecord['multipart']>): Promise<UploadRecord> {
    const names = parsePath(path);
    if (names.length === 0) throw new CairnError('IS_A_DIRECTORY', '/ is a folder');
    await warmPath(this.#reader, caller, names);
    return this.#submitBegin(caller, names, path, -1, newUploadId(), multipart);
  }

  async #submitBegin(
    caller: Caller, names: string[], path: string, expectedRevision: number, uploadId: string, multipart?: UploadRecord['multipart'], declaredSize = 0,
  ): Promise<UploadRecord> {
    const edit = await this.#log.submit(async (reader) => {
      const { parent, existing, ownerId } = await this.destination(reader, caller, names, path, expectedRevision);
      if (declaredSize > 0) await checkQuota(reader, ownerId, declaredSize - (existing?.size ?? 0));
      const at = this.#clock.now();
      const upload: UploadRecord = {
        uploadId, ownerId: caller.userId, parentId: parent.id, name: last(names), path: joinPath(names),
        expectedRevision, createdAt: at, leaseExpiresAt: at + this.#options.uploadLeaseMs, ...(multipart ? { multipart } : {}),
      };
      return { type: 'BeginUpload' as const, at, upload };
    });
    return edit.upload;
  }

  /**
   * `exclude`: datanodes the client could not write to, left out of its new pipelines. `attempt`:
   * the caller's (from BeginUpload; 0 is not checked). A session in use keeps its lease: once
   * half of it has passed, the call renews it.
   */
  async putBlocks(caller: Caller, uploadId: string, blocks: PlacedBlock[], exclude: readonly string[] = [], attempt = 0): Promise<BlockAnswer[]> {
    validateNegotiation(blocks, exclude);
    // Write tokens only while the caller may still write there: a share taken back stops the upload.
    const session = await this.ownUpload(caller, uploadId);
    await this.destination(this.#reader, caller, parsePath(session.path), session.path, -1);
    await this.#warmBlocks(caller, uploadId, blocks);
    const upload = await this.#logPutBlocks(caller, uploadId, blocks, attempt);
    if (upload.leaseExpiresAt - this.#clock.now() < this.#options.uploadLeaseMs / 2) await this.#renewLease(caller, uploadId);
    return this.#answers(caller, uploadId, blocks, exclude);
  }

  /** Extends a session's lease by `uploadLeaseMs` from now, attempt unchanged; a session that ended meanwhile is left alone. */
  async #renewLease(caller: Caller, uploadId: string): Promise<void> {
    await this.#log.submit(async (reader) => {
      const upload = await this.ownUpload(caller, uploadId, reader);
      const at = this.#clock.now();
      return { type: 'RenewUpload' as const, at, uploadId, leaseExpiresAt: at + this.#options.uploadLeaseMs, attempt: attemptOf(upload) };
    }).catch((err: unknown) => {
      if (!(err instanceof CairnError && err.code === 'NO_SUCH_UPLOAD')) throw err;
    });
  }

  /**
   * Like warmPath, for a PutBlocks edit: what its apply reads (mostly absent, for new blocks) is
   * loaded into the record cache here, together with other callers' reads, rather than one key
   * after another in the single writer.
   */
  async #warmBlocks(caller: Caller, uploadId: string, blocks: PlacedBlock[]): Promise<void> {
    await Promise.all([
      this.#store.getMany('listEntries', blocks.map((b) => listEntryKey(uploadId, b.offset))),
      this.#store.getMany('blocks', blocks.map((b) => blockKey(b.id))),
      this.#store.getMany('userBlocks', blocks.map((b) => userBlockKey(caller.userId, b.id))),
    ]);
  }

  /** Resolves to the session as the edit's prepare step saw it. */
  async #logPutBlocks(caller: Caller, uploadId: string, blocks: PlacedBlock[], attempt = 0): Promise<UploadRecord> {
    const ids = blocks.map((b) => b.id);
    const deadline = this.#clock.now() + this.#options.commitWaitMs;
    for (;;) {
      await this.#awaitDeleted(ids, deadline);
      const deleting = new CairnError('UNAVAILABLE', 'blocks of this upload are being deleted by the garbage collector; try again shortly');
      let seen: UploadRecord | undefined;
      try {
        await this.#log.submit(async (reader) => {
          const upload = await this.ownUpload(caller, uploadId, reader);
          if (upload.multipart) throw new CairnError('INVALID_ARGUMENT', `upload ${uploadId} is multipart: its blocks go into its parts`);
          checkAttempt(upload, attempt);
          if ((await this.#deleting(ids, reader)).length > 0) throw deleting;
          seen = upload;
          return { type: 'PutBlocks' as const, at: this.#clock.now(), uploadId, blocks };
        });
        return seen ?? (await this.ownUpload(caller, uploadId)); // unset when a retried call was answered (retry-cache.ts)
      } catch (err) {
        // The collector started deleting one of them after we looked (its edit may not even be
        // durable yet, so the committed state still says live): give it time, then look again.
        if (err !== deleting || this.#clock.now() >= deadline) throw err;
        const forgotten = this.#reportOf(ids, Math.min(commitRecheckMs, Math.max(0, deadline - this.#clock.now())));
        await forgotten.wait;
        forgotten.cancel();
      }
    }
  }

  /**
   * A block the collector is deleting takes no new reference until its replicas are gone and its
   * record forgotten (`blocksForgotten`): a datanode that confirmed a new upload's copy could
   * otherwise still carry out the delete it was sent before. Rare — both grace periods passed and
   * the same content came back within the few seconds deletion takes.
   */
  async #awaitDeleted(blockIds: readonly string[], deadline: number): Promise<void> {
    let deleting = await this.#deleting(blockIds);
    while (deleting.length > 0 && this.#clock.now() < deadline) {
      const forgotten = this.#reportOf(deleting, Math.min(commitRecheckMs, deadline - this.#clock.now()));
      deleting = await this.#deleting(deleting);
      if (deleting.length > 0) await forgotten.wait;
      forgotten.cancel();
    }
  }

  async #deleting(blockIds: readonly string[], reader: TxReader = this.#reader): Promise<string[]> {
    const records = await reader.getMany('blocks', blockIds.map(blockKey));
    return blockIds.filter((_id, i) => records[i]?.state === 'deleting');
  }

  /** The collector forgot these blocks (their replicas are gone): uploads waiting to reference them go on. */
  blocksForgotten(blockIds: readonly string[]): void {
    this.blocksReported(blockIds);
  }

  /** Per block: `present` when the caller already holds it durably, else a pipeline and a write token. */
  async #answers(caller: Caller, uploadId: string, blocks: PlacedBlock[], exclude: readonly string[]): Promise<BlockAnswer[]> {
    const excluded = new Set(exclude);
    const expiresAt = this.#clock.now() + this.#options.blockTokenTtlMs;
    return Promise.all(blocks.map(async (block): Promise<BlockAnswer> => {
      if (await this.#held(caller.userId, block.id)) return { id: block.id, present: true, pipeline: [], token: '' };
      const pipeline = this.#blocks.choosePipeline(this.#options.replicationFactor, { exclude: excluded, blockId: block.id });
      if (pipeline.length < this.#options.minReplicasToCommit) {
        throw new CairnError('NOT_ENOUGH_REPLICAS', `${pipeline.length} datanodes can take writes; ${this.#options.minReplicasToCommit} are needed`);
      }
      return { id: block.id, present: false, pipeline, token: this.#tokens.issue('write', block.id, expiresAt, uploadId) };
    }));
  }

  /** Called when datanodes report bytes they verified for a session: the owner now holds them. */
  async proveBlocks(uploadId: string, blockIds: string[]): Promise<void> {
    if (!uploadIdPattern.test(uploadId)) return;
    const upload = await this.#store.get('uploads', listKey(uploadId));
    if (!upload) return;
    const unproven: string[] = [];
    for (const id of blockIds) {
      const scoped = await this.#store.get('userBlocks', userBlockKey(upload.ownerId, id));
      if (scoped && !scoped.proven) unproven.push(id);
    }
    if (unproven.length > 0) await this.#log.submit(async () => ({ type: 'ProveBlocks' as const, at: this.#clock.now(), userId: upload.ownerId, blockIds: unproven }));
  }

  /** Datanodes reported these blocks (their proofs, if any, are durable): commits waiting for them look again. */
  blocksReported(blockIds: readonly string[]): void {
    if (this.#waiters.size === 0) return;
    for (const id of blockIds) {
      const wakers = this.#waiters.get(id);
      if (wakers === undefined) continue;
      this.#waiters.delete(id);
      for (const wake of wakers) wake();
    }
  }

  /** `attempt` as for putBlocks: a commit of a put whose session was resumed since is refused. */
  async commitUpload(
    caller: Caller, uploadId: string, blockCount: number, size: number, md5: string, meta: Record<string, string> = {}, attempt = 0,
  ): Promise<{ inode: InodeRecord; path: string }> {
    if (!md5Pattern.test(md5)) throw new CairnError('INVALID_ARGUMENT', 'md5 must be 32 lowercase hex digits');
    validateMeta(meta);
    // A retry of a commit that was applied finds its session closed: it is answered from the edit.
    const earlier = await replayOf(this.#store, 'CommitUpload');
    if (earlier !== undefined) return { inode: await fileAfter(this.#store, earlier), path: await pathOf(this.#reader, earlier.inodeId) };
    const upload = plainSession(await this.ownUpload(caller, uploadId));
    checkAttempt(upload, attempt);
    await this.verifyList(caller, uploadId, blockCount, size, attemptOf(upload) > 1 ? { attempt: attemptOf(upload) } : undefined);
    const names = parsePath(upload.path);
    await warmPath(this.#reader, caller, names);
    const edit = await this.#log.submit(async (reader) => {
      checkAttempt(await this.ownUpload(caller, uploadId, reader), attempt);
      const { parent, existing, replaces, ownerId } = await this.destination(reader, caller, names, upload.path, upload.expectedRevision);
      if (parent.id !== upload.parentId) throw new CairnError('NOT_FOUND', `the folder of ${upload.path} moved or was deleted during the upload`);
      await checkQuota(reader, ownerId, size - (existing?.size ?? 0));
      const at = this.#clock.now();
      const revision: RevisionRecord = {
        number: nextRevision(existing), listId: uploadId, blockCount, size, md5, createdAt: at, authorId: caller.userId,
        ...(Object.keys(meta).length > 0 ? { meta } : {}),
      };
      return { type: 'CommitUpload' as const, at, uploadId, inodeId: existing?.id ?? this.#ids.nextInodeId(), create: existing === undefined, ownerId, revision, replaces };
    });
    const inode = await fileAfter(this.#store, edit);
    return { inode, path: upload.path };
  }

  /** Ends a session — its owner's, or anyone's for an admin — releasing its blocks; `attempt` as for putBlocks. */
  async abortUpload(caller: Caller, uploadId: string, attempt = 0): Promise<void> {
    await this.#log.submit(async (reader) => {
      checkAttempt(await this.ownUpload(caller, uploadId, reader), attempt);
      return { type: 'AbortUpload' as const, at: this.#clock.now(), uploadId };
    });
  }

  /** Aborts an upload whose lease has passed (the reaper's call); false when it is gone or was renewed. */
  async expireUpload(uploadId: string): Promise<boolean> {
    try {
      await this.#log.submit(async (reader) => {
        const upload = await reader.get('uploads', listKey(uploadId));
        if (upload === undefined || upload.leaseExpiresAt >= this.#clock.now()) throw new CairnError('NO_SUCH_UPLOAD', `upload ${uploadId} is not expired`);
        return { type: 'AbortUpload' as const, at: this.#clock.now(), uploadId };
      });
      return true;
    } catch (err) {
      if (err instanceof CairnError && err.code === 'NO_SUCH_UPLOAD') return false;
      throw err;
    }
  }

  async revisions(caller: Caller, path: string): Promise<RevisionRecord[]> {
    const inode = await this.#file(caller, path);
    const prefix = u64(inode.id);
    return this.#store.sub.revisions.values({ gte: prefix, lt: prefixEnd(prefix), reverse: true }).all();
  }

  /** Makes revision `number` the newest again, as a new revision sharing its blocks. */
  async restore(caller: Caller, path: string, number: number): Promise<{ inode: InodeRecord; path: string }> {
    const names = parsePath(path);
    const edit = await this.#log.submit(async (reader) => {
      const chain = await resolveExisting(reader, caller, names, path);
      const inode = last(chain);
      if (inode.type !== 'file') throw new CairnError('IS_A_DIRECTORY', `${path} is a folder`);
      assertAccess(caller, chain, path, 'editor');
      const old = await reader.get('revisions', revisionKey(inode.id, number));
      if (!old) throw new CairnError('NO_SUCH_REVISION', `${path} has no revision ${number}`);
      await checkQuota(reader, inode.ownerId, old.size - inode.size);
      const at = this.#clock.now();
      return { type: 'Restore' as const, at, inodeId: inode.id, revision: { ...old, number: nextRevision(inode), createdAt: at, authorId: caller.userId } };
    });
    const inode = await fileAfter(this.#store, edit);
    return { inode, path: joinPath(names) };
  }

  /**
   * Deletes revision `number` of `path` for good (S3's DeleteObject with a versionId) and
   * releases its blocks. Purging the newest makes the one before it the newest; purging the only
   * one removes the file. Revision numbers are not reused.
   */
  async purgeRevision(caller: Caller, path: string, number: number): Promise<void> {
    const names = parsePath(path);
    await this.#log.submit(async (reader) => {
      const chain = await resolveExisting(reader, caller, names, path);
      const inode = last(chain);
      if (inode.type !== 'file') throw new CairnError('IS_A_DIRECTORY', `${path} is a folder`);
      assertAccess(caller, chain, path, 'editor');
      if (!(await reader.get('revisions', revisionKey(inode.id, number)))) throw new CairnError('NO_SUCH_REVISION', `${path} has no revision ${number}`);
      const newest = number === inode.revision ? await this.#newestBelow(reader, inode.id, number) : inode.revision;
      if (newest === 0) assertMayRemove(caller, chain, path); // the file goes with its last revision
      return { type: 'PurgeRevision' as const, at: this.#clock.now(), inodeId: inode.id, number, newest };
    });
  }

  /** The newest revision of a file numbered below `number`, as `reader` sees them; 0 when none. */
  async #newestBelow(reader: TxReader, inodeId: number, number: number): Promise<number> {
    const prefix = u64(inodeId);
    for await (const key of this.#store.sub.revisions.keys({ gte: prefix, lt: revisionKey(inodeId, number), reverse: true })) {
      const older = key.readUInt32BE(8);
      if (await reader.get('revisions', revisionKey(inodeId, older))) return older;
    }
    return 0;
  }

  /**
   * Makes revision `srcRevision` (0: the newest) of `src` a new revision of `dst` — created if
   * missing, in an existing folder — sharing its block list: O(1) whatever the size, no bytes
   * move. `meta` replaces the source's metadata when given. `expectedRevision` as for uploads.
   */
  async copyFile(
    caller: Caller, src: string, srcRevision: number, dst: string, expectedRevision: number, meta: Record<string, string> | undefined,
  ): Promise<{ inode: InodeRecord; path: string }> {
    if (meta !== undefined) validateMeta(meta);
    const srcNames = parsePath(src);
    const names = parsePath(dst);
    await Promise.all([warmPath(this.#reader, caller, srcNames), warmPath(this.#reader, caller, names)]);
    // The source is looked up in the prepare step: a retried copy, answered from the cache, must not fail on a source gone since.
    const edit = await this.#log.submit(async (reader) => {
      const source = last(await resolveExisting(reader, caller, srcNames, src));
      if (source.type !== 'file') throw new CairnError('IS_A_DIRECTORY', `${src} is a folder`);
      const number = srcRevision === 0 ? source.revision : srcRevision;
      const old = await reader.get('revisions', revisionKey(source.id, number));
      if (!old) throw new CairnError('NO_SUCH_REVISION', number === 0 ? `${src} has no content yet` : `${src} has no revision ${number}`);
      const { parent, existing, replaces, ownerId } = await this.destination(reader, caller, names, dst, expectedRevision);
      await checkQuota(reader, ownerId, old.size - (existing?.size ?? 0));
      const at = this.#clock.now();
      const { meta: sourceMeta, ...content } = old;
      const kept = meta ?? sourceMeta;
      const revision: RevisionRecord = { ...content, number: nextRevision(existing), createdAt: at, authorId: caller.userId, ...(kept && Object.keys(kept).length > 0 ? { meta: kept } : {}) };
      return { type: 'CopyFile' as const, at, inodeId: existing?.id ?? this.#ids.nextInodeId(), create: existing === undefined, parentId: parent.id, name: last(names), ownerId, revision, replaces };
    });
    const inode = await fileAfter(this.#store, edit);
    return { inode, path: joinPath(names) };
  }

  /** One page of a revision's blocks from the block holding `fromOffset`, with locations and read tokens. */
  async getFile(caller: Caller, path: string, number: number, fromOffset: number, maxBlocks: number): Promise<FileRead> {
    const inode = await this.#file(caller, path);
    const revision = await this.#store.get('revisions', revisionKey(inode.id, number === 0 ? inode.revision : number));
    if (!revision) throw new CairnError('NO_SUCH_REVISION', number === 0 ? `${path} has no content yet` : `${path} has no revision ${number}`);
    const pageMax = Math.min(Math.max(maxBlocks, 1), getFileBlocksPageMax);
    const expiresAt = this.#clock.now() + this.#options.blockTokenTtlMs;
    const blocks: LocatedBlock[] = [];
    let truncated = false;
    for await (const [key, [id, size]] of this.#entries(revision, fromOffset, pageMax + 1)) {
      if (blocks.length === pageMax) {
        truncated = true;
        break;
      }
      const locations = await this.#blocks.liveLocations(id);
      blocks.push({ id, size, offset: Number(key.readBigUInt64BE(8)), locations, token: this.#tokens.issue('read', id, expiresAt) });
    }
    return { inode, path: joinPath(parsePath(path)), revision, blocks, truncated };
  }

  /**
   * Up to `limit` entries of a revision's list from the block holding `fromOffset`. A one-block
   * revision (every small object) has its only entry at offset 0: one cached point read instead
   * of two LevelDB range reads.
   */
  async *#entries(revision: RevisionRecord, fromOffset: number, limit: number): AsyncGenerator<[Buffer, ListEntry]> {
    if (revision.blockCount === 1) {
      const key = listEntryKey(revision.listId, 0);
      const entry = await this.#store.get('listEntries', key);
      if (entry !== undefined) {
        yield [key, entry];
        return;
      }
    }
    const start = await this.#firstEntryKey(revision.listId, fromOffset);
    yield* this.#store.sub.listEntries.iterator({ gte: start, lt: prefixEnd(listKey(revision.listId)), limit });
  }

  async #firstEntryKey(listId: string, fromOffset: number): Promise<Buffer> {
    if (fromOffset <= 0) return listKey(listId);
    const keys = await this.#store.sub.listEntries.keys({ gte: listKey(listId), lte: listEntryKey(listId, fromOffset), reverse: true, limit: 1 }).all();
    return keys[0] ?? listKey(listId);
  }

  /**
   * Every block contiguous from 0, held by the caller, and durable on enough live replicas. Blocks
   * with fewer than R replicas are handed to the replication monitor. A `resumed` session may
   * also hold entries of the file as an earlier attempt read it: every block of the file at its
   * offset was negotiated again (and so replaced) by the current attempt, so the chain from 0 is
   * the current file, and the entries off that chain — overlapped by it, or past `size` — are
   * the old file's. They are trimmed (once the rest checked out), so the commit holds exactly the
   * new content, never a mix.
   */
  async verifyList(caller: Caller, uploadId: string, blockCount: number, size: number, resumed?: { attempt: number }): Promise<void> {
    let end = 0;
    let count = 0;
    let stale = 0;
    let waiting: string[] = [];
    const short: string[] = [];
    const check = async (id: string): Promise<boolean> => {
      const live = await this.#provenReplicas(caller.userId, id);
      if (live >= this.#options.minReplicasToCommit && live < this.#options.replicationFactor) short.push(id);
      return live >= this.#options.minReplicasToCommit;
    };
    for await (const entry of this.#walkList(uploadId, size, resumed !== undefined)) {
      if (entry.stale) {
        stale += 1;
        continue;
      }
      end = entry.offset + entry.size;
      count += 1;
      if (!(await check(entry.id))) waiting.push(entry.id);
    }
    if (count !== blockCount || end !== size) {
      throw new CairnError('UPLOAD_INCOMPLETE', `upload ${uploadId} holds ${count} blocks / ${end} bytes, commit names ${blockCount} / ${size}`);
    }
    if (stale > 0 && resumed !== undefined) await this.#trimStale(caller, uploadId, size, resumed.attempt);
    const deadline = this.#clock.now() + this.#options.commitWaitMs;
    while (waiting.length > 0) {
      if (this.#clock.now() >= deadline) {
        throw new CairnError('NOT_ENOUGH_REPLICAS', `${waiting.length} blocks lack ${this.#options.minReplicasToCommit} verified replicas`, { blockIds: waiting.slice(0, 10) });
      }
      // Listening before looking again: a report that lands while we look still wakes us.
      const reported = this.#reportOf(waiting, Math.min(commitRecheckMs, deadline - this.#clock.now()));
      const still: string[] = [];
      for (const id of waiting) if (!(await check(id))) still.push(id);
      waiting = still;
      if (waiting.length > 0) await reported.wait;
      reported.cancel();
    }
    await this.#underReplicated(short);
  }

  /** A session's list in offset order; off-chain entries are `stale` when allowed, else a gap is UPLOAD_INCOMPLETE. */
  async *#walkList(uploadId: string, size: number, allowStale: boolean): AsyncGenerator<WalkedEntry> {
    const prefix = listKey(uploadId);
    let expected = 0;
    for await (const [key, [id, blockSize]] of this.#store.sub.listEntries.iterator({ gte: prefix, lt: prefixEnd(prefix) })) {
      const offset = readU64(key, prefix.length);
      if (allowStale && (offset < expected || offset >= size)) {
        yield { offset, id, size: blockSize, stale: true };
        continue;
      }
      if (offset !== expected) throw new CairnError('UPLOAD_INCOMPLETE', `upload ${uploadId} has a gap at byte ${expected}`);
      expected += blockSize;
      yield { offset, id, size: blockSize, stale: false };
    }
  }

  /** Drops a resumed session's stale entries (see verifyList), in edits of at most `trimBatchMax`, each of the same attempt. */
  async #trimStale(caller: Caller, uploadId: string, size: number, attempt: number): Promise<void> {
    const trim = (offsets: number[]) => this.#log.submit(async (reader) => {
      checkAttempt(await this.ownUpload(caller, uploadId, reader), attempt);
      return { type: 'TrimUpload' as const, at: this.#clock.now(), uploadId, offsets };
    });
    let batch: number[] = [];
    for await (const entry of this.#walkList(uploadId, size, true)) {
      if (!entry.stale) continue;
      batch.push(entry.offset);
      if (batch.length === trimBatchMax) {
        await trim(batch);
        batch = [];
      }
    }
    if (batch.length > 0) await trim(batch);
  }

  /** Resolves `wait` when a report names one of `blockIds`, or after `timeoutMs`; `cancel` stops listening. */
  #reportOf(blockIds: readonly string[], timeoutMs: number): { wait: Promise<void>; cancel(): void } {
    let wake = () => undefined as void;
    const wait = new Promise<void>((resolve) => (wake = resolve));
    const timer = setTimeout(wake, timeoutMs);
    for (const id of blockIds) {
      const wakers = this.#waiters.get(id);
      if (wakers === undefined) this.#waiters.set(id, new Set([wake]));
      else wakers.add(wake);
    }
    const cancel = () => {
      clearTimeout(timer);
      for (const id of blockIds) {
        const wakers = this.#waiters.get(id);
        wakers?.delete(wake);
        if (wakers?.size === 0) this.#waiters.delete(id);
      }
    };
    return { wait, cancel };
  }

  /** The caller proved possession and the block is durable on enough live datanodes. */
  async #held(userId: number, blockId: string): Promise<boolean> {
    return (await this.#provenReplicas(userId, blockId)) >= this.#options.minReplicasToCommit;
  }

  /** Live replicas of a block the caller proved possession of; -1 when they have not. */
  async #provenReplicas(userId: number, blockId: string): Promise<number> {
    const scoped = await this.#store.get('userBlocks', userBlockKey(userId, blockId));
    return scoped?.proven === true ? this.#blocks.liveReplicaCount(blockId) : -1;
  }

  async ownUpload(caller: Caller, uploadId: string, reader: TxReader = this.#reader): Promise<UploadRecord> {
    const upload = uploadIdPattern.test(uploadId) ? await reader.get('uploads', listKey(uploadId)) : undefined;
    if (!upload || (upload.ownerId !== caller.userId && !caller.admin)) throw new CairnError('NO_SUCH_UPLOAD', `no open upload ${uploadId}`);
    if (upload.leaseExpiresAt < this.#clock.now()) throw new CairnError('NO_SUCH_UPLOAD', `upload ${uploadId} expired`);
    return upload;
  }

  /**
   * Where a new revision of `path` goes: its folder and the file there now, if any, at the
   * expected revision. The caller needs `editor` on the file, or on the folder for a new one. A
   * new file belongs to its folder's owner, so a shared tree stays its owner's (and counts in
   * their quota) whoever writes in it. An implicit folder there that holds no file (every S3
   * key below it was deleted) gives way to a new file: `replaces` names it and its implicit
   * subfolders, removed in the edit that creates the file.
   */
  async destination(reader: TxReader, caller: Caller, names: string[], path: string, expectedRevision: number): Promise<Destination> {
    if (names.length === 0) throw new CairnError('IS_A_DIRECTORY', '/ is a folder');
    const { chain, missing } = await resolvePrefix(reader, caller, names);
    if (missing.length > 1) throw new CairnError('NOT_FOUND', `parent folder does not exist: ${path}`);
    const found = missing.length === 0 ? last(chain) : undefined;
    const parentChain = found === undefined ? chain : chain.slice(0, -1);
    const parent = last(parentChain);
    if (parent.type !== 'dir') throw new CairnError('NOT_A_DIRECTORY', `parent is a file: ${path}`);
    let existing: InodeRecord | undefined;
    let replaces: number[] = [];
    if (found?.type === 'dir') {
      assertAccess(caller, chain, path, 'editor');
      replaces = (found.implicit === true ? await emptyImplicitTree(reader, found) : undefined) ?? [];
      if (replaces.length === 0) throw new CairnError('IS_A_DIRECTORY', `${path} is a folder`);
    } else if (found !== undefined) {
      assertAccess(caller, chain, path, 'editor');
      existing = found;
    } else {
      assertAccess(caller, parentChain, path, 'editor');
    }
    checkExpectedRevision(existing, expectedRevision, path);
    return { parent, existing, replaces, ownerId: existing?.ownerId ?? (await newItemOwner(reader, parentChain)) };
  }

  async #file(caller: Caller, path: string): Promise<InodeRecord> {
    const inode = last(await resolveExisting(this.#reader, caller, parsePath(path), path));
    if (inode.type !== 'file') throw new CairnError('IS_A_DIRECTORY', `${path} is a folder`);
    return inode;
  }
}

export interface Destination {
  parent: InodeRecord;
  existing: InodeRecord | undefined;
  /** Whose the revision is (whose quota it counts in): the file's owner, or its folder's for a new file. */
  ownerId: number;
  /** Empty implicit folders the new file replaces (ids); usually none. */
  replaces: number[];
}

/** Folders an empty implicit tree may hold before it counts as in use: replacing it stays a small edit. */
const replaceableFoldersMax = 64;

/** `root` and every folder below it, if all are implicit and none holds a file; else undefined. */
async function emptyImplicitTree(reader: TxReader, root: InodeRecord): Promise<number[] | undefined> {
  const ids = [root.id];
  for (let i = 0; i < ids.length; i++) {
    const keys = await reader.keys('children', u64(ids[i] ?? 0), replaceableFoldersMax + 1);
    for (const key of keys) {
      if (childName(key).type === 'file' || ids.length >= replaceableFoldersMax) return undefined;
      const id = await reader.get('children', key);
      const folder = id === undefined ? undefined : await reader.get('inodes', u64(id));
      if (folder === undefined || folder.implicit !== true) return undefined;
      ids.push(folder.id);
    }
  }
  return ids;
}

/** Multipart uploads and their parts have calls of their own (multipart-service.ts). */
function plainSession(upload: UploadRecord): UploadRecord {
  if (upload.multipart) throw new CairnError('INVALID_ARGUMENT', `upload ${upload.uploadId} is multipart: complete it with CompleteMultipart`);
  if (upload.part) throw new CairnError('INVALID_ARGUMENT', `upload ${upload.uploadId} is part ${upload.part.number} of ${upload.part.of}: commit it with CommitPart`);
  return upload;
}

/** Calls of a put whose session was resumed since (an older attempt) are refused; 0 is not checked. */
function checkAttempt(upload: UploadRecord, attempt: number): void {
  if (attempt !== 0 && attempt !== attemptOf(upload)) {
    throw new CairnError('NO_SUCH_UPLOAD', `upload ${upload.uploadId} was resumed by another put (attempt ${attemptOf(upload)}, not ${attempt})`);
  }
}

/** The number of a file's next revision: numbers are never reused, even after the newest was purged. */
export function nextRevision(file: InodeRecord | undefined): number {
  return Math.max(file?.revision ?? 0, file?.revisionsMade ?? 0) + 1;
}

function checkExpectedRevision(existing: InodeRecord | undefined, expected: number, path: string): void {
  if (expected < 0) return;
  const current = existing?.revision ?? 0;
  if (current !== expected) throw new CairnError('REVISION_CONFLICT', `${path} is at revision ${current}, not ${expected}`, { current });
}

/**
 * A new revision growing its owner's usage by `delta` bytes must fit in their quota (usage: the
 * current revisions of the files they own, trash included). Read in the edit's prepare step, so a
 * quota set a moment ago already holds.
 */
export async function checkQuota(reader: TxReader, ownerId: number, delta: number): Promise<void> {
  if (delta <= 0) return;
  const owner = await reader.get('users', u64(ownerId));
  if (owner && owner.usedBytes + delta > owner.quotaBytes) {
    throw new CairnError('QUOTA_EXCEEDED', `quota of ${owner.name} exceeded: ${owner.usedBytes} + ${delta} > ${owner.quotaBytes} bytes`);
  }
}

function validateNegotiation(blocks: PlacedBlock[], exclude: readonly string[]): void {
  validateBlocks(blocks);
  if (exclude.length > pipelineExcludeMax) throw new CairnError('TOO_LARGE', `PutBlocks excludes ${exclude.length} datanodes; at most ${pipelineExcludeMax}`);
}

function validateBlocks(blocks: PlacedBlock[]): void {
  if (blocks.length === 0) throw new CairnError('INVALID_ARGUMENT', 'PutBlocks names no blocks');
  if (blocks.length > putBlocksBatchMax) throw new CairnError('TOO_LARGE', `PutBlocks names ${blocks.length} blocks; at most ${putBlocksBatchMax}`);
  for (const block of blocks) {
    if (!isBlockId(block.id)) throw new CairnError('INVALID_ARGUMENT', `not a block id: ${JSON.stringify(String(block.id).slice(0, 80))}`);
    if (!Number.isSafeInteger(block.size) || block.size < 1 || block.size > blockBytesMax) throw new CairnError('INVALID_ARGUMENT', `block size ${block.size} outside 1…${blockBytesMax}`);
    if (!Number.isSafeInteger(block.offset) || block.offset < 0) throw new CairnError('INVALID_ARGUMENT', `bad block offset ${block.offset}`);
  }
}

/**
 * The file as `edit` left it, for the caller's reply. Read back once the edit is applied, the
 * inode may already show a later edit of the same file (concurrent writers' commits apply one
 * after the other): the revision, size and block count reported are the ones this edit made.
 */
export async function fileAfter(store: Metastore, edit: { inodeId: number; at: number; revision: RevisionRecord }): Promise<InodeRecord> {
  const inode = await store.get('inodes', u64(edit.inodeId));
  if (!inode) throw new Error(`assertion failed: inode ${edit.inodeId}, just given a revision, exists`);
  const { number, size, blockCount } = edit.revision;
  return { ...inode, revision: number, size, blockCount, modifiedAt: edit.at };
}

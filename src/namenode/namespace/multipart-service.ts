// S3 multipart uploads (DESIGN §8). A multipart upload is an upload record for the object; each
// part is an upload session of its own, which builds its block list as any upload does (so a
// part is as durable and as deduplicated as a file). Committing a part keeps its list as the
// part — a later upload of the same number replaces it — and completing moves the named parts'
// list entries into the upload's own list, which becomes the object's revision: no byte moves.
// Only the upload's owner adds parts or completes it (the parts' references are theirs); the
// owner or an admin may abort it (FileService.abortUpload), which releases every part.
import type { Clock } from '../../common/clock.js';
import { CairnError } from '../../common/errors.js';
import { newUploadId } from '../../common/ids.js';
import { joinPath, parsePath } from '../../common/paths.js';
import type { EditLog } from '../journal/edit-log.js';
import { committedReader, type TxReader } from '../journal/tx.js';
import { replayOf } from '../journal/retry-cache.js';
import { listKey, partKey, prefixEnd, uploadPathKey } from '../metastore/keys.js';
import type { Metastore } from '../metastore/metastore.js';
import type { InodeRecord, PartRecord, RevisionRecord, UploadRecord } from '../metastore/records.js';
import { checkQuota, fileAfter, md5Pattern, nextRevision, validateMeta, type FileService } from './file-service.js';
import type { IdAllocator } from './namespace-service.js';
import { warmPath, type Caller } from './resolve.js';

/** S3's bounds on part numbers. */
export const partNumberMax = 10_000;
const listPageMax = 1000;
const uploadIdPattern = /^[0-9a-f]{16}$/;

export interface CompletedPart {
  number: number;
  md5: string;
}

export class MultipartService {
  readonly #store: Metastore;
  readonly #log: EditLog;
  readonly #clock: Clock;
  readonly #ids: IdAllocator;
  readonly #files: FileService;
  readonly #leaseMs: number;
  readonly #reader: TxReader;

  constructor(store: Metastore, log: EditLog, clock: Clock, ids: IdAllocator, files: FileService, leaseMs: number) {
    this.#store = store;
    this.#log = log;
    this.#clock = clock;
    this.#ids = ids;
    this.#files = files;
    this.#leaseMs = leaseMs;
    this.#reader = committedReader(store);
  }

  /** A new multipart upload of `path` (its folder must exist and be writable); `meta` is kept with it until completion. */
  async create(caller: Caller, path: string, meta: Record<string, string>): Promise<UploadRecord> {
    validateMeta(meta);
    return this.#files.openMultipart(caller, path, { meta });
  }

  /** A session for part `number`; it renews the upload's lease. */
  async beginPart(caller: Caller, uploadId: string, path: string, number: number): Promise<UploadRecord> {
    if (!Number.isInteger(number) || number < 1 || number > partNumberMax) {
      throw new CairnError('INVALID_ARGUMENT', `part number ${number} outside 1…${partNumberMax}`);
    }
    const edit = await this.#log.submit(async (reader) => {
      const multipart = await this.#ownMultipart(caller, uploadId, path, reader);
      const at = this.#clock.now();
      const upload: UploadRecord = {
        uploadId: newUploadId(), ownerId: multipart.ownerId, parentId: multipart.parentId, name: multipart.name, path: multipart.path,
        expectedRevision: -1, createdAt: at, leaseExpiresAt: at + this.#leaseMs, part: { of: uploadId, number },
      };
      return { type: 'BeginUpload' as const, at, upload };
    });
    return edit.upload;
  }

  /** Ends a part's session: its blocks must be durable as for a commit; the list becomes part `number`. */
  async commitPart(caller: Caller, sessionId: string, blockCount: number, size: number, md5: string, meta: Record<string, string>): Promise<PartRecord> {
    if (!md5Pattern.test(md5)) throw new CairnError('INVALID_ARGUMENT', 'md5 must be 32 lowercase hex digits');
    validateMeta(meta);
    // A retry of a commit that was applied finds its session closed: it is answered from the edit.
    const earlier = await replayOf(this.#store, 'CommitPart');
    if (earlier !== undefined) return earlier.part;
    const session = await this.#files.ownUpload(caller, sessionId);
    const of = session.part;
    if (of === undefined) throw new CairnError('INVALID_ARGUMENT', `upload ${sessionId} is not a part: commit it with CommitUpload`);
    await this.#files.verifyList(caller, sessionId, blockCount, size);
    const edit = await this.#log.submit(async (reader) => {
      await this.#files.ownUpload(caller, sessionId, reader);
      await this.#ownMultipart(caller, of.of, session.path, reader);
      const at = this.#clock.now();
      const part: PartRecord = {
        number: of.number, listId: sessionId, size, md5, blockCount, createdAt: at, ...(Object.keys(meta).length > 0 ? { meta } : {}),
      };
      return { type: 'CommitPart' as const, at, uploadId: sessionId, multipartId: of.of, part, leaseExpiresAt: at + this.#leaseMs };
    });
    return edit.part;
  }

  /** The upload and a page of its committed parts after part `afterPart`, by number. */
  async listParts(caller: Caller, uploadId: string, path: string, afterPart: number, limit: number): Promise<{ upload: UploadRecord; parts: PartRecord[]; truncated: boolean }> {
    const upload = await this.#multipart(caller, uploadId, path);
    const max = pageSize(limit);
    const parts = await this.#store.sub.parts.values({ gt: partKey(uploadId, afterPart), lt: prefixEnd(listKey(uploadId)), limit: max + 1 }).all();
    return { upload, parts: parts.slice(0, max), truncated: parts.length > max };
  }

  /**
   * The caller's multipart uploads (an admin's: everyone's) whose path starts with `prefix`, by
   * path then creation; resuming after `afterPath`'s uploads, after one of them (`afterUploadId`),
   * or with `skipPrefix` after every path that starts with `afterPath` (S3's common prefixes).
   */
  async listUploads(
    caller: Caller, prefix: string, after: { path: string; uploadId: string; skipPrefix: boolean }, limit: number,
  ): Promise<{ uploads: UploadRecord[]; truncated: boolean }> {
    const max = pageSize(limit);
    const start = Buffer.from(prefix, 'utf8');
    const from = await this.#resumeKey(after);
    const range = {
      ...(from !== undefined && Buffer.compare(from, start) >= 0 ? { gt: from } : { gte: start }),
      ...(start.length > 0 ? { lt: prefixEnd(start) } : {}),
    };
    const ids: string[] = [];
    for await (const [key, ownerId] of this.#store.sub.uploadPaths.iterator(range)) {
      if (ownerId !== caller.userId && !caller.admin) continue;
      ids.push(key.subarray(key.length - 8).toString('hex'));
      if (ids.length > max) break;
    }
    const uploads = await this.#store.getMany('uploads', ids.slice(0, max).map(listKey));
    return { uploads: uploads.filter((u): u is UploadRecord => u !== undefined), truncated: ids.length > max };
  }

  async #resumeKey(after: { path: string; uploadId: string; skipPrefix: boolean }): Promise<Buffer | undefined> {
    if (after.path === '') return undefined;
    const path = Buffer.from(after.path, 'utf8');
    // 0xff never occurs in UTF-8: past every path that starts with `after.path`.
    if (after.skipPrefix) return Buffer.concat([path, Buffer.from([0xff])]);
    if (uploadIdPattern.test(after.uploadId)) {
      const upload = await this.#store.get('uploads', listKey(after.uploadId));
      if (upload?.multipart && upload.path === after.path) return uploadPathKey(upload.path, upload.createdAt, upload.uploadId);
    }
    return Buffer.concat([path, Buffer.from([1])]); // past the NUL that follows the path in its own keys
  }

  /**
   * Makes the named parts, in ascending order, the newest revision of the upload's path. Each must
   * be committed with the given MD5 (`INVALID_PART` otherwise, and nothing changes); parts not
   * named are released. The revision keeps `meta` as given and has no whole-content MD5.
   */
  async complete(
    caller: Caller, uploadId: string, path: string, parts: CompletedPart[], meta: Record<string, string>, expectedRevision: number,
  ): Promise<{ inode: InodeRecord; path: string }> {
    validateMeta(meta);
    validateCompletedParts(parts);
    // A retry of a completion that was applied finds the upload closed: it is answered from the edit.
    const earlier = await replayOf(this.#store, 'CompleteMultipart');
    if (earlier !== undefined) return { inode: await fileAfter(this.#store, earlier), path: joinPath(parsePath(path)) };
    const upload = await this.#ownMultipart(caller, uploadId, path);
    const names = parsePath(upload.path);
    await warmPath(this.#reader, caller, names);
    const edit = await this.#log.submit(async (reader) => {
      await this.#ownMultipart(caller, uploadId, path, reader);
      const records = await reader.getMany('parts', parts.map((p) => partKey(uploadId, p.number)));
      let size = 0;
      let blockCount = 0;
      for (const [i, part] of parts.entries()) {
        const record = records[i];
        if (record === undefined || record.md5 !== part.md5) {
          throw new CairnError('INVALID_PART', `part ${part.number} of upload ${uploadId} ${record === undefined ? 'was not uploaded' : 'has another ETag'}`, { partNumber: part.number });
        }
        size += record.size;
        blockCount += record.blockCount;
      }
      const { parent, existing, replaces, ownerId } = await this.#files.destination(reader, caller, names, upload.path, expectedRevision);
      if (parent.id !== upload.parentId) throw new CairnError('NOT_FOUND', `the folder of ${upload.path} moved or was deleted during the upload`);
      await checkQuota(reader, ownerId, size - (existing?.size ?? 0));
      const at = this.#clock.now();
      const revision: RevisionRecord = {
        number: nextRevision(existing), listId: uploadId, blockCount, size, md5: '', createdAt: at, authorId: caller.userId,
        ...(Object.keys(meta).length > 0 ? { meta } : {}),
      };
      return {
        type: 'CompleteMultipart' as const, at, uploadId, inodeId: existing?.id ?? this.#ids.nextInodeId(), create: existing === undefined, ownerId,
        partNumbers: parts.map((p) => p.number), revision, replaces,
      };
    });
    const inode = await fileAfter(this.#store, edit);
    return { inode, path: upload.path };
  }

  /** Multipart upload `uploadId` of `path`, open and the caller's (or an admin's to see). */
  async #multipart(caller: Caller, uploadId: string, path: string, reader: TxReader = this.#reader): Promise<UploadRecord> {
    const upload = await this.#files.ownUpload(caller, uploadId, reader);
    if (!upload.multipart || upload.path !== joinPath(parsePath(path))) throw new CairnError('NO_SUCH_UPLOAD', `no multipart upload ${uploadId} of ${path}`);
    return upload;
  }

  /** As #multipart, for changes only its owner may make. */
  async #ownMultipart(caller: Caller, uploadId: string, path: string, reader: TxReader = this.#reader): Promise<UploadRecord> {
    const upload = await this.#multipart(caller, uploadId, path, reader);
    if (upload.ownerId !== caller.userId) throw new CairnError('PERMISSION_DENIED', `only the owner of upload ${uploadId} adds parts to it or completes it`);
    return upload;
  }
}

function pageSize(limit: number): number {
  return Math.min(Math.max(limit, 1), listPageMax);
}

function validateCompletedParts(parts: CompletedPart[]): void {
  if (parts.length === 0) throw new CairnError('INVALID_ARGUMENT', 'a multipart upload completes with at least one part');
  if (parts.length > partNumberMax) throw new CairnError('TOO_LARGE', `${parts.length} parts; at most ${partNumberMax}`);
  let previous = 0;
  for (const part of parts) {
    if (!Number.isInteger(part.number) || part.number <= previous || part.number > partNumberMax) {
      throw new CairnError('INVALID_ARGUMENT', `part numbers must ascend within 1…${partNumberMax}: ${part.number} after ${previous}`);
    }
    if (!md5Pattern.test(part.md5)) throw new CairnError('INVALID_PART', `part ${part.number}: its ETag is not an MD5`, { partNumber: part.number });
    previous = part.number;
  }
}


// The block store of one data dir: blocks live as records appended to a few large segment files,
// found through a LevelDB index (DESIGN §5). Guarantees:
// - a put or delete resolves only after its record is fdatasync'd and the index reflects it;
// - concurrent writes share one append and one fdatasync (group commit);
// - one block id is stored at most once: operations on the same id run one after another;
// - a failed append — the write or its fdatasync failing (a full disk among others), or the
//   index update after it — is cut back off the segment, so the file only ever holds whole
//   records and a failed put never comes back on the next open (if even the cut fails, the next
//   append overwrites the same offset, and recovery cuts any leftover as a torn record);
// - every read checks the record against the index and the payload against its xxh64;
// - a read racing compaction returns the right bytes: a block's copy is byte for byte its record,
//   and a read that finds its segment removed meanwhile looks the block up again.
// Recovery on open (replay, torn tails, index rebuild) lives in segment-recovery.ts, compaction
// (`compact`, one bounded step at a time) in segment-compactor.ts.
import { open, unlink, type FileHandle } from 'node:fs/promises';
import { resolve } from 'node:path';
import { assert } from '../../common/assert.js';
import { GiB, KiB, MiB } from '../../common/constants.js';
import { CairnError, toCairnError } from '../../common/errors.js';
import { assertBlockId, checksumFromHex, checksumToHex, xxh64 } from '../../common/hashing.js';
import { silentLogger, type Logger } from '../../common/logger.js';
import { HandleCache } from './handle-cache.js';
import { KeyedLock } from './keyed-lock.js';
import { decodeRecordHeader, encodeRecordHeader, RecordKind, recordBytes, recordHeaderBytes, recordPayloadBytesMax, tombstoneChecksum, type RecordHeader } from './record.js';
import { SegmentCompactor, type CompactionCounters, type CompactionHost, type CompactionStep, type Location, type MoveOutcome } from './segment-compactor.js';
import type { IndexEntry, IndexOp, SegmentIndex } from './segment-index.js';
import { createSegmentFile, readAt, segmentPath, syncDirectory, writeAllAt } from './segment-files.js';
import { recoverDataDir, storePaths, type RecoveredDir, type StorePaths } from './segment-recovery.js';
import { storageError } from './storage-errors.js';

export const segmentBytesMaxDefault = 1 * GiB;
/** Tests roll segments at small sizes; the config schema enforces a production minimum. */
export const segmentBytesMin = 4 * KiB;
/** Records per group commit; two iovecs each, so one writev stays within IOV_MAX (1024). */
export const groupRecordsMax = 256;
export const groupBytesMax = 64 * MiB;
/** Bytes waiting for the writer before new writes wait for it (backpressure). */
export const queuedBytesMax = 256 * MiB;
/** Open read handles per data dir. */
export const segmentHandlesMax = 64;
/** A read whose segment was removed under it (compaction) looks its block up again, this often at most. */
export const readAttemptsMax = 3;

export interface SegmentStoreOptions {
  dir: string;
  segmentBytesMax?: number;
  logger?: Logger;
}

export interface SegmentStoreStats {
  blocks: number;
  /** Payload bytes of live blocks. */
  liveBytes: number;
  /** Bytes of all segment files, live or not (compaction reclaims the difference). */
  segmentBytes: number;
  segments: number;
  /** fdatasync calls on segment files since open: group commit keeps this far below writes. */
  syncs: number;
}

export interface BlockListing {
  blockId: string;
  length: number;
}

interface PendingWrite {
  /** `move`: a compacted block record appended again; `carry`: a tombstone appended again. */
  kind: 'put' | 'delete' | 'move' | 'carry';
  key: Buffer;
  header: Buffer;
  payload: Buffer;
  checksum: bigint;
  /** For a delete: the index entry it removes; for a move: the one it replaces. */
  removes: IndexEntry | undefined;
  resolve: () => void;
  reject: (err: CairnError) => void;
}

interface ActiveSegment {
  segment: number;
  handle: FileHandle;
  bytes: number;
}

function pendingBytes(write: PendingWrite): number {
  return write.header.length + write.payload.length;
}

export interface StoredBlock {
  data: Buffer;
  /** The xxh64 of `data`. */
  checksum: bigint;
}

export class SegmentStore {
  private readonly locks = new KeyedLock();
  private readonly handles: HandleCache;
  private readonly inflight = new Set<Promise<unknown>>();
  private readonly queue: PendingWrite[] = [];
  private queuedBytes = 0;
  private queueWaiters: Array<() => void> = [];
  private writerRunning = false;
  private closing: Promise<void> | undefined;
  private nextSegment: number;
  /** Bytes of every segment on disk (as written by this store: a failed append's leftovers not counted). */
  private readonly segmentSizes: Map<number, number>;
  private segmentBytes: number;
  private blocks: number;
  private liveBytes: number;
  private syncs = 0;
  private readonly index: SegmentIndex;
  /** Bytes of live block records per segment: compaction picks segments by their live share. */
  private readonly liveRecordBytesBySegment: Map<number, number>;
  private readonly compactor: SegmentCompactor;

  private constructor(
    private readonly paths: StorePaths,
    private readonly segmentBytesMax: number,
    private readonly logger: Logger,
    recovered: RecoveredDir,
    private active: ActiveSegment,
  ) {
    this.handles = new HandleCache((segment) => segmentPath(paths.segmentsDir, segment), segmentHandlesMax, logger);
    this.index = recovered.index;
    this.liveRecordBytesBySegment = recovered.liveRecordBytesBySegment;
    this.nextSegment = active.segment + 1;
    this.segmentSizes = recovered.segmentBytes;
    this.segmentBytes = [...recovered.segmentBytes.values()].reduce((sum, bytes) => sum + bytes, 0);
    this.blocks = recovered.blocks;
    this.liveBytes = recovered.liveBytes;
    this.compactor = new SegmentCompactor(this.compactionHost());
  }

  static async open(options: SegmentStoreOptions): Promise<SegmentStore> {
    const segmentBytesMax = options.segmentBytesMax ?? segmentBytesMaxDefault;
    if (!Number.isSafeInteger(segmentBytesMax) || segmentBytesMax < segmentBytesMin) {
      throw new CairnError('INVALID_ARGUMENT', `segmentBytesMax must be an integer of at least ${segmentBytesMin}`);
    }
    if (typeof options.dir !== 'string' || options.dir === '') throw new CairnError('INVALID_ARGUMENT', 'a data dir is required');
    const paths = storePaths(resolve(options.dir));
    const logger = (options.logger ?? silentLogger).child({ component: 'segment-store', dir: paths.dir });
    const recovered = await recoverDataDir(paths, logger);
    const newest = Math.max(...recovered.segmentBytes.keys());
    const path = segmentPath(paths.segmentsDir, newest);
    let handle: FileHandle;
    try {
      handle = await open(path, 'r+');
    } catch (err) {
      await recovered.index.close();
      throw storageError(err, 'open', path);
    }
    const active = { segment: newest, handle, bytes: recovered.segmentBytes.get(newest) ?? 0 };
    const store = new SegmentStore(paths, segmentBytesMax, logger, recovered, active);
    logger.info({ blocks: recovered.blocks, segments: recovered.segmentBytes.size, replayedRecords: recovered.replayedRecords }, 'data dir opened');
    return store;
  }

  get dir(): string {
    return this.paths.dir;
  }

  /**
   * Stores a block whose bytes and checksum the caller has verified; 'present' if already held.
   * `absent`: the caller knows this dir does not hold the block (it looked, and holds the id's
   * lock in the block store, the only other writer), so the index need not be asked again.
   */
  async put(blockId: string, data: Buffer, checksum: bigint, options: { absent?: boolean } = {}): Promise<'stored' | 'present'> {
    assertBlockId(blockId);
    if (data.length > recordPayloadBytesMax) throw new CairnError('TOO_LARGE', `block ${blockId} has ${data.length} bytes, more than ${recordPayloadBytesMax}`);
    // Cheap insurance: a wrong checksum here would make the block read as corrupt forever.
    if (xxh64(data) !== checksum) throw new CairnError('CHECKSUM_MISMATCH', `block ${blockId}: checksum does not match its bytes`);
    this.assertOpen();
    return this.track(this.locks.run(blockId, () => this.putLocked(blockId, data, checksum, options.absent === true)));
  }

  private async putLocked(blockId: string, data: Buffer, checksum: bigint, absent: boolean): Promise<'stored' | 'present'> {
    const key = Buffer.from(blockId, 'hex');
    if (!absent && (await this.index.has(key))) return 'present';
    const header = encodeRecordHeader({ kind: RecordKind.block, blockId: key, payloadBytes: data.length, payloadChecksum: checksum });
    await this.enqueue({ kind: 'put', key, header, payload: data, checksum, removes: undefined });
    return 'stored';
  }

  /** Appends a tombstone and drops the block from the index; false if it was not held. */
  async delete(blockId: string): Promise<boolean> {
    assertBlockId(blockId);
    this.assertOpen();
    return this.track(this.locks.run(blockId, () => this.deleteLocked(blockId)));
  }

  private async deleteLocked(blockId: string): Promise<boolean> {
    const key = Buffer.from(blockId, 'hex');
    const entry = await this.index.get(key);
    if (entry === undefined) return false;
    const checksum = tombstoneChecksum();
    const header = encodeRecordHeader({ kind: RecordKind.tombstone, blockId: key, payloadBytes: 0, payloadChecksum: checksum });
    await this.enqueue({ kind: 'delete', key, header, payload: Buffer.alloc(0), checksum, removes: entry });
    return true;
  }

  /** The block's bytes, verified against its xxh64; undefined if not held. */
  async get(blockId: string): Promise<Buffer | undefined> {
    return (await this.read(blockId))?.data;
  }

  /** The block's bytes with the xxh64 they were just verified against (no need to hash them again). */
  async read(blockId: string): Promise<StoredBlock | undefined> {
    assertBlockId(blockId);
    this.assertOpen();
    return this.track(this.readVerified(blockId));
  }

  private async readVerified(blockId: string): Promise<StoredBlock | undefined> {
    const key = Buffer.from(blockId, 'hex');
    for (let attempt = 1; ; attempt += 1) {
      const entry = await this.index.get(key);
      if (entry === undefined) return undefined;
      try {
        const record = await this.readRecord(key, entry);
        return { data: record.subarray(recordHeaderBytes), checksum: checksumFromHex(entry.checksum) };
      } catch (err) {
        // Compaction moved the block and removed the segment this entry was read from.
        if (!this.segmentSizes.has(entry.segment) && attempt < readAttemptsMax) continue;
        throw err;
      }
    }
  }

  /** The whole record `entry` places at its offset, checked against the entry and its xxh64. */
  private async readRecord(key: Buffer, entry: IndexEntry): Promise<Buffer> {
    const path = segmentPath(this.paths.segmentsDir, entry.segment);
    let record: Buffer;
    try {
      record = await this.handles.with(entry.segment, (handle) => readAt(handle, recordBytes(entry.length), entry.offset));
    } catch (err) {
      throw storageError(err, 'read', path);
    }
    const problem = checkRecord(record, key, entry);
    if (problem !== undefined) {
      const blockId = key.toString('hex');
      this.logger.error({ blockId, segment: entry.segment, offset: entry.offset, problem }, 'corrupt block');
      throw new CairnError('BLOCK_CORRUPT', `block ${blockId} is corrupt in ${path} at offset ${entry.offset}: ${problem}`, { blockId });
    }
    return record;
  }

  async has(blockId: string): Promise<boolean> {
    assertBlockId(blockId);
    this.assertOpen();
    return this.track(this.index.has(Buffer.from(blockId, 'hex')));
  }

  async checksumOf(blockId: string): Promise<bigint | undefined> {
    assertBlockId(blockId);
    this.assertOpen();
    const entry = await this.track(this.index.get(Buffer.from(blockId, 'hex')));
    return entry === undefined ? undefined : checksumFromHex(entry.checksum);
  }

  /** Every held block in id order (after `after`, when given), streamed from the index. */
  async *list(after?: string): AsyncGenerator<BlockListing> {
    this.assertOpen();
    for await (const [key, entry] of this.index.entries(after === undefined ? undefined : Buffer.from(assertBlockId(after), 'hex'))) {
      yield { blockId: key.toString('hex'), length: entry.length };
    }
  }

  stats(): SegmentStoreStats {
    return { blocks: this.blocks, liveBytes: this.liveBytes, segmentBytes: this.segmentBytes, segments: this.segmentSizes.size, syncs: this.syncs };
  }

  /**
   * One bounded step of compaction (segment-compactor.ts): scans at most `budgetBytes` of the
   * segment under way, or one page of an index walk, or removes a finished segment. Reads, puts
   * and deletes go on meanwhile.
   */
  async compact(budgetBytes: number): Promise<CompactionStep> {
    if (!Number.isSafeInteger(budgetBytes) || budgetBytes < 1) throw new CairnError('INVALID_ARGUMENT', 'a compaction step needs a positive byte budget');
    this.assertOpen();
    return this.track(this.compactor.step(budgetBytes));
  }

  /** Whether `compact` would find work: a segment under way, or a sealed one below the live share. */
  compactionPending(): boolean {
    return this.closing === undefined && this.compactor.pending();
  }

  /** Totals since open; they never go down. */
  compactionCounters(): CompactionCounters {
    return { ...this.compactor.counters };
  }

  /** Waits for operations in flight (queued writes included), then releases files and the index. */
  async close(): Promise<void> {
    this.closing ??= this.closeOnce();
    return this.closing;
  }

  private async closeOnce(): Promise<void> {
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
    assert(this.queue.length === 0 && !this.writerRunning, 'writer idle once nothing is in flight');
    await this.compactor.close();
    await this.handles.close();
    await this.active.handle.close().catch((err: unknown) => this.logger.warn({ err }, 'closing the active segment failed'));
    await this.index.close();
  }

  private assertOpen(): void {
    if (this.closing !== undefined) throw new CairnError('UNAVAILABLE', `data dir ${this.paths.dir} is closed`);
  }

  private track<T>(operation: Promise<T>): Promise<T> {
    this.inflight.add(operation);
    const forget = (): void => {
      this.inflight.delete(operation);
    };
    operation.then(forget, forget);
    return operation;
  }

  // ---- compaction (the host the compactor works through) ---------------------------------------

  private compactionHost(): CompactionHost {
    return {
      segmentsDir: this.paths.segmentsDir,
      logger: this.logger,
      activeSegment: () => this.active.segment,
      segmentSizes: () => this.segmentSizes,
      liveRecordBytes: (segment) => this.liveRecordBytesBySegment.get(segment) ?? 0,
      move: (header, payload, at) => this.locks.run(header.blockId.toString('hex'), () => this.moveLocked(header, payload, at)),
      rescue: (blockId, at) => this.locks.run(blockId.toString('hex'), () => this.rescueLocked(blockId, at)),
      carry: (header) => this.locks.run(header.blockId.toString('hex'), () => this.carryLocked(header)),
      entries: (after) => this.index.entries(after),
      remove: (segment) => this.removeSegment(segment),
    };
  }

  private async moveLocked(header: RecordHeader, payload: Buffer, at: Location): Promise<MoveOutcome> {
    const key = header.blockId;
    const entry = await this.index.get(key);
    if (!isAt(entry, at)) return 'gone';
    // A record that disagrees with its index entry is not what the index promised: read it as clients would.
    if (entry.length !== payload.length || checksumFromHex(entry.checksum) !== header.payloadChecksum) return this.rescueLocked(key, at);
    await this.enqueue({ kind: 'move', key, header: encodeRecordHeader(header), payload, checksum: header.payloadChecksum, removes: entry });
    return 'moved';
  }

  private async rescueLocked(key: Buffer, at: Location): Promise<MoveOutcome> {
    const entry = await this.index.get(key);
    if (!isAt(entry, at)) return 'gone';
    let record: Buffer;
    try {
      record = await this.readRecord(key, entry);
    } catch (err) {
      // Not copied, not deleted: reported by the caller, it stays until the namenode has it deleted.
      if (toCairnError(err).code === 'BLOCK_CORRUPT') return 'corrupt';
      throw err;
    }
    const header = record.subarray(0, recordHeaderBytes);
    const payload = record.subarray(recordHeaderBytes);
    await this.enqueue({ kind: 'move', key, header, payload, checksum: checksumFromHex(entry.checksum), removes: entry });
    return 'moved';
  }

  private async carryLocked(header: RecordHeader): Promise<boolean> {
    if (await this.index.has(header.blockId)) return false;
    const checksum = tombstoneChecksum();
    await this.enqueue({ kind: 'carry', key: header.blockId, header: encodeRecordHeader(header), payload: Buffer.alloc(0), checksum, removes: undefined });
    return true;
  }

  /**
   * Removes a compacted segment. The synced index write first: after it, no entry a restart can
   * find points into the segment. Its watermark goes last (recovery drops a leftover one).
   */
  private async removeSegment(segment: number): Promise<void> {
    assert(segment !== this.active.segment, 'the active segment is never removed');
    const path = segmentPath(this.paths.segmentsDir, segment);
    const bytes = this.segmentSizes.get(segment);
    try {
      await this.index.sync();
      if (bytes !== undefined) {
        // Forgotten first, so a read that fails on the removed file knows to look its block up again.
        this.segmentSizes.delete(segment);
        this.liveRecordBytesBySegment.delete(segment);
        this.segmentBytes -= bytes;
        await unlink(path).catch((err: unknown) => {
          if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
          this.segmentSizes.set(segment, bytes);
          this.segmentBytes += bytes;
          throw err;
        });
      }
      this.handles.forget(segment);
      await syncDirectory(this.paths.segmentsDir);
    } catch (err) {
      throw storageError(err, 'remove', path);
    }
    await this.index.dropWatermark(segment);
  }

  // ---- group commit -------------------------------------------------------------------------

  private async enqueue(write: Omit<PendingWrite, 'resolve' | 'reject'>): Promise<void> {
    while (this.queuedBytes >= queuedBytesMax) {
      await new Promise<void>((wake) => this.queueWaiters.push(wake));
    }
    return new Promise<void>((resolveWrite, rejectWrite) => {
      this.queue.push({ ...write, resolve: resolveWrite, reject: rejectWrite });
      this.queuedBytes += write.header.length + write.payload.length;
      if (!this.writerRunning) {
        this.writerRunning = true;
        void this.runWriter();
      }
    });
  }

  /** The single writer: one group at a time, until the queue is empty. */
  private async runWriter(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        await this.writeNextGroup();
        const waiters = this.queueWaiters;
        this.queueWaiters = [];
        for (const wake of waiters) wake();
      }
    } finally {
      // Set in the same synchronous step as the empty-queue check, so no write is ever stranded.
      this.writerRunning = false;
    }
  }

  private async writeNextGroup(): Promise<void> {
    const first = this.queue[0];
    assert(first !== undefined, 'writer runs only with queued writes');
    if (this.active.bytes > 0 && this.active.bytes + pendingBytes(first) > this.segmentBytesMax) {
      try {
        await this.rollSegment();
      } catch (err) {
        // The writes meant for the new segment fail; later ones try to roll again.
        failGroup(this.takeGroup(0), storageError(err, 'start a new segment in', this.paths.segmentsDir));
        return;
      }
    }
    const group = this.takeGroup(this.active.bytes);
    try {
      await this.commitGroup(group);
    } catch (err) {
      // commitGroup settles its writes itself; anything escaping it is a bug, but no write may hang.
      this.logger.error({ err }, 'group commit failed unexpectedly');
      failGroup(group, new CairnError('INTERNAL', `group commit failed: ${String(err)}`));
    }
  }

  /** Takes queued writes that fit one group and the active segment (the first always fits). */
  private takeGroup(segmentBytes: number): PendingWrite[] {
    const group: PendingWrite[] = [];
    let bytes = 0;
    for (const write of this.queue) {
      const size = pendingBytes(write);
      const fits = bytes + size <= groupBytesMax && segmentBytes + bytes + size <= this.segmentBytesMax;
      if (group.length > 0 && (!fits || group.length >= groupRecordsMax)) break;
      group.push(write);
      bytes += size;
    }
    this.queue.splice(0, group.length);
    this.queuedBytes -= bytes;
    return group;
  }

  private async commitGroup(group: PendingWrite[]): Promise<void> {
    const segment = this.active;
    const start = segment.bytes;
    const offsets: number[] = [];
    let end = start;
    for (const write of group) {
      offsets.push(end);
      end += pendingBytes(write);
    }
    const appended = await this.appendDurably(group, segment, start);
    if (!appended) return;
    const ops = group.flatMap((write, i) => indexOpsFor(write, segment.segment, offsets[i] ?? start));
    try {
      await this.index.apply(ops, new Map([[segment.segment, end]]));
    } catch (err) {
      // Durable but not indexed (a full disk can refuse LevelDB's small write after the segment's
      // large one): cut the records back off, or the next open would replay a put that failed —
      // perhaps into a second dir, where the block store has stored the block meanwhile.
      const error = storageError(err, 'update the index in', this.paths.indexDir);
      this.logger.error({ segment: segment.segment, offset: start, records: group.length, code: error.code, err }, 'index update failed; cutting the records back');
      await this.cutBack(segment, start, group.length);
      failGroup(group, error);
      return;
    }
    segment.bytes = end;
    this.segmentSizes.set(segment.segment, end);
    this.segmentBytes += end - start;
    for (const write of group) this.account(write, segment.segment);
    for (const write of group) write.resolve();
  }

  /** Writes and syncs the group's records; on failure cuts them back off and fails the group. */
  private async appendDurably(group: PendingWrite[], segment: ActiveSegment, start: number): Promise<boolean> {
    const path = segmentPath(this.paths.segmentsDir, segment.segment);
    try {
      await writeAllAt(segment.handle, group.flatMap((write) => [write.header, write.payload]), start);
      await segment.handle.datasync();
      this.syncs += 1;
      return true;
    } catch (err) {
      const error = storageError(err, 'append to', path);
      this.logger.error({ segment: segment.segment, offset: start, records: group.length, code: error.code, err }, 'segment append failed; cutting it back');
      await this.cutBack(segment, start, group.length);
      failGroup(group, error);
      return false;
    }
  }

  /** Cuts a failed group's bytes off the active segment, durably; the next append starts at `start` anyway. */
  private async cutBack(segment: ActiveSegment, start: number, records: number): Promise<void> {
    try {
      await segment.handle.truncate(start);
      await segment.handle.datasync();
    } catch (err) {
      // The next append overwrites from `start`; recovery cuts whatever is left as torn.
      this.logger.error({ segment: segment.segment, offset: start, records, err }, 'cutting back a failed append failed');
    }
  }

  private account(write: PendingWrite, segment: number): void {
    if (write.kind === 'carry') return;
    if (write.kind === 'put') {
      this.blocks += 1;
      this.liveBytes += write.payload.length;
      this.addLive(segment, recordBytes(write.payload.length));
      return;
    }
    const { removes } = write;
    assert(removes !== undefined, 'a delete or move carries the entry it replaces');
    this.addLive(removes.segment, -recordBytes(removes.length));
    if (write.kind === 'move') {
      this.addLive(segment, recordBytes(removes.length));
      return;
    }
    this.blocks -= 1;
    this.liveBytes -= removes.length;
  }

  private addLive(segment: number, bytes: number): void {
    const live = (this.liveRecordBytesBySegment.get(segment) ?? 0) + bytes;
    assert(live >= 0, `live bytes of segment ${segment} went negative`);
    if (live === 0) this.liveRecordBytesBySegment.delete(segment);
    else this.liveRecordBytesBySegment.set(segment, live);
  }

  /** Starts the next segment. The old one needs no sync: every group was synced already. */
  private async rollSegment(): Promise<void> {
    const segment = this.nextSegment;
    // Advanced even on failure, so a half-created file is never reused.
    this.nextSegment += 1;
    const path = segmentPath(this.paths.segmentsDir, segment);
    let handle: FileHandle | undefined;
    try {
      handle = await createSegmentFile(path);
      await syncDirectory(this.paths.segmentsDir);
    } catch (err) {
      await handle?.close().catch(() => undefined);
      if (handle !== undefined) await unlink(path).catch(() => undefined);
      throw err;
    }
    const previous = this.active;
    this.active = { segment, handle, bytes: 0 };
    this.segmentSizes.set(segment, 0);
    await previous.handle.close().catch((err: unknown) => this.logger.warn({ err, segment: previous.segment }, 'closing a full segment failed'));
    this.logger.debug({ segment, previous: previous.segment, previousBytes: previous.bytes }, 'started a new segment');
  }
}

function failGroup(group: PendingWrite[], error: CairnError): void {
  for (const write of group) write.reject(error);
}

function indexOpsFor(write: PendingWrite, segment: number, offset: number): IndexOp[] {
  if (write.kind === 'carry') return [];
  if (write.kind === 'delete') return [{ type: 'del', key: write.key }];
  const entry = { segment, offset, length: write.payload.length, checksum: checksumToHex(write.checksum) };
  return [{ type: 'put', key: write.key, entry }];
}

function isAt(entry: IndexEntry | undefined, at: Location): entry is IndexEntry {
  return entry !== undefined && entry.segment === at.segment && entry.offset === at.offset;
}

/** Why a record read for `entry` cannot be served, or undefined when it checks out. */
function checkRecord(record: Buffer, key: Buffer, entry: IndexEntry): string | undefined {
  if (record.length < recordBytes(entry.length)) return `record cut short (${record.length} of ${recordBytes(entry.length)} bytes)`;
  const decoded = decodeRecordHeader(record);
  if (!decoded.ok) return `bad record header: ${decoded.reason}`;
  const { header } = decoded;
  if (header.kind !== RecordKind.block || !header.blockId.equals(key) || header.payloadBytes !== entry.length) {
    return 'record header does not match the index';
  }
  const payload = record.subarray(recordHeaderBytes);
  if (xxh64(payload) !== checksumFromHex(entry.checksum)) return 'payload checksum mismatch';
  return undefined;
}

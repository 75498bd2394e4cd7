// The datanode's block store over all its data dirs, one SegmentStore each. New blocks go to the
// dir with the most free space (ties take turns), and a dir that is full or failing is skipped for
// the next one before a put fails. A block id is held in at most one dir: puts and deletes of one
// id are serialised here, and a put first looks for the block in every dir: an intact copy makes
// the put a no-op, a corrupt one is replaced.
//
// A dir whose device fails (a volume fault, storage-errors.ts: EIO, EROFS, …) is taken out of
// service the moment any operation on it sees the fault: it is logged, `onVolumeFailed` is told
// (the datanode then sends a full block report without its blocks), its files are released, and
// from then on it holds nothing — lookups, listings, stats and placement skip it, while the other
// dirs keep serving. It comes back only when the datanode restarts. With every dir failed, the
// store holds nothing, has no capacity, and refuses puts with IO_ERROR.
//
// Compaction (`compact`) runs one bounded step at a time on one dir, the dirs with work taking
// turns; the datanode's compaction runner drives it.
import { statfs } from 'node:fs/promises';
import { resolve } from 'node:path';
import { systemClock, type Clock } from '../../common/clock.js';
import { GiB } from '../../common/constants.js';
import { CairnError, toCairnError } from '../../common/errors.js';
import { assertBlockId } from '../../common/hashing.js';
import { silentLogger, type Logger } from '../../common/logger.js';
import { KeyedLock } from './keyed-lock.js';
import type { CompactionCounters, CompactionStep } from './segment-compactor.js';
import { SegmentStore, type BlockListing, type SegmentStoreStats, type StoredBlock } from './segment-store.js';
import { isVolumeFault, storageError } from './storage-errors.js';

/** How long a statfs answer is trusted for placement and stats. */
export const freeSpaceCacheMs = 1000;
export const dataDirsMax = 64;
/** Free space is compared in steps of this size, so dirs sharing a file system (or nearly equal) take turns. */
export const freeSpaceTieBytes = 1 * GiB;

export interface BlockStoreOptions {
  dirs: string[];
  segmentBytesMax?: number;
  logger?: Logger;
  clock?: Clock;
  /** Told once for each dir taken out of service. */
  onVolumeFailed?(dir: string, error: CairnError): void;
}

/** Totals over the dirs in service only. */
export interface BlockStoreStats extends SegmentStoreStats {
  /** Bytes of the file systems holding the dirs (a file system shared by two dirs counts twice). */
  capacity: number;
  /** Bytes available to this process on those file systems. */
  free: number;
  /** Dirs in service. */
  dirs: number;
  /** Dirs taken out of service since open. */
  failedDirs: number;
}

interface Space {
  capacity: number;
  free: number;
  measuredAtMs: number;
}

interface Volume {
  dir: string;
  store: SegmentStore;
  space: Space | undefined;
  /** Why the dir was taken out of service; undefined while it serves. */
  failed: CairnError | undefined;
}

interface ListHead {
  volume: Volume;
  listing: AsyncGenerator<BlockListing>;
  next: BlockListing;
}

export class BlockStore {
  private readonly locks = new KeyedLock();
  private turn = 0;
  private compactionTurn = 0;

  private constructor(
    private readonly volumes: Volume[],
    private readonly logger: Logger,
    private readonly clock: Clock,
    private readonly onVolumeFailed: (dir: string, error: CairnError) => void,
  ) {}

  static async open(options: BlockStoreOptions): Promise<BlockStore> {
    const dirs = options.dirs.map((dir) => resolve(dir));
    if (dirs.length === 0 || dirs.length > dataDirsMax) throw new CairnError('INVALID_ARGUMENT', `between 1 and ${dataDirsMax} data dirs are required`);
    if (new Set(dirs).size !== dirs.length) throw new CairnError('INVALID_ARGUMENT', 'data dirs must be distinct');
    const logger = (options.logger ?? silentLogger).child({ component: 'block-store' });
    const opened = await Promise.allSettled(dirs.map((dir) => SegmentStore.open({ dir, segmentBytesMax: options.segmentBytesMax, logger: options.logger })));
    const stores = opened.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    const failure = opened.find((result) => result.status === 'rejected');
    if (failure !== undefined) {
      await Promise.allSettled(stores.map((store) => store.close()));
      throw failure.reason;
    }
    const volumes = stores.map((store) => ({ dir: store.dir, store, space: undefined, failed: undefined }));
    return new BlockStore(volumes, logger, options.clock ?? systemClock, options.onVolumeFailed ?? (() => undefined));
  }

  async put(blockId: string, data: Buffer, checksum: bigint): Promise<'stored' | 'present'> {
    assertBlockId(blockId);
    return this.locks.run(blockId, async () => {
      const holder = await this.holderOf(blockId);
      if (holder !== undefined && (await this.holdsIntact(holder, blockId))) return 'present';
      let lastError: unknown;
      for (const volume of await this.placementOrder()) {
        try {
          // Under this id's lock no dir holds the block now (a corrupt copy was just deleted): the dir need not look again.
          return await this.onVolume(volume, (store) => store.put(blockId, data, checksum, { absent: true }));
        } catch (err) {
          const error = toCairnError(err);
          // A dir that another operation took out of service meanwhile answers UNAVAILABLE (closed).
          if (error.code !== 'NO_SPACE' && error.code !== 'IO_ERROR' && volume.failed === undefined) throw err;
          this.logger.warn({ dir: volume.dir, blockId, code: error.code, reason: error.message }, 'put failed in a data dir; trying the next');
          volume.space = undefined;
          lastError = err;
        }
      }
      throw lastError ?? new CairnError('IO_ERROR', 'every data dir has failed; this datanode cannot store blocks');
    });
  }

  async get(blockId: string): Promise<Buffer | undefined> {
    return (await this.read(blockId))?.data;
  }

  /** The block's verified bytes and their xxh64. */
  async read(blockId: string): Promise<StoredBlock | undefined> {
    assertBlockId(blockId);
    for (const volume of this.usableVolumes()) {
      const block = await this.probe(volume, (store) => store.read(blockId));
      if (block !== undefined) return block;
    }
    return undefined;
  }

  async has(blockId: string): Promise<boolean> {
    return (await this.holderOf(assertBlockId(blockId))) !== undefined;
  }

  async checksumOf(blockId: string): Promise<bigint | undefined> {
    assertBlockId(blockId);
    for (const volume of this.usableVolumes()) {
      const checksum = await this.probe(volume, (store) => store.checksumOf(blockId));
      if (checksum !== undefined) return checksum;
    }
    return undefined;
  }

  /** Removes the block from every dir that holds it; false if none did. */
  async delete(blockId: string): Promise<boolean> {
    assertBlockId(blockId);
    return this.locks.run(blockId, async () => {
      let deleted = false;
      for (const volume of this.usableVolumes()) {
        if ((await this.probe(volume, (store) => store.delete(blockId))) === true) deleted = true;
      }
      return deleted;
    });
  }

  /**
   * Every block of every dir in service, in block id order across dirs (only ids after `after`,
   * when given, so a long walk can resume without holding an iterator open). A dir that fails
   * during the walk drops out of it.
   */
  async *list(after?: string): AsyncGenerator<BlockListing> {
    const heads: ListHead[] = [];
    try {
      for (const volume of this.usableVolumes()) {
        const listing = volume.store.list(after);
        const next = await this.advance(volume, listing);
        if (next !== undefined) heads.push({ volume, listing, next });
      }
      while (heads.length > 0) {
        const head = heads.reduce((least, candidate) => (candidate.next.blockId < least.next.blockId ? candidate : least));
        yield head.next;
        const next = await this.advance(head.volume, head.listing);
        if (next === undefined) heads.splice(heads.indexOf(head), 1);
        else head.next = next;
      }
    } finally {
      await Promise.allSettled(heads.map((head) => head.listing.return(undefined)));
    }
  }

  async stats(): Promise<BlockStoreStats> {
    const totals: BlockStoreStats = { blocks: 0, liveBytes: 0, segmentBytes: 0, segments: 0, syncs: 0, capacity: 0, free: 0, dirs: 0, failedDirs: 0 };
    for (const volume of this.volumes) {
      const space = volume.failed === undefined ? await this.spaceOf(volume) : undefined;
      // Checked again: measuring the space may have found the dir failed.
      if (volume.failed !== undefined || space === undefined) {
        totals.failedDirs += 1;
        continue;
      }
      const stats = volume.store.stats();
      totals.blocks += stats.blocks;
      totals.liveBytes += stats.liveBytes;
      totals.segmentBytes += stats.segmentBytes;
      totals.segments += stats.segments;
      totals.syncs += stats.syncs;
      totals.capacity += space.capacity;
      totals.free += space.free;
      totals.dirs += 1;
    }
    return totals;
  }

  /** fdatasync calls on segment files since open, over every dir (those since failed too): never goes down. */
  syncCount(): number {
    return this.volumes.reduce((total, volume) => total + volume.store.stats().syncs, 0);
  }

  /**
   * One compaction step (segment-compactor.ts) on the next dir in service that has work. A dir
   * whose device fails during the step is taken out of service like on any other operation.
   */
  async compact(budgetBytes: number): Promise<CompactionStep> {
    const waiting = this.usableVolumes().filter((volume) => volume.store.compactionPending());
    const volume = waiting[this.compactionTurn % Math.max(1, waiting.length)];
    if (volume === undefined) return { bytesRead: 0, more: false, corrupt: [] };
    this.compactionTurn = (this.compactionTurn + 1) % waiting.length;
    const step = await this.onVolume(volume, (store) => store.compact(budgetBytes));
    return { ...step, more: this.usableVolumes().some((other) => other.store.compactionPending()) };
  }

  /** Compaction totals over every dir (those since failed too): they never go down. */
  compactionCounters(): CompactionCounters {
    const totals: CompactionCounters = { segments: 0, copiedBytes: 0, reclaimedBytes: 0 };
    for (const volume of this.volumes) {
      const counters = volume.store.compactionCounters();
      totals.segments += counters.segments;
      totals.copiedBytes += counters.copiedBytes;
      totals.reclaimedBytes += counters.reclaimedBytes;
    }
    return totals;
  }

  /** The dirs taken out of service, with the error that did it. */
  failedDirs(): Array<{ dir: string; code: string; reason: string }> {
    return this.volumes.flatMap((volume) => (volume.failed === undefined ? [] : [{ dir: volume.dir, code: volume.failed.code, reason: volume.failed.message }]));
  }

  async close(): Promise<void> {
    // A failed dir's files may not even close; nothing in them is served any more.
    const results = await Promise.allSettled(this.volumes.map((volume) => (volume.failed === undefined ? volume.store.close() : volume.store.close().catch(() => undefined))));
    const failure = results.find((result) => result.status === 'rejected');
    if (failure !== undefined) throw failure.reason;
  }

  private usableVolumes(): Volume[] {
    return this.volumes.filter((volume) => volume.failed === undefined);
  }

  /** Runs one operation on a dir; a volume fault takes the dir out of service before it is rethrown. */
  private async onVolume<T>(volume: Volume, operation: (store: SegmentStore) => Promise<T>): Promise<T> {
    try {
      return await operation(volume.store);
    } catch (err) {
      if (isVolumeFault(err)) this.takeOutOfService(volume, err);
      throw err;
    }
  }

  /**
   * A lookup on one dir: a dir that is or just went out of service holds nothing (its blocks are
   * reported gone), so the caller moves on to the other dirs.
   */
  private async probe<T>(volume: Volume, operation: (store: SegmentStore) => Promise<T>): Promise<T | undefined> {
    try {
      return await this.onVolume(volume, operation);
    } catch (err) {
      if (volume.failed !== undefined) return undefined;
      throw err;
    }
  }

  private async advance(volume: Volume, listing: AsyncGenerator<BlockListing>): Promise<BlockListing | undefined> {
    const result = await this.probe(volume, () => listing.next());
    return result === undefined || result.done === true ? undefined : result.value;
  }

  private takeOutOfService(volume: Volume, error: CairnError): void {
    if (volume.failed !== undefined) return;
    volume.failed = error;
    volume.space = undefined;
    this.logger.error({ dir: volume.dir, code: error.code, errno: error.details?.errno, reason: error.message, inService: this.usableVolumes().length }, 'data dir failed; taking it out of service');
    // Releases its files (operations in flight finish first), so the device can be replaced.
    void volume.store.close().catch((err: unknown) => this.logger.warn({ dir: volume.dir, err }, 'closing a failed data dir failed'));
    this.onVolumeFailed(volume.dir, error);
  }

  /**
   * Whether the copy a dir holds still matches its checksum. A corrupt copy is deleted, so the put
   * that asked stores good bytes in its place: a datanode holding a corrupt replica can take a
   * good one without first giving up the bad one (which may be the last copy anyone has).
   */
  private async holdsIntact(volume: Volume, blockId: string): Promise<boolean> {
    try {
      return (await this.probe(volume, (store) => store.get(blockId))) !== undefined;
    } catch (err) {
      if (toCairnError(err).code !== 'BLOCK_CORRUPT') throw err;
      this.logger.warn({ dir: volume.dir, blockId }, 'replacing a corrupt copy with the bytes of a new put');
      await this.onVolume(volume, (store) => store.delete(blockId));
      return false;
    }
  }

  private async holderOf(blockId: string): Promise<Volume | undefined> {
    for (const volume of this.usableVolumes()) {
      if ((await this.probe(volume, (store) => store.has(blockId))) === true) return volume;
    }
    return undefined;
  }

  /** Most free space first; volumes with about equal free space take turns at the front. */
  private async placementOrder(): Promise<Volume[]> {
    const free = new Map<Volume, number>();
    for (const volume of this.usableVolumes()) free.set(volume, Math.floor((await this.spaceOf(volume)).free / freeSpaceTieBytes));
    // Measuring may have found a dir failed.
    const volumes = this.usableVolumes();
    if (volumes.length === 0) return [];
    const first = this.turn % volumes.length;
    this.turn = (this.turn + 1) % volumes.length;
    const rank = (volume: Volume): number => (volumes.indexOf(volume) - first + volumes.length) % volumes.length;
    return [...volumes].sort((a, b) => (free.get(b) ?? 0) - (free.get(a) ?? 0) || rank(a) - rank(b));
  }

  private async spaceOf(volume: Volume): Promise<Space> {
    const now = this.clock.now();
    if (volume.space !== undefined && now - volume.space.measuredAtMs < freeSpaceCacheMs) return volume.space;
    try {
      const fs = await statfs(volume.dir);
      volume.space = { capacity: fs.blocks * fs.bsize, free: fs.bavail * fs.bsize, measuredAtMs: now };
    } catch (err) {
      const error = storageError(err, 'statfs', volume.dir);
      if (isVolumeFault(error)) this.takeOutOfService(volume, error);
      // Otherwise placement ranks this dir last; its own operations report the failure.
      else this.logger.warn({ dir: volume.dir, err }, 'statfs of a data dir failed');
      volume.space = { capacity: 0, free: 0, measuredAtMs: now };
    }
    return volume.space;
  }
}

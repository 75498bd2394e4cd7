// The datanode's block store over all its data dirs, one SegmentStore each. New blocks go to the
// dir with the most free space (ties take turns), and a dir that is full or failing is skipped for
// the next one before a put fails. A block id is held in at most one dir: puts and deletes of one
// id are serialised here, and a put first looks for the block in every dir.
import { statfs } from 'node:fs/promises';
import { resolve } from 'node:path';
import { systemClock, type Clock } from '../../common/clock.js';
import { GiB } from '../../common/constants.js';
import { CairnError, isCairnError } from '../../common/errors.js';
import { assertBlockId } from '../../common/hashing.js';
import { silentLogger, type Logger } from '../../common/logger.js';
import { KeyedLock } from './keyed-lock.js';
import { SegmentStore, type BlockListing, type SegmentStoreStats } from './segment-store.js';

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
}

export interface BlockStoreStats extends SegmentStoreStats {
  /** Bytes of the file systems holding the dirs (a file system shared by two dirs counts twice). */
  capacity: number;
  /** Bytes available to this process on those file systems. */
  free: number;
  dirs: number;
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
}

export class BlockStore {
  private readonly locks = new KeyedLock();
  private turn = 0;

  private constructor(
    private readonly volumes: Volume[],
    private readonly logger: Logger,
    private readonly clock: Clock,
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
    const volumes = stores.map((store) => ({ dir: store.dir, store, space: undefined }));
    return new BlockStore(volumes, logger, options.clock ?? systemClock);
  }

  async put(blockId: string, data: Buffer, checksum: bigint): Promise<'stored' | 'present'> {
    assertBlockId(blockId);
    return this.locks.run(blockId, async () => {
      if ((await this.holderOf(blockId)) !== undefined) return 'present';
      let lastError: unknown;
      for (const volume of await this.placementOrder()) {
        try {
          return await volume.store.put(blockId, data, checksum);
        } catch (err) {
          if (!isCairnError(err, 'NO_SPACE') && !isCairnError(err, 'IO_ERROR')) throw err;
          this.logger.warn({ dir: volume.dir, blockId, code: err.code, reason: err.message }, 'put failed in a data dir; trying the next');
          volume.space = undefined;
          lastError = err;
        }
      }
      throw lastError;
    });
  }

  async get(blockId: string): Promise<Buffer | undefined> {
    assertBlockId(blockId);
    for (const volume of this.usableVolumes()) {
      const data = await volume.store.get(blockId);
      if (data !== undefined) return data;
    }
    return undefined;
  }

  async has(blockId: string): Promise<boolean> {
    return (await this.holderOf(assertBlockId(blockId))) !== undefined;
  }

  async checksumOf(blockId: string): Promise<bigint | undefined> {
    assertBlockId(blockId);
    for (const volume of this.usableVolumes()) {
      const checksum = await volume.store.checksumOf(blockId);
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
        if (await volume.store.delete(blockId)) deleted = true;
      }
      return deleted;
    });
  }

  /** Every block of every dir, one dir after another, each in id order. */
  async *list(): AsyncGenerator<BlockListing> {
    for (const volume of this.usableVolumes()) yield* volume.store.list();
  }

  async stats(): Promise<BlockStoreStats> {
    const totals: BlockStoreStats = { blocks: 0, liveBytes: 0, segmentBytes: 0, segments: 0, syncs: 0, capacity: 0, free: 0, dirs: 0 };
    for (const volume of this.usableVolumes()) {
      const stats = volume.store.stats();
      const space = await this.spaceOf(volume);
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

  async close(): Promise<void> {
    const results = await Promise.allSettled(this.volumes.map((volume) => volume.store.close()));
    const failure = results.find((result) => result.status === 'rejected');
    if (failure !== undefined) throw failure.reason;
  }

  // TODO(datanode: take a failed data dir out of service, DESIGN §5): filter failed volumes here
  // and mark a volume failed where its I/O errors are caught; every operation goes through this.
  private usableVolumes(): Volume[] {
    return this.volumes;
  }

  private async holderOf(blockId: string): Promise<Volume | undefined> {
    for (const volume of this.usableVolumes()) {
      if (await volume.store.has(blockId)) return volume;
    }
    return undefined;
  }

  /** Most free space first; volumes with about equal free space take turns at the front. */
  private async placementOrder(): Promise<Volume[]> {
    const volumes = this.usableVolumes();
    const free = new Map<Volume, number>();
    for (const volume of volumes) free.set(volume, Math.floor((await this.spaceOf(volume)).free / freeSpaceTieBytes));
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
      // Placement then ranks this dir last; its own operations report the failure.
      this.logger.warn({ dir: volume.dir, err }, 'statfs of a data dir failed');
      volume.space = { capacity: 0, free: 0, measuredAtMs: now };
    }
    return volume.space;
  }
}

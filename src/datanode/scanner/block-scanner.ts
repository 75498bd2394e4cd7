// The block scanner (DESIGN §5): re-reads every block of every data dir in service in the
// background, so a replica that rots on disk is found and replaced before a reader — or the last
// other replica — needs it. Every read is a verified read (BlockStore.get checks the record and
// the payload's xxh64); a block that fails is reported through `onCorrupt`, once per pass.
//
// - Rate: reads are paid for in a token bucket of `bytesPerSec`, so the scanner never takes more
//   than that share of the disks from clients. While `paused()` says so (the datanode is copying
//   blocks to restore lost replicas, which is more urgent), it waits between blocks.
// - Schedule: a pass starts `startDelayMs` after start (a starting datanode serves first), and each
//   later one `intervalMs` after the previous one started, or at once if that pass took longer.
// - Memory: a pass walks the index in pages of `scanPageBlocksMax` ids and resumes after the last
//   id it scanned, so no block list is held and no LevelDB iterator stays open across the sleeps.
//   Blocks written during a pass are scanned if their ids sort after the cursor, else next pass.
// - `tick()` scans one page; the timer loop drives it, tests may too. `stop()` aborts a sleep or
//   a rate-limit wait at once and returns once the block being read is done.
import { setTimeout as sleep } from 'node:timers/promises';
import { blockBytesMax } from '../../common/constants.js';
import type { Clock } from '../../common/clock.js';
import { toCairnError } from '../../common/errors.js';
import type { Logger } from '../../common/logger.js';
import type { BlockStore } from '../storage/block-store.js';
import type { BlockListing } from '../storage/segment-store.js';
import { TokenBucket } from './token-bucket.js';

/** Block ids listed per page of a pass. */
export const scanPageBlocksMax = 256;
/** The first pass waits this long after start (or the scan interval, if shorter). */
export const scanStartDelayMs = 60_000;

export interface ScannerOptions {
  store: BlockStore;
  clock: Clock;
  logger: Logger;
  bytesPerSec: number;
  intervalMs: number;
  startDelayMs: number;
  onCorrupt(blockId: string): void;
  /** True while the scanner should hold off (re-replication under way). */
  paused?(): boolean;
}

/** How often a paused scanner looks again. */
const pausePollMs = 250;

export interface ScanProgress {
  /** Blocks and payload bytes read in the pass under way (or the last one, between passes). */
  passBlocks: number;
  passBytes: number;
  /** Since start. */
  totalBlocks: number;
  totalBytes: number;
  corruptFound: number;
  passesCompleted: number;
  /** Clock time the last complete pass ended; 0 before the first. */
  lastPassEndMs: number;
}

export class BlockScanner {
  readonly #options: ScannerOptions;
  readonly #bucket: TokenBucket;
  readonly #abort = new AbortController();
  readonly #progress: ScanProgress = { passBlocks: 0, passBytes: 0, totalBlocks: 0, totalBytes: 0, corruptFound: 0, passesCompleted: 0, lastPassEndMs: 0 };
  /** The pass under way: undefined between passes, else the last id scanned ('' before the first). */
  #cursor: string | undefined;
  #loop: Promise<void> | undefined;

  constructor(options: ScannerOptions) {
    this.#options = options;
    // A burst of one block credits the time spent reading it without letting idle time pile up.
    this.#bucket = new TokenBucket(options.bytesPerSec, Math.min(options.bytesPerSec, blockBytesMax), options.clock);
  }

  progress(): ScanProgress {
    return { ...this.#progress };
  }

  start(): void {
    this.#loop ??= this.#run();
  }

  async stop(): Promise<void> {
    this.#abort.abort();
    await this.#loop;
  }

  /** Scans the next page of the pass under way, starting a pass if none is; true when the pass is complete. */
  async tick(): Promise<boolean> {
    if (this.#cursor === undefined) {
      this.#cursor = '';
      this.#progress.passBlocks = 0;
      this.#progress.passBytes = 0;
    }
    const page = await this.#nextPage(this.#cursor);
    for (const listing of page) {
      while (this.#options.paused?.() === true) await sleep(pausePollMs, undefined, { signal: this.#abort.signal });
      await this.#bucket.take(listing.length, this.#abort.signal);
      await this.#scan(listing.blockId);
      this.#cursor = listing.blockId;
    }
    if (page.length === scanPageBlocksMax) return false;
    this.#cursor = undefined;
    this.#progress.passesCompleted += 1;
    this.#progress.lastPassEndMs = this.#options.clock.now();
    this.#options.logger.debug({ blocks: this.#progress.passBlocks, bytes: this.#progress.passBytes }, 'scan pass complete');
    return true;
  }

  async #run(): Promise<void> {
    const { clock, logger, intervalMs, startDelayMs } = this.#options;
    const signal = this.#abort.signal;
    try {
      await sleep(startDelayMs, undefined, { signal });
      for (;;) {
        const startedMs = clock.now();
        try {
          while (!(await this.tick()));
        } catch (err) {
          if (signal.aborted) throw err;
          // The walk itself failed (not one block): give up this pass, try again next interval.
          logger.warn({ err }, 'scan pass failed');
          this.#cursor = undefined;
        }
        await sleep(Math.max(0, startedMs + intervalMs - clock.now()), undefined, { signal });
      }
    } catch (err) {
      if (!signal.aborted) logger.error({ err }, 'block scanner stopped unexpectedly');
    }
  }

  async #nextPage(cursor: string): Promise<BlockListing[]> {
    const page: BlockListing[] = [];
    for await (const listing of this.#options.store.list(cursor === '' ? undefined : cursor)) {
      page.push(listing);
      if (page.length === scanPageBlocksMax) break;
    }
    return page;
  }

  async #scan(blockId: string): Promise<void> {
    const progress = this.#progress;
    try {
      const data = await this.#options.store.get(blockId);
      if (data === undefined) return; // deleted since it was listed, or its dir failed
      progress.passBlocks += 1;
      progress.totalBlocks += 1;
      progress.passBytes += data.length;
      progress.totalBytes += data.length;
    } catch (err) {
      const error = toCairnError(err);
      if (error.code !== 'BLOCK_CORRUPT') {
        this.#options.logger.warn({ blockId, code: error.code, reason: error.message }, 'scanner could not read a block');
        return;
      }
      progress.passBlocks += 1;
      progress.totalBlocks += 1;
      progress.corruptFound += 1;
      this.#options.onCorrupt(blockId);
    }
  }
}

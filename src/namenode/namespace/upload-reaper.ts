// Ends uploads nobody finished: a session or multipart upload whose lease (`uploadLeaseMs`,
// renewed by each part of a multipart upload, and for a session by a resume and by use — see
// FileService.putBlocks) has passed is aborted like any other, which
// releases the references its blocks and parts hold (DESIGN §6–§7). The expiry index makes each
// round read only what has expired. Nothing is reaped in safemode.
import { BackgroundRound, quarterPeriodMs } from '../../common/background-round.js';
import type { Clock } from '../../common/clock.js';
import type { Logger } from '../../common/logger.js';
import type { Safemode } from '../blocks/safemode.js';
import { u64 } from '../metastore/keys.js';
import type { Metastore } from '../metastore/metastore.js';
import type { FileService } from './file-service.js';

/** Uploads aborted per round at most; the next round takes the rest. */
const reapBatchMax = 1000;
const reapIntervalMaxMs = 60_000;

export class UploadReaper {
  readonly #store: Metastore;
  readonly #files: FileService;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #rounds: BackgroundRound<number>;

  /** Rounds run every quarter lease, at most a minute apart. */
  constructor(deps: { store: Metastore; files: FileService; safemode: Safemode; clock: Clock; logger: Logger }, leaseMs: number) {
    this.#store = deps.store;
    this.#files = deps.files;
    this.#clock = deps.clock;
    this.#logger = deps.logger.child({ component: 'upload-reaper' });
    this.#rounds = new BackgroundRound({
      what: 'reaping expired uploads', logger: this.#logger, intervalMs: quarterPeriodMs(leaseMs, 100, reapIntervalMaxMs),
      holdOff: () => deps.safemode.on, none: () => 0, round: () => this.#reap(),
    });
  }

  start(): void {
    this.#rounds.start();
  }

  stop(): Promise<void> {
    return this.#rounds.stop();
  }

  /** One round; resolves to the number of uploads aborted (0 when a round is already running). */
  reap(): Promise<number> {
    return this.#rounds.tick();
  }

  async #reap(): Promise<number> {
    // Keys are (lease expiry, upload id): below u64(now) is every lease that ended before now.
    const expired = await this.#store.sub.uploadExpiry.keys({ lt: u64(this.#clock.now()), limit: reapBatchMax }).all();
    let aborted = 0;
    for (const key of expired) {
      if (await this.#files.expireUpload(key.subarray(8).toString('hex'))) aborted += 1;
    }
    if (aborted > 0) this.#logger.info({ aborted }, 'aborted expired uploads');
    return aborted;
  }
}

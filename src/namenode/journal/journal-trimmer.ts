// Trims the journal (DESIGN §4): the metastore is the checkpoint — every edit is applied into it in
// the batch that logs it — so a record is needed only by namenodes still catching up, and by the
// retry cache, which answers a retried call with the record it applied. Each namenode keeps the
// newest `journalRetainTxids` records and every record a remembered request id points to, and
// deletes the rest in bounded steps. A namenode further behind than that copies a snapshot.
import { BackgroundRound } from '../../common/background-round.js';
import type { Logger } from '../../common/logger.js';
import { trimJournal } from '../ha/journal-store.js';
import type { Metastore } from '../metastore/metastore.js';
import { EditLog } from './edit-log.js';

const trimStepMax = 10_000;
const trimIntervalMs = 30_000;

export interface JournalTrimmerDeps {
  store: Metastore;
  logger: Logger;
  /** The oldest record something else still needs (the retry cache's), or Infinity. */
  stillNeeded(): Promise<number>;
}

export class JournalTrimmer {
  readonly #deps: JournalTrimmerDeps;
  readonly #retain: number;
  readonly #round: BackgroundRound<number>;

  constructor(deps: JournalTrimmerDeps, retainTxids: number, intervalMs = trimIntervalMs) {
    this.#deps = deps;
    this.#retain = retainTxids;
    this.#round = new BackgroundRound({
      what: 'journal trim', logger: deps.logger, intervalMs, holdOff: () => false, none: () => 0, round: () => this.#trim(),
    });
  }

  start(): void {
    this.#round.start();
  }

  stop(): Promise<void> {
    return this.#round.stop();
  }

  /** One round now; resolves to the records deleted. */
  tick(): Promise<number> {
    return this.#round.now();
  }

  async #trim(): Promise<number> {
    const { lastTxid } = await EditLog.position(this.#deps.store);
    const keepFrom = Math.min(lastTxid - this.#retain + 1, await this.#deps.stillNeeded());
    let deleted = 0;
    for (;;) {
      const step = await trimJournal(this.#deps.store, keepFrom, trimStepMax);
      deleted += step;
      if (step < trimStepMax) break;
    }
    if (deleted > 0) this.#deps.logger.info({ deleted, keepFrom }, 'journal trimmed');
    return deleted;
  }
}

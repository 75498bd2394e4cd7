// Safemode (DESIGN §4): after a start the namenode serves reads but refuses writes and deletes
// until `safemodeThreshold` of the blocks it knows have a replica reported since the start —
// until then it cannot tell a lost block from one whose datanode has not reported yet, and the
// replication monitor stays idle. Operators can enter it by hand (it then lasts until `leave`)
// and leave it early. Counting needs no memory per block: a block counts when a report names it
// and none of its replica records was stamped since the start (replica-map.ts `firstSince`).
import type { Clock } from '../../common/clock.js';
import { CairnError } from '../../common/errors.js';
import type { Logger } from '../../common/logger.js';
import type { Metastore } from '../metastore/metastore.js';
import { isKept } from '../metastore/records.js';

export interface SafemodeStatus {
  on: boolean;
  manual: boolean;
  reportedBlocks: number;
  totalBlocks: number;
  threshold: number;
}

export class Safemode {
  /** Reports stamped at or after this count towards leaving. */
  readonly startedAt: number;
  readonly #threshold: number;
  readonly #total: number;
  readonly #logger: Logger;
  #reported = 0;
  #automatic: boolean;
  #manual = false;

  private constructor(startedAt: number, threshold: number, total: number, logger: Logger) {
    this.startedAt = startedAt;
    this.#threshold = threshold;
    this.#total = total;
    this.#logger = logger;
    this.#automatic = true;
    this.#check();
  }

  /** Counts the stored blocks of the map once (streamed) to know how many must be reported. */
  static async start(store: Metastore, clock: Clock, threshold: number, logger: Logger): Promise<Safemode> {
    let total = 0;
    for await (const block of store.sub.blocks.values()) if (isKept(block)) total += 1;
    return new Safemode(clock.now(), threshold, total, logger);
  }

  get on(): boolean {
    return this.#automatic || this.#manual;
  }

  /** Whether reports should still be counted (the automatic part is on). */
  get counting(): boolean {
    return this.#automatic;
  }

  /** `count` more blocks had their first replica reported since the start. */
  reported(count: number): void {
    if (!this.#automatic || count === 0) return;
    this.#reported += count;
    this.#check();
  }

  enter(): void {
    this.#manual = true;
    this.#logger.warn('safemode entered by an operator');
  }

  leave(): void {
    if (this.#automatic) this.#logger.warn({ reported: this.#reported, total: this.#total }, 'safemode left by an operator before enough blocks were reported');
    this.#automatic = false;
    this.#manual = false;
  }

  assertWritable(): void {
    if (this.on) {
      throw new CairnError('SAFE_MODE', this.#manual
        ? 'the namenode is in safemode (entered by an operator): reads only'
        : `the namenode is in safemode: ${this.#reported} of ${this.#total} blocks reported, ${Math.ceil(this.#threshold * this.#total)} needed`);
    }
  }

  status(): SafemodeStatus {
    return { on: this.on, manual: this.#manual, reportedBlocks: this.#reported, totalBlocks: this.#total, threshold: this.#threshold };
  }

  #check(): void {
    if (this.#automatic && this.#reported >= this.#threshold * this.#total) {
      this.#automatic = false;
      this.#logger.info({ reported: this.#reported, total: this.#total }, 'leaving safemode: enough blocks reported');
    }
  }
}

// Runs compaction of the datanode's data dirs in the background (DESIGN §5), so that the disk
// space of deleted blocks goes back to the file system. The work itself is the block store's
// `compact` step (segment-compactor.ts); this decides when and how fast:
// - Schedule: every `intervalMs` it looks for segments that qualify, and at once when `wake()`
//   says a batch of deletes just ran (the usual reason for a segment to qualify). It then steps
//   until no work is left, and goes back to waiting. A step that fails ends the round; the next
//   interval tries again.
// - Rate: every step pays for the segment bytes it read in a token bucket of `bytesPerSec`, so
//   compaction never takes more than that share of the disks from clients. What it writes is at
//   most what it read (only live records are copied).
// - `tick()` runs one step; the loop drives it, tests may too. `stop()` ends a wait at once and
//   returns once the step under way is done.
import type { Clock } from '../../common/clock.js';
import { MiB } from '../../common/constants.js';
import type { Logger } from '../../common/logger.js';
import { TokenBucket } from '../scanner/token-bucket.js';
import type { CompactionStep } from '../storage/segment-compactor.js';

/** Segment bytes one step reads at most. */
export const compactionStepBytes = 8 * MiB;

export interface CompactionRunnerOptions {
  store: { compact(budgetBytes: number): Promise<CompactionStep> };
  clock: Clock;
  logger: Logger;
  bytesPerSec: number;
  intervalMs: number;
  /** A block found corrupt during compaction (and dropped from its dir): report it. */
  onCorrupt(blockId: string): void;
}

export class CompactionRunner {
  readonly #options: CompactionRunnerOptions;
  readonly #bucket: TokenBucket;
  readonly #abort = new AbortController();
  #loop: Promise<void> | undefined;
  #woken = false;
  #endWait: (() => void) | undefined;

  constructor(options: CompactionRunnerOptions) {
    this.#options = options;
    this.#bucket = new TokenBucket(options.bytesPerSec, Math.min(options.bytesPerSec, compactionStepBytes), options.clock);
  }

  start(): void {
    this.#loop ??= this.#run();
  }

  async stop(): Promise<void> {
    this.#abort.abort();
    this.#endWait?.();
    await this.#loop;
  }

  /** Look for work now rather than at the next interval. */
  wake(): void {
    this.#woken = true;
    this.#endWait?.();
  }

  /** One compaction step; corrupt blocks it found are reported before it returns. */
  async tick(): Promise<CompactionStep> {
    const step = await this.#options.store.compact(compactionStepBytes);
    for (const blockId of step.corrupt) this.#options.onCorrupt(blockId);
    return step;
  }

  async #run(): Promise<void> {
    const signal = this.#abort.signal;
    while (!signal.aborted) {
      await this.#wait();
      try {
        await this.#round(signal);
      } catch (err) {
        if (!signal.aborted) this.#options.logger.warn({ err }, 'compaction failed; trying again at the next interval');
      }
    }
  }

  async #round(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      const step = await this.tick();
      await this.#bucket.take(step.bytesRead, signal);
      if (!step.more) return;
    }
  }

  /** Until the interval has passed or `wake()` was called (also before this wait began). */
  async #wait(): Promise<void> {
    if (!this.#woken) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => this.#endWait?.(), this.#options.intervalMs);
        this.#endWait = () => {
          clearTimeout(timer);
          this.#endWait = undefined;
          resolve();
        };
      });
    }
    this.#woken = false;
  }
}

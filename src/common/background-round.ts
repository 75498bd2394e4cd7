// Background work as STYLE rule 5 wants it: a bounded round, driven by a timer in production and
// by hand in tests. One round runs at a time — a tick that finds one running does nothing — no
// round starts while the owner says to hold off (the namenode's safemode, say), a failed round is
// logged and the next tick tries again, and `stop()` waits for the round that is running.
import type { Logger } from './logger.js';

export interface BackgroundRoundOptions<T> {
  /** What the round does, for the log line when it fails. */
  what: string;
  logger: Logger;
  intervalMs: number;
  /** No round starts while this says so. */
  holdOff: () => boolean;
  /** A tick's answer when no round ran (one was running, held off, or failed). */
  none: () => T;
  round: () => Promise<T>;
}

export class BackgroundRound<T> {
  readonly #options: BackgroundRoundOptions<T>;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<T> | undefined;

  constructor(options: BackgroundRoundOptions<T>) {
    this.#options = options;
  }

  start(): void {
    this.#timer = setInterval(() => void this.tick(), this.#options.intervalMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#running?.catch(() => undefined);
  }

  /** One round, unless one is running or the owner holds off; a failure is logged, not thrown. */
  async tick(): Promise<T> {
    if (this.#running !== undefined || this.#options.holdOff()) return this.#options.none();
    return this.#run().catch((err: unknown) => {
      this.#options.logger.error({ err }, `${this.#options.what} failed`);
      return this.#options.none();
    });
  }

  /** One round now, after the running one ends (an operator's command): its failure is thrown. */
  async now(): Promise<T> {
    while (this.#running !== undefined) await this.#running.catch(() => undefined);
    return this.#run();
  }

  #run(): Promise<T> {
    const running = this.#options.round().finally(() => (this.#running = undefined));
    this.#running = running;
    return running;
  }
}

/** Rounds every quarter of the period a component enforces, within `[minMs, maxMs]`. */
export function quarterPeriodMs(periodMs: number, minMs: number, maxMs: number): number {
  return Math.max(minMs, Math.min(maxMs, Math.floor(periodMs / 4)));
}

// Bounds a byte rate. `take(n)` pays for n bytes: the bucket refills at `bytesPerSec` up to
// `burstBytes`, and a take larger than what is in it goes into debt and sleeps until the debt is
// refilled. So a single item larger than the burst still passes, and over any stretch of time the
// bytes taken never exceed `burstBytes + bytesPerSec × seconds`. It starts empty: a datanode that
// just started does not begin with a burst.
import { setTimeout as sleep } from 'node:timers/promises';
import { assert } from '../../common/assert.js';
import type { Clock } from '../../common/clock.js';

export class TokenBucket {
  readonly #bytesPerSec: number;
  readonly #burstBytes: number;
  readonly #clock: Clock;
  #tokens = 0;
  #refilledAtMs: number;

  constructor(bytesPerSec: number, burstBytes: number, clock: Clock) {
    assert(bytesPerSec > 0 && burstBytes >= 0, 'a token bucket needs a positive rate and a non-negative burst');
    this.#bytesPerSec = bytesPerSec;
    this.#burstBytes = burstBytes;
    this.#clock = clock;
    this.#refilledAtMs = clock.now();
  }

  /** Waits until `bytes` are paid for; rejects with an AbortError as soon as `signal` fires. */
  async take(bytes: number, signal: AbortSignal): Promise<void> {
    const now = this.#clock.now();
    this.#tokens = Math.min(this.#burstBytes, this.#tokens + ((now - this.#refilledAtMs) * this.#bytesPerSec) / 1000);
    this.#refilledAtMs = now;
    this.#tokens -= bytes;
    if (this.#tokens < 0) await sleep(Math.ceil((-this.#tokens * 1000) / this.#bytesPerSec), undefined, { signal });
  }
}

// Coalesces point reads of LevelDB into `getMany` calls. Every async LevelDB read crosses to the
// libuv thread pool and back, and that hand-off — not the lookup — is most of its cost (tens of
// µs of CPU against a few µs for the lookup itself). Reads asked for during one turn of the
// event loop (e.g. by every RPC whose request arrived in the same poll) go out together after
// that turn, as one `getMany` per sublevel of at most `readBatchKeysMax` keys.
//
// Guarantees: each read resolves with exactly what a `get` of its key issued at flush time
// would have returned (a `getMany` reads one implicit snapshot), or rejects with that batch's
// error; reads are never reordered before a write that completed before they were asked for,
// because they are only ever issued later than asked.
import type { SublevelName } from './metastore.js';

/** Keys in one coalesced `getMany`; more waiting reads go out in further calls of the same flush. */
export const readBatchKeysMax = 256;

export interface ManyReader {
  getMany(keys: Array<Buffer | string>): Promise<unknown[]>;
}

interface Waiting {
  key: Buffer | string;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

export class ReadBatcher {
  readonly #readerOf: (name: SublevelName) => ManyReader;
  readonly #waiting = new Map<SublevelName, Waiting[]>();
  #scheduled = false;
  #batches = 0;
  #keys = 0;

  constructor(readerOf: (name: SublevelName) => ManyReader) {
    this.#readerOf = readerOf;
  }

  get stats(): { batches: number; keys: number } {
    return { batches: this.#batches, keys: this.#keys };
  }

  /** The committed value of `key` in sublevel `name`, read together with the others asked for this turn. */
  get<V>(name: SublevelName, key: Buffer | string): Promise<V | undefined> {
    return new Promise<unknown>((resolve, reject) => {
      let queue = this.#waiting.get(name);
      if (queue === undefined) this.#waiting.set(name, (queue = []));
      queue.push({ key, resolve, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => this.#flush());
      }
    }) as Promise<V | undefined>;
  }

  getMany<V>(name: SublevelName, keys: ReadonlyArray<Buffer | string>): Promise<Array<V | undefined>> {
    return Promise.all(keys.map((key) => this.get<V>(name, key)));
  }

  #flush(): void {
    this.#scheduled = false;
    const all = [...this.#waiting];
    this.#waiting.clear();
    for (const [name, queue] of all) {
      for (let start = 0; start < queue.length; start += readBatchKeysMax) this.#issue(name, queue.slice(start, start + readBatchKeysMax));
    }
  }

  #issue(name: SublevelName, batch: Waiting[]): void {
    this.#batches += 1;
    this.#keys += batch.length;
    this.#readerOf(name).getMany(batch.map((w) => w.key)).then(
      (values) => batch.forEach((w, i) => w.resolve(values[i])),
      (err: unknown) => batch.forEach((w) => w.reject(err)),
    );
  }
}

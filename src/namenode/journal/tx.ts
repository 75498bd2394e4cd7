// A write transaction over the metastore: reads see the writes of earlier edits of the same
// group (an overlay) before falling back to LevelDB; writes accumulate into one batch.
import type { AbstractBatchOperation } from 'abstract-level';
import type { Metastore, SublevelName, SublevelValues } from '../metastore/metastore.js';
import { prefixEnd } from '../metastore/keys.js';

export type ValueOf<N extends SublevelName> = SublevelValues[N];
export type KeyOf<N extends SublevelName> = N extends 'userNames' | 'credentials' | 'meta' ? string : Buffer;

const deleted = Symbol('deleted');

/** Read-only view handed to `prepare`: validation may read, never write. */
export interface TxReader {
  get<N extends SublevelName>(name: N, key: KeyOf<N>): Promise<ValueOf<N> | undefined>;
}

export class Tx implements TxReader {
  readonly #store: Metastore;
  readonly #overlay = new Map<string, { name: SublevelName; key: Buffer | string; value: unknown }>();

  constructor(store: Metastore) {
    this.#store = store;
  }

  async get<N extends SublevelName>(name: N, key: KeyOf<N>): Promise<ValueOf<N> | undefined> {
    const pending = this.#overlay.get(overlayKey(name, key));
    if (pending !== undefined) return pending.value === deleted ? undefined : (pending.value as ValueOf<N>);
    const sub = this.#store.sub[name] as unknown as { get(k: Buffer | string): Promise<ValueOf<N> | undefined> };
    return sub.get(key);
  }

  put<N extends SublevelName>(name: N, key: KeyOf<N>, value: ValueOf<N>): void {
    this.#overlay.set(overlayKey(name, key), { name, key, value });
  }

  del<N extends SublevelName>(name: N, key: KeyOf<N>): void {
    this.#overlay.set(overlayKey(name, key), { name, key, value: deleted });
  }

  /**
   * Every entry of `name` whose key starts with `prefix`, as the transaction sees it: committed
   * entries with the overlay's changes, then entries only the overlay holds. Unordered.
   */
  async *entries<N extends SublevelName>(name: N, prefix: Buffer): AsyncGenerator<[Buffer, ValueOf<N>]> {
    const sub = this.#store.sub[name] as unknown as { iterator(o: object): AsyncIterable<[Buffer, ValueOf<N>]> };
    const seen = new Set<string>();
    for await (const [key, value] of sub.iterator({ gte: prefix, lt: prefixEnd(prefix) })) {
      const id = overlayKey(name, key);
      seen.add(id);
      const pending = this.#overlay.get(id);
      if (pending === undefined) yield [key, value];
      else if (pending.value !== deleted) yield [key, pending.value as ValueOf<N>];
    }
    for (const [id, pending] of [...this.#overlay]) {
      if (pending.name !== name || seen.has(id) || pending.value === deleted) continue;
      const key = pending.key as Buffer;
      if (key.length >= prefix.length && key.subarray(0, prefix.length).equals(prefix)) yield [key, pending.value as ValueOf<N>];
    }
  }

  get size(): number {
    return this.#overlay.size;
  }

  operations(): Array<AbstractBatchOperation<unknown, unknown, unknown>> {
    const ops: Array<AbstractBatchOperation<unknown, unknown, unknown>> = [];
    for (const { name, key, value } of this.#overlay.values()) {
      const sublevel = this.#store.sub[name] as never;
      ops.push(value === deleted ? { type: 'del', sublevel, key } : { type: 'put', sublevel, key, value });
    }
    return ops;
  }
}

function overlayKey(name: SublevelName, key: Buffer | string): string {
  return typeof key === 'string' ? `${name}\0s${key}` : `${name}\0b${key.toString('hex')}`;
}

/** Reads of committed state, for operations that change nothing. */
export function committedReader(store: Metastore): TxReader {
  return {
    get<N extends SublevelName>(name: N, key: KeyOf<N>): Promise<ValueOf<N> | undefined> {
      const sub = store.sub[name] as unknown as { get(k: Buffer | string): Promise<ValueOf<N> | undefined> };
      return sub.get(key);
    },
  };
}

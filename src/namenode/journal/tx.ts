// A write transaction over the metastore: reads see the writes of earlier edits of the same
// group (an overlay), then those of the previous group while its batch is still being synced
// (the parent's overlay, until `detach`), before falling back to committed state (the record
// cache, then LevelDB, read directly: the single writer never waits for a coalesced read).
// Writes accumulate into one batch. The overlay is also the exact list of keys the group wrote,
// which the edit log hands to the record cache once the batch is durable (`writes`).
import type { AbstractBatchOperation } from 'abstract-level';
import type { Metastore, SublevelKey, SublevelName, SublevelValues } from '../metastore/metastore.js';
import type { CommittedWrite } from '../metastore/record-cache.js';
import { prefixEnd } from '../metastore/keys.js';

export type ValueOf<N extends SublevelName> = SublevelValues[N];
export type KeyOf<N extends SublevelName> = SublevelKey<N>;

const deleted = Symbol('deleted');

/** Read-only view handed to `prepare`: validation may read, never write. */
export interface TxReader {
  get<N extends SublevelName>(name: N, key: KeyOf<N>): Promise<ValueOf<N> | undefined>;
  /** Several keys at once, answered in order (one LevelDB round trip for those not known). */
  getMany<N extends SublevelName>(name: N, keys: ReadonlyArray<KeyOf<N>>): Promise<Array<ValueOf<N> | undefined>>;
  /** Up to `limit` keys of `name` that start with `prefix` (in a transaction: unordered). */
  keys<N extends SublevelName>(name: N, prefix: Buffer, limit: number): Promise<Buffer[]>;
}

interface Write {
  name: SublevelName;
  key: Buffer | string;
  value: unknown;
}

export class Tx implements TxReader {
  readonly #store: Metastore;
  readonly #overlay = new Map<string, Write>();
  /** The previous group's transaction while its batch is in flight; never more than one level. */
  #parent: Tx | undefined;

  constructor(store: Metastore, parent?: Tx) {
    this.#store = store;
    this.#parent = parent;
  }

  /** The parent's batch is durable (its writes are committed state now): stop reading through it. */
  detach(): void {
    this.#parent = undefined;
  }

  /** This transaction's write of a key, else the in-flight parent's. */
  #find(id: string): Write | undefined {
    const parent = this.#parent;
    return this.#overlay.get(id) ?? (parent === undefined ? undefined : parent.#overlay.get(id));
  }

  async get<N extends SublevelName>(name: N, key: KeyOf<N>): Promise<ValueOf<N> | undefined> {
    const pending = this.#find(overlayKey(name, key));
    if (pending !== undefined) return pending.value === deleted ? undefined : (pending.value as ValueOf<N>);
    return this.#store.get(name, key, 'direct');
  }

  async getMany<N extends SublevelName>(name: N, keys: ReadonlyArray<KeyOf<N>>): Promise<Array<ValueOf<N> | undefined>> {
    const pending = keys.map((key) => this.#find(overlayKey(name, key)));
    const unseen = keys.filter((_key, i) => pending[i] === undefined);
    const committed = unseen.length > 0 ? await this.#store.getMany(name, unseen, 'direct') : [];
    let next = 0;
    return pending.map((p) => (p === undefined ? committed[next++] : p.value === deleted ? undefined : (p.value as ValueOf<N>)));
  }

  async keys<N extends SublevelName>(name: N, prefix: Buffer, limit: number): Promise<Buffer[]> {
    const found: Buffer[] = [];
    if (limit <= 0) return found;
    for await (const [key] of this.entries(name, prefix)) {
      found.push(key);
      if (found.length === limit) break;
    }
    return found;
  }

  put<N extends SublevelName>(name: N, key: KeyOf<N>, value: ValueOf<N>): void {
    this.#overlay.set(overlayKey(name, key), { name, key, value });
  }

  del<N extends SublevelName>(name: N, key: KeyOf<N>): void {
    this.#overlay.set(overlayKey(name, key), { name, key, value: deleted });
  }

  /**
   * Every entry of `name` whose key starts with `prefix`, as the transaction sees it: committed
   * entries with the overlays' changes, then entries only the overlays hold. Unordered.
   */
  async *entries<N extends SublevelName>(name: N, prefix: Buffer): AsyncGenerator<[Buffer, ValueOf<N>]> {
    const sub = this.#store.sub[name] as unknown as { iterator(o: object): AsyncIterable<[Buffer, ValueOf<N>]> };
    const seen = new Set<string>();
    for await (const [key, value] of sub.iterator({ gte: prefix, lt: prefixEnd(prefix) })) {
      const id = overlayKey(name, key);
      seen.add(id);
      const pending = this.#find(id);
      if (pending === undefined) yield [key, value];
      else if (pending.value !== deleted) yield [key, pending.value as ValueOf<N>];
    }
    const parent = this.#parent;
    const layers = parent === undefined ? [this.#overlay] : [this.#overlay, parent.#overlay];
    for (const [id, { key }] of layers.flatMap((layer) => [...layer])) {
      const pending = this.#find(id); // this transaction's own write wins over the parent's
      if (pending === undefined || pending.name !== name || seen.has(id) || pending.value === deleted) continue;
      seen.add(id);
      const bytes = key as Buffer;
      if (bytes.length >= prefix.length && bytes.subarray(0, prefix.length).equals(prefix)) yield [bytes, pending.value as ValueOf<N>];
    }
  }

  get size(): number {
    return this.#overlay.size;
  }

  /** Every key this transaction wrote, with its new value (`undefined`: deleted). */
  *writes(): Generator<CommittedWrite> {
    for (const { name, key, value } of this.#overlay.values()) yield { name, key, value: value === deleted ? undefined : value };
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
  // latin1 maps each byte to one char: distinct keys stay distinct, and it is the cheapest decoding.
  return typeof key === 'string' ? `${name}\0s${key}` : `${name}\0b${key.toString('latin1')}`;
}

/** Reads of committed state, for operations that change nothing. */
export function committedReader(store: Metastore): TxReader {
  return {
    get<N extends SublevelName>(name: N, key: KeyOf<N>): Promise<ValueOf<N> | undefined> {
      return store.get(name, key);
    },
    getMany<N extends SublevelName>(name: N, keys: ReadonlyArray<KeyOf<N>>): Promise<Array<ValueOf<N> | undefined>> {
      return store.getMany(name, keys);
    },
    keys<N extends SublevelName>(name: N, prefix: Buffer, limit: number): Promise<Buffer[]> {
      const sub = store.sub[name] as unknown as { keys(o: object): { all(): Promise<Buffer[]> } };
      return sub.keys({ gte: prefix, lt: prefixEnd(prefix), limit }).all();
    },
  };
}

// A bounded, write-through cache of committed namespace records — the `inodes` and the
// `children` index (`parentId + sortName → id`), and the records of uploads, revisions, blocks and
// users — so that path resolution and the reads of the single edit writer, and committed reads,
// rarely wait on a LevelDB round trip (tens of µs of CPU each). An upload's edits mostly read
// what its previous edits wrote, which the cache learnt when they became durable.
//
// What it guarantees:
// - It holds only durable state. The edit log hands it a group's writes only after that group's
//   synced batch succeeded (`commit`); a failed batch changes nothing here.
// - It never goes back in time. A read that misses loads from LevelDB and fills the entry only
//   if no commit wrote that key while the load was in flight (each fill carries a token that a
//   commit of the key revokes), so an old value read before a commit cannot land after it.
// - Absence is cached too (a name that does not exist is the common case in mkdir), and is
//   coherent the same way: a commit that creates the key replaces the "absent" entry.
// - Memory is bounded: at most `recordCacheEntriesMax` entries (DESIGN §4: caches with fixed
//   bounds, never the whole map). Eviction is CLOCK (second chance, an approximation of LRU):
//   a hit only sets a flag, so the hot read path never reorders the map.
// - Cached values are frozen: every reader shares them, so none may change them in place.
// - Memory of in-flight loads is bounded by the reads in flight: a fill's token is dropped when
//   its load ends, however it ends.
// Only sublevels that the edit writer alone writes may be cached; `cachedSublevels` names them.
import { assert } from '../../common/assert.js';
import type { SublevelName } from './metastore.js';

/** Entries (records and known absences) the cache holds at most. */
export const recordCacheEntriesMax = 100_000;

/** Sublevels written only through the edit log, and therefore safe to cache write-through. */
export const cachedSublevels: ReadonlySet<SublevelName> = new Set<SublevelName>([
  'inodes', 'children', 'revisions', 'lists', 'listEntries', 'blocks', 'userBlocks', 'uploads', 'users',
  // Every tagged edit asks whether its tag is remembered (retry-cache.ts): almost always not.
  'requests',
]);

/** Stored for a key known not to exist. */
const absent = Symbol('absent');

/** One write of a committed group: a value, or `undefined` for a delete. */
export interface CommittedWrite {
  name: SublevelName;
  key: Buffer | string;
  value: unknown;
}

export interface RecordCacheStats {
  size: number;
  hits: number;
  misses: number;
  /** Fills dropped because a commit wrote the key while it was being loaded. */
  staleFills: number;
}

interface Slot {
  value: unknown;
  /** Read or written since the clock hand last passed: it gets a second chance. */
  used: boolean;
}

export class RecordCache {
  readonly #entriesMax: number;
  /** In insertion order, which the clock hand follows. */
  readonly #slots = new Map<string, Slot>();
  /** Keys being loaded, each with the token its fill must still hold to be stored. */
  readonly #fills = new Map<string, object>();
  /** The clock hand: a live iterator over the slots (Map iterators survive inserts and deletes). */
  #hand: IterableIterator<[string, Slot]> = this.#slots.entries();
  #hits = 0;
  #misses = 0;
  #staleFills = 0;

  constructor(entriesMax: number = recordCacheEntriesMax) {
    assert(Number.isSafeInteger(entriesMax) && entriesMax > 0, 'record cache bound is a positive integer');
    this.#entriesMax = entriesMax;
  }

  static caches(name: SublevelName): boolean {
    return cachedSublevels.has(name);
  }

  get stats(): RecordCacheStats {
    return { size: this.#slots.size, hits: this.#hits, misses: this.#misses, staleFills: this.#staleFills };
  }

  /** The committed value of `key` — from memory when known, else loaded with `load` and remembered. */
  async read<V>(name: SublevelName, key: Buffer | string, load: () => Promise<V | undefined>): Promise<V | undefined> {
    const id = cacheKey(name, key);
    const slot = this.#slots.get(id);
    if (slot !== undefined) {
      this.#hits += 1;
      slot.used = true;
      return slot.value === absent ? undefined : (slot.value as V);
    }
    this.#misses += 1;
    const token = this.#beginFill(id);
    try {
      const value = await load();
      this.#endFill(id, token, value);
      return value;
    } finally {
      if (this.#fills.get(id) === token) this.#fills.delete(id);
    }
  }

  /**
   * Several keys of one sublevel: the known ones from memory, the rest with one `loadMany` call
   * (LevelDB's getMany: one round trip instead of one per key). Answers in the order of `keys`.
   */
  async readMany<V>(name: SublevelName, keys: ReadonlyArray<Buffer | string>, loadMany: (keys: Array<Buffer | string>) => Promise<Array<V | undefined>>): Promise<Array<V | undefined>> {
    const answers: Array<V | undefined> = new Array(keys.length);
    const missing: Array<{ at: number; id: string; token: object }> = [];
    for (let at = 0; at < keys.length; at++) {
      const id = cacheKey(name, keys[at] as Buffer | string); // at < keys.length
      const slot = this.#slots.get(id);
      if (slot === undefined) {
        missing.push({ at, id, token: this.#beginFill(id) });
        continue;
      }
      this.#hits += 1;
      slot.used = true;
      answers[at] = slot.value === absent ? undefined : (slot.value as V);
    }
    if (missing.length === 0) return answers;
    this.#misses += missing.length;
    let loaded: Array<V | undefined>;
    try {
      loaded = await loadMany(missing.map((m) => keys[m.at] as Buffer | string));
    } catch (err) {
      for (const m of missing) if (this.#fills.get(m.id) === m.token) this.#fills.delete(m.id);
      throw err;
    }
    missing.forEach((m, j) => {
      answers[m.at] = loaded[j];
      this.#endFill(m.id, m.token, loaded[j]);
    });
    return answers;
  }

  /** What the cache holds for `key`: the value, `undefined` for a known absence, or `miss`. */
  peek(name: SublevelName, key: Buffer | string): unknown {
    const slot = this.#slots.get(cacheKey(name, key));
    return slot === undefined ? miss : slot.value === absent ? undefined : slot.value;
  }

  /** Applies the writes of a group whose batch is durable. Call only after the synced batch succeeded. */
  commit(writes: Iterable<CommittedWrite>): void {
    for (const { name, key, value } of writes) {
      if (!cachedSublevels.has(name)) continue;
      const id = cacheKey(name, key);
      this.#fills.delete(id);
      this.#store(id, value === undefined ? absent : freeze(value));
    }
  }

  /** Every entry held, decoded (`value` undefined: known absent). For checks and tests; O(size). */
  *entries(): Generator<CommittedWrite> {
    for (const [id, slot] of this.#slots) {
      const split = id.indexOf('\0'); // cacheKey: name, NUL, 's' (string key) or 'b' (binary key), key
      const rest = id.slice(split + 2);
      const key = id[split + 1] === 's' ? rest : Buffer.from(rest, 'latin1');
      yield { name: id.slice(0, split) as SublevelName, key, value: slot.value === absent ? undefined : slot.value };
    }
  }

  clear(): void {
    this.#slots.clear();
    this.#fills.clear();
    this.#hand = this.#slots.entries();
  }

  #beginFill(id: string): object {
    const token = {};
    this.#fills.set(id, token);
    return token;
  }

  /** Stores a loaded value unless a commit wrote the key since the load began. */
  #endFill(id: string, token: object, value: unknown): void {
    if (this.#fills.get(id) !== token) {
      this.#staleFills += 1;
      return;
    }
    this.#fills.delete(id);
    this.#store(id, value === undefined ? absent : freeze(value));
  }

  #store(id: string, value: unknown): void {
    const slot = this.#slots.get(id);
    if (slot !== undefined) {
      slot.value = value;
      slot.used = true;
      return;
    }
    this.#slots.set(id, { value, used: false });
    this.#evict();
  }

  /**
   * CLOCK: the hand walks the map in insertion order; a used slot loses its flag and stays, an
   * unused one goes. Each pass clears every flag, so one eviction looks at no more than two
   * passes' worth of slots; on average it looks at a few.
   */
  #evict(): void {
    let budget = 2 * this.#slots.size + 1;
    while (this.#slots.size > this.#entriesMax && budget-- > 0) {
      let next = this.#hand.next();
      if (next.done === true) {
        this.#hand = this.#slots.entries();
        next = this.#hand.next();
        if (next.done === true) return;
      }
      const [id, slot] = next.value;
      if (slot.used) slot.used = false;
      else this.#slots.delete(id);
    }
    assert(this.#slots.size <= this.#entriesMax, 'record cache stays within its bound');
  }
}

/** Returned by `peek` for a key the cache knows nothing about. */
export const miss = Symbol('miss');

function cacheKey(name: SublevelName, key: Buffer | string): string {
  return typeof key === 'string' ? `${name}\0s${key}` : `${name}\0b${key.toString('latin1')}`;
}

function freeze(value: unknown): unknown {
  return typeof value === 'object' && value !== null ? Object.freeze(value) : value;
}

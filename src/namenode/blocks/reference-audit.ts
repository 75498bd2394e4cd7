// `cairn admin fsck --audit`: recounts every reference the namespace holds, from one snapshot of
// the metastore, and compares the counts with the stored ones (DESIGN §4). Each list entry holds
// one reference to its block (`blocks`) and one in its list owner's dedup scope (`userBlocks`);
// each list is held by the revisions (current, old and trashed files alike), open uploads and
// multipart parts that name it; every block nothing references is in the collector's index under
// its state, and nothing else is. Any disagreement is drift — there must be none.
//
// Counting cannot hold a map of every block in memory: counts go through a `SpillCounter`, which
// sums in a bounded map and spills into a scratch LevelDB, then stored and counted values are
// compared by walking both in key order.
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Level } from 'level';
import { blockKey, collectableKey, listKey, prefixEnd, readCollectableKey, readU64, userBlockKey } from '../metastore/keys.js';
import type { Metastore } from '../metastore/metastore.js';

/** Drift lines kept in a report; the count covers them all. */
export const driftShownMax = 100;
/** Counts summed in memory before they spill into the scratch store. */
const spillEntriesMax = 50_000;

export interface ReferenceAudit {
  lists: number;
  blocks: number;
  /** Blocks nothing references (live, condemned or being deleted): the collector's work. */
  unreferenced: number;
  driftCount: number;
  /** The first `driftShownMax` disagreements, in words. */
  drift: string[];
}

/** Sums counts per binary key with bounded memory; `entries()` yields them in key order. */
class SpillCounter {
  readonly #db: Level<Buffer, number>;
  readonly #pending = new Map<string, number>();

  constructor(db: Level<Buffer, number>) {
    this.#db = db;
  }

  async add(key: Buffer): Promise<void> {
    const id = key.toString('hex');
    this.#pending.set(id, (this.#pending.get(id) ?? 0) + 1);
    if (this.#pending.size >= spillEntriesMax) await this.#spill();
  }

  async #spill(): Promise<void> {
    const keys = [...this.#pending.keys()].map((id) => Buffer.from(id, 'hex'));
    const stored = await this.#db.getMany(keys);
    await this.#db.batch(keys.map((key, i) => ({ type: 'put' as const, key, value: (stored[i] ?? 0) + (this.#pending.get(key.toString('hex')) ?? 0) })));
    this.#pending.clear();
  }

  async *entries(): AsyncGenerator<[Buffer, number]> {
    await this.#spill();
    yield* this.#db.iterator();
  }
}

export async function auditReferences(store: Metastore, scratchDir: string): Promise<ReferenceAudit> {
  const dir = join(scratchDir, `audit-${randomUUID()}`);
  const scratch = new Level<Buffer, number>(dir, { keyEncoding: 'buffer', valueEncoding: 'json' });
  const snapshot = store.db.snapshot();
  try {
    const counter = (name: string) => new SpillCounter(scratch.sublevel<Buffer, number>(name, { keyEncoding: 'buffer', valueEncoding: 'json' }) as unknown as Level<Buffer, number>);
    const audit = new Audit();
    const holders = counter('holders');
    for await (const revision of store.sub.revisions.values({ snapshot })) await holders.add(listKey(revision.listId));
    for await (const upload of store.sub.uploads.values({ snapshot })) await holders.add(listKey(upload.uploadId));
    for await (const part of store.sub.parts.values({ snapshot })) await holders.add(listKey(part.listId));
    const blockRefs = counter('blocks');
    const userRefs = counter('users');
    await audit.compare('list', store.sub.lists.iterator({ snapshot }), (list) => list.refs, holders.entries(), async (key, list) => {
      audit.lists += 1;
      for await (const [, [blockId]] of store.sub.listEntries.iterator({ gte: key, lt: prefixEnd(key), snapshot })) {
        await blockRefs.add(blockKey(blockId));
        await userRefs.add(userBlockKey(list.ownerId, blockId));
      }
    });
    await audit.compare('block', store.sub.blocks.iterator({ snapshot }), (block) => block.refs, blockRefs.entries(), async (key, block) => {
      audit.blocks += 1;
      if (block.refs > 0) return;
      audit.unreferenced += 1;
      const indexed = await store.sub.collectable.get(collectableKey(block.state, block.since, key.toString('hex')), { snapshot });
      if (indexed === undefined) audit.note(`block ${key.toString('hex')}: unreferenced (${block.state}) but not in the collector's index`);
    });
    await audit.compare('user block', store.sub.userBlocks.iterator({ snapshot }), (scoped) => scoped.refs, userRefs.entries());
    for await (const key of store.sub.collectable.keys({ snapshot })) {
      const { since, blockId } = readCollectableKey(key);
      const block = await store.sub.blocks.get(blockKey(blockId), { snapshot });
      if (block === undefined || block.refs > 0 || block.since !== since || !collectableKey(block.state, since, blockId).equals(key)) {
        audit.note(`collector index names block ${blockId}, which is ${block === undefined ? 'gone' : `${block.state} with ${block.refs} refs`}`);
      }
    }
    return audit.result();
  } finally {
    await snapshot.close();
    await scratch.close();
    await rm(dir, { recursive: true, force: true });
  }
}

class Audit {
  lists = 0;
  blocks = 0;
  unreferenced = 0;
  driftCount = 0;
  readonly drift: string[] = [];

  note(line: string): void {
    this.driftCount += 1;
    if (this.drift.length < driftShownMax) this.drift.push(line);
  }

  /**
   * Walks stored records and counted references in key order together: a stored count must equal
   * the references counted for its key; a counted key must have a record. `each` sees every record.
   */
  async compare<V>(
    what: string, stored: AsyncIterable<[Buffer, V]>, countOf: (value: V) => number, counted: AsyncIterable<[Buffer, number]>,
    each?: (key: Buffer, value: V) => Promise<void>,
  ): Promise<void> {
    const counts = counted[Symbol.asyncIterator]();
    let next = await counts.next();
    const name = (key: Buffer) => (what === 'user block' ? `${readU64(key)}:${key.subarray(8).toString('hex')}` : key.toString('hex'));
    for await (const [key, value] of stored) {
      while (!next.done && Buffer.compare(next.value[0], key) < 0) {
        this.note(`${what} ${name(next.value[0])}: ${next.value[1]} references but no record`);
        next = await counts.next();
      }
      const found = !next.done && next.value[0].equals(key) ? next.value[1] : 0;
      if (found > 0) next = await counts.next();
      if (countOf(value) !== found) this.note(`${what} ${name(key)}: ${countOf(value)} stored, ${found} counted`);
      await each?.(key, value);
    }
    for (; !next.done; next = await counts.next()) this.note(`${what} ${name(next.value[0])}: ${next.value[1]} references but no record`);
  }

  result(): ReferenceAudit {
    return { lists: this.lists, blocks: this.blocks, unreferenced: this.unreferenced, driftCount: this.driftCount, drift: this.drift };
  }
}

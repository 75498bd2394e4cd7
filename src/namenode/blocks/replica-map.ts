// Where the replicas of each block are, as datanodes report them. Two LevelDB indexes written in
// one batch: `replicas` (block → datanodes, for reads and repair) and `nodeBlocks` (datanode →
// blocks, for dead-node repair, decommissioning and reconciling full reports). Neither is an
// edit: both are rebuilt from reports. Only blocks the block map knows are recorded.
//
// The replicas of recently used blocks are cached (`of`, which every read, negotiation and commit
// asks): a LevelDB range read costs far more CPU than the lookup. The cache is bounded and never
// serves what LevelDB no longer holds: this class is the only writer of `replicas`, and each
// write, once durable in LevelDB, applies its records to the cached list of their blocks. Writes
// of different replicas commute; two writes of the same replica in flight at once may land in
// either order, so that block's entry is dropped instead. A write also voids every read of its
// blocks in flight, which may have read the state before it.
import type { AbstractBatchOperation, AbstractSublevel } from 'abstract-level';
import { blockKey, nodeBlockKey, nodePrefix, prefixEnd, replicaKey } from '../metastore/keys.js';
import type { Metastore } from '../metastore/metastore.js';
import type { ReplicaRecord } from '../metastore/records.js';

export interface Replica {
  datanodeId: string;
  corrupt: boolean;
  /** When a report last named it (namenode clock); 0 for records older than this field. */
  seenAt: number;
}

type Op = AbstractBatchOperation<unknown, Buffer, unknown> & { sublevel: AbstractSublevel<never, never, Buffer, unknown> };

/** Keys read per LevelDB call when walking a node's blocks. */
const walkPageMax = 1000;
/** Blocks whose replicas are cached at most. */
export const replicaCacheBlocksMax = 50_000;

/** One replica record a write puts (or deletes: `record` undefined). */
interface Change {
  blockId: string;
  datanodeId: string;
  record: ReplicaRecord | undefined;
}

export class ReplicaMap {
  readonly #store: Metastore;
  /** Replicas by block id, oldest first (evicted in insertion order). Frozen: callers share them. */
  readonly #cached = new Map<string, readonly Replica[]>();
  /** Reads in flight that may fill the cache, each with the token a write of its block revokes. */
  readonly #fills = new Map<string, object>();
  /** Writes in flight by replica (`blockId/datanodeId`), and the replicas that had two at once. */
  readonly #writing = new Map<string, number>();
  readonly #overlapped = new Set<string>();

  constructor(store: Metastore) {
    this.#store = store;
  }

  /**
   * Records that `datanodeId` holds these blocks, seen at `seenAt`. A full report only says the
   * blocks are there, so a replica's corrupt mark is kept; an incremental report (`fresh`) follows
   * a write the datanode verified (a corrupt copy is replaced by it), so the mark goes. With
   * `firstSince`, also returns the blocks that had no replica reported at or after that time until
   * now (safemode counts those). Returns the blocks the map knows.
   */
  async add(
    datanodeId: string,
    blockIds: readonly string[],
    report: { seenAt: number; fresh: boolean; firstSince?: number | undefined },
  ): Promise<{ known: string[]; firstSeen: number }> {
    const { seenAt, firstSince } = report;
    const known = await this.#known(blockIds);
    let firstSeen = 0;
    if (firstSince !== undefined) {
      for (const blockId of known) {
        if (!(await this.of(blockId)).some((r) => r.seenAt >= firstSince)) firstSeen += 1;
      }
    }
    // Only a full report keeps a corrupt mark, so only it needs the records as they are.
    const previous = report.fresh ? [] : await this.#store.sub.replicas.getMany(known.map((id) => replicaKey(id, datanodeId)));
    await this.#write(known.map((blockId, i) => {
      const corrupt = !report.fresh && decode(datanodeId, previous[i]).corrupt;
      return { blockId, datanodeId, record: corrupt ? { t: seenAt, corrupt: true } : { t: seenAt } };
    }));
    return { known, firstSeen };
  }

  /** Marks replicas corrupt (recording them if the report is news); returns the blocks the map knows. */
  async markCorrupt(datanodeId: string, blockIds: readonly string[], seenAt: number): Promise<string[]> {
    const known = await this.#known(blockIds);
    await this.#write(known.map((blockId) => ({ blockId, datanodeId, record: { t: seenAt, corrupt: true } })));
    return known;
  }

  async remove(datanodeId: string, blockIds: readonly string[]): Promise<void> {
    await this.#write(blockIds.map((blockId) => ({ blockId, datanodeId, record: undefined })));
  }

  /** Every recorded replica of a block, whatever the state of its datanode. */
  async of(blockId: string): Promise<Replica[]> {
    const cached = this.#cached.get(blockId);
    if (cached !== undefined) return [...cached];
    const token = {};
    this.#fills.set(blockId, token);
    try {
      const prefix = blockKey(blockId);
      const replicas: Replica[] = [];
      for await (const [key, value] of this.#store.sub.replicas.iterator({ gte: prefix, lt: prefixEnd(prefix) })) {
        const datanodeId = key.subarray(32).toString('utf8');
        replicas.push(decode(datanodeId, value));
      }
      if (this.#fills.get(blockId) === token) this.#remember(blockId, replicas);
      return replicas;
    } finally {
      if (this.#fills.get(blockId) === token) this.#fills.delete(blockId);
    }
  }

  #remember(blockId: string, replicas: Replica[]): void {
    this.#cached.set(blockId, Object.freeze(replicas.map((r) => Object.freeze({ ...r }))));
    if (this.#cached.size > replicaCacheBlocksMax) this.#cached.delete(this.#cached.keys().next().value as string); // size > 0
  }

  /**
   * Writes replica records (and the reverse index) in one batch; once it is durable, the cached
   * lists learn them — or, for a replica another write was changing at the same time, or after a
   * failed batch, forget their block.
   */
  async #write(changes: Change[]): Promise<void> {
    if (changes.length === 0) return;
    const ops = changes.flatMap((c) => (c.record === undefined ? this.#delOps(c.datanodeId, c.blockId) : this.#putOps(c.datanodeId, c.blockId, c.record)));
    for (const c of changes) {
      const id = `${c.blockId}/${c.datanodeId}`;
      const writing = (this.#writing.get(id) ?? 0) + 1;
      this.#writing.set(id, writing);
      if (writing > 1) this.#overlapped.add(id);
      this.#fills.delete(c.blockId);
    }
    let durable = false;
    try {
      await this.#store.db.batch(ops as never);
      durable = true;
    } finally {
      for (const c of changes) {
        const id = `${c.blockId}/${c.datanodeId}`;
        this.#fills.delete(c.blockId);
        if (!durable || this.#overlapped.has(id)) this.#cached.delete(c.blockId);
        else this.#learn(c);
        const writing = (this.#writing.get(id) ?? 1) - 1;
        if (writing > 0) this.#writing.set(id, writing);
        else {
          this.#writing.delete(id);
          this.#overlapped.delete(id);
        }
      }
    }
  }

  /** A cached block's list with one replica record written, in LevelDB's order (by datanode id bytes). */
  #learn(change: Change): void {
    const cached = this.#cached.get(change.blockId);
    if (cached === undefined) return;
    const replicas = cached.filter((r) => r.datanodeId !== change.datanodeId);
    if (change.record !== undefined) {
      replicas.push(Object.freeze(decode(change.datanodeId, change.record)));
      replicas.sort((a, b) => Buffer.compare(Buffer.from(a.datanodeId), Buffer.from(b.datanodeId)));
    }
    this.#cached.set(change.blockId, Object.freeze(replicas));
  }

  /**
   * The replicas of each of `blockIds` (in id order), by block id, read in one pass over the span
   * from the first id to the last: for consecutive blocks of the block map (census, fsck), where
   * a read per block would cost an iterator each. Blocks without replicas are absent.
   */
  async ofSorted(blockIds: readonly string[]): Promise<Map<string, Replica[]>> {
    const byBlock = new Map<string, Replica[]>();
    const [first, last] = [blockIds[0], blockIds[blockIds.length - 1]];
    if (first === undefined || last === undefined) return byBlock;
    const wanted = new Set(blockIds);
    for await (const [key, value] of this.#store.sub.replicas.iterator({ gte: blockKey(first), lt: prefixEnd(blockKey(last)) })) {
      const blockId = key.subarray(0, 32).toString('hex');
      if (!wanted.has(blockId)) continue;
      const replica = decode(key.subarray(32).toString('utf8'), value);
      const replicas = byBlock.get(blockId);
      if (replicas === undefined) byBlock.set(blockId, [replica]);
      else replicas.push(replica);
    }
    return byBlock;
  }

  /** One page of a datanode's blocks in id order, after `after` (a block id) when given. */
  async blocksOf(datanodeId: string, after: string | undefined, limit: number): Promise<string[]> {
    const prefix = nodePrefix(datanodeId);
    const range = after === undefined ? { gte: prefix } : { gt: nodeBlockKey(datanodeId, after) };
    const keys = await this.#store.sub.nodeBlocks.keys({ ...range, lt: prefixEnd(prefix), limit }).all();
    return keys.map((key) => key.subarray(prefix.length).toString('hex'));
  }

  /**
   * Forgets the replicas of a datanode that no report has named since `before`: after a full
   * report that began at `before`, those are the blocks the node no longer has. Returns them.
   */
  async forgetUnseen(datanodeId: string, before: number): Promise<string[]> {
    const forgotten: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await this.blocksOf(datanodeId, after, walkPageMax);
      if (page.length === 0) break;
      const records = await this.#store.sub.replicas.getMany(page.map((id) => replicaKey(id, datanodeId)));
      page.forEach((blockId, i) => {
        if (records[i] === undefined || decode(datanodeId, records[i]).seenAt < before) forgotten.push(blockId);
      });
      after = page[page.length - 1];
    }
    await this.remove(datanodeId, forgotten);
    return forgotten;
  }

  get #replicas(): Op['sublevel'] {
    return this.#store.sub.replicas as unknown as Op['sublevel'];
  }

  get #nodeBlocks(): Op['sublevel'] {
    return this.#store.sub.nodeBlocks as unknown as Op['sublevel'];
  }

  #delOps(datanodeId: string, blockId: string): Op[] {
    return [
      { type: 'del', sublevel: this.#replicas, key: replicaKey(blockId, datanodeId) } as Op,
      { type: 'del', sublevel: this.#nodeBlocks, key: nodeBlockKey(datanodeId, blockId) } as Op,
    ];
  }

  #putOps(datanodeId: string, blockId: string, record: ReplicaRecord): Op[] {
    return [
      { type: 'put', sublevel: this.#replicas, key: replicaKey(blockId, datanodeId), value: record } as Op,
      { type: 'put', sublevel: this.#nodeBlocks, key: nodeBlockKey(datanodeId, blockId), value: 1 } as Op,
    ];
  }

  async #known(blockIds: readonly string[]): Promise<string[]> {
    const unique = [...new Set(blockIds)];
    const records = await this.#store.getMany('blocks', unique.map(blockKey));
    return unique.filter((_id, i) => records[i] !== undefined);
  }
}

function decode(datanodeId: string, value: ReplicaRecord | number | undefined): Replica {
  if (value === undefined || typeof value === 'number') return { datanodeId, corrupt: false, seenAt: 0 };
  return { datanodeId, corrupt: value.corrupt === true, seenAt: value.t };
}

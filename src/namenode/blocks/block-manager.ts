// Replica locations and placement. Locations are one LevelDB key per (block, datanode) so that
// concurrent reports are blind writes; they are persisted (a restart need not wait for block
// reports) but are not edits. Only blocks the block map knows are recorded.
import type { AbstractBatchOperation } from 'abstract-level';
import type { Logger } from '../../common/logger.js';
import type { DatanodeDescriptor, DatanodeManager } from '../datanodes/datanode-manager.js';
import { blockKey, prefixEnd, replicaKey } from '../metastore/keys.js';
import type { Metastore } from '../metastore/metastore.js';

export interface Location {
  datanodeId: string;
  address: string;
  dataAddress: string;
}

export class BlockManager {
  readonly #store: Metastore;
  readonly #datanodes: DatanodeManager;
  readonly #random: () => number;
  readonly #logger: Logger;

  constructor(store: Metastore, datanodes: DatanodeManager, random: () => number, logger: Logger) {
    this.#store = store;
    this.#datanodes = datanodes;
    this.#random = random;
    this.#logger = logger;
  }

  /** Records replicas that a datanode reports; returns the ids the block map knows. */
  async addReplicas(datanodeId: string, blockIds: readonly string[]): Promise<string[]> {
    const known: string[] = [];
    const ops: Array<AbstractBatchOperation<unknown, Buffer, number>> = [];
    for (const blockId of blockIds) {
      if ((await this.#store.sub.blocks.get(blockKey(blockId))) === undefined) continue;
      known.push(blockId);
      ops.push({ type: 'put', key: replicaKey(blockId, datanodeId), value: 1 });
    }
    if (ops.length > 0) await this.#store.sub.replicas.batch(ops as never);
    if (known.length < blockIds.length) this.#logger.debug({ datanodeId, unknown: blockIds.length - known.length }, 'report names blocks the map does not hold');
    return known;
  }

  async removeReplicas(datanodeId: string, blockIds: readonly string[]): Promise<void> {
    await this.#store.sub.replicas.batch(blockIds.map((id) => ({ type: 'del' as const, key: replicaKey(id, datanodeId) })));
  }

  /** Replicas on datanodes that are not dead, in random order (spreads reads). */
  async liveLocations(blockId: string): Promise<Location[]> {
    const prefix = blockKey(blockId);
    const locations: Location[] = [];
    for await (const key of this.#store.sub.replicas.keys({ gte: prefix, lt: prefixEnd(prefix) })) {
      const datanodeId = key.subarray(32).toString('utf8');
      const node = this.#datanodes.get(datanodeId);
      if (node && this.#datanodes.isAlive(datanodeId)) locations.push({ datanodeId, address: node.address, dataAddress: node.dataAddress });
    }
    return this.#shuffle(locations);
  }

  async liveReplicaCount(blockId: string): Promise<number> {
    return (await this.liveLocations(blockId)).length;
  }

  /**
   * Chooses up to `count` distinct live datanodes for a new block, weighted towards free space,
   * spreading over at least two racks when there are two.
   */
  choosePipeline(count: number): Location[] {
    const candidates = [...this.#datanodes.writable()];
    const chosen: DatanodeDescriptor[] = [];
    while (chosen.length < count && candidates.length > 0) {
      const needOtherRack = chosen.length === 1 && candidates.some((c) => c.rack !== chosen[0]?.rack);
      const pool = needOtherRack ? candidates.filter((c) => c.rack !== chosen[0]?.rack) : candidates;
      const pick = this.#weightedPick(pool);
      chosen.push(pick);
      candidates.splice(candidates.indexOf(pick), 1);
    }
    return chosen.map((node) => ({ datanodeId: node.id, address: node.address, dataAddress: node.dataAddress }));
  }

  #weightedPick(pool: DatanodeDescriptor[]): DatanodeDescriptor {
    const weights = pool.map((node) => Math.max(node.free, 1) / (1 + node.activeWrites));
    let r = this.#random() * weights.reduce((a, b) => a + b, 0);
    for (let i = 0; i < pool.length; i++) {
      r -= weights[i] ?? 0;
      if (r <= 0) return pool[i] as DatanodeDescriptor; // i < pool.length
    }
    return pool[pool.length - 1] as DatanodeDescriptor; // pool is non-empty: the caller's loop checks
  }

  #shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.#random() * (i + 1));
      [items[i], items[j]] = [items[j] as T, items[i] as T];
    }
    return items;
  }
}

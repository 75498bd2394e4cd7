// Placement and locations. Where replicas are is the replica map's (replica-map.ts); this
// decides where new ones go — R distinct live datanodes weighted towards free space, over at least
// two racks when there are two — and which replicas a reader may use: good ones on datanodes that
// are not dead.
//
// An upload's pipeline is a function of the block id (rendezvous hashing, weighted by free
// space): the same content goes to the same datanodes whether or not the cluster already holds it.
// So another user's upload of stored content reaches the datanodes that hold it, which verify the
// bytes and write nothing (DESIGN §7: stored once), and the pipeline tells the uploader nothing
// about what is stored. Copies made by repair go wherever there is room (weighted at random).
import type { DatanodeDescriptor, DatanodeManager } from '../datanodes/datanode-manager.js';
import type { ReplicaMap } from './replica-map.js';

export interface Location {
  datanodeId: string;
  address: string;
  dataAddress: string;
}

export interface PlacementOptions {
  /** Datanodes that must not be chosen (they hold the block, or are busy). */
  exclude?: ReadonlySet<string>;
  /** Racks that already hold a replica: the first choice goes elsewhere when it can. */
  racksHeld?: readonly string[];
  /** Place this block where its id ranks the datanodes (an upload), rather than at random. */
  blockId?: string;
}

export class BlockManager {
  readonly replicas: ReplicaMap;
  readonly #datanodes: DatanodeManager;
  readonly #random: () => number;

  constructor(replicas: ReplicaMap, datanodes: DatanodeManager, random: () => number) {
    this.replicas = replicas;
    this.#datanodes = datanodes;
    this.#random = random;
  }

  /** Good replicas on datanodes that are not dead, in random order (spreads reads). */
  async liveLocations(blockId: string): Promise<Location[]> {
    const locations: Location[] = [];
    for (const replica of await this.replicas.of(blockId)) {
      const node = this.#datanodes.get(replica.datanodeId);
      if (node && !replica.corrupt && this.#datanodes.isAlive(node.id)) locations.push(location(node));
    }
    return this.#shuffle(locations);
  }

  async liveReplicaCount(blockId: string): Promise<number> {
    return (await this.liveLocations(blockId)).length;
  }

  /**
   * Chooses up to `count` distinct writable datanodes, weighted towards free space and away from
   * busy ones, spreading over at least two racks when there are two.
   */
  choosePipeline(count: number, options: PlacementOptions = {}): Location[] {
    const candidates = this.#datanodes.writable().filter((node) => !options.exclude?.has(node.id));
    const racks = [...(options.racksHeld ?? [])];
    const chosen: DatanodeDescriptor[] = [];
    while (chosen.length < count && candidates.length > 0) {
      const spreadFrom = racks.length > 0 && racks.every((r) => r === racks[0]) ? racks[0] : undefined;
      const elsewhere = spreadFrom === undefined ? [] : candidates.filter((c) => c.rack !== spreadFrom);
      const pool = elsewhere.length > 0 ? elsewhere : candidates;
      const pick = options.blockId === undefined ? this.#weightedPick(pool) : rendezvousPick(options.blockId, pool);
      chosen.push(pick);
      racks.push(pick.rack);
      candidates.splice(candidates.indexOf(pick), 1);
    }
    return chosen.map(location);
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

/**
 * The datanode that ranks first for a block: each node's score is an exponential variate drawn
 * from a hash of (block, node) and divided by its free space, lowest wins — weighted rendezvous
 * hashing, so a node's share of new blocks follows its free space and removing or adding one node
 * moves only the blocks it ranks first for.
 */
function rendezvousPick(blockId: string, pool: readonly DatanodeDescriptor[]): DatanodeDescriptor {
  const blockBits = Number.parseInt(blockId.slice(0, 8), 16) | 0;
  let best = pool[0] as DatanodeDescriptor; // callers pass a non-empty pool
  let bestScore = Infinity;
  for (const node of pool) {
    const uniform = (mix32(blockBits ^ nodeHash(node.id)) + 0.5) / 2 ** 32;
    const score = -Math.log(uniform) / Math.max(node.free, 1);
    if (score < bestScore) [best, bestScore] = [node, score];
  }
  return best;
}

/** FNV-1a of a datanode id. */
function nodeHash(id: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193);
  return hash;
}

/** MurmurHash3's finalizer: every input bit moves every output bit; unsigned 32-bit result. */
function mix32(x: number): number {
  let h = x;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

export function location(node: DatanodeDescriptor): Location {
  return { datanodeId: node.id, address: node.address, dataAddress: node.dataAddress };
}

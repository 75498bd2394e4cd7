// Placement and locations. Where replicas are is the replica map's (replica-map.ts); this
// decides where new ones go — R distinct live datanodes weighted towards free space, over at least
// two racks when there are two — and which replicas a reader may use: good ones on datanodes that
// are not dead.
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
      const pick = this.#weightedPick(elsewhere.length > 0 ? elsewhere : candidates);
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

export function location(node: DatanodeDescriptor): Location {
  return { datanodeId: node.id, address: node.address, dataAddress: node.dataAddress };
}

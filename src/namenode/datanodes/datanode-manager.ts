// The registry of datanodes, in memory (registrations and heartbeats are not edits: after a
// restart every datanode registers again). A node's state follows from its last heartbeat:
// live → stale (no new writes placed there) → dead (its replicas stop counting).
import type { Clock } from '../../common/clock.js';

export type DatanodeState = 'live' | 'stale' | 'dead' | 'decommissioning' | 'decommissioned';

export interface DatanodeDescriptor {
  id: string;
  address: string;
  /** HTTP address of the block data plane. */
  dataAddress: string;
  rack: string;
  capacity: number;
  used: number;
  free: number;
  blocks: number;
  activeWrites: number;
  registeredAt: number;
  lastHeartbeatAt: number;
}

export interface DatanodeView extends DatanodeDescriptor {
  state: DatanodeState;
  lastHeartbeatMsAgo: number;
}

export interface LivenessTimings {
  staleAfterMs: number;
  deadAfterMs: number;
}

export class DatanodeManager {
  readonly #nodes = new Map<string, DatanodeDescriptor>();
  readonly #clock: Clock;
  readonly #timings: LivenessTimings;

  constructor(clock: Clock, timings: LivenessTimings) {
    this.#clock = clock;
    this.#timings = timings;
  }

  register(node: Omit<DatanodeDescriptor, 'registeredAt' | 'lastHeartbeatAt' | 'blocks' | 'activeWrites'>): void {
    const now = this.#clock.now();
    const previous = this.#nodes.get(node.id);
    this.#nodes.set(node.id, { blocks: previous?.blocks ?? 0, activeWrites: 0, ...node, registeredAt: now, lastHeartbeatAt: now });
  }

  /** Returns false when the node is unknown or was declared dead: it must register again. */
  heartbeat(id: string, report: Pick<DatanodeDescriptor, 'capacity' | 'used' | 'free' | 'blocks' | 'activeWrites'>): boolean {
    const node = this.#nodes.get(id);
    if (!node || this.stateOf(node) === 'dead') return false;
    Object.assign(node, report, { lastHeartbeatAt: this.#clock.now() });
    return true;
  }

  get(id: string): DatanodeDescriptor | undefined {
    return this.#nodes.get(id);
  }

  stateOf(node: DatanodeDescriptor): DatanodeState {
    const age = this.#clock.now() - node.lastHeartbeatAt;
    if (age >= this.#timings.deadAfterMs) return 'dead';
    if (age >= this.#timings.staleAfterMs) return 'stale';
    return 'live';
  }

  /** Nodes whose replicas count: heard from within `deadAfterMs`. */
  isAlive(id: string): boolean {
    const node = this.#nodes.get(id);
    return node !== undefined && this.stateOf(node) !== 'dead';
  }

  /** Nodes that may receive new blocks. */
  writable(): DatanodeDescriptor[] {
    return [...this.#nodes.values()].filter((node) => this.stateOf(node) === 'live');
  }

  list(): DatanodeView[] {
    const now = this.#clock.now();
    return [...this.#nodes.values()]
      .map((node) => ({ ...node, state: this.stateOf(node), lastHeartbeatMsAgo: now - node.lastHeartbeatAt }))
      .sort((a, b) => a.address.localeCompare(b.address));
  }
}

// The registry of datanodes. Heartbeats and load live in memory; each registration is also kept
// in the `datanodes` sublevel, so that a restarted namenode knows every node it must hear from:
// those it has not heard from yet are `stale` (replicas count, no writes) until `deadAfterMs`
// after the start, then `dead` like any silent node. A node's state follows from its last
// heartbeat — live → stale (no new writes placed there) → dead (its replicas stop counting) —
// and from its admin state: a decommissioning node takes no writes and its replicas do not count
// towards the replication factor; it is `decommissioned` once the monitor has drained it.
//
// A namenode that becomes the active (HA) cannot trust the replica records it gathered as a
// standby: `requireFreshReports` marks every node unreported and owing a full report, which
// heartbeat replies then ask for; only a report begun after that call counts (a report generation
// tells them apart). Until every node not dead has sent one, the monitor deletes no excess replica.
import type { Clock } from '../../common/clock.js';
import type { Metastore } from '../metastore/metastore.js';
import type { DatanodeRecord } from '../metastore/records.js';

export type DatanodeState = 'live' | 'stale' | 'dead' | 'decommissioning' | 'decommissioned';
export type AdminState = 'normal' | 'decommissioning';

export interface DatanodeDescriptor extends DatanodeRecord {
  blocks: number;
  activeWrites: number;
  failedVolumes: number;
  registeredAt: number;
  lastHeartbeatAt: number;
  /** False for a node known only from the registry of an earlier run, until it registers. */
  heard: boolean;
  /**
   * A full block report of this node has been reconciled since it last registered with this
   * namenode. Until then its recorded replicas may be stale, so nothing is deleted on their count.
   */
  reported: boolean;
  /** A new active asked this node for a full report, and none begun since has been reconciled. */
  freshReportOwed: boolean;
  adminState: AdminState;
  /** Set by the replication monitor when a decommissioning node's blocks all live elsewhere. */
  drained: boolean;
}

export interface DatanodeView extends DatanodeDescriptor {
  state: DatanodeState;
  lastHeartbeatMsAgo: number;
}

export interface LivenessTimings {
  staleAfterMs: number;
  deadAfterMs: number;
}

export type HeartbeatReport = Pick<DatanodeDescriptor, 'capacity' | 'used' | 'free' | 'blocks' | 'activeWrites' | 'failedVolumes'>;

export class DatanodeManager {
  readonly #nodes = new Map<string, DatanodeDescriptor>();
  readonly #clock: Clock;
  readonly #timings: LivenessTimings;
  readonly #store: Metastore | undefined;
  /** Bumped by `requireFreshReports`: reports begun in an older generation count for nothing then. */
  #reportGeneration = 0;

  constructor(clock: Clock, timings: LivenessTimings, store?: Metastore) {
    this.#clock = clock;
    this.#timings = timings;
    this.#store = store;
  }

  /** Loads the registry of earlier runs and the admin states (edits) of the metastore. */
  async load(): Promise<void> {
    if (this.#store === undefined) return;
    const now = this.#clock.now();
    for await (const record of this.#store.sub.datanodes.values()) {
      this.#nodes.set(record.id, { ...record, ...fresh(now), heard: false, reported: false, freshReportOwed: false, adminState: 'normal' });
    }
    for await (const [key, state] of this.#store.sub.meta.iterator({ gte: 'nodeAdmin:', lt: 'nodeAdmin;' })) {
      const node = this.#nodes.get(key.slice('nodeAdmin:'.length));
      if (node !== undefined) node.adminState = state as AdminState;
    }
  }

  async register(record: DatanodeRecord): Promise<void> {
    const previous = this.#nodes.get(record.id);
    this.#nodes.set(record.id, {
      ...record, ...fresh(this.#clock.now()), blocks: previous?.blocks ?? 0, heard: true, reported: false, freshReportOwed: previous?.freshReportOwed ?? false,
      adminState: previous?.adminState ?? 'normal', drained: previous?.drained ?? false,
    });
    await this.#store?.sub.datanodes.put(record.id, record);
  }

  /** Returns false when the node is unknown or was declared dead: it must register again. */
  heartbeat(id: string, report: HeartbeatReport): boolean {
    const node = this.#nodes.get(id);
    if (!node || !node.heard || this.stateOf(node) === 'dead') return false;
    Object.assign(node, report, { lastHeartbeatAt: this.#clock.now() });
    return true;
  }

  /** The admin state as the applied edits left it (see `SetNodeAdmin`). */
  setAdminState(id: string, state: AdminState): void {
    const node = this.#nodes.get(id);
    if (node === undefined) return;
    node.adminState = state;
    node.drained = false;
  }

  /** The generation a full report beginning now belongs to (see `setReported`). */
  get reportGeneration(): number {
    return this.#reportGeneration;
  }

  /**
   * The node's full block report, begun in `generation`, has been reconciled. One begun before the
   * last `requireFreshReports` does not count: it may predate what the new active must see.
   */
  setReported(id: string, generation: number): void {
    const node = this.#nodes.get(id);
    if (node === undefined || generation < this.#reportGeneration) return;
    node.reported = true;
    node.freshReportOwed = false;
  }

  /** This namenode just became the active: every node's replicas are in doubt until it reports again. */
  requireFreshReports(): void {
    this.#reportGeneration += 1;
    for (const node of this.#nodes.values()) {
      node.reported = false;
      node.freshReportOwed = true;
    }
  }

  /** Whether the node's heartbeat reply asks for a full report. */
  wantsFullReport(id: string): boolean {
    return this.#nodes.get(id)?.freshReportOwed === true;
  }

  /** Some node not dead still owes the full report asked for by `requireFreshReports`. */
  awaitingFreshReports(): boolean {
    for (const node of this.#nodes.values()) if (node.freshReportOwed && this.stateOf(node) !== 'dead') return true;
    return false;
  }

  setDrained(id: string): void {
    const node = this.#nodes.get(id);
    if (node !== undefined && node.adminState === 'decommissioning') node.drained = true;
  }

  get(id: string): DatanodeDescriptor | undefined {
    return this.#nodes.get(id);
  }

  /** A node by id or by its HOST:PORT (gRPC or data address). */
  find(idOrAddress: string): DatanodeDescriptor | undefined {
    return this.#nodes.get(idOrAddress) ?? [...this.#nodes.values()].find((n) => n.address === idOrAddress || n.dataAddress === idOrAddress);
  }

  all(): DatanodeDescriptor[] {
    return [...this.#nodes.values()];
  }

  stateOf(node: DatanodeDescriptor): DatanodeState {
    const age = this.#clock.now() - node.lastHeartbeatAt;
    if (age >= this.#timings.deadAfterMs) return 'dead';
    if (node.adminState === 'decommissioning') return node.drained ? 'decommissioned' : 'decommissioning';
    if (!node.heard || age >= this.#timings.staleAfterMs) return 'stale';
    return 'live';
  }

  stateOfId(id: string): DatanodeState {
    const node = this.#nodes.get(id);
    return node === undefined ? 'dead' : this.stateOf(node);
  }

  /** Nodes whose replicas can be read: heard from within `deadAfterMs`. */
  isAlive(id: string): boolean {
    return this.stateOfId(id) !== 'dead';
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

  countByState(): Record<DatanodeState, number> {
    const counts: Record<DatanodeState, number> = { live: 0, stale: 0, dead: 0, decommissioning: 0, decommissioned: 0 };
    for (const node of this.#nodes.values()) counts[this.stateOf(node)] += 1;
    return counts;
  }
}

function fresh(now: number): Pick<DatanodeDescriptor, 'blocks' | 'activeWrites' | 'failedVolumes' | 'registeredAt' | 'lastHeartbeatAt' | 'drained'> {
  return { blocks: 0, activeWrites: 0, failedVolumes: 0, registeredAt: now, lastHeartbeatAt: now, drained: false };
}

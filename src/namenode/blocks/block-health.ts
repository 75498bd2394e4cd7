// How healthy one block is, from its replicas and the states of their datanodes. One definition
// for the replication monitor, fsck, the report and metrics (docs/operations.md "fsck"):
// - live: good replicas on in-service datanodes (live or stale) — they count towards R;
// - decommissioning: good replicas on decommissioning or decommissioned datanodes — readable,
//   copied away, not counted;
// - corrupt: replicas that failed a checksum, on datanodes that are not dead;
// replicas on dead datanodes count for nothing. A block is missing when no good replica can be
// read; under-replicated when it is not missing and has fewer than R live replicas.
import type { DatanodeManager } from '../datanodes/datanode-manager.js';
import type { Metastore } from '../metastore/metastore.js';
import { isKept } from '../metastore/records.js';
import type { Replica, ReplicaMap } from './replica-map.js';

export type BlockCondition = 'ok' | 'under' | 'over' | 'missing';

export interface BlockHealth {
  live: string[];
  decommissioning: string[];
  corrupt: string[];
  /** Every datanode with a record of the block, dead ones included: never a target for it. */
  holders: Set<string>;
  condition: BlockCondition;
}

export function blockHealth(replicas: readonly Replica[], datanodes: DatanodeManager, replication: number): BlockHealth {
  const health: BlockHealth = { live: [], decommissioning: [], corrupt: [], holders: new Set(), condition: 'ok' };
  for (const replica of replicas) {
    health.holders.add(replica.datanodeId);
    const state = datanodes.stateOfId(replica.datanodeId);
    if (state === 'dead') continue;
    if (replica.corrupt) health.corrupt.push(replica.datanodeId);
    else if (state === 'decommissioning' || state === 'decommissioned') health.decommissioning.push(replica.datanodeId);
    else health.live.push(replica.datanodeId);
  }
  if (health.live.length + health.decommissioning.length === 0) health.condition = 'missing';
  else if (health.live.length < replication) health.condition = 'under';
  else if (health.live.length > replication) health.condition = 'over';
  return health;
}

/** The per-block counts fsck, the census and metrics report. */
export interface HealthTally {
  blocks: number;
  underReplicated: number;
  overReplicated: number;
  missing: number;
  corruptReplicas: number;
}

export function emptyTally(): HealthTally {
  return { blocks: 0, underReplicated: 0, overReplicated: 0, missing: 0, corruptReplicas: 0 };
}

/** Counts one block into `tally`. */
export function tallyBlock(tally: HealthTally, health: BlockHealth): void {
  tally.blocks += 1;
  tally.corruptReplicas += health.corrupt.length;
  if (health.condition === 'under') tally.underReplicated += 1;
  else if (health.condition === 'over') tally.overReplicated += 1;
  else if (health.condition === 'missing') tally.missing += 1;
}

/**
 * Queue priority, most endangered first (HDFS's order): 0 one readable replica left, 1 badly
 * under-replicated (live × 3 < R), 2 under-replicated, 3 replicated but with corrupt or excess
 * replicas to clean up, 4 missing (nothing can be done until a replica comes back).
 */
export function repairPriority(health: BlockHealth, replication: number): number | undefined {
  const readable = health.live.length + health.decommissioning.length;
  if (health.condition === 'missing') return 4;
  if (health.condition === 'under') return readable <= 1 ? 0 : health.live.length * 3 < replication ? 1 : 2;
  if (health.condition === 'over' || health.corrupt.length > 0) return 3;
  return undefined;
}

export const priorityLevels = 5;

export interface HealthPage {
  /** The stored blocks of the page (blocks whose bytes never arrived are skipped), with their health. */
  blocks: Array<{ id: string; health: BlockHealth }>;
  /** The last block-map key read: the next page starts after it. Undefined when the page was empty. */
  last: Buffer | undefined;
  /** The page was full: there may be more. */
  more: boolean;
}

/** Up to `limit` consecutive blocks of the block map after `after`, with their health: two range reads. */
export async function healthPage(
  deps: { store: Metastore; replicas: ReplicaMap; datanodes: DatanodeManager; replication: number },
  after: Buffer | undefined,
  limit: number,
): Promise<HealthPage> {
  const entries = await deps.store.sub.blocks.iterator({ ...(after === undefined ? {} : { gt: after }), limit }).all();
  const ids = entries.filter(([, block]) => isKept(block)).map(([key]) => key.toString('hex'));
  const replicas = await deps.replicas.ofSorted(ids);
  return {
    blocks: ids.map((id) => ({ id, health: blockHealth(replicas.get(id) ?? [], deps.datanodes, deps.replication) })),
    last: entries[entries.length - 1]?.[0],
    more: entries.length === limit,
  };
}

// The replication monitor (DESIGN §4): a bounded `tick()` that keeps every block at R good
// replicas. Blocks that may need work wait in the persistent `needed` queue, most endangered
// first (block-health.ts). They get there from events — a node declared dead or being
// decommissioned (a sweep of its blocks through the `nodeBlocks` index), a corrupt replica
// reported, a full report that no longer lists a replica, a commit short of R — and from the
// census, a slow pass over the whole block map that also catches a raised replication factor.
//
// Each tick evaluates queued blocks: an under-replicated one is copied datanode to datanode
// (source and targets get the work in their next heartbeat reply; the targets verify the bytes
// and report them like any write), a replicated one sheds its corrupt replicas and then its
// excess ones. The last good replica is never deleted, and a corrupt one only once the block has
// R good ones: a datanode holding a corrupt copy may be the target that replaces it. Work in
// flight is remembered in memory, bounded per datanode (`replicationStreamsMax` copies running
// there, a few dozen queued), and scheduled again when it times out. Nothing runs in safemode.
//
// Deletes that rest on replica counts (corrupt and excess replicas) wait for fresh full reports:
// per block, from every datanode counted among its good replicas (after a namenode restart); and
// after this namenode became the active (HA, `requireFreshReports`), from every datanode not dead —
// the standby's records may still list replicas a deposed active had deleted. When that wait ends,
// every datanode's blocks are swept again, so nothing postponed meanwhile is forgotten. Deletes of
// blocks the namespace has dropped (unknown to the block map, or collected) rest on the namespace
// alone and need no such wait.
import type { Command } from '../../../proto/gen/cairn/namenode/Command.js';
import type { Clock } from '../../common/clock.js';
import type { Logger } from '../../common/logger.js';
import type { DatanodeManager } from '../datanodes/datanode-manager.js';
import { blockKey, neededKey } from '../metastore/keys.js';
import type { Metastore } from '../metastore/metastore.js';
import { isKept } from '../metastore/records.js';
import { blockHealth, emptyTally, healthPage, repairPriority, tallyBlock, type BlockHealth, type HealthTally } from './block-health.js';
import type { BlockManager } from './block-manager.js';
import type { Safemode } from './safemode.js';

export interface MonitorOptions {
  replicationFactor: number;
  replicationStreamsMax: number;
  replicationTimeoutMs: number;
  replicationTickMs: number;
}

export interface HealthCounts extends HealthTally {
  /** When the census pass that counted them ended; 0 before the first one. */
  asOfMs: number;
}

export interface MonitorStats {
  health: HealthCounts;
  queue: number;
  pendingCopies: number;
  pendingDeletes: number;
  copiesScheduled: number;
  copiesTimedOut: number;
  deletesScheduled: number;
  ticks: number;
}

interface Assignment {
  source: string;
  expiresAt: number;
}

/** Work in flight for one block: copies by target, deletes by datanode. */
interface Pending {
  copies: Map<string, Assignment>;
  deletes: Map<string, number>;
}

type SweepReason = 'dead' | 'decommission' | 'report';

interface Sweep {
  reason: SweepReason;
  after: string | undefined;
  /** Decommission: blocks of this pass the node still holds the only copies of (fewer than R live). */
  short: number;
}

/** Queued work a datanode may have beyond the copies it runs at once. */
const queuedPerStream = 64;
/** Per tick: block ids read from sweeps, keys scanned and blocks evaluated from the queue, census blocks. */
const sweepBlocksPerTick = 5000;
const queueKeysPerTick = 20_000;
const evaluationsPerTick = 5000;
const censusBlocksPerTick = 5000;
const deletesPerCommand = 1000;

export class ReplicationMonitor {
  readonly #store: Metastore;
  readonly #blocks: BlockManager;
  readonly #datanodes: DatanodeManager;
  readonly #safemode: Safemode;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #options: MonitorOptions;
  readonly #pending = new Map<string, Pending>();
  /** Copies each datanode is part of (as source or target), scheduled and not yet reported done. */
  readonly #load = new Map<string, number>();
  readonly #replicate = new Map<string, Command[]>();
  readonly #delete = new Map<string, string[]>();
  readonly #sweeps = new Map<string, Sweep>();
  readonly #dead = new Set<string>();
  #census: { after: Buffer | undefined; counts: HealthCounts } | undefined;
  #nextCensusAt = 0;
  /** Some datanode still owes the full report a new active asked for (read once per tick). */
  #awaitingFreshReports = false;
  /** Deletes were postponed for that: when the wait ends, every datanode's blocks are looked at again. */
  #postponedForReports = false;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  readonly stats: MonitorStats = {
    health: { blocks: 0, underReplicated: 0, overReplicated: 0, missing: 0, corruptReplicas: 0, asOfMs: 0 },
    queue: 0, pendingCopies: 0, pendingDeletes: 0, copiesScheduled: 0, copiesTimedOut: 0, deletesScheduled: 0, ticks: 0,
  };

  constructor(deps: { store: Metastore; blocks: BlockManager; datanodes: DatanodeManager; safemode: Safemode; clock: Clock; logger: Logger }, options: MonitorOptions) {
    this.#store = deps.store;
    this.#blocks = deps.blocks;
    this.#datanodes = deps.datanodes;
    this.#safemode = deps.safemode;
    this.#clock = deps.clock;
    this.#logger = deps.logger.child({ component: 'replication' });
    this.#options = options;
  }

  start(): void {
    this.#timer = setInterval(() => void this.tick(), this.#options.replicationTickMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#running;
  }

  /** One bounded round of repair; a tick that finds the previous one still running does nothing. */
  async tick(): Promise<void> {
    if (this.#running !== undefined || this.#safemode.on) return;
    this.#running = this.#tick().catch((err: unknown) => this.#logger.error({ err }, 'replication tick failed')).finally(() => (this.#running = undefined));
    await this.#running;
  }

  /** The commands for a datanode's heartbeat reply (and forgets them). */
  takeCommands(datanodeId: string): Command[] {
    const commands = this.#replicate.get(datanodeId) ?? [];
    this.#replicate.delete(datanodeId);
    const doomed = this.#delete.get(datanodeId) ?? [];
    this.#delete.delete(datanodeId);
    for (let i = 0; i < doomed.length; i += deletesPerCommand) commands.push({ type: 'delete', blockIds: doomed.slice(i, i + deletesPerCommand), targets: [] });
    return commands;
  }

  /** Blocks to look at soon: `priority` is a first guess, evaluation corrects it. */
  async enqueue(blockIds: readonly string[], priority: number): Promise<void> {
    if (blockIds.length === 0) return;
    await this.#store.sub.needed.batch(blockIds.map((id) => ({ type: 'put' as const, key: neededKey(priority, id), value: 1 })));
  }

  /** A datanode reported holding these blocks: copies to it are done. */
  replicasAdded(datanodeId: string, blockIds: readonly string[]): void {
    for (const blockId of blockIds) {
      const pending = this.#pending.get(blockId);
      const copy = pending?.copies.get(datanodeId);
      if (pending === undefined || copy === undefined) continue;
      pending.copies.delete(datanodeId);
      this.#release(copy.source, datanodeId);
      this.#settle(blockId, pending);
    }
  }

  /** A datanode reported deleting these blocks. */
  replicasRemoved(datanodeId: string, blockIds: readonly string[]): void {
    for (const blockId of blockIds) {
      const pending = this.#pending.get(blockId);
      if (pending?.deletes.delete(datanodeId)) this.#settle(blockId, pending);
    }
  }

  /**
   * The garbage collector's deletes: each listed datanode drops its replica of the block. A
   * datanode already asked is not asked again until that request times out.
   */
  deleteReplicas(blockId: string, datanodeIds: readonly string[]): void {
    const pending = this.#pending.get(blockId);
    for (const id of datanodeIds) if (!pending?.deletes.has(id)) this.#scheduleDelete(blockId, id);
  }

  /** Deletes blocks the block map does not know (a full report named them): nothing references them. */
  deleteUnknown(datanodeId: string, blockIds: readonly string[]): void {
    if (blockIds.length === 0) return;
    this.#logger.info({ datanodeId, blocks: blockIds.length }, 'deleting replicas of blocks the namespace no longer has');
    this.#queueDeletes(datanodeId, blockIds);
  }

  /** Walks every block of a datanode (after a full report or a recommission) and queues those that need work. */
  sweep(datanodeId: string, reason: SweepReason = 'report'): void {
    const current = this.#sweeps.get(datanodeId);
    if (current === undefined || current.reason === 'report') this.#sweeps.set(datanodeId, { reason, after: undefined, short: 0 });
  }

  async #tick(): Promise<void> {
    this.stats.ticks += 1;
    this.#awaitingFreshReports = this.#datanodes.awaitingFreshReports();
    if (this.#postponedForReports && !this.#awaitingFreshReports) {
      this.#postponedForReports = false;
      this.#logger.info('every datanode sent a fresh full report: deleting excess replicas again');
      for (const node of this.#datanodes.all()) this.sweep(node.id);
    }
    this.#watchNodes();
    await this.#expire();
    await this.#advanceSweeps();
    await this.#drainQueue();
    await this.#advanceCensus();
    this.stats.pendingCopies = [...this.#pending.values()].reduce((n, p) => n + p.copies.size, 0);
    this.stats.pendingDeletes = [...this.#pending.values()].reduce((n, p) => n + p.deletes.size, 0);
  }

  /** Starts a sweep for each datanode newly dead or being decommissioned; drops work given to the dead. */
  #watchNodes(): void {
    for (const node of this.#datanodes.all()) {
      const state = this.#datanodes.stateOf(node);
      if (state === 'dead' && !this.#dead.has(node.id)) {
        this.#dead.add(node.id);
        this.#logger.warn({ datanodeId: node.id, address: node.address }, 'datanode is dead: re-replicating its blocks');
        this.#forgetWorkOf(node.id);
        this.#sweeps.set(node.id, { reason: 'dead', after: undefined, short: 0 });
      } else if (state !== 'dead') {
        this.#dead.delete(node.id);
      }
      const sweep = this.#sweeps.get(node.id);
      if (state === 'decommissioning' && sweep?.reason !== 'decommission') this.#sweeps.set(node.id, { reason: 'decommission', after: undefined, short: 0 });
      if (node.adminState === 'normal' && sweep?.reason === 'decommission') this.#sweeps.delete(node.id);
    }
  }

  #forgetWorkOf(datanodeId: string): void {
    this.#replicate.delete(datanodeId);
    this.#delete.delete(datanodeId);
    for (const [blockId, pending] of this.#pending) {
      for (const [target, copy] of pending.copies) {
        if (target !== datanodeId && copy.source !== datanodeId) continue;
        pending.copies.delete(target);
        this.#release(copy.source, target);
      }
      pending.deletes.delete(datanodeId);
      this.#settle(blockId, pending);
    }
  }

  async #expire(): Promise<void> {
    const now = this.#clock.now();
    const again: string[] = [];
    for (const [blockId, pending] of this.#pending) {
      for (const [target, copy] of pending.copies) {
        if (copy.expiresAt > now) continue;
        pending.copies.delete(target);
        this.#release(copy.source, target);
        this.stats.copiesTimedOut += 1;
        again.push(blockId);
      }
      for (const [datanodeId, expiresAt] of pending.deletes) if (expiresAt <= now) pending.deletes.delete(datanodeId);
      this.#settle(blockId, pending);
    }
    if (again.length > 0) this.#logger.warn({ blocks: again.length }, 'block copies timed out; scheduling them again');
    await this.enqueue(again, 1);
  }

  async #advanceSweeps(): Promise<void> {
    let budget = sweepBlocksPerTick;
    for (const [datanodeId, sweep] of this.#sweeps) {
      if (budget <= 0) break;
      const limit = Math.min(budget, 1000);
      const page = await this.#blocks.replicas.blocksOf(datanodeId, sweep.after, limit);
      budget -= page.length + 1;
      const queue: Array<{ id: string; priority: number }> = [];
      for (const blockId of page) {
        const health = await this.#health(blockId);
        const priority = repairPriority(health, this.#options.replicationFactor);
        if (priority !== undefined) queue.push({ id: blockId, priority });
        if (health.decommissioning.includes(datanodeId) && health.live.length < this.#options.replicationFactor) sweep.short += 1;
      }
      await this.#store.sub.needed.batch(queue.map((q) => ({ type: 'put' as const, key: neededKey(q.priority, q.id), value: 1 })));
      sweep.after = page[page.length - 1] ?? sweep.after;
      if (page.length === limit) continue;
      if (sweep.reason !== 'decommission') {
        this.#sweeps.delete(datanodeId);
      } else if (sweep.short === 0) {
        this.#datanodes.setDrained(datanodeId);
        this.#sweeps.delete(datanodeId);
        this.#logger.info({ datanodeId }, 'datanode decommissioned: every block it holds has its replicas elsewhere');
      } else {
        this.#sweeps.set(datanodeId, { reason: 'decommission', after: undefined, short: 0 });
      }
    }
  }

  async #drainQueue(): Promise<void> {
    let evaluations = 0;
    let scanned = 0;
    const ops: Array<{ type: 'put' | 'del'; key: Buffer; value?: number }> = [];
    for await (const key of this.#store.sub.needed.keys({ limit: queueKeysPerTick })) {
      scanned += 1;
      const priority = key[0] as number;
      const blockId = key.subarray(1).toString('hex');
      if (this.#pending.has(blockId)) continue;
      if (evaluations >= evaluationsPerTick || this.#saturated()) break;
      evaluations += 1;
      const next = await this.#repair(blockId);
      if (next === priority) continue;
      ops.push({ type: 'del', key });
      if (next !== undefined) ops.push({ type: 'put', key: neededKey(next, blockId), value: 1 });
    }
    await this.#store.sub.needed.batch(ops as never);
    if (scanned < queueKeysPerTick && evaluations < evaluationsPerTick) {
      this.stats.queue = scanned + ops.filter((op) => op.type === 'put').length - ops.filter((op) => op.type === 'del').length;
    }
  }

  /** Looks at one block and schedules what it needs; returns the priority to keep it queued at, if any. */
  async #repair(blockId: string): Promise<number | undefined> {
    const block = await this.#store.sub.blocks.get(blockKey(blockId));
    if (block === undefined || !isKept(block)) return undefined;
    const health = await this.#health(blockId);
    const replication = this.#options.replicationFactor;
    if (health.condition === 'under') this.#scheduleCopies(blockId, health);
    else if (health.condition !== 'missing' && !this.#scheduleDeletes(blockId, health)) return undefined;
    return repairPriority(health, replication) ?? (this.#pending.has(blockId) ? 3 : undefined);
  }

  #scheduleCopies(blockId: string, health: BlockHealth): void {
    const pending = this.#pending.get(blockId);
    const wanted = this.#options.replicationFactor - health.live.length - (pending?.copies.size ?? 0);
    if (wanted <= 0) return;
    const source = this.#leastLoaded([...health.decommissioning, ...health.live]);
    if (source === undefined) return;
    // A datanode holding a corrupt copy may take a good one: its put replaces the bad bytes, and
    // the bad copy is never deleted before there is a good one in its place.
    const replaceable = new Set(health.corrupt.filter((id) => !pending?.deletes.has(id)));
    const holders = [...health.holders].filter((id) => !replaceable.has(id));
    const exclude = new Set([...holders, ...(pending?.copies.keys() ?? []), ...this.#busy()]);
    const racksHeld = health.live.map((id) => this.#datanodes.get(id)?.rack ?? '');
    const targets = this.#blocks.choosePipeline(wanted, { exclude, racksHeld });
    if (targets.length === 0) return;
    const expiresAt = this.#clock.now() + this.#options.replicationTimeoutMs;
    const work = this.#pendingOf(blockId);
    for (const target of targets) {
      work.copies.set(target.datanodeId, { source, expiresAt });
      this.#addLoad(source, 1);
      this.#addLoad(target.datanodeId, 1);
    }
    const commands = this.#replicate.get(source) ?? [];
    commands.push({ type: 'replicate', blockIds: [blockId], targets });
    this.#replicate.set(source, commands);
    this.stats.copiesScheduled += targets.length;
  }

  /**
   * R good replicas or more: corrupt ones go, then excess ones (keeping the racks spread). Postponed
   * (false) while a datanode counted among the good ones has not had a full report reconciled since
   * it registered — after a namenode restart, its records may name replicas it lost while the
   * namenode was down (HDFS does the same). The sweep after that report looks at the block again.
   * Postponed too, for every block, while a new active waits for fresh reports (see the top).
   */
  #scheduleDeletes(blockId: string, health: BlockHealth): boolean {
    if (this.#awaitingFreshReports) {
      this.#postponedForReports = true;
      return false;
    }
    if (!health.live.every((id) => this.#datanodes.get(id)?.reported === true)) return false;
    const pending = this.#pending.get(blockId);
    for (const id of health.corrupt) if (!pending?.deletes.has(id)) this.#scheduleDelete(blockId, id);
    if ((pending?.copies.size ?? 0) > 0) return true;
    const keep = health.live.filter((id) => !pending?.deletes.has(id));
    let excess = keep.length - this.#options.replicationFactor;
    while (excess > 0) {
      const victim = this.#excessVictim(keep);
      keep.splice(keep.indexOf(victim), 1);
      this.#scheduleDelete(blockId, victim);
      excess -= 1;
    }
    return true;
  }

  /** From the rack holding the most replicas, the datanode with the least free space. */
  #excessVictim(replicas: string[]): string {
    const rackOf = (id: string) => this.#datanodes.get(id)?.rack ?? '';
    const perRack = new Map<string, number>();
    for (const id of replicas) perRack.set(rackOf(id), (perRack.get(rackOf(id)) ?? 0) + 1);
    const ranked = [...replicas].sort((a, b) =>
      (perRack.get(rackOf(b)) ?? 0) - (perRack.get(rackOf(a)) ?? 0) || (this.#datanodes.get(a)?.free ?? 0) - (this.#datanodes.get(b)?.free ?? 0));
    return ranked[0] as string; // callers pass more than R ≥ 1 replicas
  }

  #scheduleDelete(blockId: string, datanodeId: string): void {
    this.#pendingOf(blockId).deletes.set(datanodeId, this.#clock.now() + this.#options.replicationTimeoutMs);
    this.#queueDeletes(datanodeId, [blockId]);
  }

  #queueDeletes(datanodeId: string, blockIds: readonly string[]): void {
    const doomed = this.#delete.get(datanodeId) ?? [];
    doomed.push(...blockIds);
    this.#delete.set(datanodeId, doomed);
    this.stats.deletesScheduled += blockIds.length;
  }

  async #advanceCensus(): Promise<void> {
    const now = this.#clock.now();
    if (this.#census === undefined) {
      if (now < this.#nextCensusAt) return;
      this.#census = { after: undefined, counts: { ...emptyTally(), asOfMs: 0 } };
    }
    const census = this.#census;
    const page = await healthPage(
      { store: this.#store, replicas: this.#blocks.replicas, datanodes: this.#datanodes, replication: this.#options.replicationFactor }, census.after, censusBlocksPerTick);
    const queue: Buffer[] = [];
    for (const { id, health } of page.blocks) {
      tallyBlock(census.counts, health);
      const priority = repairPriority(health, this.#options.replicationFactor);
      if (priority !== undefined && !this.#pending.has(id)) queue.push(neededKey(priority, id));
    }
    await this.#store.sub.needed.batch(queue.map((key) => ({ type: 'put' as const, key, value: 1 })));
    census.after = page.last ?? census.after;
    if (page.more) return;
    this.stats.health = { ...census.counts, asOfMs: now };
    this.#census = undefined;
    this.#nextCensusAt = now + 10 * this.#options.replicationTickMs;
  }

  async #health(blockId: string): Promise<BlockHealth> {
    return blockHealth(await this.#blocks.replicas.of(blockId), this.#datanodes, this.#options.replicationFactor);
  }

  #pendingOf(blockId: string): Pending {
    let pending = this.#pending.get(blockId);
    if (pending === undefined) {
      pending = { copies: new Map(), deletes: new Map() };
      this.#pending.set(blockId, pending);
    }
    return pending;
  }

  #settle(blockId: string, pending: Pending): void {
    if (pending.copies.size === 0 && pending.deletes.size === 0) this.#pending.delete(blockId);
  }

  get #loadMax(): number {
    return this.#options.replicationStreamsMax * queuedPerStream;
  }

  #addLoad(datanodeId: string, delta: number): void {
    this.#load.set(datanodeId, (this.#load.get(datanodeId) ?? 0) + delta);
  }

  #release(source: string, target: string): void {
    this.#addLoad(source, -1);
    this.#addLoad(target, -1);
  }

  #busy(): string[] {
    return [...this.#load].filter(([, load]) => load >= this.#loadMax).map(([id]) => id);
  }

  #leastLoaded(candidates: string[]): string | undefined {
    let best: string | undefined;
    for (const id of candidates) {
      const load = this.#load.get(id) ?? 0;
      if (load < this.#loadMax && (best === undefined || load < (this.#load.get(best) ?? 0))) best = id;
    }
    return best;
  }

  /** Every writable datanode is at its limit: evaluating more blocks this tick would schedule nothing. */
  #saturated(): boolean {
    const writable = this.#datanodes.writable();
    return writable.length > 0 && writable.every((node) => (this.#load.get(node.id) ?? 0) >= this.#loadMax);
  }
}

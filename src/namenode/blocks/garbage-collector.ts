// The garbage collector (DESIGN §4): frees the blocks nothing references any more — no revision,
// trashed file, open upload or multipart part. Reference counts change in the same edit as the
// commit, abort or purge that causes them (apply-blocks.ts), which also keeps the `collectable`
// index of unreferenced blocks; the collector only walks that index, never the block map. Each
// pass moves blocks one step, oldest first, in edits of at most `gcBatchMax` blocks:
//
//  1. live and unreferenced for `gcGraceMs` → condemned (a new reference still revives it);
//  2. condemned for another `gcGraceMs`     → deleting (nothing may reference it from now on);
//  3. deleting: every datanode not dead that holds a replica is told to delete it (asked again
//     if it does not confirm in time); once none is left, the block is forgotten, and uploads
//     that waited to reference the same content go on (FileService).
//
// So a block leaves the datanodes only when nothing has referenced it for two grace periods
// (invariant 4). Nothing runs in safemode: the replica map is not complete then.
import { BackgroundRound, quarterPeriodMs } from '../../common/background-round.js';
import type { Clock } from '../../common/clock.js';
import { CairnError } from '../../common/errors.js';
import type { Logger } from '../../common/logger.js';
import type { DatanodeManager } from '../datanodes/datanode-manager.js';
import type { EditLog } from '../journal/edit-log.js';
import { blockKey, collectableKey, collectablePrefix, prefixEnd, readCollectableKey } from '../metastore/keys.js';
import type { Metastore } from '../metastore/metastore.js';
import type { BlockState } from '../metastore/records.js';
import type { BlockManager } from './block-manager.js';
import type { ReplicationMonitor } from './replication-monitor.js';
import type { Safemode } from './safemode.js';

/** Blocks one collector edit moves. */
export const gcBatchMax = 1000;
/** Blocks one pass looks at per step; the next pass takes the rest. */
const gcPassBlocksMax = 100_000;
const gcIntervalMaxMs = 60_000;
const gcIntervalMinMs = 50;

export interface GcPass {
  /** Blocks that became condemned, deleting, or were forgotten (their replicas all gone) in this pass. */
  condemned: number;
  deleted: number;
  forgotten: number;
  /** Bytes of the blocks that became `deleting` (each counted once, not per replica). */
  bytesDeleted: number;
  /** Blocks still `deleting` after the pass: some datanode has not confirmed yet. */
  deleting: number;
}

function noPass(): GcPass {
  return { condemned: 0, deleted: 0, forgotten: 0, bytesDeleted: 0, deleting: 0 };
}

export interface GcStats extends GcPass {
  passes: number;
}

export class GarbageCollector {
  readonly #store: Metastore;
  readonly #log: EditLog;
  readonly #blocks: BlockManager;
  readonly #datanodes: DatanodeManager;
  readonly #monitor: ReplicationMonitor;
  readonly #safemode: Safemode;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #graceMs: number;
  readonly #forgotten: (blockIds: string[]) => void;
  readonly #rounds: BackgroundRound<GcPass>;
  /** Where the deleting step resumes, so blocks waiting for slow datanodes do not starve the rest. */
  #deletingAfter: Buffer | undefined;
  /** Blocks datanodes reported deleted, to look at soon (`replicasRemoved`); bounded by what reports carry. */
  readonly #removed = new Set<string>();
  #settling: Promise<void> | undefined;
  readonly stats: GcStats = { passes: 0, condemned: 0, deleted: 0, forgotten: 0, bytesDeleted: 0, deleting: 0 };

  /** `forgotten` hears of blocks whose replicas are all gone (FileService.blocksForgotten). */
  constructor(
    deps: {
      store: Metastore; log: EditLog; blocks: BlockManager; datanodes: DatanodeManager; monitor: ReplicationMonitor; safemode: Safemode; clock: Clock; logger: Logger;
      forgotten: (blockIds: string[]) => void;
    },
    gcGraceMs: number,
  ) {
    this.#store = deps.store;
    this.#log = deps.log;
    this.#blocks = deps.blocks;
    this.#datanodes = deps.datanodes;
    this.#monitor = deps.monitor;
    this.#safemode = deps.safemode;
    this.#clock = deps.clock;
    this.#logger = deps.logger.child({ component: 'gc' });
    this.#forgotten = deps.forgotten;
    this.#graceMs = gcGraceMs;
    this.#rounds = new BackgroundRound({
      what: 'garbage collection pass', logger: this.#logger, intervalMs: quarterPeriodMs(gcGraceMs, gcIntervalMinMs, gcIntervalMaxMs),
      holdOff: () => this.#safemode.on, none: noPass, round: () => this.#pass(),
    });
  }

  /** Passes run every quarter grace period, between 50 ms and a minute apart. */
  start(): void {
    this.#rounds.start();
  }

  async stop(): Promise<void> {
    await this.#rounds.stop();
    await this.#settling;
  }

  /** A background pass: skipped (all counts 0) in safemode or while one runs; failures are logged. */
  tick(): Promise<GcPass> {
    return this.#rounds.tick();
  }

  /** One pass now (`cairn admin gc`): waits for a running one to end first. Grace periods still apply. */
  async pass(): Promise<GcPass> {
    if (this.#safemode.on) throw new CairnError('SAFE_MODE', 'the namenode is in safemode: no block is collected until it leaves');
    return this.#rounds.now();
  }

  async #pass(): Promise<GcPass> {
    const cutoff = this.#clock.now() - this.#graceMs;
    const condemned = await this.#advance('live', cutoff);
    const deleted = await this.#advance('condemned', cutoff);
    const { forgotten, deleting } = await this.#deleteReplicas();
    const pass: GcPass = { condemned: condemned.blocks, deleted: deleted.blocks, forgotten, bytesDeleted: deleted.bytes, deleting };
    this.stats.passes += 1;
    this.stats.condemned += pass.condemned;
    this.stats.deleted += pass.deleted;
    this.stats.forgotten += pass.forgotten;
    this.stats.bytesDeleted += pass.bytesDeleted;
    this.stats.deleting = deleting;
    if (pass.condemned + pass.deleted + pass.forgotten > 0) this.#logger.info(pass, 'garbage collection pass');
    return pass;
  }

  /** Steps 1 and 2: blocks that entered `from` before `cutoff` move on, a batch per edit. */
  async #advance(from: 'live' | 'condemned', cutoff: number): Promise<{ blocks: number; bytes: number }> {
    const moved = { blocks: 0, bytes: 0 };
    const range = { gte: collectablePrefix(from), lt: collectableKey(from, Math.max(0, cutoff), '00'.repeat(32)) };
    for (let looked = 0; looked < gcPassBlocksMax;) {
      const keys = await this.#store.sub.collectable.keys({ ...range, limit: gcBatchMax }).all();
      if (keys.length === 0) break;
      looked += keys.length;
      const ids = keys.map((key) => readCollectableKey(key).blockId);
      const edit = await this.#log.submit(async (reader) => {
        const records = await reader.getMany('blocks', ids.map(blockKey));
        const blockIds: string[] = [];
        for (const [i, record] of records.entries()) {
          if (record?.refs !== 0 || record.state !== from) continue;
          blockIds.push(ids[i] as string); // records answer ids one for one
          moved.bytes += record.size;
        }
        return { type: from === 'live' ? 'CondemnBlocks' as const : 'DeleteBlocks' as const, at: this.#clock.now(), blockIds };
      });
      moved.blocks += edit.blockIds.length;
      if (keys.length < gcBatchMax || edit.blockIds.length === 0) break;
    }
    return from === 'live' ? { blocks: moved.blocks, bytes: 0 } : moved;
  }

  /**
   * Step 3: asks the holders of deleting blocks to delete them; forgets those no datanode holds.
   * A pass starts where the last one stopped and goes round the index once at most.
   */
  async #deleteReplicas(): Promise<{ forgotten: number; deleting: number }> {
    const prefix = collectablePrefix('deleting');
    const start = this.#deletingAfter;
    let forgotten = 0;
    let waiting = 0;
    let looked = 0;
    // From `start` to the end of the index, then from its beginning up to `start`.
    for (const [from, to] of [[start, prefixEnd(prefix)], ...(start === undefined ? [] : [[undefined, start]])] as Array<[Buffer | undefined, Buffer]>) {
      for (let after = from; looked < gcPassBlocksMax;) {
        const keys = await this.#store.sub.collectable.keys({ ...(after === undefined ? { gte: prefix } : { gt: after }), lte: to, limit: gcBatchMax }).all();
        looked += keys.length;
        const done: string[] = [];
        for (const key of keys) {
          const { blockId } = readCollectableKey(key);
          const alive = await this.#aliveHolders(blockId);
          if (alive.length === 0) done.push(blockId);
          else this.#monitor.deleteReplicas(blockId, alive);
        }
        forgotten += await this.#forget(done);
        waiting += keys.length - done.length;
        after = keys[keys.length - 1];
        this.#deletingAfter = keys.length < gcBatchMax ? undefined : after;
        if (keys.length < gcBatchMax) break;
      }
    }
    return { forgotten, deleting: waiting };
  }

  async #aliveHolders(blockId: string): Promise<string[]> {
    return (await this.#blocks.replicas.of(blockId)).map((r) => r.datanodeId).filter((id) => this.#datanodes.isAlive(id));
  }

  /**
   * Datanodes reported deleting these blocks: those being collected whose last live replica just
   * went are forgotten now rather than at the next pass, so uploads waiting for them go on.
   */
  replicasRemoved(blockIds: readonly string[]): void {
    if (this.#safemode.on) return;
    for (const id of blockIds) this.#removed.add(id);
    if (this.#removed.size > 0 && this.#settling === undefined) this.#settling = this.#settle();
  }

  async #settle(): Promise<void> {
    try {
      while (this.#removed.size > 0) {
        const ids = [...this.#removed].slice(0, gcBatchMax);
        for (const id of ids) this.#removed.delete(id);
        const records = await this.#store.getMany('blocks', ids.map(blockKey));
        const done: string[] = [];
        for (const [i, id] of ids.entries()) if (records[i]?.state === 'deleting' && (await this.#aliveHolders(id)).length === 0) done.push(id);
        this.stats.forgotten += await this.#forget(done);
      }
    } catch (err) {
      this.#logger.error({ err }, 'forgetting deleted blocks failed; the next pass does it');
    } finally {
      this.#settling = undefined;
    }
  }

  /** Blocks whose live replicas are all gone leave the block map; replicas recorded on dead datanodes go with them. */
  async #forget(blockIds: string[]): Promise<number> {
    if (blockIds.length === 0) return 0;
    const edit = await this.#log.submit(async (reader) => {
      const records = await reader.getMany('blocks', blockIds.map(blockKey));
      return { type: 'ForgetBlocks' as const, at: this.#clock.now(), blockIds: blockIds.filter((_id, i) => records[i]?.state === ('deleting' satisfies BlockState)) };
    });
    for (const blockId of edit.blockIds) {
      for (const replica of await this.#blocks.replicas.of(blockId)) await this.#blocks.replicas.remove(replica.datanodeId, [blockId]);
    }
    this.#forgotten(edit.blockIds);
    return edit.blockIds.length;
  }
}

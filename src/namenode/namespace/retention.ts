// Revision retention (DESIGN §3): a file keeps its newest `revisionRetentionCount` revisions and
// every revision younger than `revisionRetentionMs`; a revision past both goes for good, and a
// file's newest revision never does (the count is at least 1).
//
// What to look at comes from the `revisionChecks` index of (due time, file), which apply keeps:
// every new revision but a file's first (commit, copy, restore, multipart completion) makes its
// file due at once, and a check that leaves revisions past the count because they are still
// young makes the file due again when the oldest of them comes of age. A round therefore reads
// only the files that just changed or whose old revisions just aged. We chose this index over a
// bounded rotating scan of all revisions: a scan's cost grows with the namespace even when
// nothing changes, and so does the delay before an aged revision is found; the index costs one
// key per new revision and finds each due file on time. Most files have fewer revisions than the
// count: their check only drops the key. Purges are `RevisionRetention` edits, bounded in files,
// revisions and blocks. Nothing is purged in safemode.
import { BackgroundRound, quarterPeriodMs } from '../../common/background-round.js';
import type { Clock } from '../../common/clock.js';
import { purgeBlocksPerEditMax } from '../../common/constants.js';
import type { Logger } from '../../common/logger.js';
import type { Safemode } from '../blocks/safemode.js';
import type { EditLog } from '../journal/edit-log.js';
import type { EditOf, RetentionCheck } from '../journal/edits.js';
import type { TxReader } from '../journal/tx.js';
import { prefixEnd, readU64, revisionKey, u64 } from '../metastore/keys.js';
import type { Metastore } from '../metastore/metastore.js';

export interface RetentionPolicy {
  revisionRetentionCount: number;
  revisionRetentionMs: number;
}

/** Due files one round checks at most; the next round takes the rest. */
const checksPerRoundMax = 1000;
/** Files one RevisionRetention edit covers at most. */
const checksPerEditMax = 256;
/** Revisions one edit purges at most (and one file's check, so a check always fits an edit). */
const revisionsPerEditMax = 256;
/** Revision keys the edit writer reads at most to confirm one edit's checks still hold. */
const confirmKeysPerEditMax = 4096;
const roundIntervalMaxMs = 10_000;
const roundIntervalMinMs = 100;

/** A check as planned from committed state, with what its edit must find unchanged. */
interface Plan extends RetentionCheck {
  /** The file's newest revision when planned (0: the file is gone; -1: not to be confirmed). */
  newest: number;
  /** The newest revisions that stay because of the count, and the blocks the purge releases. */
  kept: number[];
  blocks: number;
}

/** Nothing in a batch still held when the edit writer looked: no edit. */
class NothingLeft extends Error {}

export class RevisionRetention {
  readonly #store: Metastore;
  readonly #log: EditLog;
  readonly #safemode: Safemode;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #count: number;
  readonly #ageMs: number;
  readonly #rounds: BackgroundRound<number>;

  /** Rounds run every quarter of the retention age, at most ten seconds apart (new revisions are checked that soon). */
  constructor(deps: { store: Metastore; log: EditLog; safemode: Safemode; clock: Clock; logger: Logger }, policy: RetentionPolicy) {
    this.#store = deps.store;
    this.#log = deps.log;
    this.#safemode = deps.safemode;
    this.#clock = deps.clock;
    this.#logger = deps.logger.child({ component: 'revision-retention' });
    this.#count = policy.revisionRetentionCount;
    this.#ageMs = policy.revisionRetentionMs;
    this.#rounds = new BackgroundRound({
      what: 'revision retention', logger: this.#logger, intervalMs: quarterPeriodMs(this.#ageMs, roundIntervalMinMs, roundIntervalMaxMs),
      holdOff: () => this.#safemode.on, none: () => 0, round: () => this.#round(),
    });
  }

  start(): void {
    this.#rounds.start();
  }

  stop(): Promise<void> {
    return this.#rounds.stop();
  }

  /** One round; resolves to the number of revisions purged (0 when a round is already running, or in safemode). */
  tick(): Promise<number> {
    return this.#rounds.tick();
  }

  async #round(): Promise<number> {
    const now = this.#clock.now();
    const due = await this.#store.sub.revisionChecks.keys({ lt: u64(now + 1), limit: checksPerRoundMax }).all();
    const seen = new Set<number>();
    let batch = new Batch();
    let purged = 0;
    for (const key of due) {
      const inodeId = readU64(key, 8);
      // A file due twice is planned once (a second plan from the same state would purge the same
      // revisions again); its other entry is only dropped.
      const plan = seen.has(inodeId) ? { ...dropOnly(inodeId, readU64(key)), newest: -1 } : await this.#plan(inodeId, readU64(key), now);
      seen.add(inodeId);
      if (!batch.add(plan)) {
        purged += await this.#submit(batch.plans);
        batch = new Batch();
        batch.add(plan);
      }
    }
    purged += await this.#submit(batch.plans);
    if (purged > 0) this.#logger.info({ purged }, 'purged revisions past retention');
    return purged;
  }

  /**
   * What one due file loses now: of the revisions older than its newest `count`, those past the
   * age, oldest first. Still-young ones make the file due again when the first of them ages; a
   * file with more to purge than one edit takes is due again at once.
   */
  async #plan(inodeId: number, dueAt: number, now: number): Promise<Plan> {
    const plan = dropOnly(inodeId, dueAt);
    const file = await this.#store.get('inodes', u64(inodeId));
    // Revision numbers are unique and at most the newest's, so a newest numbered within the count leaves nothing to purge.
    if (file?.type !== 'file' || file.revision <= this.#count) return { ...plan, newest: file?.revision ?? 0 };
    plan.newest = file.revision;
    const prefix = u64(inodeId);
    const keptKeys = await this.#store.sub.revisions.keys({ gte: prefix, lt: prefixEnd(prefix), reverse: true, limit: this.#count }).all();
    plan.kept = keptKeys.map((key) => key.readUInt32BE(8));
    const oldestKept = plan.kept[this.#count - 1];
    if (oldestKept === undefined) return plan;
    const older = await this.#store.sub.revisions.values({ gte: prefix, lt: revisionKey(inodeId, oldestKept), limit: revisionsPerEditMax + 1 }).all();
    for (const revision of older) {
      const aged = now - revision.createdAt > this.#ageMs;
      const fitsEdit = plan.purge.length < revisionsPerEditMax && (plan.blocks + revision.blockCount <= purgeBlocksPerEditMax || plan.purge.length === 0);
      if (aged && fitsEdit) {
        plan.purge.push(revision.number);
        plan.blocks += revision.blockCount;
      } else {
        const dueAgain = aged ? now : revision.createdAt + this.#ageMs + 1;
        plan.nextDueAt = plan.nextDueAt === 0 ? dueAgain : Math.min(plan.nextDueAt, dueAgain);
      }
    }
    return plan;
  }

  /** Submits the plans that still hold when the edit writer looks; the others stay due for the next round. */
  async #submit(batch: Plan[]): Promise<number> {
    if (batch.length === 0) return 0;
    try {
      const edit = await this.#log.submit((reader) => this.#confirmed(reader, batch));
      return edit.checks.reduce((n, check) => n + check.purge.length, 0);
    } catch (err) {
      if (err instanceof NothingLeft) return 0;
      throw err;
    }
  }

  /**
   * The plans whose file still has the newest revision it had, and, where they purge, still every
   * revision they keep and purge: otherwise the plan could keep fewer than the count, or purge
   * twice. One read per sublevel.
   */
  async #confirmed(reader: TxReader, batch: Plan[]): Promise<EditOf<'RevisionRetention'>> {
    const files = await reader.getMany('inodes', batch.map((plan) => u64(plan.inodeId)));
    const named = batch.flatMap((plan) => (plan.purge.length > 0 ? [...plan.kept, ...plan.purge].map((n) => revisionKey(plan.inodeId, n)) : []));
    const found = await reader.getMany('revisions', named);
    let next = 0;
    const checks: RetentionCheck[] = [];
    for (const [i, plan] of batch.entries()) {
      const count = plan.purge.length > 0 ? plan.kept.length + plan.purge.length : 0;
      const intact = found.slice(next, next + count).every((revision) => revision !== undefined);
      next += count;
      const file = files[i];
      const newest = file?.type === 'file' ? file.revision : 0;
      if (!intact || (plan.newest >= 0 && newest !== plan.newest)) continue;
      checks.push({ inodeId: plan.inodeId, dueAt: plan.dueAt, purge: plan.purge, nextDueAt: plan.nextDueAt });
    }
    if (checks.length === 0) throw new NothingLeft();
    return { type: 'RevisionRetention', at: this.#clock.now(), checks };
  }
}

/** A check that only marks the file's entry done. */
function dropOnly(inodeId: number, dueAt: number): Plan {
  return { inodeId, dueAt, purge: [], nextDueAt: 0, newest: 0, kept: [], blocks: 0 };
}

/** The plans of one edit, within its bounds. */
class Batch {
  readonly plans: Plan[] = [];
  #revisions = 0;
  #blocks = 0;
  #confirmKeys = 0;

  /** Adds `plan` if it fits (an empty batch takes any plan, which is bounded on its own). */
  add(plan: Plan): boolean {
    const confirmKeys = plan.purge.length > 0 ? plan.kept.length + plan.purge.length : 0;
    const fits = this.plans.length < checksPerEditMax
      && this.#revisions + plan.purge.length <= revisionsPerEditMax
      && this.#blocks + plan.blocks <= purgeBlocksPerEditMax
      && this.#confirmKeys + confirmKeys <= confirmKeysPerEditMax;
    if (!fits && this.plans.length > 0) return false;
    this.plans.push(plan);
    this.#revisions += plan.purge.length;
    this.#blocks += plan.blocks;
    this.#confirmKeys += confirmKeys;
    return true;
  }
}

// The single writer of namespace state (DESIGN §4). Callers submit a `prepare` step that
// validates against current state and decides everything non-deterministic, returning an edit;
// the writer assigns txids in order, applies each edit into one transaction, appends the journal
// records, and commits the whole group with one synced LevelDB batch (group commit). An edit is
// acknowledged only after that batch is durable, and only then does the record cache learn the
// group's writes. A failed batch poisons the log: the process state can no longer be trusted to
// match the disk, so every later submit fails (and the cache keeps what was durable before).
//
// Pipelining: while one group's batch is being synced, the writer already prepares the next
// group on top of it (its transaction reads through the in-flight group's writes). Batches still
// reach LevelDB one at a time and in txid order — the next is written only after the previous
// one is durable — and if a batch fails, the group prepared on top of it is refused, unwritten.
// So the disk is never idle while edits wait, and prepare work overlaps the fsync.
//
// A refusal is delivered when an acknowledgement would be: once the state its prepare step saw is
// durable (its group's batch, or the batch in flight when the group held no edit). A prepare reads
// through edits not yet synced, so a caller told ALREADY_EXISTS (or REVISION_CONFLICT) before
// then could look and find nothing — or, after a crash, never find it.
//
// High availability (ha/): each record carries the epoch of the active that wrote it, and with a
// `replicate` hook a group is acknowledged only once the batch is durable here AND the hook says
// that enough other namenodes hold it for a majority. A group the hook cannot place (no quorum in
// time) is durable here but fails its callers with UNAVAILABLE — the outcome is unknown to them,
// as after a timeout, and a retry with the same request id is answered, not applied twice. A hook
// that finds a newer epoch fences the log: every later submit fails with NOT_ACTIVE.
import { editGroupMax } from '../../common/constants.js';
import { CairnError } from '../../common/errors.js';
import type { Logger } from '../../common/logger.js';
import type { Metastore } from '../metastore/metastore.js';
import { u64 } from '../metastore/keys.js';
import type { Edit } from './edits.js';
import { Tx, type TxReader } from './tx.js';
import { recordedEdit } from './retry-cache.js';
import { takeRequestTag } from '../../common/request-id.js';

export type Applier = (edit: Edit, tx: Tx) => Promise<void>;
export type Prepare<E extends Edit> = (reader: TxReader) => Promise<E>;

/** An edit as the journal holds it: with its txid and the epoch of the active that wrote it. */
export type JournalRecord = Edit & { txid: number; epoch: number };

/** Resolves once enough other namenodes hold `records` durably for a majority (with this one). */
export type Replicate = (records: JournalRecord[]) => Promise<void>;

/** Where a journal ends: its last txid, and the epoch of the record there (0 for an empty journal). */
export interface JournalPosition {
  lastTxid: number;
  lastEpoch: number;
}

/**
 * With no batch in flight (the disk idle), a group is written as soon as this many edits are
 * prepared, so the first acknowledgements of a burst do not wait for the whole burst; the rest
 * are prepared meanwhile and go in the next batch. While a batch is in flight a group grows up to
 * `editGroupMax`, so a slow disk still gets large groups.
 */
export const idleDiskGroupMax = 8;

interface Pending {
  prepare: Prepare<Edit>;
  resolve: (edit: Edit) => void;
  reject: (err: unknown) => void;
  /** The client request's tag for this edit (retry-cache.ts), when a request submitted it. */
  request?: string;
}

interface Accepted {
  pending: Pending;
  edit: JournalRecord;
}

/** Edits prepared together: those accepted into the batch, and those whose prepare step refused. */
interface Group {
  accepted: Accepted[];
  refused: Array<{ pending: Pending; err: unknown }>;
}

/** A group whose batch is being written: `durable` resolves once it is settled (acknowledged, refused, or the log poisoned). */
interface InFlight {
  done: boolean;
  durable: Promise<void>;
}

export interface EditLogStats {
  lastTxid: number;
  epoch: number;
  groups: number;
  edits: number;
}

export class EditLog {
  readonly #store: Metastore;
  readonly #apply: Applier;
  readonly #logger: Logger;
  readonly #epoch: number;
  readonly #replicate: Replicate | undefined;
  readonly #queue: Pending[] = [];
  /** The last durable txid; `#nextTxid` runs ahead of it by the edits prepared but not yet durable. */
  #lastTxid: number;
  /**
   * The last txid known to be on a majority (with HA; else durable here): what this term
   * inherited, then each group that was placed. A retry is answered only from a record up to it.
   */
  #placedTxid: number;
  #nextTxid: number;
  #inFlight: InFlight | undefined;
  #wake: (() => void) | undefined;
  #draining = false;
  /** Set once the log refuses every submit: a batch failed (IO_ERROR) or it was fenced (NOT_ACTIVE). */
  #failure: CairnError | undefined;
  #groups = 0;
  #edits = 0;
  #idle: Promise<void> = Promise.resolve();
  #onIdle: (() => void) | undefined;

  /** `epoch` stamps every record (0 without HA); `replicate`, when given, must place each batch before it is acknowledged. */
  constructor(store: Metastore, apply: Applier, lastTxid: number, logger: Logger, options: { epoch?: number; replicate?: Replicate } = {}) {
    this.#store = store;
    this.#apply = apply;
    this.#lastTxid = lastTxid;
    this.#placedTxid = lastTxid;
    this.#nextTxid = lastTxid + 1;
    this.#logger = logger;
    this.#epoch = options.epoch ?? 0;
    this.#replicate = options.replicate;
  }

  static async lastTxid(store: Metastore): Promise<number> {
    return (await EditLog.position(store)).lastTxid;
  }

  static async position(store: Metastore): Promise<JournalPosition> {
    const [lastTxid, lastEpoch] = (await store.sub.meta.getMany(['lastTxid', 'lastEpoch'])) as Array<number | undefined>;
    return { lastTxid: lastTxid ?? 0, lastEpoch: lastEpoch ?? 0 };
  }

  get stats(): EditLogStats {
    return { lastTxid: this.#lastTxid, epoch: this.#epoch, groups: this.#groups, edits: this.#edits };
  }

  /**
   * From now on every submit fails with `error` (a namenode that stops being the active); edits
   * already in a batch finish as they would. Idempotent: the first reason stays.
   */
  fence(error: CairnError): void {
    this.#failure ??= error;
    for (const pending of this.#queue.splice(0)) pending.reject(this.#failure);
  }

  submit<E extends Edit>(prepare: Prepare<E>): Promise<E & { txid: number }> {
    if (this.#failure) return Promise.reject(this.#failure);
    return new Promise((resolve, reject) => {
      const request = takeRequestTag();
      // Whether the tag is remembered is asked in the writer; loaded into the record cache here, with other callers' reads.
      if (request !== undefined) void this.#store.get('requests', request).catch(() => undefined);
      this.#queue.push({ prepare, resolve: resolve as (edit: Edit) => void, reject, ...(request === undefined ? {} : { request }) });
      this.#schedule();
      this.#wake?.();
    });
  }

  /** Resolves once every submitted edit has been committed or refused. */
  async flush(): Promise<void> {
    await this.#idle;
  }

  /**
   * An idle writer starts one event-loop turn after the first submit, not at once: every edit
   * submitted while this turn's I/O callbacks run (requests that arrived together) is then
   * queued before the first group is cut.
   */
  #schedule(): void {
    if (this.#draining) return;
    this.#draining = true;
    this.#idle = new Promise((resolve) => (this.#onIdle = resolve));
    setImmediate(() => void this.#drain());
  }

  async #drain(): Promise<void> {
    let previous: Tx | undefined; // the in-flight group's transaction, which the next one reads through
    try {
      while (this.#queue.length > 0 || this.#inFlight) {
        const tx = new Tx(this.#store, previous);
        const group = await this.#prepareGroup(tx);
        if (!(await this.#settle())) return refuse(group, this.#failure ?? new CairnError('INTERNAL', 'edit log failed'));
        tx.detach();
        previous = undefined;
        if (group.accepted.length === 0) {
          // What these refusals saw is durable now: the batch they read through has settled.
          for (const { pending, err } of group.refused) pending.reject(err);
          continue;
        }
        this.#inFlight = this.#write(tx, group);
        previous = tx;
      }
    } finally {
      this.#draining = false;
      this.#onIdle?.();
    }
  }

  /**
   * Prepares queued edits into `tx`. The group closes when the disk is idle and the group has
   * `idleDiskGroupMax` edits or nothing more is queued, or at `editGroupMax`; while a batch is in
   * flight it stays open for edits still arriving, since it could not be written sooner anyway.
   */
  async #prepareGroup(tx: Tx): Promise<Group> {
    const accepted: Accepted[] = [];
    const refused: Group['refused'] = [];
    while (accepted.length < editGroupMax) {
      const diskIdle = this.#inFlight === undefined || this.#inFlight.done;
      if (diskIdle && (accepted.length >= idleDiskGroupMax || this.#queue.length === 0)) break;
      const pending = this.#queue.shift();
      if (pending === undefined) {
        await this.#waitForWork();
        continue;
      }
      let edit: Edit;
      try {
        const earlier = pending.request === undefined ? undefined : await recordedEdit(tx, pending.request);
        if (earlier !== undefined) {
          refused.push(this.#answered(pending, earlier));
          continue;
        }
        edit = await pending.prepare(tx);
      } catch (err) {
        refused.push({ pending, err });
        continue;
      }
      const logged: JournalRecord = { ...edit, txid: this.#nextTxid++, epoch: this.#epoch, ...(pending.request === undefined ? {} : { request: pending.request }) };
      await this.#apply(logged, tx);
      tx.put('journal', u64(logged.txid), logged);
      accepted.push({ pending, edit: logged });
    }
    if (accepted.length > 0) {
      tx.put('meta', 'lastTxid', this.#nextTxid - 1);
      tx.put('meta', 'lastEpoch', this.#epoch);
    }
    return { accepted, refused };
  }

  /** Resolves when the in-flight batch has finished or a new edit was submitted. */
  async #waitForWork(): Promise<void> {
    const inFlight = this.#inFlight;
    if (!inFlight || inFlight.done) return;
    await Promise.race([inFlight.durable, new Promise<void>((resolve) => (this.#wake = resolve))]);
    this.#wake = undefined;
  }

  /** Waits for the in-flight batch, if any; false if the log refuses edits now (a batch failed, or it was fenced). */
  async #settle(): Promise<boolean> {
    const inFlight = this.#inFlight;
    if (inFlight) {
      await inFlight.durable;
      this.#inFlight = undefined;
    }
    return this.#failure === undefined;
  }

  #write(tx: Tx, group: Group): InFlight {
    const inFlight: InFlight = { done: false, durable: this.#persist(tx, group) };
    void inFlight.durable.then(() => {
      inFlight.done = true;
      this.#wake?.();
    });
    return inFlight;
  }

  /**
   * One synced batch here and, with HA, its replication to a majority, side by side; then the
   * cache learns the group's writes and its edits are acknowledged, in txid order.
   */
  async #persist(tx: Tx, group: Group): Promise<void> {
    const { accepted } = group;
    const records = accepted.map((a) => a.edit);
    const replicated = this.#replicate?.(records).then(() => undefined, (err: unknown) => err);
    try {
      await this.#store.db.batch(tx.operations() as never, { sync: true });
    } catch (err) {
      this.#poison(err as Error, group);
      return;
    }
    const unplaced = await replicated;
    this.#store.cache.commit(tx.writes());
    this.#lastTxid = (accepted[accepted.length - 1] as Accepted).edit.txid; // a written group is never empty
    this.#groups += 1;
    this.#edits += accepted.length;
    if (unplaced !== undefined) {
      const error = unplaced instanceof CairnError ? unplaced : new CairnError('UNAVAILABLE', `edit batch not replicated: ${String(unplaced)}`);
      if (error.code === 'NOT_ACTIVE') this.fence(error);
      refuse(group, error);
      return; // durable here: later groups follow it
    }
    this.#placedTxid = this.#lastTxid;
    for (const { pending, edit } of accepted) pending.resolve(edit);
    for (const { pending, err } of group.refused) pending.reject(err);
  }

  /**
   * A retried submit (its request's tag is remembered) is answered with the edit its first
   * attempt made. It rides with the group's refusals, which are delivered when what the group's
   * prepare steps saw is durable, and fails like them if the log fails first. A first attempt no
   * majority took (yet) was not acknowledged: neither is its retry.
   */
  #answered(pending: Pending, earlier: Edit & { txid: number }): Group['refused'][number] {
    const deliver = (err: unknown) => {
      if (err !== answer) return pending.reject(err);
      if (earlier.txid > this.#placedTxid) return pending.reject(new CairnError('UNAVAILABLE', 'the first attempt of this call is not on a majority of namenodes yet; try again'));
      pending.resolve(earlier);
    };
    return { pending: { ...pending, reject: deliver }, err: answer };
  }

  #poison(err: Error, group: Group): void {
    this.#logger.error({ err }, 'edit batch failed to persist; refusing further edits');
    this.fence(new CairnError('IO_ERROR', `edit log write failed: ${err.message}`));
    refuse(group, this.#failure as CairnError); // set by fence
  }
}

/** Marks a retried submit among a group's refusals: delivered as its answer, not as an error. */
const answer = Symbol('answer');

/** The state every edit of the group was decided on is unknown: all of them fail. */
function refuse(group: Group, error: CairnError): void {
  for (const { pending } of [...group.accepted, ...group.refused]) pending.reject(error);
}

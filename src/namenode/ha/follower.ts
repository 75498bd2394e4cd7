// A namenode's journal as the quorum sees it (DESIGN §4, High availability): the promises it makes
// to new actives, the batches it appends for the active, and how it catches up. One writer at a
// time (a promise chain), because the active's batches, a catch-up and a snapshot install all
// write the same journal.
//
// Fencing lives here: once a namenode has promised epoch E (durably), it takes no batch of an
// older epoch — so an active that lost its place can never again gather a majority. Log matching
// keeps every journal a prefix of the active's: a batch is taken only if it follows a record this
// journal holds with the same epoch. A journal whose tail diverged (its namenode was an active
// whose last batch never reached a majority) cannot un-apply what it applied: it copies a snapshot
// from the active instead, then follows.
import { CairnError } from '../../common/errors.js';
import type { Logger } from '../../common/logger.js';
import { EditLog, type Applier, type JournalPosition, type JournalRecord } from '../journal/edit-log.js';
import type { Metastore } from '../metastore/metastore.js';
import { appendRecords, epochAt, promisedEpoch } from './journal-store.js';
import type { PeerClients, Promised } from './peer-client.js';
import { installInterrupted, installSnapshot } from './snapshot.js';

const catchUpBatchMax = 2000;

export interface FollowerDeps {
  store: Metastore;
  apply: Applier;
  peers: PeerClients;
  logger: Logger;
  /** The replicated state was replaced by a snapshot: whatever was built on the old one must be rebuilt. */
  replaced(): Promise<void>;
}

export class JournalFollower {
  readonly #deps: FollowerDeps;
  #lock: Promise<unknown> = Promise.resolve();
  #promised = 0;
  /** A catch-up or snapshot copy in progress (appends wait their turn behind it). */
  #syncing: Promise<void> | undefined;
  /** No state yet (empty, or a snapshot install was cut short): this namenode neither promises nor serves. */
  #empty = true;

  constructor(deps: FollowerDeps) {
    this.#deps = deps;
  }

  async load(): Promise<void> {
    const { store } = this.#deps;
    this.#promised = await promisedEpoch(store);
    this.#empty = (await store.sub.meta.get('clusterId')) === undefined || (await installInterrupted(store));
  }

  /** Whether this namenode holds the group's state (it can promise, vote and serve). */
  get bootstrapped(): boolean {
    return !this.#empty;
  }

  get promised(): number {
    return this.#promised;
  }

  position(): Promise<JournalPosition> {
    return EditLog.position(this.#deps.store);
  }

  #exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#lock.then(fn, fn);
    this.#lock = run.catch(() => undefined);
    return run;
  }

  async #state(): Promise<Promised> {
    return { ...(await this.position()), promisedEpoch: this.#promised };
  }

  /** The journal formatted here, by the first namenode of a cluster. */
  formatted(): void {
    this.#empty = false;
  }

  /** A new active's epoch: promise to take nothing older from now on; answer where this journal ends. Asking again is answered alike. */
  promise(epoch: number): Promise<Promised> {
    return this.#exclusive(async () => {
      if (this.#empty) throw new CairnError('UNAVAILABLE', 'this namenode has no state yet: it cannot vote');
      if (epoch < this.#promised) throw new CairnError('STALE_EPOCH', `epoch ${epoch} is older than the promised ${this.#promised}`);
      // The same epoch again is the same active asking again (epochs are taken by compare-and-set: no two share one).
      if (epoch === this.#promised) return this.#state();
      await this.#deps.store.db.batch([{ type: 'put', sublevel: this.#deps.store.sub.meta, key: 'promisedEpoch', value: epoch }] as never, { sync: true });
      this.#promised = epoch;
      return this.#state();
    });
  }

  /** A batch from the active at `leader`. */
  append(leader: string, a: { epoch: number; prevTxid: number; prevEpoch: number; records: JournalRecord[] }): Promise<Promised> {
    if (a.epoch < this.#promised) return Promise.reject(new CairnError('STALE_EPOCH', `epoch ${a.epoch} is older than the promised ${this.#promised}`));
    if (this.#syncing !== undefined) return Promise.reject(new CairnError('UNAVAILABLE', 'catching up'));
    return this.#exclusive(async () => {
      if (a.epoch < this.#promised) throw new CairnError('STALE_EPOCH', `epoch ${a.epoch} is older than the promised ${this.#promised}`);
      if (this.#empty) {
        this.#syncFrom(leader);
        throw new CairnError('UNAVAILABLE', 'copying a snapshot');
      }
      const position = await this.position();
      if (a.prevTxid > position.lastTxid) {
        this.#syncFrom(leader); // a gap: fetch what is missing, then take batches again
        return this.#state();
      }
      if ((await epochAt(this.#deps.store, a.prevTxid, position)) !== a.prevEpoch) return this.#diverged(leader, a.prevTxid);
      // Records already held (a batch sent again) must be the very same; the rest are appended.
      const fresh: JournalRecord[] = [];
      for (const record of a.records) {
        if (record.txid > position.lastTxid) fresh.push(record);
        else if ((await epochAt(this.#deps.store, record.txid, position)) !== record.epoch) return this.#diverged(leader, record.txid);
      }
      const promise = a.epoch > this.#promised ? a.epoch : undefined;
      const after = fresh.length > 0 || promise !== undefined ? await appendRecords(this.#deps.store, this.#deps.apply, fresh, promise) : position;
      if (promise !== undefined) this.#promised = promise;
      return { ...after, promisedEpoch: this.#promised };
    });
  }

  #diverged(leader: string, txid: number): never {
    this.#deps.logger.warn({ leader, txid }, 'journal diverged from the active (an unreplicated tail of an old epoch): copying a snapshot');
    this.#syncFrom(leader, true);
    throw new CairnError('UNAVAILABLE', 'journal diverged; copying a snapshot');
  }

  /** Starts catching up from `leader` (once at a time); with `snapshot`, copies its state first. */
  #syncFrom(leader: string, snapshot = false): void {
    if (this.#syncing !== undefined) return;
    this.#syncing = this.catchUp(leader, snapshot)
      .catch((err: unknown) => this.#deps.logger.warn({ err, leader }, 'catching up failed; the next batch tries again'))
      .finally(() => (this.#syncing = undefined));
  }

  /**
   * Reads `source`'s journal from this one's end until nothing is missing; copies its snapshot
   * when this namenode has no state, its tail diverged (`snapshot`), or the records it needs are trimmed.
   */
  catchUp(source: string, snapshot = false): Promise<void> {
    return this.#exclusive(async () => {
      const { store, peers, logger } = this.#deps;
      let copy = snapshot || this.#empty;
      for (;;) {
        if (copy) {
          logger.info({ source }, 'copying a snapshot');
          const position = await installSnapshot(store, peers.snapshot(source), () => (this.#empty = true));
          this.#empty = false;
          await this.#deps.replaced();
          logger.info({ source, ...position }, 'snapshot installed');
          copy = false;
        }
        const position = await this.position();
        const read = await peers.readJournal(source, position.lastTxid + 1, catchUpBatchMax);
        if (read.trimmed) {
          copy = true;
          continue;
        }
        const first = read.records[0];
        if (first === undefined) return;
        if (first.txid !== position.lastTxid + 1) throw new CairnError('INTERNAL', `${source} answered from txid ${first.txid}, not ${position.lastTxid + 1}`);
        // The record before must match too; a journal that ends in another epoch's tail has diverged.
        const before = await peers.readJournal(source, position.lastTxid, 1);
        const held = before.records[0];
        if (position.lastTxid > 0 && (before.trimmed || held === undefined || held.epoch !== position.lastEpoch)) {
          copy = true;
          continue;
        }
        await appendRecords(store, this.#deps.apply, read.records);
      }
    });
  }
}

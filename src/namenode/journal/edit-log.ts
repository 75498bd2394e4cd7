// The single writer of namespace state (DESIGN §4). Callers submit a `prepare` step that
// validates against current state and decides everything non-deterministic, returning an edit;
// the writer assigns txids in order, applies each edit into one transaction, appends the journal
// records, and commits the whole group with one synced LevelDB batch (group commit). An edit is
// acknowledged only after that batch is durable. A failed batch poisons the log: the process
// state can no longer be trusted to match the disk, so every later submit fails.
import { editGroupMax } from '../../common/constants.js';
import { CairnError } from '../../common/errors.js';
import type { Logger } from '../../common/logger.js';
import type { Metastore } from '../metastore/metastore.js';
import { u64 } from '../metastore/keys.js';
import type { Edit } from './edits.js';
import { Tx, type TxReader } from './tx.js';

export type Applier = (edit: Edit, tx: Tx) => Promise<void>;
export type Prepare<E extends Edit> = (reader: TxReader) => Promise<E>;

interface Pending {
  prepare: Prepare<Edit>;
  resolve: (edit: Edit) => void;
  reject: (err: unknown) => void;
}

export interface EditLogStats {
  lastTxid: number;
  groups: number;
  edits: number;
}

export class EditLog {
  readonly #store: Metastore;
  readonly #apply: Applier;
  readonly #logger: Logger;
  readonly #queue: Pending[] = [];
  #lastTxid: number;
  #draining = false;
  #failure: Error | undefined;
  #groups = 0;
  #edits = 0;
  #idle: Promise<void> = Promise.resolve();
  #onIdle: (() => void) | undefined;

  constructor(store: Metastore, apply: Applier, lastTxid: number, logger: Logger) {
    this.#store = store;
    this.#apply = apply;
    this.#lastTxid = lastTxid;
    this.#logger = logger;
  }

  static async lastTxid(store: Metastore): Promise<number> {
    return ((await store.sub.meta.get('lastTxid')) as number | undefined) ?? 0;
  }

  get stats(): EditLogStats {
    return { lastTxid: this.#lastTxid, groups: this.#groups, edits: this.#edits };
  }

  submit<E extends Edit>(prepare: Prepare<E>): Promise<E & { txid: number }> {
    if (this.#failure) return Promise.reject(new CairnError('IO_ERROR', `edit log failed: ${this.#failure.message}`));
    return new Promise((resolve, reject) => {
      this.#queue.push({ prepare, resolve: resolve as (edit: Edit) => void, reject });
      if (!this.#draining) void this.#drain();
    });
  }

  /** Resolves once every submitted edit has been committed or refused. */
  async flush(): Promise<void> {
    await this.#idle;
  }

  async #drain(): Promise<void> {
    this.#draining = true;
    this.#idle = new Promise((resolve) => (this.#onIdle = resolve));
    try {
      while (this.#queue.length > 0) await this.#commitGroup(this.#queue.splice(0, editGroupMax));
    } finally {
      this.#draining = false;
      this.#onIdle?.();
    }
  }

  async #commitGroup(group: Pending[]): Promise<void> {
    const tx = new Tx(this.#store);
    const accepted: Array<{ pending: Pending; edit: Edit }> = [];
    const firstTxid = this.#lastTxid + 1;
    for (const pending of group) {
      let edit: Edit;
      try {
        edit = await pending.prepare(tx);
      } catch (err) {
        pending.reject(err);
        continue;
      }
      const txid = firstTxid + accepted.length;
      const logged = { ...edit, txid };
      await this.#apply(logged, tx);
      tx.put('journal', u64(txid), logged);
      accepted.push({ pending, edit: logged });
    }
    if (accepted.length === 0) return;
    const lastTxid = firstTxid + accepted.length - 1;
    tx.put('meta', 'lastTxid', lastTxid);
    try {
      await this.#store.db.batch(tx.operations() as never, { sync: true });
    } catch (err) {
      this.#failure = err as Error;
      this.#logger.error({ err }, 'edit batch failed to persist; refusing further edits');
      const error = new CairnError('IO_ERROR', `edit log write failed: ${(err as Error).message}`);
      for (const { pending } of accepted) pending.reject(error);
      for (const pending of this.#queue.splice(0)) pending.reject(error);
      return;
    }
    this.#lastTxid = lastTxid;
    this.#groups += 1;
    this.#edits += accepted.length;
    for (const { pending, edit } of accepted) pending.resolve(edit);
  }
}

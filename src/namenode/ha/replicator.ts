// The active's side of the quorum journal (DESIGN §4, High availability): every batch goes to
// each standby in txid order, and a batch is placed once enough of them hold it durably that, with
// the active itself, a majority of the group has it. One link per standby streams batches as they
// come (recent ones from memory, older ones from the journal on disk), learns from each answer how
// far that journal reaches, and backs off while a standby is unreachable or catching up — so one
// slow or dead standby never holds back the others. A standby that answers STALE_EPOCH has promised
// a newer active: this one is done, and says so (`onStale`).
import { setTimeout as sleep } from 'node:timers/promises';
import { CairnError } from '../../common/errors.js';
import type { Logger } from '../../common/logger.js';
import type { JournalRecord } from '../journal/edit-log.js';
import type { Metastore } from '../metastore/metastore.js';
import { encodeRecords, epochAt, readRecords } from './journal-store.js';
import type { PeerClients } from './peer-client.js';

const windowMax = 20_000;
const sendBatchMax = 2000;
const retryPauseMs = 100;
const retryPauseMaxMs = 1000;

export interface ReplicatorOptions {
  store: Metastore;
  peers: PeerClients;
  logger: Logger;
  epoch: number;
  /** Namenodes in the group: a batch is placed once a majority of them (this one included) hold it. */
  groupSize: number;
  /** How long a batch may wait for its majority before its callers are told UNAVAILABLE. */
  quorumTimeoutMs: number;
  /** Where each standby's journal is known to end (from the promises), to start its link there. */
  known: ReadonlyMap<string, number>;
  lastTxid: number;
  onStale(error: CairnError): void;
}

interface Waiter {
  txid: number;
  resolve(): void;
  reject(err: CairnError): void;
  timer: NodeJS.Timeout;
}

export class Replicator {
  readonly #o: ReplicatorOptions;
  readonly #links = new Map<string, PeerLink>();
  /** Recent records, in txid order, for links that are keeping up. */
  #window: JournalRecord[] = [];
  #lastTxid: number;
  #waiters: Waiter[] = [];
  #encoded: { first: number; last: number; bytes: Buffer } | undefined;
  #stopped = false;

  constructor(options: ReplicatorOptions) {
    this.#o = options;
    this.#lastTxid = options.lastTxid;
  }

  get needed(): number {
    return Math.floor(this.#o.groupSize / 2); // others needed besides this namenode
  }

  /** The standbys to send to (those registered in ZooKeeper); links of the others stop. */
  setPeers(addresses: readonly string[]): void {
    if (this.#stopped) return;
    for (const address of addresses) {
      if (!this.#links.has(address)) {
        const link = new PeerLink(this, address, this.#o.known.get(address));
        this.#links.set(address, link);
        link.run();
      }
    }
    for (const [address, link] of this.#links) {
      if (!addresses.includes(address)) {
        link.stop();
        this.#links.delete(address);
      }
    }
  }

  /** How far each standby's journal is known to match this one. */
  matches(): Map<string, number> {
    return new Map([...this.#links].map(([address, link]) => [address, link.acked]));
  }

  /** The EditLog hook: resolves once a majority holds `records`. */
  replicate = (records: JournalRecord[]): Promise<void> => {
    if (this.#stopped) return Promise.reject(new CairnError('NOT_ACTIVE', 'this namenode is no longer the active'));
    const last = records[records.length - 1];
    if (last === undefined) return Promise.resolve();
    this.#window.push(...records);
    if (this.#window.length > 2 * windowMax) this.#window.splice(0, this.#window.length - windowMax); // amortized: one copy per windowMax records
    this.#lastTxid = last.txid;
    for (const link of this.#links.values()) link.wake();
    return this.placed(last.txid);
  };

  /** Resolves once a majority holds every record up to `txid` (UNAVAILABLE after the quorum timeout). */
  placed(txid: number): Promise<void> {
    if (this.#holders(txid) >= this.needed) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        txid, resolve, reject,
        timer: setTimeout(() => {
          this.#waiters = this.#waiters.filter((w) => w !== waiter);
          reject(new CairnError('UNAVAILABLE', `no majority of the ${this.#o.groupSize} namenodes acknowledged txid ${txid} within ${this.#o.quorumTimeoutMs} ms`));
        }, this.#o.quorumTimeoutMs),
      };
      this.#waiters.push(waiter);
    });
  }

  #holders(txid: number): number {
    let count = 0;
    for (const link of this.#links.values()) if (link.acked >= txid) count += 1;
    return count;
  }

  /** A link learned that its standby's journal reaches further. */
  advanced(): void {
    const still: Waiter[] = [];
    for (const waiter of this.#waiters) {
      if (this.#holders(waiter.txid) >= this.needed) {
        clearTimeout(waiter.timer);
        waiter.resolve();
      } else {
        still.push(waiter);
      }
    }
    this.#waiters = still;
  }

  stale(error: CairnError): void {
    if (this.#stopped) return;
    this.#o.logger.warn({ err: error }, 'a standby promised a newer epoch: stepping down');
    this.stop(error);
    this.#o.onStale(error);
  }

  stop(error = new CairnError('NOT_ACTIVE', 'this namenode is no longer the active')): void {
    this.#stopped = true;
    for (const link of this.#links.values()) link.stop();
    this.#links.clear();
    for (const waiter of this.#waiters.splice(0)) {
      clearTimeout(waiter.timer);
      waiter.reject(error);
    }
  }

  get lastTxid(): number {
    return this.#lastTxid;
  }

  get epoch(): number {
    return this.#o.epoch;
  }

  get options(): ReplicatorOptions {
    return this.#o;
  }

  /** Records after `txid`, up to `max`: from memory while they are there, else from the journal (undefined: trimmed). */
  async recordsAfter(txid: number, max: number): Promise<JournalRecord[] | undefined> {
    const window = this.#window;
    const first = window[0];
    if (first !== undefined && first.txid <= txid + 1) {
      const start = txid + 1 - first.txid;
      return window.slice(start, start + max);
    }
    const read = await readRecords(this.#o.store, txid + 1, max);
    return read.trimmed ? undefined : read.records;
  }

  /** `records` encoded for the wire; links that keep up send the same batch, which is encoded once. */
  encoded(records: readonly JournalRecord[]): Buffer {
    const first = records[0]?.txid ?? 0;
    const last = records[records.length - 1]?.txid ?? 0;
    const memo = this.#encoded;
    if (memo !== undefined && memo.first === first && memo.last === last) return memo.bytes;
    const bytes = encodeRecords(records);
    this.#encoded = { first, last, bytes };
    return bytes;
  }

  /** The epoch of the record at `txid` (undefined: trimmed). */
  async epochAt(txid: number): Promise<number | undefined> {
    const window = this.#window;
    const first = window[0];
    if (first !== undefined && txid >= first.txid && txid <= this.#lastTxid) return (window[txid - first.txid] as JournalRecord).epoch;
    return epochAt(this.#o.store, txid);
  }
}

/** One standby: sends what it lacks, one batch at a time, and tracks how far its journal reaches. */
class PeerLink {
  readonly #r: Replicator;
  readonly #address: string;
  /** Where this standby's journal ends, as far as we know; -1 until known. */
  match: number;
  /** Up to here its journal is known to match ours: it accepted a batch ending there. Only this counts for the majority. */
  acked = 0;
  #stopped = false;
  #wake: (() => void) | undefined;

  constructor(replicator: Replicator, address: string, known: number | undefined) {
    this.#r = replicator;
    this.#address = address;
    this.match = known === undefined ? -1 : Math.min(known, replicator.lastTxid);
  }

  wake(): void {
    this.#wake?.();
  }

  stop(): void {
    this.#stopped = true;
    this.#wake?.();
  }

  run(): void {
    void this.#loop().catch((err: unknown) => this.#r.options.logger.error({ err, peer: this.#address }, 'replication link failed'));
  }

  async #loop(): Promise<void> {
    const { peers, epoch, logger } = this.#r.options;
    let pauseMs = retryPauseMs;
    while (!this.#stopped) {
      try {
        if (this.match < 0) this.match = Math.min((await peers.state(this.#address)).lastTxid, this.#r.lastTxid);
        if (this.match >= this.#r.lastTxid) {
          await new Promise<void>((resolve) => (this.#wake = resolve));
          this.#wake = undefined;
          continue;
        }
        const records = await this.#r.recordsAfter(this.match, sendBatchMax);
        const prevEpoch = await this.#r.epochAt(this.match);
        if (records === undefined || prevEpoch === undefined) {
          // Too far behind for the journal: the standby copies a snapshot (it asks when a batch leaves a gap).
          const last = this.#r.lastTxid;
          const reply = await peers.append(this.#address, { epoch, prevTxid: last, prevEpoch: (await this.#r.epochAt(last)) ?? epoch, records: this.#r.encoded([]) });
          this.match = Math.min(reply.lastTxid, last);
          if (this.match === last && last > this.acked) {
            this.acked = last;
            this.#r.advanced();
          }
          await sleep(pauseMs);
          pauseMs = Math.min(2 * pauseMs, retryPauseMaxMs);
          continue;
        }
        const reply = await peers.append(this.#address, { epoch, prevTxid: this.match, prevEpoch, records: this.#r.encoded(records) });
        const accepted = reply.lastTxid >= this.match + records.length; // else it answered a gap, and is catching up
        this.match = Math.min(reply.lastTxid, this.#r.lastTxid);
        if (accepted && this.match > this.acked) {
          this.acked = this.match;
          this.#r.advanced();
        }
        pauseMs = retryPauseMs;
      } catch (err) {
        if (this.#stopped) return;
        if (err instanceof CairnError && err.code === 'STALE_EPOCH') return this.#r.stale(err);
        logger.debug({ err, peer: this.#address }, 'standby unreachable or catching up');
        this.match = -1; // ask again where it stands
        await sleep(pauseMs);
        pauseMs = Math.min(2 * pauseMs, retryPauseMaxMs);
      }
    }
  }
}

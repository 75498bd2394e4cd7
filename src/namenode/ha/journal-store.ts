// The journal as the HA group reads and writes it (DESIGN §4, High availability): records by
// txid from the `journal` sublevel, the epoch of any record still held, and the append a standby
// makes of a batch the active sent — the same edits applied by the same `applyEdit` into one
// transaction with their journal records and position, synced as one LevelDB batch, exactly as the
// active's edit log commits them. Records travel as JSON, as the metastore stores them.
import { CairnError } from '../../common/errors.js';
import { EditLog, type Applier, type JournalPosition, type JournalRecord } from '../journal/edit-log.js';
import { Tx } from '../journal/tx.js';
import { u64 } from '../metastore/keys.js';
import type { Metastore } from '../metastore/metastore.js';

/** Meta keys that belong to one namenode, never copied in a snapshot. */
export const localMetaKeys: ReadonlySet<string> = new Set(['promisedEpoch', 'installing']);

export function encodeRecords(records: readonly JournalRecord[]): Buffer {
  return Buffer.from(JSON.stringify(records), 'utf8');
}

export function decodeRecords(bytes: Buffer): JournalRecord[] {
  const records = JSON.parse(bytes.toString('utf8')) as unknown;
  if (!Array.isArray(records)) throw new CairnError('INVALID_ARGUMENT', 'journal records must be an array');
  let previous: number | undefined;
  for (const record of records as Array<Partial<JournalRecord>>) {
    if (typeof record?.type !== 'string' || !Number.isSafeInteger(record.txid) || !Number.isSafeInteger(record.epoch)) {
      throw new CairnError('INVALID_ARGUMENT', 'a journal record needs a type, a txid and an epoch');
    }
    if (previous !== undefined && record.txid !== previous + 1) throw new CairnError('INVALID_ARGUMENT', `journal records out of order at txid ${record.txid}`);
    previous = record.txid;
  }
  return records as JournalRecord[];
}

export interface RecordsRead {
  records: JournalRecord[];
  /** `fromTxid` is older than the oldest record kept: the reader must copy a snapshot. */
  trimmed: boolean;
}

/** Up to `max` records from `fromTxid` on, in order. */
export async function readRecords(store: Metastore, fromTxid: number, max: number): Promise<RecordsRead> {
  const records = (await store.sub.journal.values({ gte: u64(fromTxid), limit: max }).all()) as JournalRecord[];
  const { lastTxid } = await EditLog.position(store);
  const trimmed = fromTxid <= lastTxid && (records.length === 0 || (records[0] as JournalRecord).txid !== fromTxid);
  return { records: trimmed ? [] : records, trimmed };
}

/** The epoch of the record at `txid` (0 for txid 0), or undefined when it is no longer kept. */
export async function epochAt(store: Metastore, txid: number, position?: JournalPosition): Promise<number | undefined> {
  if (txid === 0) return 0;
  const at = position ?? (await EditLog.position(store));
  if (txid === at.lastTxid) return at.lastEpoch;
  const record = (await store.sub.journal.get(u64(txid))) as JournalRecord | undefined;
  return record?.epoch;
}

/** Applies records that follow this journal's end, durably, in one batch; resolves to the new position. */
export async function appendRecords(store: Metastore, apply: Applier, records: readonly JournalRecord[], promisedEpoch?: number): Promise<JournalPosition> {
  const tx = new Tx(store);
  for (const record of records) {
    await apply(record, tx);
    tx.put('journal', u64(record.txid), record);
  }
  const last = records[records.length - 1];
  if (last !== undefined) {
    tx.put('meta', 'lastTxid', last.txid);
    tx.put('meta', 'lastEpoch', last.epoch);
  }
  if (promisedEpoch !== undefined) tx.put('meta', 'promisedEpoch', promisedEpoch);
  await store.db.batch(tx.operations() as never, { sync: true });
  store.cache.commit(tx.writes());
  return last === undefined ? EditLog.position(store) : { lastTxid: last.txid, lastEpoch: last.epoch };
}

export async function promisedEpoch(store: Metastore): Promise<number> {
  return ((await store.sub.meta.get('promisedEpoch')) as number | undefined) ?? 0;
}

/** Deletes journal records below `keepFrom` (they are applied; the metastore is the checkpoint), at most `max` at a time. */
export async function trimJournal(store: Metastore, keepFrom: number, max: number): Promise<number> {
  const keys = await store.sub.journal.keys({ lt: u64(keepFrom), limit: max }).all();
  if (keys.length > 0) await store.sub.journal.batch(keys.map((key) => ({ type: 'del' as const, key })));
  return keys.length;
}

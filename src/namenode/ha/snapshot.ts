// Snapshots of the replicated metastore (DESIGN §4, High availability): how a new namenode, or one
// too far behind the journal (trimmed) or whose tail diverged (it was an active whose last batch
// never reached a majority), gets the group's state. The metastore is its own checkpoint: edits
// are applied into it as they commit, so a snapshot is one consistent LevelDB iterator over every
// replicated sublevel, raw keys and values, leaving out what each namenode keeps for itself
// (replica locations, the replication queue, the datanode registry, its promise) and the journal
// — except the records the retry cache points to, so that the copy can answer those retries too.
//
// Installing replaces those sublevels in place, under an `installing` mark: a namenode that
// crashes half way finds the mark at start and copies a snapshot again before it serves or votes.
import { CairnError } from '../../common/errors.js';
import { EditLog, type JournalPosition } from '../journal/edit-log.js';
import type { Metastore, SublevelName } from '../metastore/metastore.js';
import { u64 } from '../metastore/keys.js';
import { oldestRememberedTxid } from '../journal/retry-cache.js';
import { localMetaKeys } from './journal-store.js';

/** Sublevels rebuilt from datanode reports or kept per namenode: never in a snapshot. */
const localSublevels: ReadonlySet<SublevelName> = new Set(['replicas', 'nodeBlocks', 'needed', 'datanodes', 'journal']);
const chunkBytesMax = 1024 * 1024;
const installBatchMax = 4096;
const separator = 0x21; // '!': abstract-level's sublevel prefix is `!name!`

type Entry = [key: Buffer, value: Buffer];

function sublevelOf(key: Buffer): string | undefined {
  if (key[0] !== separator) return undefined;
  const end = key.indexOf(separator, 1);
  return end < 0 ? undefined : key.subarray(1, end).toString('latin1');
}

const journalPrefix = Buffer.from('!journal!', 'latin1');

/** Whether a raw key is copied in a snapshot; journal records only from `journalFrom` (a raw key) on. */
function replicated(key: Buffer, journalFrom: Buffer | undefined): boolean {
  const name = sublevelOf(key);
  if (name === 'journal') return journalFrom !== undefined && Buffer.compare(key, journalFrom) >= 0;
  if (name === undefined || localSublevels.has(name as SublevelName)) return false;
  return name !== 'meta' || !localMetaKeys.has(key.subarray('!meta!'.length).toString('utf8'));
}

/** Entries as length-prefixed pairs: [u32 key length][key][u32 value length][value]… */
export function encodeEntries(entries: readonly Entry[]): Buffer {
  const parts: Buffer[] = [];
  for (const [key, value] of entries) {
    const head = Buffer.alloc(4);
    head.writeUInt32BE(key.length);
    const mid = Buffer.alloc(4);
    mid.writeUInt32BE(value.length);
    parts.push(head, key, mid, value);
  }
  return Buffer.concat(parts);
}

export function decodeEntries(bytes: Buffer): Entry[] {
  const entries: Entry[] = [];
  for (let at = 0; at < bytes.length;) {
    if (at + 4 > bytes.length) throw new CairnError('INVALID_ARGUMENT', 'snapshot chunk cut short');
    const keyLength = bytes.readUInt32BE(at);
    const key = bytes.subarray(at + 4, at + 4 + keyLength);
    at += 4 + keyLength;
    if (at + 4 > bytes.length) throw new CairnError('INVALID_ARGUMENT', 'snapshot chunk cut short');
    const valueLength = bytes.readUInt32BE(at);
    const value = bytes.subarray(at + 4, at + 4 + valueLength);
    at += 4 + valueLength;
    if (key.length !== keyLength || value.length !== valueLength) throw new CairnError('INVALID_ARGUMENT', 'snapshot chunk cut short');
    entries.push([Buffer.from(key), Buffer.from(value)]);
  }
  return entries;
}

/** The replicated state as chunks of encoded entries, all read from one LevelDB snapshot. */
export async function* snapshotChunks(store: Metastore): AsyncGenerator<Buffer> {
  // Read before the iterator opens: requests remembered later point to records newer than this.
  const oldest = await oldestRememberedTxid(store);
  const journalFrom = oldest === undefined ? undefined : Buffer.concat([journalPrefix, u64(oldest)]);
  let batch: Entry[] = [];
  let bytes = 0;
  for await (const [key, value] of store.db.iterator({ keyEncoding: 'buffer', valueEncoding: 'buffer' }) as AsyncIterable<Entry>) {
    if (!replicated(key, journalFrom)) continue;
    batch.push([key, value]);
    bytes += key.length + value.length + 8;
    if (bytes >= chunkBytesMax) {
      yield encodeEntries(batch);
      batch = [];
      bytes = 0;
    }
  }
  if (batch.length > 0) yield encodeEntries(batch);
}

/** Whether a snapshot install was cut short here (the state is unusable until one completes). */
export async function installInterrupted(store: Metastore): Promise<boolean> {
  return (await store.sub.meta.get('installing')) === true;
}

/**
 * Replaces the replicated state with the snapshot's chunks; resolves to the position it brings.
 * `wiping` is told just before the old state goes (from then on this namenode has none until the
 * install completes). Nothing is touched until the source has sent its first chunk.
 */
export async function installSnapshot(store: Metastore, chunks: AsyncIterable<Buffer>, wiping: () => void = () => undefined): Promise<JournalPosition> {
  const iterator = chunks[Symbol.asyncIterator]();
  const first = await iterator.next();
  wiping();
  await store.sub.meta.put('installing', true);
  const names = Object.keys(store.sub) as SublevelName[];
  for (const name of names) {
    if (localSublevels.has(name) && name !== 'journal') continue;
    if (name === 'meta') {
      const keys = (await store.sub.meta.keys().all()).filter((key) => !localMetaKeys.has(key));
      await store.sub.meta.batch(keys.map((key) => ({ type: 'del' as const, key })));
    } else {
      await (store.sub[name] as unknown as { clear(): Promise<void> }).clear();
    }
  }
  store.cache.clear();
  let ops: Array<{ type: 'put'; key: Buffer; value: Buffer }> = [];
  const flush = async () => {
    if (ops.length > 0) await store.db.batch(ops as never, { keyEncoding: 'buffer', valueEncoding: 'buffer' } as never);
    ops = [];
  };
  for (let next = first; next.done !== true; next = await iterator.next()) {
    for (const [key, value] of decodeEntries(next.value)) {
      if (!replicated(key, journalPrefix)) throw new CairnError('INVALID_ARGUMENT', `snapshot entry outside the replicated state: ${key.subarray(0, 40).toString('latin1')}`);
      ops.push({ type: 'put', key, value });
      if (ops.length >= installBatchMax) await flush();
    }
  }
  await flush();
  if ((await store.sub.meta.get('clusterId')) === undefined) throw new CairnError('INVALID_ARGUMENT', 'the snapshot holds no cluster (no clusterId)');
  await store.db.batch([{ type: 'del', sublevel: store.sub.meta, key: 'installing' }] as never, { sync: true });
  store.cache.clear();
  return EditLog.position(store);
}

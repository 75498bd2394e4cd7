// The namenode's whole persistent state: one LevelDB under the data dir, in the sublevels
// DESIGN §4 names. Only the edit writer mutates namespace sublevels. Replica locations (`replicas`
// and its reverse index `nodeBlocks`), the replication queue (`needed`) and the datanode registry
// (`datanodes`) are not edits: they are rebuilt from what datanodes report, and are written by
// the block and datanode managers. `get`/`getMany` are the
// committed point reads: through the bounded record cache for the sublevels it covers
// (record-cache.ts), which the edit writer keeps current as each group becomes durable, and
// what must come from LevelDB is coalesced with the other reads of the same event-loop turn
// (read-batcher.ts).
import { Level } from 'level';
import type { AbstractSublevel } from 'abstract-level';
import type {
  AuditRecord, BlockRecord, CredentialRecord, DatanodeRecord, InodeRecord, ListEntry, ListRecord, PartRecord, ReplicaRecord,
  RevisionRecord, ShareRecord, TrashRecord, UploadRecord, UserBlockRecord, UserRecord,
} from './records.js';
import { RecordCache } from './record-cache.js';
import { ReadBatcher, type ManyReader } from './read-batcher.js';

type Sub<V> = AbstractSublevel<Level<string, unknown>, string | Buffer | Uint8Array, Buffer, V>;
type TextSub<V> = AbstractSublevel<Level<string, unknown>, string | Buffer | Uint8Array, string, V>;

/** The value type of each sublevel. */
export interface SublevelValues {
  inodes: InodeRecord;
  children: number;
  revisions: RevisionRecord;
  lists: ListRecord;
  listEntries: ListEntry;
  blocks: BlockRecord;
  replicas: ReplicaRecord | number;
  nodeBlocks: number;
  needed: number;
  datanodes: DatanodeRecord;
  userBlocks: UserBlockRecord;
  /** Blocks nothing references, by GC state and time (`collectableKey`): the collector's work list. */
  collectable: true;
  uploads: UploadRecord;
  /** Committed parts of multipart uploads (keys.ts `partKey`). */
  parts: PartRecord;
  /** Multipart uploads by path (`uploadPathKey`) → their owner. */
  uploadPaths: number;
  /** Upload sessions by lease expiry (`uploadExpiryKey`). */
  uploadExpiry: true;
  /** Plain upload sessions by owner, path and creation (`userUploadKey`). */
  userUploads: true;
  users: UserRecord;
  userNames: number;
  credentials: CredentialRecord;
  trash: TrashRecord;
  /** Grants by grantee (`shareKey`): what others shared with each user. The inode holds the grant itself. */
  shares: ShareRecord;
  /** Trashed items by trash time (`trashExpiryKey`) → their owner. */
  trashExpiry: number;
  /** Files due a revision-retention check (`revisionCheckKey`). */
  revisionChecks: true;
  journal: unknown;
  /** Client requests remembered for retries (retry-cache.ts): tag `<id>#<n>` → the edit it made. */
  requests: RequestRecord;
  /** The same, by txid (`requestTxidKey`) → when: expiry's work list, oldest first. */
  requestsByTxid: number;
  /** The audit log (audit/audit-log.ts): who changed users, credentials and grants, by txid (`u64`). */
  audit: AuditRecord;
  /** The same by the name of each user involved, actor and subject (`auditUserKey`). */
  auditByUser: true;
  meta: unknown;
}

export interface RequestRecord {
  txid: number;
  at: number;
}

type TextName = 'userNames' | 'credentials' | 'meta' | 'datanodes' | 'requests';

export type Sublevels = {
  [N in keyof SublevelValues]: N extends TextName ? TextSub<SublevelValues[N]> : Sub<SublevelValues[N]>;
};

export type SublevelName = keyof Sublevels;

/** How a point read that misses the cache reaches LevelDB (see `Metastore.get`). */
export type ReadMode = 'coalesced' | 'direct';

/** Text sublevels are keyed by strings, the others by binary keys (keys.ts). */
export type SublevelKey<N extends SublevelName> = N extends TextName ? string : Buffer;

/** Every sublevel, once: the compiler refuses a sublevel of SublevelValues left out here. */
const sublevelNames: Record<SublevelName, true> = {
  inodes: true, children: true, revisions: true, lists: true, listEntries: true, blocks: true, replicas: true, nodeBlocks: true, needed: true,
  datanodes: true, userBlocks: true, collectable: true, uploads: true, parts: true, uploadPaths: true, uploadExpiry: true, userUploads: true,
  users: true, userNames: true, credentials: true, trash: true, shares: true, trashExpiry: true, revisionChecks: true, journal: true, requests: true,
  requestsByTxid: true, audit: true, auditByUser: true, meta: true,
};

const textSublevels: ReadonlySet<SublevelName> = new Set(['userNames', 'credentials', 'meta', 'datanodes', 'requests']);

export class Metastore {
  readonly db: Level<string, unknown>;
  readonly sub: Sublevels;
  readonly cache: RecordCache;
  readonly #reads: ReadBatcher;

  private constructor(db: Level<string, unknown>, sub: Sublevels, cache: RecordCache) {
    this.db = db;
    this.sub = sub;
    this.cache = cache;
    this.#reads = new ReadBatcher((name) => sub[name] as unknown as ManyReader);
  }

  get readStats(): { batches: number; keys: number } {
    return this.#reads.stats;
  }

  /**
   * The committed value of one key, served from the record cache where it applies. `coalesced`
   * (concurrent readers, e.g. RPC handlers) joins the other reads of this event-loop turn in one
   * getMany; `direct` (the single edit writer, which reads one key after another) goes to
   * LevelDB at once rather than wait for the turn to end.
   */
  get<N extends SublevelName>(name: N, key: SublevelKey<N>, mode: ReadMode = 'coalesced'): Promise<SublevelValues[N] | undefined> {
    const load = () => this.#load<SublevelValues[N]>(name, [key], mode).then((values) => values[0]);
    return RecordCache.caches(name) ? this.cache.read(name, key, load) : load();
  }

  /** Committed values of several keys of one sublevel, in order; the ones not cached in one read. */
  getMany<N extends SublevelName>(name: N, keys: ReadonlyArray<SublevelKey<N>>, mode: ReadMode = 'coalesced'): Promise<Array<SublevelValues[N] | undefined>> {
    const load = (missing: ReadonlyArray<Buffer | string>) => this.#load<SublevelValues[N]>(name, missing, mode);
    return RecordCache.caches(name) ? this.cache.readMany(name, keys, load) : load(keys);
  }

  #load<V>(name: SublevelName, keys: ReadonlyArray<Buffer | string>, mode: ReadMode): Promise<Array<V | undefined>> {
    if (mode === 'coalesced') return this.#reads.getMany<V>(name, keys);
    const sub = this.sub[name] as unknown as { getMany(k: Array<Buffer | string>): Promise<Array<V | undefined>> };
    return sub.getMany([...keys]);
  }

  /** `cacheEntriesMax` bounds the record cache (default `recordCacheEntriesMax`); tests shrink it. */
  static async open(dir: string, options: { cacheEntriesMax?: number } = {}): Promise<Metastore> {
    const db = new Level<string, unknown>(dir, { valueEncoding: 'json' });
    await db.open();
    const make = (name: SublevelName) =>
      db.sublevel(name, { keyEncoding: textSublevels.has(name) ? 'utf8' : 'buffer', valueEncoding: 'json' });
    const names = Object.keys(sublevelNames) as SublevelName[];
    const sub = Object.fromEntries(names.map((n) => [n, make(n)])) as unknown as Sublevels;
    return new Metastore(db, sub, new RecordCache(options.cacheEntriesMax));
  }

  async close(): Promise<void> {
    this.cache.clear();
    await this.db.close();
  }
}

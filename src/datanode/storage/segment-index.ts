// The LevelDB index of one data dir: block id (32 raw bytes) → where its record sits, plus, per
// segment, the watermark up to which that segment's records are reflected in the index. The index
// is derived data: it is written without sync and may be lost or damaged at any time, because the
// segments past each watermark are replayed on open and a damaged index is rebuilt from scratch.
// Anything that looks wrong here is reported as `IndexDamagedError`, the signal to rebuild.
import { rm } from 'node:fs/promises';
import { Level } from 'level';
import { CairnError } from '../../common/errors.js';
import { checksumFromHex, checksumToHex } from '../../common/hashing.js';
import { blockIdBytes } from './record.js';
import { segmentNumberDigits, segmentNumberMax } from './segment-files.js';
import { storageError } from './storage-errors.js';

/** Bumped when the index layout changes; an index of another format is rebuilt. */
const indexFormat = 1;
const formatKey = 'format';
const watermarkPrefix = 'wm/';

export interface IndexEntry {
  segment: number;
  /** Offset of the record's header in the segment. */
  offset: number;
  /** Payload bytes. */
  length: number;
  /** xxh64 of the payload, 16 hex digits. */
  checksum: string;
}

export type IndexOp = { type: 'put'; key: Buffer; entry: IndexEntry } | { type: 'del'; key: Buffer };

/** The index cannot be trusted and must be rebuilt from the segments. */
export class IndexDamagedError extends Error {
  constructor(message: string, options?: { cause: unknown }) {
    super(message, options);
    this.name = 'IndexDamagedError';
  }
}

type Db = Level<Buffer, unknown>;

function blocksOf(db: Db) {
  return db.sublevel<Buffer, unknown>('b', { keyEncoding: 'buffer', valueEncoding: 'json' });
}

function metaOf(db: Db) {
  return db.sublevel<string, unknown>('m', { keyEncoding: 'utf8', valueEncoding: 'json' });
}

type Blocks = ReturnType<typeof blocksOf>;
type Meta = ReturnType<typeof metaOf>;

export class SegmentIndex {
  private constructor(
    private readonly dir: string,
    private readonly db: Db,
    private readonly blocks: Blocks,
    private readonly meta: Meta,
  ) {}

  /** Opens an existing index; undefined when it is missing, damaged or of another format. */
  static async open(dir: string): Promise<SegmentIndex | undefined> {
    let index: SegmentIndex;
    try {
      index = await SegmentIndex.openDb(dir);
    } catch (err) {
      if (levelCode(err) === 'LEVEL_LOCKED') throw new CairnError('IO_ERROR', `index ${dir} is in use by another process`);
      return undefined;
    }
    const format = await index.meta.get(formatKey).catch(() => undefined);
    if (format === indexFormat) return index;
    await index.close();
    return undefined;
  }

  /** Deletes whatever is at `dir` and starts an empty index (every watermark at 0). */
  static async create(dir: string): Promise<SegmentIndex> {
    await rm(dir, { recursive: true, force: true });
    const index = await SegmentIndex.openDb(dir);
    // Written first: a rebuild interrupted half way is a valid index whose watermarks say how far it got.
    await index.meta.put(formatKey, indexFormat);
    return index;
  }

  private static async openDb(dir: string): Promise<SegmentIndex> {
    const db: Db = new Level<Buffer, unknown>(dir, { keyEncoding: 'buffer', valueEncoding: 'json' });
    await db.open();
    return new SegmentIndex(dir, db, blocksOf(db), metaOf(db));
  }

  async get(key: Buffer): Promise<IndexEntry | undefined> {
    const value = await this.guard(() => this.blocks.get(key));
    if (value === undefined) return undefined;
    return parseEntry(value, key);
  }

  async has(key: Buffer): Promise<boolean> {
    return this.guard(() => this.blocks.has(key));
  }

  /**
   * Every entry in block id order (only those after `after`, when given); the iterator reads in
   * batches, so memory stays bounded.
   */
  async *entries(after?: Buffer): AsyncGenerator<[Buffer, IndexEntry]> {
    const iterator = after === undefined ? this.blocks.iterator() : this.blocks.iterator({ gt: after });
    try {
      for (;;) {
        const next = await this.guard(() => iterator.next());
        if (next === undefined) return;
        const [key, value] = next;
        yield [key, parseEntry(value, key)];
      }
    } finally {
      await iterator.close();
    }
  }

  /** Watermarks of every segment the index knows. */
  async watermarks(): Promise<Map<number, number>> {
    const result = new Map<number, number>();
    const iterator = this.meta.iterator({ gte: watermarkPrefix, lt: `${watermarkPrefix}~` });
    try {
      for (;;) {
        const next = await this.guard(() => iterator.next());
        if (next === undefined) return result;
        const [key, value] = next;
        result.set(parseSegmentKey(key), parseWatermark(value));
      }
    } finally {
      await iterator.close();
    }
  }

  /** Applies index changes and watermarks atomically, in order. Not synced: see the header. */
  async apply(ops: IndexOp[], watermarks: Map<number, number>): Promise<void> {
    const batch = this.db.batch();
    for (const op of ops) {
      if (op.type === 'put') batch.put(op.key, encodeEntry(op.entry), { sublevel: this.blocks });
      else batch.del(op.key, { sublevel: this.blocks });
    }
    for (const [segment, watermark] of watermarks) {
      batch.put(watermarkKey(segment), watermark, { sublevel: this.meta });
    }
    await this.guard(() => batch.write());
  }

  /**
   * Makes every index change so far durable: one synced write (LevelDB syncs its log, which holds
   * all earlier writes). Compaction calls it before removing a segment, so that no index entry a
   * restart finds can still point into the removed file.
   */
  async sync(): Promise<void> {
    // classic-level honours `sync` on a batch write; the abstract types do not declare it.
    const batch = this.db.batch();
    batch.put(formatKey, indexFormat, { sublevel: this.meta });
    await this.guard(() => batch.write({ sync: true } as object));
  }

  /** Forgets a removed segment's watermark. */
  async dropWatermark(segment: number): Promise<void> {
    await this.guard(() => this.meta.del(watermarkKey(segment)));
  }

  async close(): Promise<void> {
    await this.db.close();
  }

  /** LevelDB reporting corruption means the index is damaged; any other failure is I/O (or a full disk). */
  private async guard<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (err) {
      if (err instanceof IndexDamagedError) throw err;
      if (levelCode(err) === 'LEVEL_CORRUPTION') throw new IndexDamagedError(`index reports corruption: ${String(err)}`, { cause: err });
      throw storageError(err, 'index operation failed in', this.dir);
    }
  }
}

function levelCode(err: unknown): string | undefined {
  for (let current = err, depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth += 1) {
    const code = 'code' in current ? current.code : undefined;
    if (code === 'LEVEL_LOCKED' || code === 'LEVEL_CORRUPTION') return code;
    current = 'cause' in current ? current.cause : undefined;
  }
  return undefined;
}

function watermarkKey(segment: number): string {
  return `${watermarkPrefix}${String(segment).padStart(segmentNumberDigits, '0')}`;
}

function parseSegmentKey(key: string): number {
  const segment = Number(key.slice(watermarkPrefix.length));
  if (!isSegmentNumber(segment) || watermarkKey(segment) !== key) throw new IndexDamagedError(`bad watermark key ${JSON.stringify(key)}`);
  return segment;
}

function parseWatermark(value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw new IndexDamagedError(`bad watermark ${JSON.stringify(value)}`);
  return value;
}

function isSegmentNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 1 && value <= segmentNumberMax;
}

function isOffset(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function encodeEntry(entry: IndexEntry): unknown {
  return { segment: entry.segment, offset: entry.offset, length: entry.length, checksum: entry.checksum };
}

function parseEntry(value: unknown, key: Buffer): IndexEntry {
  if (key.length === blockIdBytes && typeof value === 'object' && value !== null) {
    const { segment, offset, length, checksum } = value as Record<string, unknown>;
    if (isSegmentNumber(segment) && isOffset(offset) && isOffset(length) && typeof checksum === 'string' && isChecksumHex(checksum)) {
      return { segment, offset, length, checksum };
    }
  }
  throw new IndexDamagedError(`bad index entry for ${key.toString('hex')}: ${JSON.stringify(value)}`);
}

function isChecksumHex(text: string): boolean {
  try {
    return checksumToHex(checksumFromHex(text)) === text;
  } catch {
    return false;
  }
}

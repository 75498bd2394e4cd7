// Brings one data dir to a consistent state on open, before anything is served. The segments are
// the truth: every record past a segment's index watermark is replayed into the index (blocks
// added, tombstones applied), a torn record and whatever follows it is cut off at the record
// boundary, and an index that cannot be opened or fails a sanity check is thrown away and rebuilt
// from every segment. Replay is ordered (segments ascending, records in file order) because the
// writer only ever appends in that order, so the unindexed records are always a suffix of history.
// Compaction keeps it so: its copies are appended like any write, and segment-compactor.ts says
// why replaying what is left after it (or after a crash in the middle of it) is still right.
import { mkdir, open, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { CairnError } from '../../common/errors.js';
import { checksumToHex } from '../../common/hashing.js';
import type { Logger } from '../../common/logger.js';
import { RecordKind, recordBytes } from './record.js';
import { IndexDamagedError, SegmentIndex, type IndexOp } from './segment-index.js';
import { createSegmentFile, listSegmentNumbers, segmentPath, syncDirectory } from './segment-files.js';
import { scanSegment, type ScanEvent } from './segment-scan.js';
import { storageError } from './storage-errors.js';

/** Index operations applied per LevelDB batch while replaying, bounding memory on long tails. */
export const replayBatchOpsMax = 1000;
/** One try with the index as found, one with an index rebuilt from scratch. */
const indexAttemptsMax = 2;

export interface StorePaths {
  dir: string;
  segmentsDir: string;
  indexDir: string;
}

export function storePaths(dir: string): StorePaths {
  return { dir, segmentsDir: join(dir, 'segments'), indexDir: join(dir, 'index') };
}

export interface RecoveredDir {
  index: SegmentIndex;
  /** Byte size of every segment after recovery, ascending by segment number; never empty. */
  segmentBytes: Map<number, number>;
  blocks: number;
  /** Payload bytes of the blocks held. */
  liveBytes: number;
  /** Bytes of the live block records (headers included) in each segment that holds any. */
  liveRecordBytesBySegment: Map<number, number>;
  replayedRecords: number;
}

export async function recoverDataDir(paths: StorePaths, logger: Logger): Promise<RecoveredDir> {
  await prepareDirs(paths);
  const segmentBytes = await readSegmentSizes(paths, logger);
  let index = await SegmentIndex.open(paths.indexDir);
  if (index === undefined) {
    // Only a data dir that holds records had an index worth reporting the loss of.
    const holdsRecords = [...segmentBytes.values()].some((bytes) => bytes > 0);
    const level = holdsRecords ? 'warn' : 'debug';
    logger[level]({ dir: paths.indexDir }, holdsRecords ? 'index missing or unreadable; rebuilding it from the segments' : 'starting a new index');
  }
  for (let attempt = 1; ; attempt += 1) {
    index ??= await SegmentIndex.create(paths.indexDir);
    try {
      const replayedRecords = await replayTails(index, segmentBytes, paths, logger);
      const live = await countLive(index, segmentBytes);
      return { index, segmentBytes, replayedRecords, ...live };
    } catch (err) {
      await index.close().catch(() => undefined);
      if (!(err instanceof IndexDamagedError)) throw err;
      if (attempt >= indexAttemptsMax) throw new CairnError('IO_ERROR', `index ${paths.indexDir} stays damaged after a rebuild: ${err.message}`);
      logger.warn({ dir: paths.indexDir, reason: err.message }, 'index damaged; rebuilding it from the segments');
      index = undefined;
    }
  }
}

async function prepareDirs(paths: StorePaths): Promise<void> {
  try {
    await mkdir(paths.segmentsDir, { recursive: true });
    // A freshly made directory is only durable once its parent's entry is.
    await syncDirectory(paths.dir);
    await syncDirectory(paths.segmentsDir);
  } catch (err) {
    throw storageError(err, 'prepare data dir', paths.dir);
  }
}

/** Sizes of the segments on disk; creates the first segment of a new data dir. */
async function readSegmentSizes(paths: StorePaths, logger: Logger): Promise<Map<number, number>> {
  const sizes = new Map<number, number>();
  try {
    for (const segment of await listSegmentNumbers(paths.segmentsDir, logger)) {
      sizes.set(segment, (await stat(segmentPath(paths.segmentsDir, segment))).size);
    }
    if (sizes.size === 0) {
      await (await createSegmentFile(segmentPath(paths.segmentsDir, 1))).close();
      await syncDirectory(paths.segmentsDir);
      sizes.set(1, 0);
    }
  } catch (err) {
    throw storageError(err, 'list segments in', paths.segmentsDir);
  }
  return sizes;
}

async function replayTails(index: SegmentIndex, sizes: Map<number, number>, paths: StorePaths, logger: Logger): Promise<number> {
  const watermarks = await index.watermarks();
  for (const segment of watermarks.keys()) {
    // Compaction removes a segment before it drops its watermark. Should an index entry still
    // point into the segment, countLive finds it and the index is rebuilt.
    if (!sizes.has(segment)) {
      logger.debug({ segment }, 'dropping the watermark of a removed segment');
      await index.dropWatermark(segment);
    }
  }
  let replayed = 0;
  for (const [segment, bytes] of sizes) {
    const watermark = watermarks.get(segment) ?? 0;
    // The index is only written after the segment was synced, so it can never be ahead of it.
    if (watermark > bytes) throw new IndexDamagedError(`watermark ${watermark} of segment ${segment} is past its end (${bytes})`);
    if (watermark === bytes) continue;
    const path = segmentPath(paths.segmentsDir, segment);
    const handle = await open(path, 'r+').catch((err: unknown) => {
      throw storageError(err, 'open', path);
    });
    try {
      const result = await replaySegment({ index, handle, path, segment, bytes, logger }, watermark);
      sizes.set(segment, result.end);
      replayed += result.records;
    } finally {
      await handle.close();
    }
  }
  return replayed;
}

interface ReplayTarget {
  index: SegmentIndex;
  handle: FileHandle;
  path: string;
  segment: number;
  bytes: number;
  logger: Logger;
}

/** Replays one segment from `watermark`; returns where its valid records end. */
async function replaySegment(target: ReplayTarget, watermark: number): Promise<{ end: number; records: number }> {
  const { index, segment, logger } = target;
  let ops: IndexOp[] = [];
  let end = watermark;
  let records = 0;
  try {
    for await (const event of scanSegment(target.handle, target.bytes, watermark)) {
      if (event.type === 'torn') {
        await cutTornTail(target, event);
        break;
      }
      if (event.payloadOk) ops.push(indexOpFor(event, segment));
      else logger.error({ segment, offset: event.offset, blockId: event.header.blockId.toString('hex') }, 'corrupt record in segment skipped');
      end = event.end;
      records += 1;
      if (ops.length >= replayBatchOpsMax) {
        await index.apply(ops, new Map([[segment, end]]));
        ops = [];
      }
    }
  } catch (err) {
    if (err instanceof IndexDamagedError) throw err;
    throw storageError(err, 'replay', target.path);
  }
  await index.apply(ops, new Map([[segment, end]]));
  return { end, records };
}

function indexOpFor(event: Extract<ScanEvent, { type: 'record' }>, segment: number): IndexOp {
  const { header } = event;
  if (header.kind === RecordKind.tombstone) return { type: 'del', key: header.blockId };
  const entry = { segment, offset: event.offset, length: header.payloadBytes, checksum: checksumToHex(header.payloadChecksum) };
  return { type: 'put', key: header.blockId, entry };
}

async function cutTornTail(target: ReplayTarget, torn: Extract<ScanEvent, { type: 'torn' }>): Promise<void> {
  const bytesCut = target.bytes - torn.offset;
  target.logger.warn({ segment: target.segment, offset: torn.offset, bytesCut, reason: torn.reason }, 'cutting a torn record off the end of a segment');
  await target.handle.truncate(torn.offset);
  await target.handle.sync();
}

async function countLive(index: SegmentIndex, sizes: Map<number, number>): Promise<Pick<RecoveredDir, 'blocks' | 'liveBytes' | 'liveRecordBytesBySegment'>> {
  let blocks = 0;
  let liveBytes = 0;
  const liveRecordBytesBySegment = new Map<number, number>();
  for await (const [key, entry] of index.entries()) {
    const size = sizes.get(entry.segment);
    if (size === undefined || entry.offset + recordBytes(entry.length) > size) {
      throw new IndexDamagedError(`index entry of ${key.toString('hex')} points past the end of segment ${entry.segment}${size === undefined ? ' (it is missing)' : ''}`);
    }
    blocks += 1;
    liveBytes += entry.length;
    liveRecordBytesBySegment.set(entry.segment, (liveRecordBytesBySegment.get(entry.segment) ?? 0) + recordBytes(entry.length));
  }
  return { blocks, liveBytes, liveRecordBytesBySegment };
}

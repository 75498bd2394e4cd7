// Compaction of one data dir (DESIGN §5): a sealed segment whose live block records fill less
// than `compactionLiveShareMax` of it is rewritten — its live records are appended again at the
// end of the log (the active segment) through the store's group commit, the index is pointed at
// the copies, and only then is the segment file removed, so deleted blocks give their disk space
// back. The segment being appended to is never compacted.
//
// The segments form one log, ordered by (segment number, offset): every append — a put, a
// tombstone, a copy made here — goes to the end. Recovery replays that log (segments ascending),
// so what must hold after any crash is that replaying the segments left yields the live blocks
// and nothing else. Hence:
// - A live record is copied under its block's lock, and only while the index still places the
//   block at that very record; its copy is then the block's last record, as the original was.
//   A stale copy left in the old segment by a crash is harmless: the copy comes after it.
// - A tombstone still matters while an older segment may hold a put of its block, and a copy of
//   it must not land after a newer put of the block. So, under the block's lock: a tombstone of a
//   block that is live again is dropped (the newer put is the block's last record); one of a
//   dead block is carried to the end of the log unless its segment is the oldest one left, in
//   which case no earlier put of the block exists any more and it is dropped.
// - The segment is removed only when no index entry points into it, after a synced index write,
//   so a restart never finds an entry pointing at a removed file; a read that raced the removal
//   looks its block up again (segment-store.ts).
// - A record that fails its xxh64 is not copied. If it is the block's live copy, the block is read
//   once more the way clients read it; if that fails too, the block is returned as corrupt, for
//   the datanode to report like any corrupt replica, and left where it is: the datanode never
//   deletes a block on its own (the namenode has it replaced, then deleted). The segment is then
//   kept — its other records are copied out all the same — and removed once the namenode's
//   deletes leave nothing in it. A damaged header is logged and skipped to the next valid one; a
//   live block whose record could not be found that way is looked for in the index (`sweep`).
// Work is bounded: one `step` scans at most `budgetBytes` of the segment (or `stepRecordsMax`
// records, or one page of the index walk), or removes one finished segment.
import { open, type FileHandle } from 'node:fs/promises';
import type { Logger } from '../../common/logger.js';
import { RecordKind, recordBytes, recordHeaderBytes, type RecordHeader } from './record.js';
import type { IndexEntry } from './segment-index.js';
import { segmentPath } from './segment-files.js';
import { scanSealedSegment, type SealedScanEvent } from './segment-scan.js';
import { storageError } from './storage-errors.js';

/** A sealed segment whose live records fill less than this share of it is compacted. */
export const compactionLiveShareMax = 0.5;
/** Records handled in one step, whatever their size (tombstones are 64 bytes each). */
export const stepRecordsMax = 4096;
/** Index entries looked at in one step of a sweep. */
export const sweepPageEntriesMax = 1000;

export interface CompactionStep {
  /** Segment bytes read by the step (what the caller's rate limit pays for). */
  bytesRead: number;
  /** Whether more work is waiting: a segment under way or another one that qualifies. */
  more: boolean;
  /** Blocks found corrupt and deleted from this dir; the caller reports them as corrupt replicas. */
  corrupt: string[];
}

export interface CompactionCounters {
  /** Segments removed. */
  segments: number;
  /** Record bytes compaction appended: live blocks moved, tombstones carried. */
  copiedBytes: number;
  /** Bytes of the removed segments minus what was copied out of them. */
  reclaimedBytes: number;
}

export interface Location {
  segment: number;
  offset: number;
}

/** What became of a block record found in the segment. */
export type MoveOutcome = 'moved' | 'gone' | 'corrupt';

/** What the segment store lends its compactor; every block operation takes the block's lock. */
export interface CompactionHost {
  readonly segmentsDir: string;
  readonly logger: Logger;
  activeSegment(): number;
  /** Bytes of every segment on disk. */
  segmentSizes(): ReadonlyMap<number, number>;
  /** Bytes of the live block records in a segment. */
  liveRecordBytes(segment: number): number;
  /** Appends a verified record again if the index still places its block at `at`. */
  move(header: RecordHeader, payload: Buffer, at: Location): Promise<MoveOutcome>;
  /** Re-reads the block at `at` as clients do and moves it; 'corrupt' (and left in place) if that fails its checks. */
  rescue(blockId: Buffer, at: Location): Promise<MoveOutcome>;
  /** Appends the tombstone again unless its block is live; true if appended. */
  carry(header: RecordHeader): Promise<boolean>;
  entries(after?: Buffer): AsyncGenerator<[Buffer, IndexEntry]>;
  /** Removes a segment nothing in the index points into. */
  remove(segment: number): Promise<void>;
}

interface Job {
  segment: number;
  /** The segment's size when picked; it is sealed, so it does not grow. */
  bytes: number;
  phase: 'scan' | 'sweep' | 'remove';
  /** Scan: where the next step starts. */
  offset: number;
  handle: FileHandle | undefined;
  /** Sweep: the last index key looked at. */
  sweepAfter: Buffer | undefined;
  /** No older segment exists (and none can appear): its tombstones cover nothing left. */
  oldest: boolean;
  copiedBytes: number;
  /** Blocks found corrupt (and left in place), and the bytes of their records. */
  corrupt: Set<string>;
  corruptBytes: number;
}

/** One step of a scan or a sweep: whether the pass is through, and the bytes it read. */
interface Pass {
  done: boolean;
  bytesRead: number;
}

export class SegmentCompactor {
  readonly counters: CompactionCounters = { segments: 0, copiedBytes: 0, reclaimedBytes: 0 };
  private job: Job | undefined;
  /** Steps run one after another: a job is one cursor. */
  private stepping: Promise<unknown> = Promise.resolve();
  /** Segments copied out but for corrupt blocks, waiting for their deletes: segment → bytes copied out. */
  private readonly kept = new Map<number, number>();

  constructor(private readonly host: CompactionHost) {}

  /** True when a step would find work. */
  pending(): boolean {
    return this.job !== undefined || this.pick() !== undefined;
  }

  step(budgetBytes: number): Promise<CompactionStep> {
    const step = this.stepping.then(() => this.stepOnce(budgetBytes));
    this.stepping = step.catch(() => undefined);
    return step;
  }

  private async stepOnce(budgetBytes: number): Promise<CompactionStep> {
    const job = this.job ?? this.start();
    if (job === undefined) return { bytesRead: 0, more: false, corrupt: [] };
    const corrupt: string[] = [];
    let bytesRead = 0;
    if (job.phase === 'remove') {
      await this.finish(job);
    } else {
      const pass = job.phase === 'scan' ? await this.scan(job, budgetBytes, corrupt) : await this.sweep(job, corrupt);
      bytesRead = pass.bytesRead;
      if (pass.done) this.afterPass(job);
    }
    return { bytesRead, more: this.pending(), corrupt };
  }

  /** Releases the open segment of a job under way (it resumes from the start after a reopen). */
  async close(): Promise<void> {
    await this.job?.handle?.close().catch(() => undefined);
    this.job = undefined;
  }

  /**
   * The oldest sealed segment below the live share. Oldest first, because only the oldest
   * segment's tombstones can be dropped: taken in order, each tombstone is copied at most until
   * the segments before it are gone. A segment kept for corrupt blocks waits until they are gone.
   */
  private pick(): { segment: number; bytes: number; share: number } | undefined {
    const active = this.host.activeSegment();
    let best: { segment: number; bytes: number; share: number } | undefined;
    for (const [segment, bytes] of this.host.segmentSizes()) {
      if (segment === active || (best !== undefined && segment > best.segment)) continue;
      const live = this.host.liveRecordBytes(segment);
      if (this.kept.has(segment) && live > 0) continue;
      const share = bytes === 0 ? 0 : live / bytes;
      if (share < compactionLiveShareMax) best = { segment, bytes, share };
    }
    return best;
  }

  private start(): Job | undefined {
    const picked = this.pick();
    if (picked === undefined) return undefined;
    const { segment, bytes, share } = picked;
    const copiedBytes = this.kept.get(segment);
    this.kept.delete(segment);
    // A kept segment was copied out already; a new one starts at its first record.
    const phase = bytes === 0 || copiedBytes !== undefined ? 'remove' : 'scan';
    this.host.logger.debug({ segment, bytes, liveShare: Number(share.toFixed(3)), phase }, 'compacting a segment');
    const oldest = [...this.host.segmentSizes().keys()].every((other) => other >= segment);
    this.job = {
      segment, bytes, phase, offset: 0, handle: undefined, sweepAfter: undefined, oldest, copiedBytes: copiedBytes ?? 0, corrupt: new Set(), corruptBytes: 0,
    };
    return this.job;
  }

  /** The scan or the sweep is through: remove the segment, look for lost blocks, or keep it for its corrupt ones. */
  private afterPass(job: Job): void {
    const live = this.host.liveRecordBytes(job.segment);
    if (job.phase === 'scan' && live > job.corruptBytes) {
      job.phase = 'sweep';
      this.host.logger.warn({ segment: job.segment, liveBytes: live - job.corruptBytes }, 'live blocks not found by the scan; looking for them in the index');
      return;
    }
    if (live > 0 && job.corrupt.size > 0) {
      this.host.logger.warn({ segment: job.segment, corruptBlocks: job.corrupt.size }, 'segment kept for its corrupt blocks until they are deleted');
      this.kept.set(job.segment, job.copiedBytes);
      this.job = undefined;
      return;
    }
    // Nothing can point into a sealed segment anew, so a sweep that found nothing more is proof.
    if (live > 0) this.host.logger.error({ segment: job.segment, liveBytes: live }, 'live byte count of a segment was off; the index holds nothing in it');
    job.phase = 'remove';
  }

  private async scan(job: Job, budgetBytes: number, corrupt: string[]): Promise<Pass> {
    const path = segmentPath(this.host.segmentsDir, job.segment);
    const work: Array<Promise<void>> = [];
    let end = job.offset;
    try {
      job.handle ??= await open(path, 'r');
      for await (const event of scanSealedSegment(job.handle, job.bytes, job.offset, budgetBytes)) {
        work.push(this.handleEvent(job, event, corrupt));
        end = event.end;
        if (end - job.offset >= budgetBytes || work.length >= stepRecordsMax) break;
      }
    } catch (err) {
      await Promise.allSettled(work);
      await job.handle?.close().catch(() => undefined);
      job.handle = undefined;
      throw storageError(err, 'compact', path);
    }
    // Every record is settled before the step ends, so steps never overlap. A failed one leaves
    // the offset where it was: handling a record twice is harmless (each looks at the index again).
    const failure = (await Promise.allSettled(work)).find((result) => result.status === 'rejected');
    if (failure !== undefined) throw failure.reason;
    const bytesRead = end - job.offset;
    job.offset = end;
    if (job.offset < job.bytes) return { done: false, bytesRead };
    await job.handle.close().catch(() => undefined);
    job.handle = undefined;
    return { done: true, bytesRead };
  }

  private async handleEvent(job: Job, event: SealedScanEvent, corrupt: string[]): Promise<void> {
    if (event.type === 'damaged') {
      this.host.logger.error({ segment: job.segment, offset: event.offset, bytes: event.end - event.offset, reason: event.reason }, 'damaged stretch in a segment skipped by compaction');
      return;
    }
    const { header, offset } = event;
    if (header.kind === RecordKind.tombstone) {
      if (job.oldest) return;
      if (await this.host.carry(header)) this.copied(job, recordHeaderBytes);
      return;
    }
    const at = { segment: job.segment, offset };
    const outcome = event.payloadOk ? await this.host.move(header, event.payload, at) : await this.host.rescue(header.blockId, at);
    this.settle(job, outcome, header.blockId, header.payloadBytes, corrupt);
  }

  private settle(job: Job, outcome: MoveOutcome, blockId: Buffer, payloadBytes: number, corrupt: string[]): void {
    if (outcome === 'moved') this.copied(job, recordBytes(payloadBytes));
    const id = blockId.toString('hex');
    if (outcome === 'corrupt' && !job.corrupt.has(id)) {
      job.corrupt.add(id);
      job.corruptBytes += recordBytes(payloadBytes);
      corrupt.push(id);
    }
  }

  private copied(job: Job, bytes: number): void {
    job.copiedBytes += bytes;
    this.counters.copiedBytes += bytes;
  }

  /** One page of the walk over the index for live blocks the scan could not find. */
  private async sweep(job: Job, corrupt: string[]): Promise<Pass> {
    let walked = 0;
    let bytesRead = 0;
    for await (const [key, entry] of this.host.entries(job.sweepAfter)) {
      walked += 1;
      job.sweepAfter = key;
      if (entry.segment === job.segment && !job.corrupt.has(key.toString('hex'))) {
        const outcome = await this.host.rescue(key, { segment: job.segment, offset: entry.offset });
        this.settle(job, outcome, key, entry.length, corrupt);
        bytesRead += recordBytes(entry.length);
      }
      if (walked >= sweepPageEntriesMax) return { done: false, bytesRead };
    }
    return { done: true, bytesRead };
  }

  private async finish(job: Job): Promise<void> {
    await this.host.remove(job.segment);
    this.job = undefined;
    this.counters.segments += 1;
    this.counters.reclaimedBytes += Math.max(0, job.bytes - job.copiedBytes);
    this.host.logger.debug({ segment: job.segment, bytes: job.bytes, copiedBytes: job.copiedBytes }, 'segment compacted and removed');
  }
}

// A bounded cache of read-only segment file handles, so reads are positioned reads on open
// handles instead of an open/close per block, while a data dir with thousands of segments never
// holds thousands of descriptors. A handle in use is never closed under its reader: eviction
// only takes idle handles, and the cache may briefly exceed its bound while all are busy.
import { open, type FileHandle } from 'node:fs/promises';
import type { Logger } from '../../common/logger.js';

interface CachedHandle {
  handle: Promise<FileHandle>;
  users: number;
  /** Forgotten while in use: closed by its last user. */
  forgotten: boolean;
}

export class HandleCache {
  private readonly entries = new Map<number, CachedHandle>();

  constructor(
    private readonly pathOf: (segment: number) => string,
    private readonly handlesMax: number,
    private readonly logger: Logger,
  ) {}

  /** Runs `use` with an open handle of `segment`; the handle stays cached afterwards. */
  async with<T>(segment: number, use: (handle: FileHandle) => Promise<T>): Promise<T> {
    const entry = this.acquire(segment);
    try {
      return await use(await entry.handle);
    } finally {
      entry.users -= 1;
      if (entry.forgotten && entry.users === 0) void this.closeQuietly(segment, entry);
      this.evictIdle();
    }
  }

  /**
   * Drops a segment's handle, e.g. after the file was removed: closed at once when idle, else by
   * its last reader (reads under way finish on it; a removed file's bytes live on while it is open).
   */
  forget(segment: number): void {
    const entry = this.entries.get(segment);
    if (entry === undefined) return;
    this.entries.delete(segment);
    if (entry.users > 0) entry.forgotten = true;
    else void this.closeQuietly(segment, entry);
  }

  async close(): Promise<void> {
    const entries = [...this.entries];
    this.entries.clear();
    await Promise.all(entries.map(([segment, entry]) => this.closeQuietly(segment, entry)));
  }

  private acquire(segment: number): CachedHandle {
    let entry = this.entries.get(segment);
    if (entry === undefined) {
      entry = { handle: open(this.pathOf(segment), 'r'), users: 0, forgotten: false };
      // A failed open must not stay cached; its error reaches the caller through `with`.
      const failed = entry;
      failed.handle.catch(() => {
        if (this.entries.get(segment) === failed) this.entries.delete(segment);
      });
    } else {
      this.entries.delete(segment); // re-inserted below: Map order is the LRU order
    }
    this.entries.set(segment, entry);
    entry.users += 1;
    return entry;
  }

  private evictIdle(): void {
    for (const [segment, entry] of this.entries) {
      if (this.entries.size <= this.handlesMax) return;
      if (entry.users > 0) continue;
      this.entries.delete(segment);
      void this.closeQuietly(segment, entry);
    }
  }

  private async closeQuietly(segment: number, entry: CachedHandle): Promise<void> {
    try {
      await (await entry.handle).close();
    } catch (err) {
      // Opening failed (already reported to the reader) or closing failed: nothing to recover.
      this.logger.debug({ segment, err }, 'closing a cached segment handle failed');
    }
  }
}

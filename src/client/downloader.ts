// Download (DESIGN §6): page through the revision's block list, fetch blocks with bounded
// parallelism, verify each one end to end (its SHA-256 must be its id, so a read returns the
// committed bytes or an error, never other bytes), fall back to the next replica on any error,
// and write in order. Memory is bounded by the parallelism. The revision is pinned by the first
// page so a concurrent upload cannot mix two revisions into one read.
import type { Writable } from 'node:stream';
import type { LocatedBlock__Output } from '../../proto/gen/cairn/namenode/LocatedBlock.js';
import type { GetFileReply__Output } from '../../proto/gen/cairn/namenode/GetFileReply.js';
import type { BlockTransferClient } from '../common/block-transfer.js';
import { CairnError } from '../common/errors.js';
import { sha256Hex, xxh64 } from '../common/hashing.js';
import type { NamenodeClient } from './namenode-client.js';

export interface GetOptions {
  revision?: number;
  /** Only bytes [start, end) of the revision (clamped to its size). */
  range?: { start: number; end: number };
  /** A GetFile page the caller already holds, of the revision to read, whose first block holds the range's start: saves a call. */
  firstPage?: GetFileReply__Output;
  parallelism: number;
  onProgress?: (bytes: number) => void;
  /** Called before the first byte is written, with what is about to be read. */
  onStart?: (info: { revision: number; size: number }) => void;
}

export interface GetResult {
  path: string;
  revision: number;
  size: number;
  blocks: number;
  seconds: number;
}

const pageBlocks = 1000;

export async function getFile(nn: NamenodeClient, pool: BlockTransferClient, path: string, sink: Writable, options: GetOptions): Promise<GetResult> {
  const started = performance.now();
  const page = options.firstPage ?? (await nn.call('GetFile', { path, revision: options.revision ?? 0, fromOffset: options.range?.start ?? 0, maxBlocks: pageBlocks }));
  const revision = page.revision;
  const range = { start: Math.min(options.range?.start ?? 0, page.size), end: Math.min(options.range?.end ?? page.size, page.size) };
  options.onStart?.({ revision, size: page.size });
  const window: Array<Promise<Buffer>> = [];
  const output = new OutputGuard(sink);
  let blocks = 0;
  let written = 0;
  try {
    ({ blocks, written } = await readAll(nn, pool, path, revision, page, window, output, { ...options, range }));
  } finally {
    output.release();
  }
  const wanted = Math.max(0, range.end - range.start);
  if (written !== wanted) throw new CairnError('INTERNAL', `read ${written} bytes of the ${wanted} wanted from a ${page.size}-byte revision`);
  return { path: page.file?.path ?? path, revision, size: page.size, blocks, seconds: (performance.now() - started) / 1000 };
}

async function readAll(
  nn: NamenodeClient, pool: BlockTransferClient, path: string, revision: number, first: GetFileReply__Output,
  window: Array<Promise<Buffer>>, output: OutputGuard, options: GetOptions & { range: { start: number; end: number } },
): Promise<{ blocks: number; written: number }> {
  const { start, end } = options.range;
  let page = first;
  let blocks = 0;
  let written = 0;
  for (;;) {
    for (const block of page.blocks) {
      if (block.offset >= end) break;
      if (block.offset + block.size <= start) continue;
      // Only the part of the block inside the range is written (the whole block is still verified).
      const from = Math.max(0, start - block.offset);
      const to = Math.min(block.size, end - block.offset);
      const fetch = fetchBlock(nn, pool, path, revision, block).then((data) => (from === 0 && to === data.length ? data : data.subarray(from, to)));
      // Awaited in order later; a failure that comes first must not count as unhandled meanwhile.
      fetch.catch(() => undefined);
      window.push(fetch);
      blocks += 1;
      if (window.length >= options.parallelism) written += await writeNext(output, window, options);
    }
    const last = page.blocks[page.blocks.length - 1];
    if (!page.truncated || (last !== undefined && last.offset + last.size >= end)) break;
    if (!last) throw new CairnError('INTERNAL', 'a truncated page with no blocks');
    page = await nn.call('GetFile', { path, revision, fromOffset: last.offset + last.size, maxBlocks: pageBlocks });
  }
  while (window.length > 0) written += await writeNext(output, window, options);
  return { blocks, written };
}

async function writeNext(output: OutputGuard, window: Array<Promise<Buffer>>, options: GetOptions): Promise<number> {
  const next = window.shift();
  if (!next) return 0;
  const data = await next;
  await output.write(data);
  options.onProgress?.(data.length);
  return data.length;
}

/**
 * Writes with backpressure and notices an output that failed at any time — not only while a
 * write waits for 'drain' — so a broken output ends the read with IO_ERROR, never a hang or a
 * false success.
 */
class OutputGuard {
  readonly #sink: Writable;
  #failure: Error | undefined;
  readonly #onError = (err: Error) => {
    this.#failure ??= err;
  };

  constructor(sink: Writable) {
    this.#sink = sink;
    sink.on('error', this.#onError);
  }

  async write(data: Buffer): Promise<void> {
    this.#check();
    if (!this.#sink.write(data)) await this.#drained();
    this.#check();
  }

  /** Waits for 'drain', or for the output to close or fail; removes every listener it added. */
  #drained(): Promise<void> {
    return new Promise((resolve) => {
      const settle = () => {
        this.#sink.off('drain', settle);
        this.#sink.off('close', settle);
        this.#sink.off('error', settle);
        resolve();
      };
      this.#sink.on('drain', settle);
      this.#sink.on('close', settle);
      this.#sink.on('error', settle);
    });
  }

  release(): void {
    this.#sink.off('error', this.#onError);
  }

  #check(): void {
    if (this.#failure) throw new CairnError('IO_ERROR', `writing the output failed: ${this.#failure.message}`);
    if (this.#sink.destroyed || this.#sink.writableEnded) throw new CairnError('IO_ERROR', 'the output was closed before the read finished');
  }
}

/** Tries every replica; once all failed, asks the namenode for fresh locations once. */
async function fetchBlock(nn: NamenodeClient, pool: BlockTransferClient, path: string, revision: number, block: LocatedBlock__Output): Promise<Buffer> {
  const problems: string[] = [];
  let current = block;
  for (let round = 0; round < 2; round++) {
    for (const location of current.locations) {
      try {
        const { data, checksum } = await pool.read(location.dataAddress, current.id, current.token);
        if (data.length !== current.size) throw new CairnError('BLOCK_CORRUPT', `expected ${current.size} bytes, got ${data.length}`);
        // Bytes that hash to the block id are the block: the xxh64 (hashed only then) just tells
        // damage in transit from a bad replica.
        if (sha256Hex(data) !== current.id) {
          throw xxh64(data) !== checksum ? new CairnError('CHECKSUM_MISMATCH', 'xxh64 mismatch in transit') : new CairnError('BLOCK_CORRUPT', 'bytes do not hash to the block id');
        }
        return data;
      } catch (err) {
        problems.push(`${location.dataAddress}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    const fresh = await nn.call('GetFile', { path, revision, fromOffset: block.offset, maxBlocks: 1 });
    const again = fresh.blocks[0];
    if (!again || again.id !== block.id) break;
    current = again;
  }
  throw new CairnError('UNAVAILABLE', `no replica of block at offset ${block.offset} could be read (${problems.join('; ') || 'no live replica'})`);
}

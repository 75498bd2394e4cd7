// Compaction benchmark: how fast one data dir gives deleted blocks' space back, next to the disk's
// own write limit measured in the same run. A SegmentStore is filled with 400 KiB blocks in
// segments of `--segment-mib`, all but `--live-percent` of them are deleted, and compaction is
// stepped to the end with no rate limit (the datanode's `compactionBytesPerSec` is what limits it
// in production). Compaction MB/s is segment bytes read (scanned) per second; it also writes the
// live share again, fdatasync'd in group commits.
// Options: --size-mib N (512), --segment-mib N (64), --live-percent N (25). Results go to bench/results/compaction.md.
import { randomBytes } from 'node:crypto';
import { mkdtemp, open, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { KiB, MiB } from '../src/common/constants.js';
import { initHashing, sha256Hex, xxh64 } from '../src/common/hashing.js';
import { compactionStepBytes } from '../src/datanode/compaction/compaction-runner.js';
import { SegmentStore } from '../src/datanode/storage/segment-store.js';

const blockBytes = 400 * KiB;
const writers = 16;
const mb = (bytes: number, seconds: number) => bytes / 1e6 / seconds;
const fmt = (n: number, digits = 1) => n.toFixed(digits);

export async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { 'size-mib': { type: 'string' }, 'segment-mib': { type: 'string' }, 'live-percent': { type: 'string' } } });
  const size = Number(values['size-mib'] ?? 512) * MiB;
  const segmentBytesMax = Number(values['segment-mib'] ?? 64) * MiB;
  const livePercent = Number(values['live-percent'] ?? 25);
  await initHashing();
  const dir = await mkdtemp(join(tmpdir(), 'cairn-bench-compaction-'));
  try {
    const diskLimit = await measureWriteLimit(join(dir, 'limit.bin'), Math.min(size, 512 * MiB));
    const store = await SegmentStore.open({ dir: join(dir, 'data'), segmentBytesMax });
    const blocks = Math.floor(size / blockBytes);
    const base = randomBytes(blockBytes);
    await forEachBlock(blocks, async (index) => {
      const block = blockAt(base, index);
      await store.put(block.id, block.data, block.checksum);
    });
    const keepEvery = Math.round(100 / livePercent);
    await forEachBlock(blocks, async (index) => {
      if (index % keepEvery !== 0) await store.delete(blockAt(base, index).id);
    });
    const before = await bytesOnDisk(join(dir, 'data'));
    const started = performance.now();
    let bytesRead = 0;
    let steps = 0;
    for (let more = true; more; steps += 1) {
      const step = await store.compact(compactionStepBytes);
      bytesRead += step.bytesRead;
      more = step.more;
    }
    const seconds = (performance.now() - started) / 1000;
    const counters = store.compactionCounters();
    const after = await bytesOnDisk(join(dir, 'data'));
    let good = 0;
    for (let index = 0; index < blocks; index += keepEvery) if ((await store.get(blockAt(base, index).id))?.equals(blockAt(base, index).data)) good += 1;
    await store.close();
    const report = formatReport({ size, segmentBytesMax, livePercent, blocks, diskLimit, before, after, bytesRead, seconds, steps, counters, good, kept: Math.ceil(blocks / keepEvery) });
    process.stdout.write(report);
    await writeFile(new URL('./results/compaction.md', import.meta.url), report);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Block `index`: the shared random bytes with the index written over the start; ids need not be content hashes here. */
function blockAt(base: Buffer, index: number): { id: string; data: Buffer; checksum: bigint } {
  const data = Buffer.from(base);
  data.writeUInt32BE(index, 0);
  return { id: sha256Hex(data.subarray(0, 64)), data, checksum: xxh64(data) };
}

async function forEachBlock(blocks: number, work: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: writers }, async () => {
    while (next < blocks) {
      const index = next;
      next += 1;
      await work(index);
    }
  }));
}

/** Sequential 4 MiB writes, fdatasync every 64 MiB and at the end: what the disk takes. */
async function measureWriteLimit(path: string, bytes: number): Promise<number> {
  const chunk = randomBytes(4 * MiB);
  const handle = await open(path, 'w');
  const started = performance.now();
  for (let written = 0; written < bytes; written += chunk.length) {
    await handle.write(chunk);
    if ((written + chunk.length) % (64 * MiB) === 0) await handle.datasync();
  }
  await handle.datasync();
  const seconds = (performance.now() - started) / 1000;
  await handle.close();
  await rm(path);
  return mb(bytes, seconds);
}

async function bytesOnDisk(dir: string): Promise<number> {
  let total = 0;
  for (const name of await readdir(join(dir, 'segments'))) total += (await stat(join(dir, 'segments', name))).size;
  return total;
}

function formatReport(r: {
  size: number; segmentBytesMax: number; livePercent: number; blocks: number; diskLimit: number; before: number; after: number;
  bytesRead: number; seconds: number; steps: number; counters: { segments: number; copiedBytes: number; reclaimedBytes: number }; good: number; kept: number;
}): string {
  const readMBps = mb(r.bytesRead, r.seconds);
  const writeMBps = mb(r.counters.copiedBytes, r.seconds);
  return [
    `# Compaction benchmark — ${new Date().toISOString()}`,
    '',
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}. One data dir, ${fmt(r.size / MiB, 0)} MiB of 400 KiB blocks (${r.blocks}) in ${fmt(r.segmentBytesMax / MiB, 0)} MiB segments; every block deleted but one in ${Math.round(100 / r.livePercent)} (${r.livePercent} % live); compaction stepped to the end (${r.steps} steps of at most ${fmt(compactionStepBytes / MiB, 0)} MiB), no rate limit.`,
    '',
    '| measure | value | disk write limit (same run) | ratio |',
    '|---|---|---|---|',
    `| compaction: segment bytes read | ${fmt(readMBps)} MB/s | ${fmt(r.diskLimit)} MB/s (4 MiB writes, fdatasync every 64 MiB) | ${fmt((100 * readMBps) / r.diskLimit, 0)} % |`,
    `| compaction: live bytes written again | ${fmt(writeMBps)} MB/s | ${fmt(r.diskLimit)} MB/s | ${fmt((100 * writeMBps) / r.diskLimit, 0)} % |`,
    '',
    `Segment bytes on disk: ${fmt(r.before / MiB)} MiB before, ${fmt(r.after / MiB)} MiB after; ${r.counters.segments} segment files removed, ${fmt(r.counters.reclaimedBytes / MiB)} MiB reclaimed, ${fmt(r.counters.copiedBytes / MiB)} MiB copied, in ${fmt(r.seconds, 2)} s.`,
    `Live blocks reading back byte for byte afterwards: ${r.good} of ${r.kept}.`,
    '',
  ].join('\n');
}

// The block scanner over a real block store: it finds rot in blocks nobody reads, at the rate it
// is given, once per pass; it pages through many blocks over several dirs; it stops at once.
import { readFile } from 'node:fs/promises';
import t, { type Test } from 'tap';
import { systemClock } from '../../../src/common/clock.js';
import { KiB, MiB } from '../../../src/common/constants.js';
import { initHashing } from '../../../src/common/hashing.js';
import { silentLogger } from '../../../src/common/logger.js';
import { BlockScanner, scanPageBlocksMax, type ScannerOptions } from '../../../src/datanode/scanner/block-scanner.js';
import { BlockStore } from '../../../src/datanode/storage/block-store.js';
import { waitFor } from '../../harness/wait-for.js';
import { flipByte, makeBlock, makeDataDir, segmentFile, type TestBlock } from '../datanode-storage/fixtures/blocks.js';

await initHashing();

async function storeWith(t: Test, dirCount: number, blocks: TestBlock[]): Promise<{ store: BlockStore; dirs: string[] }> {
  const made = await Promise.all(Array.from({ length: dirCount }, () => makeDataDir('cairn-scan-')));
  for (const { remove } of made) t.teardown(remove);
  const dirs = made.map(({ dir }) => dir);
  const store = await BlockStore.open({ dirs });
  t.teardown(() => store.close());
  for (const block of blocks) await store.put(block.id, block.data, block.checksum);
  return { store, dirs };
}

function scanner(store: BlockStore, options: Partial<ScannerOptions>): { scanner: BlockScanner; corrupt: Array<{ blockId: string; atMs: number }> } {
  const corrupt: Array<{ blockId: string; atMs: number }> = [];
  const instance = new BlockScanner({
    store, clock: systemClock, logger: silentLogger, bytesPerSec: 100 * MiB, intervalMs: 60_000, startDelayMs: 0,
    onCorrupt: (blockId) => corrupt.push({ blockId, atMs: Date.now() }),
    ...options,
  });
  return { scanner: instance, corrupt };
}

t.test('scanner: rot in a block nobody reads is found at the configured rate, once per pass', async (t) => {
  const blocks = Array.from({ length: 12 }, (_, i) => makeBlock(80, i, 64 * KiB));
  const { store, dirs } = await storeWith(t, 1, blocks);
  const rotten = blocks[7] as TestBlock;
  const path = segmentFile(dirs[0] ?? '');
  await flipByte(path, (await readFile(path)).indexOf(rotten.data) + 5000);

  const bytesPerSec = 256 * KiB;
  const totalBytes = 12 * 64 * KiB;
  const intervalMs = 4000;
  const { scanner: scan, corrupt } = scanner(store, { bytesPerSec, intervalMs });
  const startedMs = Date.now();
  scan.start();
  t.teardown(() => scan.stop());
  await waitFor(() => scan.progress().passesCompleted === 1, 10_000, () => scan.progress());
  const elapsedMs = Date.now() - startedMs;
  // The bucket starts empty and holds at most one block's worth (64 KiB here) of credit.
  const floorMs = ((totalBytes - 64 * KiB) / bytesPerSec) * 1000;
  t.ok(elapsedMs >= floorMs * 0.95, `a pass over ${totalBytes} B at ${bytesPerSec} B/s took ${elapsedMs} ms (at least ${floorMs})`);
  t.ok(elapsedMs <= (totalBytes / bytesPerSec) * 1000 + 1500, `and not much longer (${elapsedMs} ms)`);
  t.same(corrupt.map((c) => c.blockId), [rotten.id], 'the rotten block was reported once in the first pass');
  t.match(scan.progress(), { passBlocks: 12, passBytes: 11 * 64 * KiB, corruptFound: 1, passesCompleted: 1 });
  t.ok(scan.progress().lastPassEndMs >= startedMs);

  await waitFor(() => scan.progress().passesCompleted === 2, 10_000, () => scan.progress());
  t.same(corrupt.map((c) => c.blockId), [rotten.id, rotten.id], 'and once more in the second pass');
  const secondFoundMs = (corrupt[1]?.atMs ?? 0) - startedMs;
  t.ok(secondFoundMs >= intervalMs, `the second pass started an interval after the first (found at ${secondFoundMs} ms)`);
  t.match(scan.progress(), { totalBlocks: 24, totalBytes: 22 * 64 * KiB, corruptFound: 2 });
});

t.test('scanner: a pass pages through every block of every dir, in block id order', async (t) => {
  const count = scanPageBlocksMax + 44;
  const blocks = Array.from({ length: count }, (_, i) => makeBlock(81, i, 1 * KiB));
  const { store } = await storeWith(t, 2, blocks);
  const { scanner: scan, corrupt } = scanner(store, {});
  t.equal(await scan.tick(), false, 'one page does not finish the pass');
  t.equal(scan.progress().passBlocks, scanPageBlocksMax);
  t.equal(await scan.tick(), true, 'the second page does');
  t.match(scan.progress(), { passBlocks: count, passBytes: count * KiB, passesCompleted: 1, corruptFound: 0 });
  t.same(corrupt, []);

  const listed: string[] = [];
  for await (const { blockId } of store.list()) listed.push(blockId);
  t.same(listed, blocks.map((b) => b.id).sort(), 'the store lists both dirs merged in id order');
  const after = listed[99] ?? '';
  const rest: string[] = [];
  for await (const { blockId } of store.list(after)) rest.push(blockId);
  t.same(rest, listed.slice(100), 'and resumes after a given id');
});

t.test('scanner: stop returns at once, even mid-way through a slow pass', async (t) => {
  const blocks = Array.from({ length: 4 }, (_, i) => makeBlock(82, i, 64 * KiB));
  const { store } = await storeWith(t, 1, blocks);
  const { scanner: scan } = scanner(store, { bytesPerSec: 32 * KiB });
  scan.start();
  await waitFor(() => scan.progress().passBlocks >= 1, 10_000, () => scan.progress());
  const stoppingMs = Date.now();
  await scan.stop();
  t.ok(Date.now() - stoppingMs < 500, `stopped in ${Date.now() - stoppingMs} ms while waiting ~2 s for its rate`);
  t.equal(scan.progress().passesCompleted, 0);
});

t.test('scanner: it holds off while the datanode re-replicates, then goes on', async (t) => {
  const blocks = Array.from({ length: 4 }, (_, i) => makeBlock(84, i, 16 * KiB));
  const { store } = await storeWith(t, 1, blocks);
  let copying = true;
  const { scanner: scan } = scanner(store, { paused: () => copying });
  scan.start();
  t.teardown(() => scan.stop());
  await new Promise((resolve) => setTimeout(resolve, 700));
  t.equal(scan.progress().totalBlocks, 0, 'nothing is read while copies run');
  copying = false;
  await waitFor(() => scan.progress().passesCompleted === 1, 5000, () => scan.progress());
  t.equal(scan.progress().passBlocks, 4, 'the pass completes once they are done');
});

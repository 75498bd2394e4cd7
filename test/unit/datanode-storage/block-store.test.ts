// The block store over several data dirs: new blocks spread over the dirs, every block is found
// wherever it landed, a block is held once, and listings and stats cover all dirs.
import { readdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import t from 'tap';
import { KiB } from '../../../src/common/constants.js';
import { initHashing } from '../../../src/common/hashing.js';
import { BlockStore } from '../../../src/datanode/storage/block-store.js';
import { SegmentStore } from '../../../src/datanode/storage/segment-store.js';
import { makeBlock, makeDataDir } from './fixtures/blocks.js';
import { corruptReplica } from '../../harness/faults.js';

await initHashing();

async function twoDirs(t: { teardown: (fn: () => Promise<void>) => void }): Promise<string[]> {
  const dirs = [await makeDataDir(), await makeDataDir()];
  for (const { remove } of dirs) t.teardown(remove);
  return dirs.map(({ dir }) => dir);
}

t.test('block store: two dirs share the blocks and all of them are found', async (t) => {
  const dirs = await twoDirs(t);
  const store = await BlockStore.open({ dirs });
  const blocks = Array.from({ length: 40 }, (_, i) => makeBlock(40, i, 4 * KiB));
  for (const block of blocks) t.equal(await store.put(block.id, block.data, block.checksum), 'stored');
  let good = 0;
  for (const block of blocks) if ((await store.get(block.id))?.equals(block.data) && (await store.checksumOf(block.id)) === block.checksum) good += 1;
  t.equal(good, 40, 'every block reads back with its checksum');

  const listed = new Map<string, number>();
  for await (const { blockId } of store.list()) listed.set(blockId, (listed.get(blockId) ?? 0) + 1);
  t.equal(listed.size, 40, 'list yields every block');
  t.ok([...listed.values()].every((n) => n === 1), 'and each once');

  const stats = await store.stats();
  t.match(stats, { blocks: 40, liveBytes: 40 * 4 * KiB, dirs: 2 });
  t.ok(stats.capacity > 0 && stats.free > 0 && stats.free <= stats.capacity, 'capacity and free come from statfs');
  await store.close();

  // Both dirs on one file system have equal free space, so placement takes turns.
  const perDir = [];
  for (const dir of dirs) {
    const single = await SegmentStore.open({ dir });
    perDir.push(single.stats().blocks);
    await single.close();
  }
  t.ok(perDir.every((n) => n >= 10), `blocks spread over both dirs (${perDir.join(' + ')})`);
  t.equal(perDir.reduce((a, b) => a + b, 0), 40, 'no block stored twice');
});

t.test('block store: a block already in one dir is not stored in another', async (t) => {
  const dirs = await twoDirs(t);
  const store = await BlockStore.open({ dirs });
  const block = makeBlock(41, 0, 1 * KiB);
  const results = await Promise.all(Array.from({ length: 6 }, () => store.put(block.id, block.data, block.checksum)));
  t.equal(results.filter((r) => r === 'stored').length, 1);
  t.equal((await store.stats()).blocks, 1);
  t.equal(await store.delete(block.id), true);
  t.equal(await store.has(block.id), false);
  t.equal(await store.delete(block.id), false);
  await store.close();
});

t.test('block store: a put of a block held corrupt replaces the bad copy; an intact one is kept', async (t) => {
  const dirs = await twoDirs(t);
  const store = await BlockStore.open({ dirs });
  const block = makeBlock(42, 0, 4 * KiB);
  t.equal(await store.put(block.id, block.data, block.checksum), 'stored');
  t.equal(await store.put(block.id, block.data, block.checksum), 'present', 'an intact copy makes a second put a no-op');
  let damaged = 0;
  for (const dir of dirs) if (await corruptReplica(dir, block.data)) damaged += 1;
  t.equal(damaged, 1, 'the stored bytes are damaged on disk');
  await t.rejects(store.get(block.id), { code: 'BLOCK_CORRUPT' });
  t.equal(await store.put(block.id, block.data, block.checksum), 'stored', 'the put stores good bytes in place of the corrupt copy');
  t.ok((await store.get(block.id))?.equals(block.data), 'the block reads back intact');
  t.equal((await store.stats()).blocks, 1, 'and is held once');
  await store.close();
});

t.test('block store: a put that fails in one dir goes to the next', async (t) => {
  // What breaks: one dir stops taking new segments (its segments directory is swapped for a
  // plain file). What must hold: puts land in the other dir; only when no dir can take a block
  // does the put fail, with the dir's error code.
  const dirs = await twoDirs(t);
  const store = await BlockStore.open({ dirs, segmentBytesMax: 8 * KiB });
  const warmup = Array.from({ length: 2 }, (_, i) => makeBlock(43, i, 6 * KiB));
  for (const block of warmup) await store.put(block.id, block.data, block.checksum);
  const [broken, healthy] = dirs.map((dir) => join(dir, 'segments'));
  await rename(broken ?? '', `${broken ?? ''}.away`);
  await writeFile(broken ?? '', 'not a directory');
  const blocks = Array.from({ length: 6 }, (_, i) => makeBlock(43, 10 + i, 6 * KiB));
  for (const block of blocks) t.equal(await store.put(block.id, block.data, block.checksum), 'stored');
  for (const block of blocks) t.ok((await store.get(block.id))?.equals(block.data), 'stored in the healthy dir');
  t.equal((await readdir(healthy ?? '')).length, 1 + 6, 'the healthy dir took every new block (one per segment)');

  await rename(healthy ?? '', `${healthy ?? ''}.away`);
  await writeFile(healthy ?? '', 'not a directory');
  const homeless = makeBlock(43, 99, 6 * KiB);
  await t.rejects(store.put(homeless.id, homeless.data, homeless.checksum), { code: 'IO_ERROR' });
  await store.close();
});

t.test('block store: blocks survive reopening with the dirs in another order', async (t) => {
  const dirs = await twoDirs(t);
  const blocks = Array.from({ length: 10 }, (_, i) => makeBlock(42, i, 2 * KiB));
  const first = await BlockStore.open({ dirs });
  for (const block of blocks) await first.put(block.id, block.data, block.checksum);
  await first.close();
  const second = await BlockStore.open({ dirs: [...dirs].reverse() });
  let good = 0;
  for (const block of blocks) if ((await second.get(block.id))?.equals(block.data)) good += 1;
  t.equal(good, 10);
  await second.close();
});

t.test('block store: a dir that cannot be opened fails the open and releases the others', async (t) => {
  const [dir] = await twoDirs(t);
  const holder = await SegmentStore.open({ dir: dir ?? '' });
  const dirs = await twoDirs(t);
  await t.rejects(BlockStore.open({ dirs: [...dirs, dir ?? ''] }), { code: 'IO_ERROR' });
  await holder.close();
  const reopened = await BlockStore.open({ dirs });
  t.equal((await reopened.stats()).dirs, 2, 'the other dirs were released');
  await reopened.close();
});

t.test('block store: bad dir lists are refused', async (t) => {
  await t.rejects(BlockStore.open({ dirs: [] }), { code: 'INVALID_ARGUMENT' });
  const [dir] = await twoDirs(t);
  await t.rejects(BlockStore.open({ dirs: [dir ?? '', `${dir ?? ''}/`] }), { code: 'INVALID_ARGUMENT' });
});

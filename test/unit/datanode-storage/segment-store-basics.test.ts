// One data dir, used the way the datanode uses it: blocks in, blocks out, deletes, listings.
import t, { type Test } from 'tap';
import { KiB, MiB } from '../../../src/common/constants.js';
import { initHashing, xxh64 } from '../../../src/common/hashing.js';
import { recordHeaderBytes } from '../../../src/datanode/storage/record.js';
import { SegmentStore } from '../../../src/datanode/storage/segment-store.js';
import { fileBytes, makeBlock, makeDataDir, segmentFile } from './fixtures/blocks.js';

await initHashing();

async function openStore(t: Test): Promise<{ store: SegmentStore; dir: string }> {
  const { dir, remove } = await makeDataDir();
  const store = await SegmentStore.open({ dir });
  t.teardown(async () => {
    await store.close();
    await remove();
  });
  return { store, dir };
}

t.test('segment store: blocks of 1 B, 400 KiB and 1 MiB round-trip', async (t) => {
  const { store } = await openStore(t);
  for (const [i, size] of [1, 400 * KiB, 1 * MiB].entries()) {
    const block = makeBlock(1, i, size);
    t.equal(await store.put(block.id, block.data, block.checksum), 'stored', `${size} B block stored`);
    t.equal(await store.has(block.id), true, `${size} B block is held`);
    t.equal(await store.checksumOf(block.id), block.checksum, `${size} B block checksum is its xxh64`);
    const read = await store.get(block.id);
    t.ok(read !== undefined && read.equals(block.data), `${size} B block reads back byte for byte`);
  }
  t.same(store.stats().blocks, 3);
  t.same(store.stats().liveBytes, 1 + 400 * KiB + 1 * MiB);
});

t.test('segment store: an unknown block is absent, not an error', async (t) => {
  const { store } = await openStore(t);
  const unknown = makeBlock(2, 0);
  t.equal(await store.get(unknown.id), undefined);
  t.equal(await store.has(unknown.id), false);
  t.equal(await store.checksumOf(unknown.id), undefined);
  t.equal(await store.delete(unknown.id), false);
});

t.test('segment store: putting a block it already holds writes nothing', async (t) => {
  const { store, dir } = await openStore(t);
  const block = makeBlock(3, 0, 10 * KiB);
  t.equal(await store.put(block.id, block.data, block.checksum), 'stored');
  const before = await fileBytes(segmentFile(dir));
  t.equal(before, recordHeaderBytes + 10 * KiB, 'one record on disk');
  t.equal(await store.put(block.id, block.data, block.checksum), 'present');
  t.equal(await fileBytes(segmentFile(dir)), before, 'segment did not grow');
  t.equal(store.stats().blocks, 1);
});

t.test('segment store: a deleted block is gone and can be stored again', async (t) => {
  const { store, dir } = await openStore(t);
  const block = makeBlock(4, 0, 1000);
  await store.put(block.id, block.data, block.checksum);
  t.equal(await store.delete(block.id), true);
  t.equal(await store.get(block.id), undefined);
  t.equal(await store.has(block.id), false);
  t.equal(await fileBytes(segmentFile(dir)), 2 * recordHeaderBytes + 1000, 'the delete appended a tombstone');
  t.same(store.stats().blocks, 0);
  t.same(store.stats().liveBytes, 0);
  t.equal(await store.put(block.id, block.data, block.checksum), 'stored');
  t.ok((await store.get(block.id))?.equals(block.data));
});

t.test('segment store: list streams every block once, in id order', async (t) => {
  const { store } = await openStore(t);
  const blocks = Array.from({ length: 30 }, (_, i) => makeBlock(5, i));
  for (const block of blocks) await store.put(block.id, block.data, block.checksum);
  const listed = [];
  for await (const entry of store.list()) listed.push(entry);
  const expected = blocks.map((b) => ({ blockId: b.id, length: b.data.length })).sort((a, b) => (a.blockId < b.blockId ? -1 : 1));
  t.same(listed, expected);
});

t.test('segment store: bad input is refused with stable codes', async (t) => {
  const { store } = await openStore(t);
  const block = makeBlock(6, 0, 100);
  await t.rejects(store.put('../../etc/passwd', block.data, block.checksum), { code: 'INVALID_ARGUMENT' });
  await t.rejects(store.get(block.id.toUpperCase()), { code: 'INVALID_ARGUMENT' });
  await t.rejects(store.put(block.id, block.data, block.checksum ^ 1n), { code: 'CHECKSUM_MISMATCH' });
  const big = Buffer.alloc(MiB + 1);
  await t.rejects(store.put(block.id, big, xxh64(big)), { code: 'TOO_LARGE' });
  t.equal(store.stats().blocks, 0, 'nothing was stored');
});

t.test('segment store: a closed store refuses work', async (t) => {
  const { dir, remove } = await makeDataDir();
  t.teardown(remove);
  const store = await SegmentStore.open({ dir });
  await store.close();
  const block = makeBlock(7, 0, 100);
  await t.rejects(store.put(block.id, block.data, block.checksum), { code: 'UNAVAILABLE' });
  await t.rejects(store.get(block.id), { code: 'UNAVAILABLE' });
});

// Group commit: concurrent writes must share fdatasyncs, yet none is acknowledged before the sync
// that covers it, and concurrent writes of one block id must store it exactly once.
import t from 'tap';
import { KiB } from '../../../src/common/constants.js';
import { initHashing } from '../../../src/common/hashing.js';
import { recordHeaderBytes } from '../../../src/datanode/storage/record.js';
import { SegmentStore } from '../../../src/datanode/storage/segment-store.js';
import { fileBytes, makeBlock, makeDataDir, segmentFile } from './fixtures/blocks.js';

await initHashing();

t.test('group commit: 200 concurrent puts share far fewer fdatasyncs and all read back', async (t) => {
  const { dir, remove } = await makeDataDir();
  t.teardown(remove);
  const store = await SegmentStore.open({ dir });
  const blocks = Array.from({ length: 200 }, (_, i) => makeBlock(10, i, 8 * KiB));
  const results = await Promise.all(blocks.map((b) => store.put(b.id, b.data, b.checksum)));
  t.ok(results.every((r) => r === 'stored'), 'every put stored');
  const { syncs } = store.stats();
  t.ok(syncs >= 1 && syncs <= 20, `200 puts took ${syncs} fdatasyncs`);
  for (const block of blocks) {
    if (!(await store.get(block.id))?.equals(block.data)) t.fail(`block ${block.id} did not read back`);
  }
  t.equal(store.stats().blocks, 200);
  t.equal(await fileBytes(segmentFile(dir)), 200 * (recordHeaderBytes + 8 * KiB), 'exactly one record per block');
  await store.close();
});

t.test('group commit: concurrent puts of one new block store it once', async (t) => {
  const { dir, remove } = await makeDataDir();
  t.teardown(remove);
  const store = await SegmentStore.open({ dir });
  const block = makeBlock(11, 0, 4 * KiB);
  const results = await Promise.all(Array.from({ length: 10 }, () => store.put(block.id, block.data, block.checksum)));
  t.equal(results.filter((r) => r === 'stored').length, 1, 'one put stored it');
  t.equal(results.filter((r) => r === 'present').length, 9, 'the others found it present');
  t.equal(await fileBytes(segmentFile(dir)), recordHeaderBytes + 4 * KiB, 'one record on disk');
  t.equal(store.stats().blocks, 1);
  await store.close();
});

t.test('group commit: a delete racing puts of other blocks lands in order', async (t) => {
  const { dir, remove } = await makeDataDir();
  t.teardown(remove);
  const store = await SegmentStore.open({ dir });
  const victim = makeBlock(12, 0, 1 * KiB);
  await store.put(victim.id, victim.data, victim.checksum);
  const others = Array.from({ length: 50 }, (_, i) => makeBlock(12, i + 1, 2 * KiB));
  const [deleted, again] = await Promise.all([
    store.delete(victim.id),
    store.delete(victim.id),
    ...others.map((b) => store.put(b.id, b.data, b.checksum)),
  ]);
  t.same([deleted, again], [true, false], 'the second delete found nothing left to delete');
  t.equal(await store.has(victim.id), false);
  t.equal(store.stats().blocks, 50);
  await store.close();
  const reopened = await SegmentStore.open({ dir });
  t.equal(await reopened.has(victim.id), false, 'still deleted after reopen');
  t.equal(reopened.stats().blocks, 50);
  await reopened.close();
});

t.test('group commit: close waits for writes in flight', async (t) => {
  const { dir, remove } = await makeDataDir();
  t.teardown(remove);
  const store = await SegmentStore.open({ dir });
  const blocks = Array.from({ length: 40 }, (_, i) => makeBlock(13, i, 16 * KiB));
  const puts = blocks.map((b) => store.put(b.id, b.data, b.checksum));
  await store.close();
  t.same(await Promise.all(puts), blocks.map(() => 'stored'), 'every put begun before close completed');
  const reopened = await SegmentStore.open({ dir });
  t.equal(reopened.stats().blocks, 40);
  t.equal(reopened.stats().syncs, 0, 'syncs count from open');
  await reopened.close();
});

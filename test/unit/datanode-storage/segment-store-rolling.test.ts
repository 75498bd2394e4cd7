// Segment rolling: a segment never grows past segmentBytesMax (unless a single record is larger),
// numbers only go up, and blocks spread over many segments all read back after a reopen.
import { readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import t from 'tap';
import { KiB, MiB } from '../../../src/common/constants.js';
import { initHashing } from '../../../src/common/hashing.js';
import { recordHeaderBytes } from '../../../src/datanode/storage/record.js';
import { SegmentStore } from '../../../src/datanode/storage/segment-store.js';
import { fileBytes, makeBlock, makeDataDir, segmentFile } from './fixtures/blocks.js';

await initHashing();

t.test('rolling: blocks spread over several 1 MiB segments and read back after reopen', async (t) => {
  const { dir, remove } = await makeDataDir();
  t.teardown(remove);
  const segmentBytesMax = 1 * MiB;
  const store = await SegmentStore.open({ dir, segmentBytesMax });
  const blocks = Array.from({ length: 24 }, (_, i) => makeBlock(30, i, 200 * KiB));
  // Half one by one, half concurrently, so rolling happens both between and inside group commits.
  for (const block of blocks.slice(0, 12)) await store.put(block.id, block.data, block.checksum);
  await Promise.all(blocks.slice(12).map((b) => store.put(b.id, b.data, b.checksum)));
  await store.close();

  const names = (await readdir(join(dir, 'segments'))).sort();
  const recordsPerSegment = Math.floor(segmentBytesMax / (recordHeaderBytes + 200 * KiB));
  t.equal(names.length, Math.ceil(24 / recordsPerSegment), `${names.length} segment files`);
  t.same(names, names.map((_, i) => `${String(i + 1).padStart(6, '0')}.seg`), 'numbered 000001.seg upwards');
  for (let segment = 1; segment <= names.length; segment += 1) {
    t.ok((await fileBytes(segmentFile(dir, segment))) <= segmentBytesMax, `segment ${segment} within the limit`);
  }

  const reopened = await SegmentStore.open({ dir, segmentBytesMax });
  let good = 0;
  for (const block of blocks) if ((await reopened.get(block.id))?.equals(block.data)) good += 1;
  t.equal(good, 24, 'every block reads back');
  t.equal(reopened.stats().segments, names.length);
  const extra = makeBlock(30, 100, 200 * KiB);
  await reopened.put(extra.id, extra.data, extra.checksum);
  t.ok((await reopened.get(extra.id))?.equals(extra.data), 'appends continue in the newest segment');
  await reopened.close();
});

t.test('rolling: a record larger than segmentBytesMax gets a segment of its own', async (t) => {
  const { dir, remove } = await makeDataDir();
  t.teardown(remove);
  const store = await SegmentStore.open({ dir, segmentBytesMax: 64 * KiB });
  const small = makeBlock(31, 0, 1 * KiB);
  const large = makeBlock(31, 1, 1 * MiB);
  const after = makeBlock(31, 2, 1 * KiB);
  for (const block of [small, large, after]) await store.put(block.id, block.data, block.checksum);
  t.equal(await fileBytes(segmentFile(dir, 2)), recordHeaderBytes + 1 * MiB, 'the large record sits alone');
  t.equal(await fileBytes(segmentFile(dir, 3)), recordHeaderBytes + 1 * KiB, 'the next write rolled again');
  for (const block of [small, large, after]) t.ok((await store.get(block.id))?.equals(block.data));
  await store.close();
});

t.test('rolling: a segmentBytesMax below the minimum is refused', async (t) => {
  await t.rejects(SegmentStore.open({ dir: '/nonexistent-cairn-dir', segmentBytesMax: 100 }), { code: 'INVALID_ARGUMENT' });
});

t.test('rolling: a segment that cannot be created fails only the writes meant for it', async (t) => {
  // What breaks: the segments directory stops accepting new files (here it is swapped for a plain
  // file). What must hold: writes that need a new segment fail with IO_ERROR, nothing already
  // stored is lost, and once the directory is back the store rolls and writes again.
  const { dir, remove } = await makeDataDir();
  t.teardown(remove);
  const store = await SegmentStore.open({ dir, segmentBytesMax: 8 * KiB });
  const first = makeBlock(32, 0, 6 * KiB);
  await store.put(first.id, first.data, first.checksum);
  const segmentsDir = join(dir, 'segments');
  await rename(segmentsDir, `${segmentsDir}.away`);
  await writeFile(segmentsDir, 'not a directory');
  const refused = makeBlock(32, 1, 6 * KiB);
  await t.rejects(store.put(refused.id, refused.data, refused.checksum), { code: 'IO_ERROR' });
  t.equal(await store.has(refused.id), false);
  await rm(segmentsDir);
  await rename(`${segmentsDir}.away`, segmentsDir);
  t.equal(await store.put(refused.id, refused.data, refused.checksum), 'stored', 'the store rolls once it can');
  for (const block of [first, refused]) t.ok((await store.get(block.id))?.equals(block.data));
  t.equal(store.stats().blocks, 2);
  await store.close();
  const reopened = await SegmentStore.open({ dir, segmentBytesMax: 8 * KiB });
  for (const block of [first, refused]) t.ok((await reopened.get(block.id))?.equals(block.data), 'and after reopen');
  await reopened.close();
});

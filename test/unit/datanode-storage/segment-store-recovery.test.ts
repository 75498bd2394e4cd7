// Recovery on open. The segments are the truth and the index is derived: whatever happened to the
// index (deleted, overwritten with garbage, behind the segments) and however a write was torn, an
// open must serve every block that was acknowledged, nothing that was deleted, and leave each
// segment ending on a record boundary so that new appends are sound.
import { readdir, rm, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { KiB } from '../../../src/common/constants.js';
import { initHashing } from '../../../src/common/hashing.js';
import { encodeRecordHeader, RecordKind, recordHeaderBytes, tombstoneChecksum } from '../../../src/datanode/storage/record.js';
import { SegmentStore } from '../../../src/datanode/storage/segment-store.js';
import { appendRaw, captureLogger, fileBytes, flipByte, makeBlock, makeDataDir, segmentFile, type TestBlock } from './fixtures/blocks.js';

await initHashing();

function blockRecord(block: TestBlock): Buffer {
  const header = encodeRecordHeader({ kind: RecordKind.block, blockId: Buffer.from(block.id, 'hex'), payloadBytes: block.data.length, payloadChecksum: block.checksum });
  return Buffer.concat([header, block.data]);
}

function tombstoneRecord(block: TestBlock): Buffer {
  return encodeRecordHeader({ kind: RecordKind.tombstone, blockId: Buffer.from(block.id, 'hex'), payloadBytes: 0, payloadChecksum: tombstoneChecksum() });
}

async function storeWith(dir: string, blocks: TestBlock[], deleted: TestBlock[] = []): Promise<void> {
  const store = await SegmentStore.open({ dir });
  for (const block of blocks) await store.put(block.id, block.data, block.checksum);
  for (const block of deleted) await store.delete(block.id);
  await store.close();
}

async function readsBack(t: Test, store: SegmentStore, blocks: TestBlock[], what: string): Promise<void> {
  let good = 0;
  for (const block of blocks) if ((await store.get(block.id))?.equals(block.data)) good += 1;
  t.equal(good, blocks.length, `${what}: ${good} of ${blocks.length} blocks read back`);
}

t.test('recovery: a clean reopen serves everything', async (t) => {
  const { dir, remove } = await makeDataDir();
  t.teardown(remove);
  const blocks = Array.from({ length: 20 }, (_, i) => makeBlock(20, i));
  await storeWith(dir, blocks);
  const store = await SegmentStore.open({ dir });
  await readsBack(t, store, blocks, 'after reopen');
  t.equal(store.stats().blocks, 20);
  t.equal(store.stats().liveBytes, blocks.reduce((sum, b) => sum + b.data.length, 0));
  await store.close();
});

t.test('recovery: a deleted index is rebuilt from the segments, tombstones included', async (t) => {
  const { dir, remove } = await makeDataDir();
  t.teardown(remove);
  const blocks = Array.from({ length: 30 }, (_, i) => makeBlock(21, i));
  const deleted = blocks.slice(0, 5);
  await storeWith(dir, blocks, deleted);
  await rm(join(dir, 'index'), { recursive: true });
  const { logger, lines } = captureLogger();
  const store = await SegmentStore.open({ dir, logger });
  t.ok(lines.some((l) => l.msg.includes('rebuilding')), 'open reported the rebuild');
  await readsBack(t, store, blocks.slice(5), 'after rebuild');
  for (const block of deleted) t.equal(await store.has(block.id), false, 'a deleted block stays deleted');
  t.equal(store.stats().blocks, 25);
  t.same((await readdir(dir)).sort(), ['index', 'segments'], 'no other files in the data dir');
  await store.close();
});

for (const damage of ['CURRENT', 'every file'] as const) {
  t.test(`recovery: an index with garbage over ${damage} is rebuilt`, async (t) => {
    const { dir, remove } = await makeDataDir();
    t.teardown(remove);
    const blocks = Array.from({ length: 30 }, (_, i) => makeBlock(22, i));
    const deleted = blocks.slice(0, 3);
    await storeWith(dir, blocks, deleted);
    const indexDir = join(dir, 'index');
    const victims = damage === 'CURRENT' ? ['CURRENT'] : await readdir(indexDir);
    for (const name of victims) await writeFile(join(indexDir, name), Buffer.alloc(100, 0x5a));
    const { logger, lines } = captureLogger();
    const store = await SegmentStore.open({ dir, logger });
    t.ok(lines.some((l) => l.msg.includes('rebuilding')), 'open reported the rebuild');
    await readsBack(t, store, blocks.slice(3), 'after rebuild');
    for (const block of deleted) t.equal(await store.has(block.id), false, 'a deleted block stays deleted');
    t.equal(store.stats().blocks, 27);
    await store.close();
  });
}

t.test('recovery: a torn last record (already indexed) is cut off', async (t) => {
  const { dir, remove } = await makeDataDir();
  t.teardown(remove);
  const blocks = Array.from({ length: 5 }, (_, i) => makeBlock(23, i, 3 * KiB));
  await storeWith(dir, blocks);
  const path = segmentFile(dir);
  const recordBytes = recordHeaderBytes + 3 * KiB;
  await truncate(path, 5 * recordBytes - 7);
  const { logger, lines } = captureLogger();
  const store = await SegmentStore.open({ dir, logger });
  const cut = lines.find((l) => l.msg.includes('torn'));
  t.match(cut, { level: 40, segment: 1, offset: 4 * recordBytes, bytesCut: recordBytes - 7 }, 'the cut was logged at warn');
  await readsBack(t, store, blocks.slice(0, 4), 'records before the torn one');
  t.equal(await store.get(blocks[4]?.id ?? ''), undefined, 'the torn block is gone');
  t.equal(await fileBytes(path), 4 * recordBytes, 'segment cut at the record boundary');
  t.equal(store.stats().blocks, 4);
  await store.close();
});

t.test('recovery: unindexed records past the watermark are replayed, a torn one cut, and appends continue', async (t) => {
  const { dir, remove } = await makeDataDir();
  t.teardown(remove);
  const indexed = Array.from({ length: 3 }, (_, i) => makeBlock(24, i, 2 * KiB));
  await storeWith(dir, indexed);
  // As if a writer synced these records and crashed before its index batch, mid-way through the last.
  const path = segmentFile(dir);
  const unindexed = Array.from({ length: 3 }, (_, i) => makeBlock(24, 10 + i, 2 * KiB));
  const torn = makeBlock(24, 20, 2 * KiB);
  const boundary = (await fileBytes(path)) + unindexed.reduce((sum, b) => sum + blockRecord(b).length, 0) + tombstoneRecord(indexed[0] as TestBlock).length;
  await appendRaw(path, ...unindexed.map(blockRecord), tombstoneRecord(indexed[0] as TestBlock), blockRecord(torn).subarray(0, recordHeaderBytes + 1000));

  const { logger, lines } = captureLogger();
  const store = await SegmentStore.open({ dir, logger });
  t.notOk(lines.some((l) => l.msg.includes('rebuilding')), 'the index was kept: only its tail was replayed');
  t.match(lines.find((l) => l.msg === 'data dir opened'), { replayedRecords: 4 }, 'three blocks and a tombstone replayed');
  await readsBack(t, store, [...indexed.slice(1), ...unindexed], 'indexed and replayed records');
  t.equal(await store.has(indexed[0]?.id ?? ''), false, 'a replayed tombstone deleted its block');
  t.equal(await store.get(torn.id), undefined, 'the torn block is gone');
  t.equal(await fileBytes(path), boundary, 'segment cut at the record boundary');
  const after = Array.from({ length: 4 }, (_, i) => makeBlock(24, 30 + i, 2 * KiB));
  for (const block of after) t.equal(await store.put(block.id, block.data, block.checksum), 'stored');
  await store.close();

  const reopened = await SegmentStore.open({ dir });
  await readsBack(t, reopened, [...indexed.slice(1), ...unindexed, ...after], 'everything after another reopen');
  t.equal(reopened.stats().blocks, 2 + 3 + 4);
  t.equal(await fileBytes(path), boundary + 4 * (recordHeaderBytes + 2 * KiB), 'no leftovers of the torn record');
  await reopened.close();
});

t.test('recovery: a torn header (fewer bytes than a header) is cut off', async (t) => {
  const { dir, remove } = await makeDataDir();
  t.teardown(remove);
  const blocks = [makeBlock(25, 0, 500)];
  await storeWith(dir, blocks);
  const path = segmentFile(dir);
  const size = await fileBytes(path);
  await appendRaw(path, blockRecord(makeBlock(25, 1, 500)).subarray(0, 20));
  const store = await SegmentStore.open({ dir });
  await readsBack(t, store, blocks, 'the whole record');
  t.equal(await fileBytes(path), size, 'the partial header is gone');
  await store.close();
});

t.test('recovery: a whole last record whose payload fails its checksum is cut as torn', async (t) => {
  const { dir, remove } = await makeDataDir();
  t.teardown(remove);
  const blocks = [makeBlock(25, 10, 700)];
  await storeWith(dir, blocks);
  const path = segmentFile(dir);
  const size = await fileBytes(path);
  const unsynced = makeBlock(25, 11, 700);
  const raw = blockRecord(unsynced);
  raw[raw.length - 1] = (raw[raw.length - 1] ?? 0) ^ 0x01;
  await appendRaw(path, raw);
  const store = await SegmentStore.open({ dir });
  await readsBack(t, store, blocks, 'the record before it');
  t.equal(await store.has(unsynced.id), false, 'the torn block is not served');
  t.equal(await fileBytes(path), size, 'the torn record was cut');
  await store.close();
});

t.test('recovery: a damaged unindexed record with good records after it is skipped, not cut', async (t) => {
  const { dir, remove } = await makeDataDir();
  t.teardown(remove);
  const path = segmentFile(dir);
  await storeWith(dir, []);
  const damaged = makeBlock(26, 0, 1000);
  const after = [makeBlock(26, 1, 1000), makeBlock(26, 2, 1000)];
  const raw = blockRecord(damaged);
  raw[recordHeaderBytes + 10] = (raw[recordHeaderBytes + 10] ?? 0) ^ 0xff;
  await appendRaw(path, raw, ...after.map(blockRecord));
  const size = await fileBytes(path);
  const { logger, lines } = captureLogger();
  const store = await SegmentStore.open({ dir, logger });
  t.match(lines.find((l) => l.msg.includes('corrupt record')), { level: 50, offset: 0 }, 'the damage was logged as an error');
  t.equal(await store.has(damaged.id), false, 'the damaged block is not served');
  await readsBack(t, store, after, 'records after the damage');
  t.equal(await fileBytes(path), size, 'nothing was cut');
  await store.close();
});

t.test('recovery: a payload byte flipped on disk makes get fail with BLOCK_CORRUPT', async (t) => {
  const { dir, remove } = await makeDataDir();
  t.teardown(remove);
  const blocks = [makeBlock(27, 0, 4 * KiB), makeBlock(27, 1, 4 * KiB)];
  await storeWith(dir, blocks);
  await flipByte(segmentFile(dir), recordHeaderBytes + 100);
  const store = await SegmentStore.open({ dir });
  await t.rejects(store.get(blocks[0]?.id ?? ''), { code: 'BLOCK_CORRUPT', details: { blockId: blocks[0]?.id } });
  t.ok((await store.get(blocks[1]?.id ?? ''))?.equals(blocks[1]?.data ?? Buffer.alloc(0)), 'the neighbour is unaffected');
  await store.close();
});

t.test('recovery: a record header flipped on disk makes get fail with BLOCK_CORRUPT', async (t) => {
  const { dir, remove } = await makeDataDir();
  t.teardown(remove);
  const blocks = [makeBlock(28, 0, 4 * KiB)];
  await storeWith(dir, blocks);
  await flipByte(segmentFile(dir), 20);
  const store = await SegmentStore.open({ dir });
  await t.rejects(store.get(blocks[0]?.id ?? ''), { code: 'BLOCK_CORRUPT' });
  await store.close();
});

t.test('recovery: a second process cannot open a data dir in use', async (t) => {
  const { dir, remove } = await makeDataDir();
  t.teardown(remove);
  const blocks = [makeBlock(29, 0, 100)];
  const store = await SegmentStore.open({ dir });
  await store.put(blocks[0]?.id ?? '', blocks[0]?.data ?? Buffer.alloc(0), blocks[0]?.checksum ?? 0n);
  await t.rejects(SegmentStore.open({ dir }), { code: 'IO_ERROR' });
  await readsBack(t, store, blocks, 'the first opener is unharmed');
  await store.close();
});

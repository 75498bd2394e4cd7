// Compaction on a real SegmentStore on disk. What must hold: once most blocks of sealed segments
// are deleted, compaction gives their bytes back to the file system; every surviving block reads
// back byte for byte — during compaction, after it, after a reopen and after an index rebuild;
// no deleted block comes back, whichever segments the tombstones and the puts they cover end up
// in; the segment being appended to and segments at least half live are left alone.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { waitFor } from '../../harness/wait-for.js';
import { KiB } from '../../../src/common/constants.js';
import { initHashing } from '../../../src/common/hashing.js';
import { recordHeaderBytes } from '../../../src/datanode/storage/record.js';
import { SegmentStore } from '../../../src/datanode/storage/segment-store.js';
import { compactFully, makeBlock, makeDataDir, segmentBytesOnDisk, segmentsOnDisk, type TestBlock } from './fixtures/blocks.js';

await initHashing();

const segmentBytesMax = 64 * KiB;
const blockBytes = 4 * KiB;
const recordBytes = recordHeaderBytes + blockBytes;
const budgetBytes = 16 * KiB;

async function putAll(store: SegmentStore, blocks: TestBlock[]): Promise<void> {
  for (const block of blocks) await store.put(block.id, block.data, block.checksum);
}

async function checkHolds(t: Test, store: SegmentStore, live: TestBlock[], deleted: TestBlock[], what: string): Promise<void> {
  let good = 0;
  for (const block of live) if ((await store.get(block.id))?.equals(block.data)) good += 1;
  t.equal(good, live.length, `${what}: ${good} of ${live.length} live blocks read back byte for byte`);
  let back = 0;
  for (const block of deleted) if (await store.has(block.id)) back += 1;
  t.equal(back, 0, `${what}: none of ${deleted.length} deleted blocks came back`);
  t.equal(store.stats().blocks, live.length, `${what}: the store counts ${live.length} blocks`);
}

/** Reopens the dir as it is, then once more with the index thrown away (rebuilt from the segments). */
async function checkAfterReopenAndRebuild(t: Test, dir: string, live: TestBlock[], deleted: TestBlock[]): Promise<void> {
  const reopened = await SegmentStore.open({ dir, segmentBytesMax });
  await checkHolds(t, reopened, live, deleted, 'after reopen');
  await reopened.close();
  await rm(join(dir, 'index'), { recursive: true });
  const rebuilt = await SegmentStore.open({ dir, segmentBytesMax });
  await checkHolds(t, rebuilt, live, deleted, 'after an index rebuild');
  await rebuilt.close();
}

t.test('compaction: most blocks deleted → segment bytes on disk drop, survivors read back byte for byte', async (t) => {
  const { dir, remove } = await makeDataDir();
  t.teardown(remove);
  const store = await SegmentStore.open({ dir, segmentBytesMax });
  const blocks = Array.from({ length: 80 }, (_, i) => makeBlock(500, i, blockBytes));
  await putAll(store, blocks);
  const deleted = blocks.filter((_, i) => i % 4 !== 0);
  const live = blocks.filter((_, i) => i % 4 === 0);
  for (const block of deleted) t.ok(await store.delete(block.id));
  const before = await segmentBytesOnDisk(dir);
  const segmentsBefore = await segmentsOnDisk(dir);
  t.ok(segmentsBefore.size >= 5, `${segmentsBefore.size} segments before compaction`);
  t.equal(store.stats().segmentBytes, before, 'the store counts what is on disk');

  const steps = await compactFully(store, budgetBytes);
  const after = await segmentBytesOnDisk(dir);
  const counters = store.compactionCounters();
  t.ok(after < before / 2, `segment bytes on disk went from ${before} to ${after}`);
  t.equal(store.stats().segmentBytes, after, 'the store counts what is left on disk');
  t.equal(counters.reclaimedBytes, before - after, 'reclaimed bytes are exactly what the disk got back');
  const perSegment = Math.floor(segmentBytesMax / recordBytes);
  const inActive = live.filter((block) => blocks.indexOf(block) >= (segmentsBefore.size - 1) * perSegment).length;
  t.equal(counters.copiedBytes, (live.length - inActive) * recordBytes, 'the live records of the sealed segments were copied, nothing else (the tombstones sit in the active one)');
  t.ok(counters.segments >= segmentsBefore.size - 2, `${counters.segments} segments compacted away`);
  t.ok(steps.every((step) => step.bytesRead <= budgetBytes + recordBytes), 'no step read more than its budget and one record');
  t.same(steps.flatMap((step) => step.corrupt), [], 'nothing was corrupt');
  await checkHolds(t, store, live, deleted, 'after compaction');
  t.equal(store.compactionPending(), false, 'nothing left to compact');
  const extra = makeBlock(500, 1000, blockBytes);
  t.equal(await store.put(extra.id, extra.data, extra.checksum), 'stored', 'writes go on after compaction');
  await store.close();
  await checkAfterReopenAndRebuild(t, dir, [...live, extra], deleted);
});

t.test('compaction: the segment being appended to and segments at least half live are left alone', async (t) => {
  const { dir, remove } = await makeDataDir();
  t.teardown(remove);
  const store = await SegmentStore.open({ dir, segmentBytesMax });
  const perSegment = Math.floor(segmentBytesMax / recordBytes);
  const blocks = Array.from({ length: perSegment + 4 }, (_, i) => makeBlock(501, i, blockBytes));
  await putAll(store, blocks);
  // Segment 1 (sealed) keeps just over half its records; segment 2 (active) loses everything.
  const kept = Math.floor(perSegment / 2) + 1;
  const doomed = [...blocks.slice(0, perSegment - kept), ...blocks.slice(perSegment)];
  for (const block of doomed) await store.delete(block.id);
  const before = await segmentsOnDisk(dir);
  t.equal(before.size, 2);
  t.equal(store.compactionPending(), false, 'no segment qualifies');
  t.same(await store.compact(budgetBytes), { bytesRead: 0, more: false, corrupt: [] }, 'a step finds nothing to do');
  t.same(await segmentsOnDisk(dir), before, 'the files are untouched');

  await store.delete(blocks[perSegment - 1]?.id ?? '');
  t.equal(store.compactionPending(), true, 'one more delete puts segment 1 below half');
  await compactFully(store, budgetBytes);
  t.same([...(await segmentsOnDisk(dir)).keys()], [2], 'segment 1 is gone, the active one stays');
  await checkHolds(t, store, blocks.slice(perSegment - kept, perSegment - 1), [...doomed, blocks[perSegment - 1] as TestBlock], 'after compaction');
  await store.close();
});

t.test('compaction: a deleted block whose put sits in an older segment stays deleted after its tombstone moves', async (t) => {
  // Segment 1 stays mostly live and holds the put of `victim`; the tombstone of `victim` lands in
  // segment 2 among blocks that are deleted later, so segment 2 gets compacted while segment 1
  // still exists. Dropping that tombstone would bring `victim` back on the next index rebuild.
  const { dir, remove } = await makeDataDir();
  t.teardown(remove);
  const store = await SegmentStore.open({ dir, segmentBytesMax });
  const perSegment = Math.floor(segmentBytesMax / recordBytes);
  const first = Array.from({ length: perSegment }, (_, i) => makeBlock(502, i, blockBytes));
  const victim = first[0] as TestBlock;
  await putAll(store, first);
  const filler = Array.from({ length: perSegment }, (_, i) => makeBlock(502, 100 + i, blockBytes));
  await putAll(store, filler);
  await store.delete(victim.id);
  for (const block of filler) await store.delete(block.id);
  await putAll(store, [makeBlock(502, 999, blockBytes)]); // roll on, so segment 2 is sealed
  const segments = [...(await segmentsOnDisk(dir)).keys()];
  t.ok(segments.length >= 3, `segments ${segments.join(', ')}`);

  await compactFully(store, budgetBytes);
  const left = [...(await segmentsOnDisk(dir)).keys()];
  t.ok(left.includes(1), 'segment 1 (mostly live) is kept');
  t.notOk(left.includes(2), 'segment 2 (the tombstone and deleted filler) is compacted away');
  t.ok(store.compactionCounters().copiedBytes >= recordHeaderBytes, 'the tombstone was carried');
  const live = [...first.slice(1), makeBlock(502, 999, blockBytes)];
  await checkHolds(t, store, live, [victim, ...filler], 'after compaction');
  await store.close();
  await checkAfterReopenAndRebuild(t, dir, live, [victim, ...filler]);
});

t.test('compaction: a block deleted and stored again survives the compaction of its tombstone', async (t) => {
  // The tombstone of the first life of `phoenix` must not be carried to the end of the log, where
  // it would come after the second put and delete the block on the next index rebuild.
  const { dir, remove } = await makeDataDir();
  t.teardown(remove);
  const store = await SegmentStore.open({ dir, segmentBytesMax });
  const perSegment = Math.floor(segmentBytesMax / recordBytes);
  const first = Array.from({ length: perSegment }, (_, i) => makeBlock(503, i, blockBytes));
  const phoenix = first[0] as TestBlock;
  await putAll(store, first);
  const filler = Array.from({ length: perSegment }, (_, i) => makeBlock(503, 100 + i, blockBytes));
  await putAll(store, filler);
  await store.delete(phoenix.id); // its tombstone lands in segment 2, after the filler
  await putAll(store, [phoenix]);
  for (const block of filler) await store.delete(block.id);
  await putAll(store, Array.from({ length: perSegment }, (_, i) => makeBlock(503, 200 + i, blockBytes)));

  await compactFully(store, budgetBytes);
  t.notOk((await segmentsOnDisk(dir)).has(2), 'the segment with the old tombstone is gone');
  const live = [...first, ...Array.from({ length: perSegment }, (_, i) => makeBlock(503, 200 + i, blockBytes))];
  await checkHolds(t, store, live, filler, 'after compaction');
  await store.close();
  await checkAfterReopenAndRebuild(t, dir, live, filler);
});

t.test('compaction: tombstones in the oldest segment are dropped, not copied', async (t) => {
  const { dir, remove } = await makeDataDir();
  t.teardown(remove);
  const store = await SegmentStore.open({ dir, segmentBytesMax });
  const perSegment = Math.floor(segmentBytesMax / recordBytes);
  const blocks = Array.from({ length: perSegment }, (_, i) => makeBlock(504, i, blockBytes));
  await putAll(store, blocks);
  const deleted = blocks.slice(2);
  for (const block of deleted) await store.delete(block.id); // their tombstones fill segment 1's tail
  const next = makeBlock(504, 100, blockBytes);
  await putAll(store, [next]);
  t.same([...(await segmentsOnDisk(dir)).keys()], [1, 2], 'segment 1 is sealed');
  await compactFully(store, budgetBytes);
  t.equal(store.compactionCounters().copiedBytes, 2 * recordBytes, 'only the two live blocks were copied');
  t.same([...(await segmentsOnDisk(dir)).keys()], [2]);
  const live = [...blocks.slice(0, 2), next];
  await store.close();
  await checkAfterReopenAndRebuild(t, dir, live, deleted);
});

t.test('compaction: reads, puts and deletes go on during compaction and see the right bytes', async (t) => {
  const { dir, remove } = await makeDataDir();
  t.teardown(remove);
  const store = await SegmentStore.open({ dir, segmentBytesMax });
  const blocks = Array.from({ length: 120 }, (_, i) => makeBlock(505, i, blockBytes));
  await putAll(store, blocks);
  const live = new Set(blocks.filter((_, i) => i % 5 === 0));
  for (const block of blocks) if (!live.has(block)) await store.delete(block.id);
  const deleted = blocks.filter((block) => !live.has(block));
  const later = Array.from({ length: 40 }, (_, i) => makeBlock(505, 1000 + i, blockBytes));
  const survivors = [...live];
  let compacting = true;
  let reads = 0;
  let wrong = 0;
  const reader = async (): Promise<void> => {
    for (let i = 0; compacting; i += 1) {
      const block = survivors[i % survivors.length] as TestBlock;
      const data = await store.get(block.id);
      reads += 1;
      if (data === undefined || !data.equals(block.data)) wrong += 1;
    }
  };
  const writer = async (): Promise<void> => {
    for (const block of later) await store.put(block.id, block.data, block.checksum);
    // Half of the blocks being moved are deleted while compaction runs.
    for (const block of survivors.splice(0, 10)) {
      await store.delete(block.id);
      deleted.push(block);
    }
  };
  const compactor = async (): Promise<void> => {
    await compactFully(store, 4 * KiB);
    compacting = false;
  };
  await Promise.all([reader(), reader(), reader(), writer(), compactor()]);
  t.ok(reads > 100, `${reads} reads ran alongside compaction`);
  t.equal(wrong, 0, 'every read returned the block\'s bytes');
  t.ok(store.compactionCounters().segments >= 4, `${store.compactionCounters().segments} segments compacted`);
  await compactFully(store, budgetBytes);
  await checkHolds(t, store, [...survivors, ...later], deleted, 'after compaction');
  await store.close();
  await checkAfterReopenAndRebuild(t, dir, [...survivors, ...later], deleted);
});

t.test('compaction: a read that looked its block up before the move still gets its bytes after the segment is removed', async (t) => {
  // The read is held between its index lookup and its file read while compaction moves the block
  // and removes the segment the lookup named: the read must look again, not fail.
  const { dir, remove } = await makeDataDir();
  t.teardown(remove);
  const store = await SegmentStore.open({ dir, segmentBytesMax });
  const perSegment = Math.floor(segmentBytesMax / recordBytes);
  const blocks = Array.from({ length: perSegment + 2 }, (_, i) => makeBlock(506, i, blockBytes));
  await putAll(store, blocks);
  const target = blocks[3] as TestBlock;
  for (const block of blocks.slice(0, perSegment)) if (block !== target) await store.delete(block.id);
  t.ok((await store.get(target.id))?.equals(target.data), 'read once: segment 1 has a cached handle');

  const index = (store as unknown as { index: { get(key: Buffer): Promise<unknown> } }).index;
  const realGet = index.get.bind(index);
  let held = false;
  let release = (): void => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  index.get = async (key: Buffer) => {
    const entry = await realGet(key);
    if (!held && key.equals(Buffer.from(target.id, 'hex'))) {
      held = true;
      await gate;
    }
    return entry;
  };
  const read = store.get(target.id);
  await waitFor(() => held, 5000);
  t.ok(held, 'the read has its index entry and waits');
  await compactFully(store, budgetBytes);
  t.notOk((await segmentsOnDisk(dir)).has(1), 'segment 1 is gone');
  release();
  const data = await read;
  t.ok(data?.equals(target.data), 'the held read returned the block\'s bytes from its new place');
  index.get = realGet;
  await store.close();
});

// Compaction meeting damage and interruption. What breaks: a record's payload rots, a header
// rots (of a dead record, of a live one), compaction stops between any two of its steps (a crash
// between steps leaves exactly what is on disk then), the index is set back to a state from
// before compaction. What must hold: a corrupt record is never copied — its block is returned as
// corrupt, to be reported like a corrupt read, and left alone until it is deleted (then its
// segment goes); the records behind a rotten header are still found; whatever step compaction
// stopped at, every live block reads back and no deleted block comes back, with the index as left
// or rebuilt from the segments; compaction resumes and finishes after a reopen.
import { cp, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import t from 'tap';
import { KiB } from '../../../src/common/constants.js';
import { initHashing } from '../../../src/common/hashing.js';
import { recordHeaderBytes } from '../../../src/datanode/storage/record.js';
import { SegmentStore } from '../../../src/datanode/storage/segment-store.js';
import { captureLogger, compactFully, flipByte, makeBlock, makeDataDir, segmentBytesOnDisk, segmentFile, type TestBlock } from './fixtures/blocks.js';

await initHashing();

const segmentBytesMax = 64 * KiB;
const blockBytes = 4 * KiB;
const recordBytes = recordHeaderBytes + blockBytes;
const perSegment = Math.floor(segmentBytesMax / recordBytes);

async function segmentNumbers(dir: string): Promise<number[]> {
  return (await readdir(join(dir, 'segments'))).map((name) => Number(name.slice(0, 6))).sort((a, b) => a - b);
}

async function holds(store: SegmentStore, live: TestBlock[], deleted: TestBlock[]): Promise<string[]> {
  const problems: string[] = [];
  for (const block of live) if (!(await store.get(block.id))?.equals(block.data)) problems.push(`live ${block.id.slice(0, 8)} does not read back`);
  for (const block of deleted) if (await store.has(block.id)) problems.push(`deleted ${block.id.slice(0, 8)} came back`);
  if (store.stats().blocks !== live.length) problems.push(`${store.stats().blocks} blocks counted, ${live.length} expected`);
  return problems;
}

/** Segment 1 full of blocks, most of them deleted (tombstones in segment 2), segment 2 sealed too. */
async function sealedSegmentWithFewLive(dir: string, seed: number, liveIndexes: number[]): Promise<{ blocks: TestBlock[]; live: TestBlock[]; deleted: TestBlock[] }> {
  const store = await SegmentStore.open({ dir, segmentBytesMax });
  const blocks = Array.from({ length: perSegment }, (_, i) => makeBlock(seed, i, blockBytes));
  for (const block of blocks) await store.put(block.id, block.data, block.checksum);
  const tail = Array.from({ length: perSegment + 1 }, (_, i) => makeBlock(seed, 100 + i, blockBytes));
  for (const block of tail) await store.put(block.id, block.data, block.checksum);
  const deleted = blocks.filter((_, i) => !liveIndexes.includes(i));
  for (const block of deleted) await store.delete(block.id);
  await store.close();
  return { blocks, live: [...blocks.filter((_, i) => liveIndexes.includes(i)), ...tail], deleted };
}

t.test('compaction faults: a live record whose payload rotted is not copied but returned as corrupt; its segment goes once it is deleted', async (t) => {
  const { dir, remove } = await makeDataDir();
  t.teardown(remove);
  const { blocks, live, deleted } = await sealedSegmentWithFewLive(dir, 600, [1, 4, 7, 9]);
  const rotten = blocks[4] as TestBlock;
  await flipByte(segmentFile(dir, 1), 4 * recordBytes + recordHeaderBytes + 100);
  const { logger, lines } = captureLogger();
  const store = await SegmentStore.open({ dir, segmentBytesMax, logger });
  const steps = await compactFully(store, 8 * KiB);
  t.same(steps.flatMap((step) => step.corrupt), [rotten.id], 'the corrupt block is returned, once');
  t.ok(lines.some((line) => line.level === 50 && line.msg === 'corrupt block' && line.blockId === rotten.id), 'logged at error like a corrupt read');
  t.equal(store.compactionCounters().copiedBytes, 3 * recordBytes, 'the three good live records were copied, not the rotten one');
  t.ok((await segmentNumbers(dir)).includes(1), 'segment 1 is kept: the datanode does not delete a block on its own');
  await t.rejects(store.get(rotten.id), { code: 'BLOCK_CORRUPT' }, 'the rotten block still reads as corrupt');
  t.equal(store.compactionPending(), false, 'compaction does not come back to it while the block is there');
  const survivors = live.filter((block) => block !== rotten);
  for (const block of survivors) t.ok((await store.get(block.id))?.equals(block.data));

  t.ok(await store.delete(rotten.id), 'the namenode has it deleted');
  t.equal(store.compactionPending(), true);
  await compactFully(store, 8 * KiB);
  t.notOk((await segmentNumbers(dir)).includes(1), 'then segment 1 goes');
  t.same(await holds(store, survivors, [...deleted, rotten]), []);
  await store.close();
  await rm(join(dir, 'index'), { recursive: true });
  const rebuilt = await SegmentStore.open({ dir, segmentBytesMax });
  t.same(await holds(rebuilt, survivors, [...deleted, rotten]), [], 'after an index rebuild too');
  await rebuilt.close();
});

t.test('compaction faults: rotten headers are skipped to the next record; a live block behind one is found in the index', async (t) => {
  const { dir, remove } = await makeDataDir();
  t.teardown(remove);
  const { blocks, live, deleted } = await sealedSegmentWithFewLive(dir, 601, [2, 6, 11, 12, 13]);
  const hidden = blocks[11] as TestBlock;
  await flipByte(segmentFile(dir, 1), 5 * recordBytes); // magic of a dead record
  await flipByte(segmentFile(dir, 1), 11 * recordBytes + 20); // block id inside a live record's header
  const { logger, lines } = captureLogger();
  const store = await SegmentStore.open({ dir, segmentBytesMax, logger });
  const steps = await compactFully(store, 8 * KiB);
  const damaged = lines.filter((line) => line.msg === 'damaged stretch in a segment skipped by compaction');
  t.same(damaged.map((line) => [line.offset, line.bytes]), [[5 * recordBytes, recordBytes], [11 * recordBytes, recordBytes]], 'each rotten record was skipped, and only it');
  t.ok(lines.some((line) => line.msg.startsWith('live blocks not found by the scan')), 'the lost live block was looked for in the index');
  t.same(steps.flatMap((step) => step.corrupt), [hidden.id], 'the live block behind the rotten header is returned as corrupt');
  const survivors = live.filter((block) => block !== hidden);
  for (const block of survivors) t.ok((await store.get(block.id))?.equals(block.data), 'the records after both rotten headers were moved');
  await store.delete(hidden.id);
  await compactFully(store, 8 * KiB);
  t.notOk((await segmentNumbers(dir)).includes(1), 'segment 1 goes once the corrupt block is deleted');
  t.same(await holds(store, survivors, [...deleted, hidden]), []);
  await store.close();
  await rm(join(dir, 'index'), { recursive: true });
  const rebuilt = await SegmentStore.open({ dir, segmentBytesMax });
  t.same(await holds(rebuilt, survivors, [...deleted, hidden]), [], 'after an index rebuild');
  await rebuilt.close();
});

/**
 * A dir where compaction has to do everything: segments below half live, tombstones in segments
 * that are not the oldest (some of blocks put again later), a segment at least half live.
 */
async function busyDir(dir: string): Promise<{ live: TestBlock[]; deleted: TestBlock[] }> {
  const store = await SegmentStore.open({ dir, segmentBytesMax });
  const blocks = Array.from({ length: 10 * perSegment }, (_, i) => makeBlock(602, i, 1 + ((i * 977) % blockBytes)));
  for (const block of blocks) await store.put(block.id, block.data, block.checksum);
  const deleted = new Set(blocks.filter((_, i) => i >= perSegment && i % 3 !== 0));
  // Segment 1 stays mostly live; a few of its blocks die, their tombstones far from their puts.
  for (const block of blocks.slice(0, 4)) deleted.add(block);
  for (const block of deleted) await store.delete(block.id);
  // Two blocks come back after their tombstones.
  for (const block of [blocks[1], blocks[perSegment + 1]] as TestBlock[]) {
    await store.put(block.id, block.data, block.checksum);
    deleted.delete(block);
  }
  const more = Array.from({ length: perSegment }, (_, i) => makeBlock(602, 1000 + i, blockBytes));
  for (const block of more) await store.put(block.id, block.data, block.checksum);
  await store.close();
  return { live: [...blocks.filter((block) => !deleted.has(block)), ...more], deleted: [...deleted] };
}

t.test('compaction faults: stopped after any step, nothing is lost or brought back, and compaction resumes', async (t) => {
  const { dir: base, remove } = await makeDataDir();
  t.teardown(remove);
  const prepared = join(base, 'prepared');
  const { live, deleted } = await busyDir(prepared);
  const probe = join(base, 'probe');
  await cp(prepared, probe, { recursive: true });
  const full = await SegmentStore.open({ dir: probe, segmentBytesMax });
  const stepCount = (await compactFully(full, 8 * KiB)).length;
  t.ok(full.compactionCounters().segments >= 3, `${full.compactionCounters().segments} segments compacted in ${stepCount} steps`);
  await full.close();

  const failures: string[] = [];
  for (let stopAfter = 1; stopAfter < stepCount; stopAfter += 1) {
    const dir = join(base, `stop-${stopAfter}`);
    await cp(prepared, dir, { recursive: true });
    const store = await SegmentStore.open({ dir, segmentBytesMax });
    for (let i = 0; i < stopAfter; i += 1) await store.compact(8 * KiB);
    await store.close();
    // The state a crash right after this step leaves, read with the index as left...
    const rebuiltDir = join(base, `stop-${stopAfter}-rebuilt`);
    await cp(dir, rebuiltDir, { recursive: true });
    const reopened = await SegmentStore.open({ dir, segmentBytesMax });
    for (const problem of await holds(reopened, live, deleted)) failures.push(`stopped after step ${stopAfter}, reopened: ${problem}`);
    await compactFully(reopened, 8 * KiB);
    for (const problem of await holds(reopened, live, deleted)) failures.push(`stopped after step ${stopAfter}, resumed: ${problem}`);
    await reopened.close();
    // ...and with the index rebuilt from the segments.
    await rm(join(rebuiltDir, 'index'), { recursive: true });
    const rebuilt = await SegmentStore.open({ dir: rebuiltDir, segmentBytesMax });
    for (const problem of await holds(rebuilt, live, deleted)) failures.push(`stopped after step ${stopAfter}, rebuilt: ${problem}`);
    await rebuilt.close();
    await rm(dir, { recursive: true });
    await rm(rebuiltDir, { recursive: true });
  }
  t.same(failures, [], `stopped after each of ${stepCount - 1} steps: every live block reads back, no deleted block returns`);
});

t.test('compaction faults: an index from before the deletes and the compaction (entries point at removed segments) is repaired on open', async (t) => {
  const { dir: base, remove } = await makeDataDir();
  t.teardown(remove);
  const dir = join(base, 'dir');
  const store = await SegmentStore.open({ dir, segmentBytesMax });
  const blocks = Array.from({ length: 4 * perSegment }, (_, i) => makeBlock(603, i, blockBytes));
  for (const block of blocks) await store.put(block.id, block.data, block.checksum);
  await store.close();
  await cp(join(dir, 'index'), join(base, 'old-index'), { recursive: true });

  const reopened = await SegmentStore.open({ dir, segmentBytesMax });
  const deleted = blocks.filter((_, i) => i % 4 !== 1);
  for (const block of deleted) await reopened.delete(block.id);
  await reopened.put(blocks[0]?.id ?? '', blocks[0]?.data ?? Buffer.alloc(0), blocks[0]?.checksum ?? 0n);
  const live = blocks.filter((_, i) => i % 4 === 1 || i === 0);
  deleted.shift();
  await compactFully(reopened, 8 * KiB);
  t.ok(reopened.compactionCounters().segments >= 3, 'segments were removed');
  await reopened.close();

  await rm(join(dir, 'index'), { recursive: true });
  await cp(join(base, 'old-index'), join(dir, 'index'), { recursive: true });
  const repaired = await SegmentStore.open({ dir, segmentBytesMax });
  t.same(await holds(repaired, live, deleted), [], 'live blocks read back, deleted ones stay deleted');
  t.equal(repaired.stats().segmentBytes, await segmentBytesOnDisk(dir));
  await repaired.close();
});

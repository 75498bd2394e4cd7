// A full disk. What breaks: a data dir on a 2 MiB tmpfs fills up for real, so appends fail half
// way with ENOSPC. What must hold: only the write that did not fit fails in that dir — the block
// store stores it in the other dir, and the full dir stays in service; with the full dir alone a
// put fails cleanly with NO_SPACE; the segment holds whole records only, so after a reopen every
// block it acknowledged reads back and there is nothing to repair.
import { stat } from 'node:fs/promises';
import t from 'tap';
import { KiB, MiB } from '../../../src/common/constants.js';
import { initHashing } from '../../../src/common/hashing.js';
import { BlockStore } from '../../../src/datanode/storage/block-store.js';
import { recordBytes } from '../../../src/datanode/storage/record.js';
import { SegmentStore } from '../../../src/datanode/storage/segment-store.js';
import { captureLogger, makeBlock, segmentFile, type TestBlock } from './fixtures/blocks.js';
import { cannotMount, mountTmpfs } from './fixtures/devices.js';

await initHashing();

const skip = await cannotMount('tmpfs');
const blockBytes = 128 * KiB;

async function heldBy(dir: string, blocks: TestBlock[]): Promise<{ held: TestBlock[]; recordTotal: number; logs: number }> {
  const { logger, lines } = captureLogger();
  const store = await SegmentStore.open({ dir, logger });
  const held: TestBlock[] = [];
  for (const block of blocks) if ((await store.get(block.id))?.equals(block.data)) held.push(block);
  await store.close();
  return { held, recordTotal: held.reduce((sum, b) => sum + recordBytes(b.data.length), 0), logs: lines.filter((l) => l.level >= 40).length };
}

t.test('no space: a full dir fails only the write that did not fit; the store moves on and nothing is torn', { skip }, async (t) => {
  const small = await mountTmpfs(2 * MiB);
  t.teardown(() => small.unmount());
  const big = await mountTmpfs(64 * MiB);
  t.teardown(() => big.unmount());
  const { logger, lines } = captureLogger();
  const store = await BlockStore.open({ dirs: [small.dir, big.dir], logger });
  // 5 MiB in all: the small dir, offered every other block, runs out half way.
  const blocks = Array.from({ length: 40 }, (_, i) => makeBlock(95, i, blockBytes));
  let stored = 0;
  for (const block of blocks) if ((await store.put(block.id, block.data, block.checksum)) === 'stored') stored += 1;
  t.equal(stored, 40, 'every put succeeded');
  const movedOn = lines.filter((l) => l.msg === 'put failed in a data dir; trying the next');
  t.ok(movedOn.length > 0 && movedOn.every((l) => l.code === 'NO_SPACE' && l.dir === small.dir), `${movedOn.length} puts found the small dir full and moved on`);
  t.match(await store.stats(), { blocks: 40, dirs: 2, failedDirs: 0 }, 'a full dir stays in service');
  let good = 0;
  for (const block of blocks) if ((await store.get(block.id))?.equals(block.data)) good += 1;
  t.equal(good, 40, 'every block reads back');
  await store.close();

  // The full dir alone: a put fails with NO_SPACE and what it holds is untouched.
  const alone = await BlockStore.open({ dirs: [small.dir] });
  const extra = makeBlock(95, 99, blockBytes);
  await t.rejects(alone.put(extra.id, extra.data, extra.checksum), { code: 'NO_SPACE' });
  t.equal(await alone.has(extra.id), false);
  t.match(await alone.stats(), { dirs: 1, failedDirs: 0 });
  const stillHeld = (await alone.stats()).blocks;
  await alone.close();

  const small1 = await heldBy(small.dir, [...blocks, extra]);
  t.equal(small1.logs, 0, 'reopening the full dir finds nothing to repair');
  t.equal(small1.held.length, stillHeld, `the full dir holds its ${stillHeld} blocks, each verified`);
  t.equal((await stat(segmentFile(small.dir))).size, small1.recordTotal, 'its segment is exactly its whole records: no torn or half-indexed one');
  const big1 = await heldBy(big.dir, blocks);
  t.equal(small1.held.length + big1.held.length, 40, 'each block is in exactly one dir');
});

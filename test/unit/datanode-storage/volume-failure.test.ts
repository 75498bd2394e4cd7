// A data dir whose disk dies. What breaks: the ext4 file system under one of two data dirs shuts
// down (EXT4_IOC_SHUTDOWN), so every operation on it fails with EIO, as on a dead disk. What must
// hold: the first operation that meets the fault takes the dir out of service (logged at error,
// reported once through onVolumeFailed); its blocks are no longer listed, counted or served; the
// other dir keeps serving reads and writes; stats count one failed dir and only the healthy dir's
// capacity. With no dir left in service, puts fail with IO_ERROR and capacity is 0.
import t from 'tap';
import { KiB, MiB } from '../../../src/common/constants.js';
import type { CairnError } from '../../../src/common/errors.js';
import { initHashing } from '../../../src/common/hashing.js';
import { BlockStore } from '../../../src/datanode/storage/block-store.js';
import { captureLogger, makeBlock } from './fixtures/blocks.js';
import { cannotMount, mountDyingDisk, mountTmpfs } from './fixtures/devices.js';

await initHashing();

const skip = await cannotMount('ext4');

t.test('volume failure: a dir whose disk fails with EIO goes out of service; the other dir serves on', { skip }, async (t) => {
  const dying = await mountDyingDisk(32 * MiB);
  t.teardown(() => dying.unmount());
  // A tmpfs as the healthy dir: both file systems are small, so placement alternates between them.
  const healthy = await mountTmpfs(64 * MiB);
  t.teardown(() => healthy.unmount());
  const failures: Array<{ dir: string; error: CairnError }> = [];
  const { logger, lines } = captureLogger();
  const store = await BlockStore.open({ dirs: [dying.dir, healthy.dir], logger, onVolumeFailed: (dir, error) => failures.push({ dir, error }) });
  t.teardown(() => store.close());
  const blocks = Array.from({ length: 20 }, (_, i) => makeBlock(90, i, 32 * KiB));
  for (const block of blocks) await store.put(block.id, block.data, block.checksum);
  const before = await store.stats();
  t.match(before, { blocks: 20, dirs: 2, failedDirs: 0 });

  await dying.fail();
  const readable: typeof blocks = [];
  let intact = 0;
  for (const block of blocks) {
    const data = await store.get(block.id);
    if (data === undefined) continue;
    readable.push(block);
    if (data.equals(block.data)) intact += 1;
  }
  t.equal(intact, readable.length, 'every block that reads back is intact');
  t.ok(readable.length >= 5 && readable.length <= 15, `the healthy dir's blocks still read (${readable.length} of 20)`);
  t.equal(failures.length, 1, 'the failure was reported once');
  t.equal(failures[0]?.dir, dying.dir);
  t.match(failures[0]?.error, { code: 'IO_ERROR', details: { errno: 'EIO' } });
  t.ok(lines.some((l) => l.level === 50 && l.msg === 'data dir failed; taking it out of service'), 'logged at error');
  t.same(store.failedDirs().map((f) => f.dir), [dying.dir]);

  const after = await store.stats();
  t.match(after, { blocks: readable.length, dirs: 1, failedDirs: 1 });
  t.ok(after.capacity > 0 && after.capacity <= 64 * MiB && after.capacity < before.capacity, `capacity is the healthy dir's alone (${before.capacity} → ${after.capacity})`);
  const listed: string[] = [];
  for await (const { blockId } of store.list()) listed.push(blockId);
  t.same(listed.sort(), readable.map((b) => b.id).sort(), 'the failed dir\'s blocks are no longer listed');

  const fresh = Array.from({ length: 6 }, (_, i) => makeBlock(90, 100 + i, 32 * KiB));
  for (const block of fresh) t.equal(await store.put(block.id, block.data, block.checksum), 'stored', 'writes go to the healthy dir');
  let freshGood = 0;
  for (const block of fresh) if ((await store.get(block.id))?.equals(block.data)) freshGood += 1;
  t.equal(freshGood, fresh.length, 'and read back');
  const lost = blocks.find((b) => !readable.includes(b));
  if (lost !== undefined) t.equal(await store.put(lost.id, lost.data, lost.checksum), 'stored', 'a block lost with the dir can be stored again');
  t.equal(failures.length, 1, 'still one failure');
});

t.test('volume failure: with every dir failed, puts fail with IO_ERROR and nothing is offered', { skip }, async (t) => {
  const dying = await mountDyingDisk(32 * MiB);
  t.teardown(() => dying.unmount());
  const failures: string[] = [];
  const store = await BlockStore.open({ dirs: [dying.dir], onVolumeFailed: (dir) => failures.push(dir) });
  t.teardown(() => store.close());
  const block = makeBlock(91, 0, 16 * KiB);
  await store.put(block.id, block.data, block.checksum);

  await dying.fail();
  const next = makeBlock(91, 1, 16 * KiB);
  await t.rejects(store.put(next.id, next.data, next.checksum), { code: 'IO_ERROR' }, 'the put that meets the fault fails');
  t.same(failures, [dying.dir]);
  await t.rejects(store.put(next.id, next.data, next.checksum), { code: 'IO_ERROR' }, 'and so does every later one');
  t.equal(await store.get(block.id), undefined, 'nothing is served');
  t.match(await store.stats(), { blocks: 0, capacity: 0, free: 0, dirs: 0, failedDirs: 1 });
});

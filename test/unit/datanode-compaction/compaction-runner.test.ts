// The compaction runner over a real block store of two data dirs: a wake after deletes starts a
// round at once (the interval is an hour), the round goes on until neither dir has work, at the
// rate it is given; the interval alone starts rounds too; a failing step does not end the
// runner; stop() ends a wait at once.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { systemClock } from '../../../src/common/clock.js';
import { CairnError } from '../../../src/common/errors.js';
import { KiB, MiB } from '../../../src/common/constants.js';
import { initHashing } from '../../../src/common/hashing.js';
import { silentLogger } from '../../../src/common/logger.js';
import { CompactionRunner, type CompactionRunnerOptions } from '../../../src/datanode/compaction/compaction-runner.js';
import { BlockStore } from '../../../src/datanode/storage/block-store.js';
import type { CompactionStep } from '../../../src/datanode/storage/segment-compactor.js';
import { waitFor } from '../../harness/wait-for.js';
import { captureLogger, makeBlock, makeDataDir, type TestBlock } from '../datanode-storage/fixtures/blocks.js';

await initHashing();

const hourMs = 3_600_000;

function runner(options: Partial<CompactionRunnerOptions> & Pick<CompactionRunnerOptions, 'store'>): { runner: CompactionRunner; corrupt: string[] } {
  const corrupt: string[] = [];
  const instance = new CompactionRunner({ clock: systemClock, logger: silentLogger, bytesPerSec: 100 * MiB, intervalMs: hourMs, onCorrupt: (id) => corrupt.push(id), ...options });
  return { runner: instance, corrupt };
}

async function segmentFiles(dirs: string[]): Promise<number[]> {
  return Promise.all(dirs.map(async (dir) => (await readdir(join(dir, 'segments'))).length));
}

async function twoDirsMostlyDeleted(t: Test): Promise<{ store: BlockStore; dirs: string[]; live: TestBlock[] }> {
  const made = await Promise.all([makeDataDir('cairn-runner-'), makeDataDir('cairn-runner-')]);
  for (const { remove } of made) t.teardown(remove);
  const dirs = made.map(({ dir }) => dir);
  const store = await BlockStore.open({ dirs, segmentBytesMax: 64 * KiB });
  t.teardown(() => store.close());
  const blocks = Array.from({ length: 96 }, (_, i) => makeBlock(90, i, 4 * KiB));
  for (const block of blocks) await store.put(block.id, block.data, block.checksum);
  // New blocks alternate between the dirs: each keeps a quarter of its blocks or fewer.
  for (const block of blocks.filter((_, i) => i % 8 !== 0)) await store.delete(block.id);
  return { store, dirs, live: blocks.filter((_, i) => i % 8 === 0) };
}

t.test('runner: a wake starts a round at once, at the rate given, over every dir', async (t) => {
  const { store, dirs, live } = await twoDirsMostlyDeleted(t);
  const before = await segmentFiles(dirs);
  t.ok(before.every((count) => count >= 3), `segment files per dir: ${before.join(', ')}`);
  const steps: CompactionStep[] = [];
  const counting = { compact: async (budget: number) => { const step = await store.compact(budget); steps.push(step); return step; } };
  const bytesPerSec = 512 * KiB;
  const { runner: instance } = runner({ store: counting, bytesPerSec });
  instance.start();
  t.teardown(() => instance.stop());
  const startedMs = Date.now();
  instance.wake();
  await waitFor(() => steps.length > 0 && steps.at(-1)?.more === false, 20_000, () => steps.length);
  const seconds = (Date.now() - startedMs) / 1000;
  const bytesRead = steps.reduce((sum, step) => sum + step.bytesRead, 0);
  t.ok((await segmentFiles(dirs)).every((count, i) => count < (before[i] ?? 0)), `segment files per dir now: ${(await segmentFiles(dirs)).join(', ')}`);
  t.ok(store.compactionCounters().segments >= 4, `${store.compactionCounters().segments} segments compacted over both dirs`);
  // The bucket starts empty and the last step's bytes are paid after it: all but one step's bytes were waited for.
  const paidBytes = bytesRead - Math.max(...steps.map((step) => step.bytesRead));
  t.ok(seconds >= (paidBytes / bytesPerSec) * 0.9, `${bytesRead} bytes read in ${seconds.toFixed(2)} s at ${bytesPerSec} B/s`);
  for (const block of live) if (!(await store.get(block.id))?.equals(block.data)) t.fail(`block ${block.id} does not read back`);
});

t.test('runner: the interval starts rounds without a wake; a failing step does not stop it', async (t) => {
  const { logger, lines } = captureLogger();
  let calls = 0;
  const flaky = {
    compact: async (): Promise<CompactionStep> => {
      calls += 1;
      if (calls === 1) throw new CairnError('IO_ERROR', 'disk hiccup');
      return { bytesRead: 10, more: false, corrupt: calls === 2 ? ['feed'] : [] };
    },
  };
  const { runner: instance, corrupt } = runner({ store: flaky, intervalMs: 30, logger });
  instance.start();
  t.teardown(() => instance.stop());
  await waitFor(() => calls >= 3, 5000, () => calls);
  t.ok(lines.some((line) => line.level === 40 && line.msg.startsWith('compaction failed')), 'the failure was logged at warn');
  t.same(corrupt, ['feed'], 'a corrupt block a step found was reported');
});

t.test('runner: stop() ends a wait at once', async (t) => {
  const { runner: instance } = runner({ store: { compact: async () => ({ bytesRead: 0, more: false, corrupt: [] }) } });
  instance.start();
  const startedMs = Date.now();
  await instance.stop();
  t.ok(Date.now() - startedMs < 1000, 'stopped without waiting out the hour');
});

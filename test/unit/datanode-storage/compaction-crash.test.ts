// Crash test with a real process: a child compacts a data dir step by step while it deletes and
// puts blocks, and is killed with SIGKILL at an arbitrary moment, three times over the same dir.
// What breaks: the kill may land while live records are being copied, between a copy's fdatasync
// and its index update, between the last copy and the removal of the old segment, during the
// removal, or while a tombstone is being carried. What must hold: every block that was live or
// acknowledged reads back byte for byte; no block deleted before or during the run (acknowledged)
// comes back; operations in flight at the kill either happened or did not — and all of this the
// same with the index as the child left it and with the index rebuilt from the segments.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { random } from '../../../src/common/clock.js';
import { initHashing } from '../../../src/common/hashing.js';
import { SegmentStore } from '../../../src/datanode/storage/segment-store.js';
import { makeBlock, makeDataDir } from './fixtures/blocks.js';
import { compactionBlockBytesMax, compactionSegmentBytesMax, type CompactionPlan } from './fixtures/compaction-plan.js';

await initHashing();

const workerScript = fileURLToPath(new URL('./fixtures/compaction-worker.ts', import.meta.url));
const projectRoot = fileURLToPath(new URL('../../../', import.meta.url));
const seed = Number(process.env.TEST_SEED ?? Math.floor(Math.random() * 1_000_000));
const rounds = 3;
const initialBlocks = 240;
const roundTimeoutMs = 60_000;

const block = (index: number) => makeBlock(seed, index, undefined, compactionBlockBytesMax);

/** What the test knows about each block index: live, deleted, or in flight at a kill. */
interface Expected {
  live: Set<number>;
  deleted: Set<number>;
  uncertain: Set<number>;
}

async function prepare(dir: string, next: () => number): Promise<Expected> {
  const store = await SegmentStore.open({ dir, segmentBytesMax: compactionSegmentBytesMax });
  const expected: Expected = { live: new Set(), deleted: new Set(), uncertain: new Set() };
  for (let index = 0; index < initialBlocks; index += 1) {
    const { id, data, checksum } = block(index);
    await store.put(id, data, checksum);
    expected.live.add(index);
  }
  // The older half keeps most of its blocks (its segments stay), most of the newer half dies (its
  // segments get compacted); every tombstone lands after all the puts, far from the one it covers.
  for (let index = 0; index < initialBlocks; index += 1) {
    if (next() < (index < initialBlocks / 2 ? 0.3 : 0.85)) {
      await store.delete(block(index).id);
      expected.live.delete(index);
      expected.deleted.add(index);
    }
  }
  // Some come back after their tombstones.
  for (const index of [...expected.deleted].filter(() => next() < 0.1)) {
    const { id, data, checksum } = block(index);
    await store.put(id, data, checksum);
    expected.deleted.delete(index);
    expected.live.add(index);
  }
  await store.close();
  return expected;
}

/** Runs the child until it has taken `killAfterSteps` compaction steps, then SIGKILLs it; returns the segments it removed. */
async function runAndKill(dir: string, plan: CompactionPlan, expected: Expected, killAfterSteps: number): Promise<number> {
  const planPath = join(dir, '..', 'plan.json');
  await writeFile(planPath, JSON.stringify(plan));
  const child = spawn(process.execPath, ['--import', 'tsx', workerScript, dir, String(seed), planPath], { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(child, 'exit');
  const timer = setTimeout(() => child.kill('SIGKILL'), roundTimeoutMs);
  let steps = 0;
  let removed = 0;
  for await (const line of createInterface({ input: child.stdout })) {
    const [what, first, second] = line.split(' ');
    const index = Number(first);
    if (what === 'step') {
      steps += 1;
      removed = Number(second);
      if (steps === killAfterSteps) child.kill('SIGKILL');
    } else if (what === 'deleting' || what === 'putting') {
      expected.live.delete(index);
      expected.uncertain.add(index);
    } else if (what === 'deleted') {
      expected.uncertain.delete(index);
      expected.live.delete(index);
      expected.deleted.add(index);
    } else if (what === 'put') {
      expected.uncertain.delete(index);
      expected.live.add(index);
    }
  }
  const [code, signal] = (await exited) as [number | null, string | null];
  clearTimeout(timer);
  if (signal !== 'SIGKILL' || steps < killAfterSteps) throw new Error(`worker ended with ${code ?? signal} after ${steps} steps:\n${stderr}`);
  return removed;
}

/** Problems found opening the dir; settles the blocks that were in flight (the same way on every open). */
async function check(dir: string, expected: Expected, what: string, settled: Map<number, boolean>): Promise<string[]> {
  const problems: string[] = [];
  const store = await SegmentStore.open({ dir, segmentBytesMax: compactionSegmentBytesMax });
  try {
    for (const index of expected.live) if (!(await store.get(block(index).id))?.equals(block(index).data)) problems.push(`${what}: live block ${index} does not read back`);
    for (const index of expected.deleted) if (await store.has(block(index).id)) problems.push(`${what}: deleted block ${index} came back`);
    let present = 0;
    for (const index of expected.uncertain) {
      const data = await store.get(block(index).id);
      if (data !== undefined && !data.equals(block(index).data)) problems.push(`${what}: block ${index} (in flight) has wrong bytes`);
      if (settled.has(index) && settled.get(index) !== (data !== undefined)) problems.push(`${what}: block ${index} (in flight) changed its mind`);
      settled.set(index, data !== undefined);
      if (data !== undefined) present += 1;
    }
    if (store.stats().blocks !== expected.live.size + present) problems.push(`${what}: ${store.stats().blocks} blocks counted, ${expected.live.size + present} expected`);
  } finally {
    await store.close();
  }
  return problems;
}

async function checkBothWays(dir: string, expected: Expected, what: string): Promise<string[]> {
  const settled = new Map<number, boolean>();
  const problems = await check(dir, expected, `${what}, index as left`, settled);
  await rm(join(dir, 'index'), { recursive: true });
  problems.push(...(await check(dir, expected, `${what}, index rebuilt`, settled)));
  for (const [index, present] of settled) {
    expected.uncertain.delete(index);
    if (present) expected.live.add(index);
    else {
      expected.live.delete(index);
      expected.deleted.add(index);
    }
  }
  return problems;
}

t.test(`compaction crash: SIGKILL during compaction loses nothing and resurrects nothing (seed ${seed}; replay with TEST_SEED)`, async (t) => {
  const { dir: base, remove } = await makeDataDir('cairn-compaction-crash-');
  t.teardown(remove);
  const dir = join(base, 'data');
  const next = random(seed);
  const expected = await prepare(dir, next);
  t.ok(expected.deleted.size > initialBlocks / 3, `${expected.deleted.size} of ${initialBlocks} blocks deleted before the run`);

  const problems: string[] = [];
  let removed = 0;
  for (let round = 0; round < rounds; round += 1) {
    const deletes = [...expected.live].filter(() => next() < 0.3);
    const killAfterSteps = 5 + Math.floor(next() * 30);
    removed += await runAndKill(dir, { deletes, putFrom: 1_000_000 * (round + 1) }, expected, killAfterSteps);
    problems.push(...(await checkBothWays(dir, expected, `after kill ${round + 1} (step ${killAfterSteps})`)));
  }
  t.ok(removed > 0, `the killed workers removed ${removed} segments between them`);
  t.same(problems, [], 'every live block reads back, no deleted block returns, in-flight operations settle one way');

  const store = await SegmentStore.open({ dir, segmentBytesMax: compactionSegmentBytesMax });
  for (let i = 0; i < 10_000 && (await store.compact(64 * 1024)).more; i += 1);
  t.equal(store.compactionPending(), false, 'compaction finishes after the last restart');
  await store.close();
  t.same(await checkBothWays(dir, expected, 'after compacting to the end'), [], 'and everything still holds');
});

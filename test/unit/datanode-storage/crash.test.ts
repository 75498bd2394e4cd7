// Crash test with a real process: a writer putting blocks concurrently is killed with SIGKILL at
// an arbitrary moment, twice over the same data dir. What breaks: the kill may land mid-append,
// between the fdatasync and the index batch, or around a segment roll. What must hold: every put
// that was acknowledged reads back byte for byte after reopening, and the store keeps working.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { initHashing } from '../../../src/common/hashing.js';
import { SegmentStore } from '../../../src/datanode/storage/segment-store.js';
import { makeBlock, makeDataDir } from './fixtures/blocks.js';

await initHashing();

const writerScript = fileURLToPath(new URL('./fixtures/crash-writer.ts', import.meta.url));
const projectRoot = fileURLToPath(new URL('../../../', import.meta.url));
const acksBeforeKill = 50;
const roundTimeoutMs = 60_000;
const rounds = 2;
const seed = Number(process.env.TEST_SEED ?? Math.floor(Math.random() * 1_000_000));

interface Ack {
  index: number;
  blockId: string;
}

/** Runs the writer until it acknowledged `acksBeforeKill` puts, then SIGKILLs it; returns every ack it printed. */
async function runAndKill(dir: string, firstIndex: number): Promise<Ack[]> {
  const child = spawn(process.execPath, ['--import', 'tsx', writerScript, dir, String(seed), String(firstIndex)], {
    cwd: projectRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(child, 'exit');
  const acks: Ack[] = [];
  const timer = setTimeout(() => child.kill('SIGKILL'), roundTimeoutMs);
  for await (const line of createInterface({ input: child.stdout })) {
    const match = /^ack (\d+) ([0-9a-f]{64})$/.exec(line);
    if (match === null) continue;
    acks.push({ index: Number(match[1]), blockId: match[2] ?? '' });
    if (acks.length === acksBeforeKill) child.kill('SIGKILL');
  }
  const [code, signal] = (await exited) as [number | null, string | null];
  clearTimeout(timer);
  if (signal !== 'SIGKILL' || acks.length < acksBeforeKill) throw new Error(`writer ended with ${code ?? signal} after ${acks.length} acks:\n${stderr}`);
  return acks;
}

t.test(`crash: acknowledged puts survive SIGKILL of the writer (seed ${seed}; replay with TEST_SEED)`, async (t) => {
  const { dir, remove } = await makeDataDir('cairn-crash-');
  t.teardown(remove);
  const acked: Ack[] = [];
  for (let round = 0; round < rounds; round += 1) {
    acked.push(...(await runAndKill(dir, round * 1_000_000)));
  }
  t.ok(acked.length >= rounds * acksBeforeKill, `${acked.length} acknowledged puts over ${rounds} kills`);

  const store = await SegmentStore.open({ dir, segmentBytesMax: 4 * 1024 * 1024 });
  let good = 0;
  for (const { index, blockId } of acked) {
    const block = makeBlock(seed, index, undefined, 256 * 1024);
    if (block.id !== blockId) t.fail(`ack ${index} names ${blockId}, expected ${block.id}`);
    else if ((await store.get(blockId))?.equals(block.data)) good += 1;
  }
  t.equal(good, acked.length, 'every acknowledged block reads back byte for byte');
  t.ok(store.stats().blocks >= acked.length, 'unacknowledged but durable puts may survive too');

  const after = makeBlock(seed, 9_999_999);
  t.equal(await store.put(after.id, after.data, after.checksum), 'stored', 'the recovered store takes new puts');
  await store.close();
  const reopened = await SegmentStore.open({ dir, segmentBytesMax: 4 * 1024 * 1024 });
  t.ok((await reopened.get(after.id))?.equals(after.data), 'and keeps them across another reopen');
  await reopened.close();
});

// A failed append. What breaks: the file system refuses an append half way through a record
// (here the process's file size limit, `ulimit -f`, standing in for a full disk: same partial
// write, EFBIG instead of ENOSPC). What must hold: only that put fails, the partial record is cut
// back so the segment ends on a record boundary, later puts that fit still succeed, and a reopen
// finds exactly the acknowledged blocks with nothing to repair.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { KiB } from '../../../src/common/constants.js';
import { initHashing } from '../../../src/common/hashing.js';
import { recordHeaderBytes } from '../../../src/datanode/storage/record.js';
import { SegmentStore } from '../../../src/datanode/storage/segment-store.js';
import { captureLogger, fileBytes, makeBlock, makeDataDir, segmentFile } from './fixtures/blocks.js';

await initHashing();

const writerScript = fileURLToPath(new URL('./fixtures/fill-writer.ts', import.meta.url));
const projectRoot = fileURLToPath(new URL('../../../', import.meta.url));
const fileLimitKiB = 1024;
const blockBytes = 100 * KiB;
const seed = 51;

async function runLimited(dir: string): Promise<string[]> {
  // The test runner hands its preload hooks to children through NODE_OPTIONS, and their signal
  // handlers would turn the ignored SIGXFSZ back into a kill: the child runs without them.
  const script = `ulimit -f ${fileLimitKiB} && unset NODE_OPTIONS && exec "$0" "$@"`;
  const child = spawn('bash', ['-c', script, process.execPath, '--import', 'tsx', writerScript, dir, String(seed), String(blockBytes)], {
    cwd: projectRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [code, signal] = (await once(child, 'exit')) as [number | null, string | null];
  if (code !== 0) throw new Error(`fill-writer exited with ${code ?? signal}:\n${stdout}\n${stderr}`);
  return stdout.trim().split('\n');
}

t.test('failed append: a record refused half written is cut back and the store stays usable', async (t) => {
  const { dir, remove } = await makeDataDir();
  t.teardown(remove);
  const lines = await runLimited(dir);
  const recordBytes = recordHeaderBytes + blockBytes;
  const fitting = Math.floor((fileLimitKiB * KiB) / recordBytes);
  const acked = lines.filter((l) => l.startsWith('ack ')).map((l) => Number(l.split(' ')[1]));
  t.same(acked, [...Array.from({ length: fitting }, (_, i) => i), fitting + 1], 'puts that fit succeed, before and after the failure');
  t.same(lines.filter((l) => l.startsWith('fail ')), [`fail ${fitting} IO_ERROR`], 'only the put that did not fit failed');
  const expectedBytes = fitting * recordBytes + recordHeaderBytes + 1024;
  t.equal(lines.at(-1), `state ${expectedBytes} ${expectedBytes}`, 'the partial record was cut back before the next append');

  const { logger, lines: logs } = captureLogger();
  const store = await SegmentStore.open({ dir, logger });
  t.notOk(logs.some((l) => l.level >= 40), 'nothing to repair on reopen');
  t.equal(await fileBytes(segmentFile(dir)), expectedBytes);
  let good = 0;
  for (const index of acked) {
    const block = makeBlock(seed, index, index === fitting + 1 ? 1024 : blockBytes);
    if ((await store.get(block.id))?.equals(block.data)) good += 1;
  }
  t.equal(good, acked.length, 'every acknowledged block reads back');
  t.equal(await store.has(makeBlock(seed, fitting, blockBytes).id), false, 'the failed block is absent');
  await store.close();
});

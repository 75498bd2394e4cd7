// The real `cairn` binary against a real `cairn dev` cluster of child processes: start, put,
// get, ls --json, stop with SIGINT, start again on the same dir, get the same bytes.
import t from 'tap';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCairn, startDev, serverPids, isRunning, cleanUpDev } from '../harness/cli-process.js';
import { waitFor } from '../harness/wait-for.js';

t.test('cli: cairn dev serves put, get and ls, stops on SIGINT and comes back with its data', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'cairn-dev-'));
  const work = await mkdtemp(join(tmpdir(), 'cairn-work-'));
  t.teardown(() => cleanUpDev(dir, work));
  let dev = await startDev(dir);
  const data = randomBytes(3 * 1024 * 1024 + 123);
  await writeFile(join(work, 'in.bin'), data);

  const put = await runCairn(['fs', 'put', join(work, 'in.bin'), 'docs-in.bin', '--json'], dev.clientEnv);
  t.equal(put.code, 0, `put exits 0: ${put.stderr}`);
  const putJson = JSON.parse(put.stdout) as Record<string, unknown>;
  t.same(Object.keys(putJson).sort(), ['blocks', 'blocksDeduplicated', 'blocksUploaded', 'bytesUploaded', 'path', 'revision', 'seconds', 'size']);
  t.equal(putJson.path, '/home/dev/docs-in.bin');
  t.equal(putJson.size, data.length);

  const get = await runCairn(['fs', 'get', '/home/dev/docs-in.bin', join(work, 'out.bin'), '--json'], dev.clientEnv);
  t.equal(get.code, 0, `get exits 0: ${get.stderr}`);
  t.ok((await readFile(join(work, 'out.bin'))).equals(data), 'get returns the same bytes');

  const ls = await runCairn(['fs', 'ls', '--json'], dev.clientEnv);
  t.equal(ls.code, 0);
  const entries = JSON.parse(ls.stdout) as Array<Record<string, unknown>>;
  t.same(entries.map((e) => e.name), ['docs-in.bin']);
  t.same(Object.keys(entries[0] ?? {}).sort(), ['modifiedAt', 'name', 'path', 'revision', 'size', 'type']);

  const pids = await serverPids(dir, 3);
  t.equal(pids.length, 4, 'every server announced itself in server.json');
  dev.process.kill('SIGINT');
  const [code] = await once(dev.process, 'exit');
  t.equal(code, 0, 'Ctrl-C stops cairn dev cleanly');
  await waitFor(() => pids.every((pid) => !isRunning(pid)), 10_000, () => pids.filter(isRunning));
  t.notOk(existsSync(join(dir, 'namenode', 'server.json')), 'a clean stop removes server.json');

  dev = await startDev(dir);
  const again = await runCairn(['fs', 'cat', '/home/dev/docs-in.bin'], dev.clientEnv);
  t.equal(again.code, 0, `cat after restart exits 0: ${again.stderr}`);
  t.equal(Buffer.byteLength(again.stdout, 'latin1') > 0, true);
  const get2 = await runCairn(['fs', 'get', 'docs-in.bin', join(work, 'out2.bin')], dev.clientEnv);
  t.equal(get2.code, 0, get2.stderr);
  t.ok((await readFile(join(work, 'out2.bin'))).equals(data), 'after a restart the file reads back byte for byte');

  const missing = await runCairn(['fs', 'stat', '/home/dev/nope'], dev.clientEnv);
  t.equal(missing.code, 1);
  t.match(missing.stderr, /^cairn: NOT_FOUND: /);
  const bad = await runCairn(['fs', 'mkdir'], dev.clientEnv);
  t.equal(bad.code, 2, 'bad usage exits 2');
  dev.process.kill('SIGTERM');
  await once(dev.process, 'exit');
});

// The real `cairn` binary against a real `cairn dev` cluster of child processes: start, put,
// get, ls --json, an upload with the aws CLI through the dev gateway using client.env, stop with
// SIGINT, start again on the same dir, get the same bytes.
import t from 'tap';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { runCairn, startDev, serverPids, isRunning, cleanUpDev } from '../harness/cli-process.js';

/** Runs `aws` with client.env's AWS_* settings (and nothing else of the machine's), after `first`. */
async function runAws(args: string[], clientEnv: Record<string, string | undefined>, first: string[]): Promise<{ code: number; stderr: string }> {
  const env: Record<string, string | undefined> = {
    ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_'))), ...clientEnv, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  };
  const once1 = (a: string[]) => new Promise<{ code: number; stderr: string }>((resolve) => {
    execFile('aws', ['--endpoint-url', env.AWS_ENDPOINT_URL ?? '', ...a], { env, timeout: 60_000 }, (err, _out, stderr) => resolve({ code: err ? 1 : 0, stderr }));
  });
  const made = await once1(first);
  return made.code === 0 ? once1(args) : made;
}
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
  t.equal(pids.length, 5, 'every server (namenode, 3 datanodes, S3 gateway) announced itself in server.json');
  const s3 = await runAws(['s3', 'cp', join(work, 'in.bin'), 's3://dev-bucket/in.bin'], dev.clientEnv, ['s3', 'mb', 's3://dev-bucket']);
  t.equal(s3.code, 0, `the aws CLI with client.env's settings uploads through the dev gateway: ${s3.stderr}`);
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

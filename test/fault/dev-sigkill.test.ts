// What breaks: every process of a `cairn dev` cluster (supervisor, namenode, datanodes) is
// killed with SIGKILL while puts are streaming. What must hold: after a restart on the same dir,
// every put that was acknowledged (exit 0) reads back byte for byte (DESIGN §10.1).
import t from 'tap';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCairn, startDev, serverPids, isRunning, cleanUpDev } from '../harness/cli-process.js';
import { waitFor } from '../harness/wait-for.js';

t.test('fault: SIGKILL of a cairn dev cluster during puts loses no acknowledged file', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'cairn-kill-'));
  const work = await mkdtemp(join(tmpdir(), 'cairn-kill-work-'));
  t.teardown(() => cleanUpDev(dir, work));
  const dev = await startDev(dir);
  const acknowledged = new Map<string, string>();
  let killed = false;
  const writer = (async () => {
    for (let i = 0; !killed && i < 40; i++) {
      const data = randomBytes(600 * 1024 + i * 4099);
      const file = join(work, `f${i}`);
      await writeFile(file, data);
      const put = await runCairn(['fs', 'put', file, `f${i}`, '--json'], dev.clientEnv);
      if (put.code === 0) acknowledged.set(`/home/dev/f${i}`, createHash('sha256').update(data).digest('hex'));
    }
  })();
  await waitFor(() => acknowledged.size >= 3, 60_000, () => acknowledged.size);
  const pids = [dev.process.pid ?? 0, ...(await serverPids(dir, 3))];
  killed = true;
  for (const pid of pids) process.kill(pid, 'SIGKILL');
  await writer;
  await waitFor(() => pids.every((pid) => !isRunning(pid)), 10_000, () => pids.filter(isRunning));
  t.ok(acknowledged.size >= 3, `${acknowledged.size} puts were acknowledged before the kill`);

  const again = await startDev(dir);
  for (const [path, sha] of acknowledged) {
    const out = join(work, 'check');
    const get = await runCairn(['fs', 'get', path, out], again.clientEnv);
    t.equal(get.code, 0, `${path} reads after the crash: ${get.stderr}`);
    t.equal(createHash('sha256').update(await readFile(out)).digest('hex'), sha, `${path} is byte for byte what was acknowledged`);
  }
  again.process.kill('SIGTERM');
  await new Promise((r) => again.process.once('exit', r));
});

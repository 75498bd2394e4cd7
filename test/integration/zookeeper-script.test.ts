// scripts/zookeeper.sh, as an operator runs it: a 3-server ensemble starts without systemd, forms
// a quorum (a client's write succeeds), reports its status, and stops — only the processes it
// started, by the pids it recorded.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import t from 'tap';
import { ZkSession } from '../../src/common/zookeeper.js';

const run = promisify(execFile);
const script = fileURLToPath(new URL('../../scripts/zookeeper.sh', import.meta.url));

/** A base port with its neighbours (+1, +2, +10…+12, +20…+22) free, as far as one can tell. */
async function basePort(): Promise<number> {
  for (;;) {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise((resolve) => server.close(resolve));
    if (port < 60_000) return port;
  }
}

t.test('zookeeper.sh: a 3-server ensemble starts, serves a quorum, reports status and stops', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'cairn-zk-script-'));
  t.teardown(async () => {
    await run('bash', [script, 'stop', dir]).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  });
  const port = await basePort();
  const started = await run('bash', [script, 'start', dir, '--ensemble', '--port', String(port), '--tick-ms', '500'], { timeout: 90_000 });
  const connect = started.stdout.trim();
  t.equal(connect, [0, 1, 2].map((i) => `127.0.0.1:${port + i}`).join(','), 'prints the connect string');
  const pids = await Promise.all([1, 2, 3].map(async (i) => Number(await readFile(join(dir, `server${i}`, 'pid'), 'utf8'))));

  const session = await ZkSession.connect(connect, { sessionTimeoutMs: 4000, connectTimeoutMs: 30_000 });
  t.teardown(() => session.close());
  // A write needs a quorum: it succeeds once the ensemble has elected its leader.
  let wrote = false;
  for (let attempt = 0; attempt < 60 && !wrote; attempt++) {
    wrote = await session.create('/quorum-check', Buffer.from('ok'), 'persistent').then(() => true, () => false);
    if (!wrote) await new Promise((resolve) => setTimeout(resolve, 500));
  }
  t.ok(wrote, 'a write goes through the ensemble');
  t.equal((await session.get('/quorum-check'))?.data.toString(), 'ok');

  const status = await run('bash', [script, 'status', dir]);
  t.equal(status.stdout.split('\n').filter((line) => / up \(pid \d+\)$/.test(line)).length, 3, 'status: three servers up');
  session.close();
  await run('bash', [script, 'stop', dir]);
  t.ok(pids.every((pid) => !alive(pid)), 'stop ended the three servers it started');
  t.equal(await run('bash', [script, 'status', dir]).then(() => 0, (err: { code?: number }) => err.code), 1, 'status then finds none');
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

// The real `cairn` binary against `cairn dev --ha` (a ZooKeeper from scripts/zookeeper.sh, three
// namenodes, datanodes and a gateway, all child processes): client.env and admin.env name
// ZooKeeper and every namenode, `admin ha status` shows one active and two standbys, four clients
// put files while the active namenode is SIGKILLed — every acknowledged put reads back byte for
// byte and puts resume on the new active — and writes go on (through the S3 gateway too), Ctrl-C stops every process and ZooKeeper, and a restart on the same dir comes back
// with all data.
import t, { type Test } from 'tap';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readServerInfo, type ServerInfo } from '../../src/common/server-info.js';
import { isRunning, runCairn, startDev, type DevCluster } from '../harness/cli-process.js';
import { waitFor } from '../harness/wait-for.js';

const zookeeperScript = fileURLToPath(new URL('../../scripts/zookeeper.sh', import.meta.url));

/** server.json of every server of the dev cluster on `dir`, by its dir name. */
async function servers(dir: string): Promise<Map<string, ServerInfo>> {
  const names = (await readdir(dir).catch(() => [])).filter((n) => /^(namenode-\d+|datanode-\d+|gateway)$/.test(n));
  const found = new Map<string, ServerInfo>();
  for (const name of names) {
    const info = await readServerInfo(join(dir, name));
    if (info !== undefined) found.set(name, info);
  }
  return found;
}

function zookeeperPid(dir: string): Promise<number | undefined> {
  return readFile(join(dir, 'zk', 'server1', 'pid'), 'utf8').then((text) => Number(text.trim()), () => undefined);
}

/** `aws` with client.env's AWS_* settings (and none of the machine's), after `first`. */
async function runAws(args: string[], clientEnv: Record<string, string>, first: string[]): Promise<{ code: number; stderr: string }> {
  const env: Record<string, string | undefined> = {
    ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_'))), ...clientEnv, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  };
  const run = (a: string[]) => new Promise<{ code: number; stderr: string }>((resolve) => {
    execFile('aws', ['--endpoint-url', env.AWS_ENDPOINT_URL ?? '', ...a], { env, timeout: 60_000 }, (err, _out, stderr) => resolve({ code: err ? 1 : 0, stderr }));
  });
  const made = await run(first);
  return made.code === 0 ? run(args) : made;
}

interface HaStatus {
  epoch: number;
  active: string;
  namenodes: Array<{ address: string; role: string; lastTxid: number }>;
}

async function haStatus(t: Test, dev: DevCluster): Promise<HaStatus> {
  const run = await runCairn(['admin', 'ha', 'status', '--json'], dev.adminEnv);
  t.equal(run.code, 0, `admin ha status: ${run.stderr}`);
  return JSON.parse(run.stdout) as HaStatus;
}

t.test('cli: cairn dev --ha survives a SIGKILL of the active namenode and stops everything on Ctrl-C', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'cairn-dev-ha-'));
  const work = await mkdtemp(join(tmpdir(), 'cairn-work-'));
  t.teardown(async () => {
    for (const info of (await servers(dir)).values()) if (isRunning(info.pid)) process.kill(info.pid, 'SIGKILL');
    await new Promise((resolve) => execFile('bash', [zookeeperScript, 'stop', join(dir, 'zk')], resolve));
    for (const d of [dir, work]) await rm(d, { recursive: true, force: true });
  });
  // Sessions of 2 s (the dev ZooKeeper's shortest): a killed active is replaced within seconds.
  const config = join(work, 'ha.yaml');
  await writeFile(config, 'zkSessionTimeoutMs: 2000\n');
  let dev = await startDev(dir, ['--ha', '--config', config], 120_000);

  const zk = dev.clientEnv.CAIRN_ZK ?? '';
  t.match(zk, /^127\.0\.0\.1:\d+\/cairn$/, 'client.env names the dev ZooKeeper with the cluster chroot');
  const addresses = (dev.clientEnv.CAIRN_NAMENODE ?? '').split(',');
  t.equal(addresses.length, 3, 'and all three namenodes');
  t.equal(dev.adminEnv.CAIRN_ZK, zk, 'admin.env too');
  t.equal(dev.adminEnv.CAIRN_NAMENODE, dev.clientEnv.CAIRN_NAMENODE);
  t.ok(dev.adminEnv.CAIRN_TOKEN, 'admin.env holds the token of the namenode that formatted');

  const before = await haStatus(t, dev);
  t.ok(before.epoch >= 1, 'an elected active has an epoch');
  t.ok(addresses.includes(before.active), 'the active is one of the three');
  t.same(before.namenodes.map((n) => n.role).sort(), ['active', 'standby', 'standby']);
  t.same(before.namenodes.map((n) => n.address).sort(), [...addresses].sort());

  const first = randomBytes(2 * 1024 * 1024 + 77);
  await writeFile(join(work, 'first.bin'), first);
  const put = await runCairn(['fs', 'put', join(work, 'first.bin'), 'first.bin'], dev.clientEnv);
  t.equal(put.code, 0, `put: ${put.stderr}`);

  const pids = [...(await servers(dir)).values()].map((info) => info.pid);
  t.equal(pids.length, 3 + 3 + 1, 'three namenodes, three datanodes and the gateway announced themselves');
  const active = [...(await servers(dir)).entries()].find(([name, info]) => name.startsWith('namenode-') && info.rpcAddress === before.active);
  t.ok(active, 'the active namenode has a server.json');
  const [activeName, activeInfo] = active ?? ['', { pid: 0 }];

  // Four clients put files in a stream; the active namenode is killed in the middle of it.
  const acknowledged = new Map<string, Buffer>();
  let killedAt = 0;
  let afterKill = 0;
  let stop = false;
  const writers = Array.from({ length: 4 }, async (_, w) => {
    for (let i = 0; !stop; i++) {
      const data = randomBytes(300 * 1024 + w * 4099 + i * 131);
      const name = `stream-${w}-${i}.bin`;
      await writeFile(join(work, name), data);
      const run = await runCairn(['fs', 'put', join(work, name), name], dev.clientEnv);
      if (run.code === 0) {
        acknowledged.set(name, data);
        if (killedAt > 0) afterKill += 1;
      }
    }
  });
  await waitFor(() => acknowledged.size >= 4, 60_000, () => acknowledged.size);
  process.kill(activeInfo.pid, 'SIGKILL');
  killedAt = Date.now();
  await waitFor(() => afterKill >= 4, 90_000, () => ({ acknowledged: acknowledged.size, afterKill }));
  stop = true;
  await Promise.all(writers);
  t.ok(afterKill >= 4, `puts resumed on the new active (${acknowledged.size} acknowledged, ${afterKill} after the kill)`);
  for (const [name, data] of acknowledged) {
    const got = await runCairn(['fs', 'get', name, join(work, `${name}.out`)], dev.clientEnv);
    t.equal(got.code, 0, `get ${name}: ${got.stderr}`);
    t.ok((await readFile(join(work, `${name}.out`))).equals(data), `${name}, acknowledged, reads back byte for byte`);
  }

  const get = await runCairn(['fs', 'get', 'first.bin', join(work, 'first.out')], dev.clientEnv);
  t.equal(get.code, 0, `get after the active was killed: ${get.stderr}`);
  t.ok((await readFile(join(work, 'first.out'))).equals(first), 'the file reads back byte for byte from the new active');
  const second = randomBytes(1024 * 1024 + 5);
  await writeFile(join(work, 'second.bin'), second);
  const put2 = await runCairn(['fs', 'put', join(work, 'second.bin'), 'second.bin'], dev.clientEnv);
  t.equal(put2.code, 0, `writes go on after the failover: ${put2.stderr}`);
  t.match(dev.output(), new RegExp(`${activeName} exited \\(SIGKILL\\)`), 'cairn dev reports the killed namenode and goes on');
  const s3 = await runAws(['s3', 'cp', join(work, 'second.bin'), 's3://ha-bucket/second.bin'], dev.clientEnv, ['s3', 'mb', 's3://ha-bucket']);
  t.equal(s3.code, 0, `the gateway (started with --zk) follows the new active: ${s3.stderr}`);

  const after = await haStatus(t, dev);
  t.ok(after.epoch > before.epoch, 'the new active took a newer epoch');
  t.not(after.active, before.active);
  t.match(after.namenodes.find((n) => n.address === before.active), { role: 'down' }, 'the killed namenode is down');

  const zkPid = await zookeeperPid(dir);
  t.ok(zkPid !== undefined && isRunning(zkPid), 'ZooKeeper runs under DIR/zk');
  dev.process.kill('SIGINT');
  const [code] = await once(dev.process, 'exit');
  t.equal(code, 0, 'Ctrl-C stops cairn dev --ha cleanly');
  await waitFor(() => pids.every((pid) => !isRunning(pid)), 15_000, () => pids.filter(isRunning));
  t.ok(zkPid === undefined || !isRunning(zkPid), 'ZooKeeper was stopped too');
  t.notOk(existsSync(join(dir, 'gateway', 'server.json')), 'a clean stop removes server.json');

  dev = await startDev(dir, ['--ha', '--config', config], 120_000);
  t.equal(dev.clientEnv.CAIRN_ZK, zk, 'a restart reuses the ZooKeeper port while it is free');
  for (const [name, data] of [['first.bin', first], ['second.bin', second]] as const) {
    const again = await runCairn(['fs', 'get', name, join(work, `${name}.again`)], dev.clientEnv);
    t.equal(again.code, 0, `get ${name} after a restart: ${again.stderr}`);
    t.ok((await readFile(join(work, `${name}.again`))).equals(data), `${name} reads back after a restart`);
  }
  dev.process.kill('SIGTERM');
  t.equal((await once(dev.process, 'exit'))[0], 0);
});

t.test('cli: cairn dev refuses a dir of the other kind (HA or not)', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'cairn-dev-kind-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  await writeFile(join(dir, 'namenode'), '');
  const run = await runCairn(['dev', '--data', dir, '--ha'], {});
  t.equal(run.code, 2, run.stderr);
  t.match(run.stderr, /^cairn: USAGE: /);
  t.notOk(existsSync(join(dir, 'zk')), 'nothing was started');
});

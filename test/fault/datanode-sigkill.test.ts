// What breaks: one datanode process of a 4-datanode `cairn dev` cluster is killed with SIGKILL —
// once while idle, holding replicas of several files, and once in the middle of a 20 MiB put.
// What must hold (DESIGN §10.2, §10.5): acknowledged files read back; once the node is declared
// dead, every block returns to exactly 3 live replicas (fsck HEALTHY); the dead node gets no new
// writes; the interrupted put succeeds and its shortfall is repaired afterwards.
import t, { type Test } from 'tap';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readServerInfo } from '../../src/common/server-info.js';
import { cleanUpDev, isRunning, runCairn, serverPids, startDev, type DevCluster } from '../harness/cli-process.js';
import { waitFor } from '../harness/wait-for.js';

const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');

async function adminJson(dev: DevCluster, args: string[]): Promise<any> {
  const run = await runCairn(['admin', ...args, '--json'], dev.adminEnv);
  if (run.stdout === '') throw new Error(`cairn admin ${args.join(' ')}: exit ${run.code}: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

async function fullyReplicated(dev: DevCluster): Promise<boolean> {
  const report = await adminJson(dev, ['fsck']);
  return report.status === 'HEALTHY' && report.underReplicated === 0 && report.overReplicated === 0 && report.missing === 0;
}

async function deadNodes(dev: DevCluster): Promise<string[]> {
  return (await adminJson(dev, ['datanodes'])).filter((d: { state: string }) => d.state === 'dead').map((d: { address: string }) => d.address);
}

async function startCluster(t: Test): Promise<{ dir: string; work: string; dev: DevCluster }> {
  const dir = await mkdtemp(join(tmpdir(), 'cairn-dnkill-'));
  const work = await mkdtemp(join(tmpdir(), 'cairn-dnkill-work-'));
  t.teardown(() => cleanUpDev(dir, work));
  const config = join(work, 'fast.yaml');
  await writeFile(config, 'replicationTickMs: 200\nreplicationTimeoutMs: 10000\n');
  const dev = await startDev(dir, ['--datanodes', '4', '--config', config]);
  t.teardown(async () => {
    dev.process.kill('SIGTERM');
    await new Promise((resolve) => dev.process.once('exit', resolve));
  });
  return { dir, work, dev };
}

t.test('fault: SIGKILL of a datanode holding replicas: back to 3 replicas, files readable, no new writes there', async (t) => {
  const { dir, work, dev } = await startCluster(t);
  const files = new Map<string, string>();
  for (const [i, size] of [3 * 1024 * 1024, 1_500_000, 409_600, 77].entries()) {
    const data = randomBytes(size);
    await writeFile(join(work, `f${i}`), data);
    const put = await runCairn(['fs', 'put', join(work, `f${i}`), `f${i}`], dev.clientEnv);
    t.equal(put.code, 0, put.stderr);
    files.set(`/home/dev/f${i}`, sha(data));
  }
  await waitFor(() => fullyReplicated(dev), 30_000);
  const victim = await readServerInfo(join(dir, 'datanode-2'));
  t.ok(victim, 'datanode-2 announced itself');
  process.kill(victim?.pid ?? 0, 'SIGKILL');
  await waitFor(() => !isRunning(victim?.pid ?? 0), 5000);
  await waitFor(async () => (await deadNodes(dev)).includes(victim?.rpcAddress ?? ''), 20_000, () => adminJson(dev, ['datanodes']));
  await waitFor(() => fullyReplicated(dev), 60_000, () => adminJson(dev, ['fsck']));
  const detail = await adminJson(dev, ['fsck', '/home/dev', '--blocks']);
  const blocks = detail.details.flatMap((f: { blockList: Array<{ live: number; locations: string[] }> }) => f.blockList);
  t.ok(blocks.length >= 4 && blocks.every((b: { live: number; locations: string[] }) => b.live === 3 && !b.locations.includes(victim?.rpcAddress ?? '')),
    'every block has 3 live replicas, none on the dead node');
  for (const [path, want] of files) {
    const out = join(work, 'check');
    t.equal((await runCairn(['fs', 'get', path, out], dev.clientEnv)).code, 0);
    t.equal(sha(await readFile(out)), want, `${path} reads back`);
  }
  const late = randomBytes(2 * 1024 * 1024);
  await writeFile(join(work, 'late'), late);
  t.equal((await runCairn(['fs', 'put', join(work, 'late'), 'late'], dev.clientEnv)).code, 0);
  const lateBlocks = (await adminJson(dev, ['fsck', '/home/dev/late', '--blocks'])).details[0].blockList;
  t.ok(lateBlocks.every((b: { locations: string[] }) => !b.locations.includes(victim?.rpcAddress ?? '')), 'the dead node is never chosen for new writes');
});

t.test('fault: a datanode SIGKILLed mid-put of 20 MiB: the put succeeds and the shortfall is repaired', async (t) => {
  const { dir, work, dev } = await startCluster(t);
  const data = randomBytes(20 * 1024 * 1024);
  await writeFile(join(work, 'big'), data);
  const namenode = await readServerInfo(join(dir, 'namenode'));
  // Blocks are negotiated by BeginUpload (the first batch) and PutBlocks (the rest): the kill follows the first negotiation.
  const negotiations = async () => {
    const text = await (await fetch(`http://${namenode?.httpAddress}/metrics`)).text();
    const calls = (method: string) => Number(new RegExp(`cairn_rpc_duration_seconds_count\\{method="${method}",outcome="OK"\\} (\\d+)`).exec(text)?.[1] ?? 0);
    return calls('BeginUpload') + calls('PutBlocks');
  };
  const before = await negotiations();
  const put = runCairn(['fs', 'put', join(work, 'big'), 'big', '--json'], dev.clientEnv);
  await waitFor(async () => (await negotiations()) > before, 30_000);
  const pids = await serverPids(dir, 4);
  const victim = pids[2] ?? 0; // [namenode, datanode-1, datanode-2, …]
  process.kill(victim, 'SIGKILL');
  const result = await put;
  t.equal(result.code, 0, `the put succeeds: ${result.stderr}`);
  t.equal(JSON.parse(result.stdout).size, data.length);
  const out = join(work, 'big.out');
  t.equal((await runCairn(['fs', 'get', '/home/dev/big', out], dev.clientEnv)).code, 0);
  t.equal(sha(await readFile(out)), sha(data), 'it reads back byte for byte');
  await waitFor(async () => (await deadNodes(dev)).length === 1, 20_000, () => adminJson(dev, ['datanodes']));
  await waitFor(() => fullyReplicated(dev), 60_000, () => adminJson(dev, ['fsck']));
  t.pass('every block is back at 3 live replicas');
});

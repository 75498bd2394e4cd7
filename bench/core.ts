// Core benchmark (issue: core cluster). In one run on this machine:
//  (a) the upload limit: SHA-256 over the file in one process + writing 3 copies with fdatasync;
//  (b) `cairn fs put` of the file into a local `cairn dev` cluster (3 datanodes, R=3);
//  (c) `cairn fs get` of it;  (d) `cp` of the file: the download limit;
//  (e) namenode metadata: durable mkdir/s and stat/s with 32 concurrent callers.
// Options: --size-mib N (1024), --metadata-seconds S (5). Results go to bench/results/core.md.
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, open, rm, writeFile, readFile } from 'node:fs/promises';
import { tmpdir, cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { NamenodeClient } from '../src/client/namenode-client.js';
import { MiB } from '../src/common/constants.js';
import { cairnBin, serverPids, startDev } from '../test/harness/cli-process.js';
import { PeakWatcher } from './proc-stats.js';

const mb = (bytes: number, seconds: number) => bytes / 1e6 / seconds;
const fmt = (n: number, digits = 1) => n.toFixed(digits);

export async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { 'size-mib': { type: 'string' }, 'metadata-seconds': { type: 'string' } } });
  const size = Number(values['size-mib'] ?? 1024) * MiB;
  const metadataSeconds = Number(values['metadata-seconds'] ?? 5);
  const dir = await mkdtemp(join(tmpdir(), 'cairn-bench-'));
  try {
    const file = join(dir, 'input.bin');
    await makeRandomFile(file, size);
    const uploadLimit = await measureUploadLimit(file, size, dir);
    const cpLimit = await timeCommand('cp', [file, join(dir, 'cp-copy.bin')]);
    await rm(join(dir, 'cp-copy.bin'));
    const dev = await startDev(join(dir, 'cluster'));
    const clusterPids = await serverPids(join(dir, 'cluster'), 3);
    const put = await timeCairn(['fs', 'put', file, 'bench.bin', '--json', '--quiet'], dev.clientEnv, clusterPids);
    const get = await timeCairn(['fs', 'get', 'bench.bin', join(dir, 'out.bin'), '--json', '--quiet'], dev.clientEnv, clusterPids);
    const same = await sameContent(file, join(dir, 'out.bin'));
    await rm(join(dir, 'out.bin'));
    const metadata = await measureMetadata(dev.clientEnv, metadataSeconds);
    dev.process.kill('SIGTERM');
    await new Promise((r) => dev.process.once('exit', r));
    const report = formatReport({ size, uploadLimit, cpSeconds: cpLimit, put, get, same, metadata, clusterPids });
    process.stdout.write(report);
    await writeFile(new URL('./results/core.md', import.meta.url), report);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function makeRandomFile(path: string, size: number): Promise<void> {
  const handle = await open(path, 'w');
  const piece = 8 * MiB;
  for (let written = 0; written < size; written += piece) await handle.write(randomBytes(Math.min(piece, size - written)));
  await handle.close();
}

/** SHA-256 over the file, plus writing 3 copies of it with fdatasync: what an R=3 upload must do at least. */
async function measureUploadLimit(file: string, size: number, dir: string) {
  const t0 = performance.now();
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file, { highWaterMark: 4 * MiB })) hash.update(chunk as Buffer);
  hash.digest();
  const shaSeconds = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  for (let copy = 0; copy < 3; copy++) {
    const out = await open(join(dir, `copy${copy}.bin`), 'w');
    let sinceSync = 0;
    for await (const chunk of createReadStream(file, { highWaterMark: 4 * MiB })) {
      await out.write(chunk as Buffer);
      sinceSync += (chunk as Buffer).length;
      if (sinceSync >= 64 * MiB) {
        await out.datasync();
        sinceSync = 0;
      }
    }
    await out.datasync();
    await out.close();
  }
  const writeSeconds = (performance.now() - t1) / 1000;
  for (let copy = 0; copy < 3; copy++) await rm(join(dir, `copy${copy}.bin`));
  return { shaMBps: mb(size, shaSeconds), write3MBps: mb(3 * size, writeSeconds), limitMBps: mb(size, shaSeconds + writeSeconds) };
}

function timeCommand(cmd: string, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { stdio: 'ignore' });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve((performance.now() - t0) / 1000) : reject(new Error(`${cmd} exited ${code}`))));
  });
}

interface Timed {
  seconds: number;
  json: Record<string, number>;
  clientPeak: number;
  serverPeaks: Map<number, number>;
}

function timeCairn(args: string[], env: Record<string, string>, serverPidList: number[]): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [cairnBin, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const watcher = new PeakWatcher(() => [child.pid ?? 0, ...serverPidList], 50);
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d));
    child.stderr.on('data', (d: Buffer) => (err += d));
    child.on('exit', (code) => {
      watcher.stop();
      if (code !== 0) return reject(new Error(`cairn ${args.join(' ')} exited ${code}: ${err}`));
      const clientPeak = watcher.peaks.get(child.pid ?? 0) ?? 0;
      watcher.peaks.delete(child.pid ?? 0);
      resolve({ seconds: (performance.now() - t0) / 1000, json: JSON.parse(out) as Record<string, number>, clientPeak, serverPeaks: watcher.peaks });
    });
  });
}

async function sameContent(a: string, b: string): Promise<boolean> {
  const digest = async (p: string) => {
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(p, { highWaterMark: 4 * MiB })) hash.update(chunk as Buffer);
    return hash.digest('hex');
  };
  return (await digest(a)) === (await digest(b));
}

/** 32 concurrent callers: durable mkdirs for `seconds`, then stats of what they made. */
async function measureMetadata(env: Record<string, string>, seconds: number) {
  const callers = 32;
  const clients = Array.from({ length: callers }, () => new NamenodeClient({ addresses: [env.CAIRN_NAMENODE ?? ''], token: env.CAIRN_TOKEN ?? '' }));
  await clients[0]?.call('Mkdir', { path: '/home/dev/meta', parents: true });
  const made: string[][] = clients.map(() => []);
  const loop = async (fn: (i: number, n: number) => Promise<void>) => {
    const deadline = performance.now() + seconds * 1000;
    let ops = 0;
    await Promise.all(clients.map(async (_c, i) => {
      for (let n = 0; performance.now() < deadline; n++) {
        await fn(i, n);
        ops += 1;
      }
    }));
    return ops / seconds;
  };
  const mkdirPerSec = await loop(async (i, n) => {
    const path = `/home/dev/meta/c${i}-${n}`;
    await clients[i]?.call('Mkdir', { path, parents: false });
    made[i]?.push(path);
  });
  const statPerSec = await loop(async (i, n) => {
    const own = made[i] ?? [];
    await clients[i]?.call('Stat', { path: own[n % own.length] ?? '/home/dev/meta' });
  });
  for (const c of clients) c.close();
  return { mkdirPerSec, statPerSec };
}

function formatReport(r: {
  size: number; uploadLimit: Awaited<ReturnType<typeof measureUploadLimit>>; cpSeconds: number; put: Timed; get: Timed; same: boolean;
  metadata: { mkdirPerSec: number; statPerSec: number }; clusterPids: number[];
}): string {
  const putMBps = mb(r.size, r.put.seconds);
  const getMBps = mb(r.size, r.get.seconds);
  const cpMBps = mb(r.size, r.cpSeconds);
  const [nnPid, ...dnPids] = r.clusterPids;
  const peak = (m: Map<number, number>, pid: number | undefined) => fmt((m.get(pid ?? 0) ?? 0) / MiB, 0);
  const lines = [
    `# Core benchmark — ${new Date().toISOString()}`,
    '',
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}; file ${fmt(r.size / MiB, 0)} MiB of random bytes; local \`cairn dev\` (1 namenode, 3 datanodes, R=3, fixed 400 KiB blocks).`,
    '',
    '| measure | value | limit (same run) | ratio | target |',
    '|---|---|---|---|---|',
    `| put (\`cairn fs put\`) | ${fmt(putMBps)} MB/s | ${fmt(r.uploadLimit.limitMBps)} MB/s (SHA-256 ${fmt(r.uploadLimit.shaMBps)} MB/s + 3 fdatasync'd copies ${fmt(r.uploadLimit.write3MBps)} MB/s) | ${fmt((100 * putMBps) / r.uploadLimit.limitMBps, 0)} % | ≥ 35 % |`,
    `| get (\`cairn fs get\`) | ${fmt(getMBps)} MB/s | ${fmt(cpMBps)} MB/s (\`cp\`) | ${fmt((100 * getMBps) / cpMBps, 0)} % | ≥ 50 % |`,
    `| durable mkdir, 32 callers | ${fmt(r.metadata.mkdirPerSec, 0)} /s | | | ≥ 3,000 /s |`,
    `| stat, 32 callers | ${fmt(r.metadata.statPerSec, 0)} /s | | | |`,
    '',
    '| peak RSS (MiB) | put | get |',
    '|---|---|---|',
    `| client | ${fmt(r.put.clientPeak / MiB, 0)} | ${fmt(r.get.clientPeak / MiB, 0)} |`,
    `| namenode | ${peak(r.put.serverPeaks, nnPid)} | ${peak(r.get.serverPeaks, nnPid)} |`,
    ...dnPids.map((pid, i) => `| datanode ${i + 1} | ${peak(r.put.serverPeaks, pid)} | ${peak(r.get.serverPeaks, pid)} |`),
    '',
    `put sent ${r.put.json.bytesUploaded} bytes in ${r.put.json.blocks} blocks; get read back ${r.same ? 'identical' : 'DIFFERENT'} bytes.`,
    '(Peak RSS of the servers is their lifetime high-water mark; the target is < 300 MiB for client and datanodes.)',
    '',
  ];
  return lines.join('\n');
}

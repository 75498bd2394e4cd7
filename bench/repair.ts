// Repair benchmark (issue 3). In one run on this machine:
//  (a) the disk write limit: as many bytes as a dead datanode held, written in 4 MiB writes with
//      fdatasync every 64 MiB and at the end;
//  (b) for each deadAfterMs: a local cluster (1 namenode, 4 datanodes, R=3) holding about
//      `--size-mib` per datanode; SIGKILL of the datanode with the most blocks; the time until the
//      namenode declares it dead (t_dead) and until every block has 3 live replicas again (t_full).
//      Re-replication MB/s = the bytes the node held / (t_full − t_dead), next to (a);
//  (c) the block scanner of one datanode, at the configured rate and unthrottled, next to reading
//      and xxh64-hashing the same bytes in one process.
// Clusters are `cairn dev` children with a config file of their own (see DevCluster).
// Options: --size-mib N (1024, per datanode), --dead-ms LIST (30000,2000), --keep (leave the
// temp dir and its logs). Results go to bench/results/repair.md.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, open, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { NamenodeClient } from '../src/client/namenode-client.js';
import { blockBytesFixed, GiB, MiB } from '../src/common/constants.js';
import { readEnvFile } from '../src/common/env-file.js';
import { initHashing, xxh64 } from '../src/common/hashing.js';
import { readServerInfo, type ServerInfo } from '../src/common/server-info.js';
import { cairnBin, runCairn } from '../test/harness/cli-process.js';

const mb = (bytes: number, seconds: number) => bytes / 1e6 / seconds;
const fmt = (n: number, digits = 1) => n.toFixed(digits);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const datanodeCount = 4;
const replication = 3;
const inputFiles = 8;
/** How often the datanode states and the survivors' copy counters are read while a repair runs. */
const pollIntervalMs = 200;
/** fsck of `/` is asked this often while a repair runs (and when the copies look complete). */
const fsckEveryMs = 5000;
/** Copies running and scheduled are sampled every this many polls. */
const loadSampleEvery = 5;
/** A repair not done this long after the node is declared dead is reported as not reached. */
const repairTimeoutMs = 15 * 60_000;
/** The cluster must be fully replicated this soon after the puts. */
const settleTimeoutMs = 120_000;
const startTimeoutMs = 60_000;
const stopTimeoutMs = 15_000;
/** Scanner: rate sampled this often, for this long, at each setting. */
const scanSampleMs = 250;
const scanWindowMs = 8000;
const scanRateConfigured = 20 * MiB;
const scanRateUnthrottled = 10 * GiB;
const targetPercent = 30;
/** The config default: block copies one datanode runs at once. */
const replicationStreamsDefault = 8;

export async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { 'size-mib': { type: 'string' }, 'dead-ms': { type: 'string' }, keep: { type: 'boolean' } } });
  const perNode = Number(values['size-mib'] ?? 1024) * MiB;
  const deadMsList = (values['dead-ms'] ?? '30000,2000').split(',').map(Number);
  if (!(perNode > 0) || deadMsList.some((ms) => !Number.isInteger(ms) || ms < 100)) throw new Error('usage: bench repair [--size-mib N] [--dead-ms MS,MS…] [--keep]');
  const started = performance.now();
  const dir = await mkdtemp(join(tmpdir(), 'cairn-bench-repair-'));
  try {
    const total = Math.ceil((perNode * datanodeCount) / replication / inputFiles) * inputFiles;
    log(`writing ${inputFiles} random files, ${fmt(total / MiB, 0)} MiB in all`);
    const inputs = await makeInputs(dir, total);
    // This disk's fdatasync'd write rate swings by several times from one second to the next: it is
    // measured before the first repair and after each one, and the median is the limit.
    const diskSamples = [await measureDiskWrite(join(dir, 'disk-limit.bin'), perNode)];
    const repairs: RepairResult[] = [];
    for (const deadMs of deadMsList) {
      repairs.push(await measureRepair(join(dir, `cluster-${deadMs}`), deadMs, inputs));
      diskSamples.push(await measureDiskWrite(join(dir, 'disk-limit.bin'), perNode));
    }
    const diskWriteMBps = median(diskSamples);
    const scan = await measureScanner(join(dir, 'cluster-scan'), inputs, perNode);
    const readHashMBps = await measureReadHash(inputs);
    const report = formatReport({ perNode, total, diskWriteMBps, diskSamples, repairs, scan, readHashMBps, seconds: (performance.now() - started) / 1000 });
    process.stdout.write(report);
    await writeFile(new URL('./results/repair.md', import.meta.url), report);
  } finally {
    if (values.keep) log(`kept ${dir}`);
    else await rm(dir, { recursive: true, force: true });
  }
}

function log(line: string): void {
  process.stderr.write(`[repair] ${line}\n`);
}

// ---- limits ----

async function makeInputs(dir: string, total: number): Promise<string[]> {
  const each = total / inputFiles;
  const files: string[] = [];
  for (let i = 0; i < inputFiles; i++) {
    const path = join(dir, `input-${i}.bin`);
    const handle = await open(path, 'w');
    for (let written = 0; written < each; written += 8 * MiB) await handle.write(randomBytes(Math.min(8 * MiB, each - written)));
    await handle.close();
    files.push(path);
  }
  return files;
}

/** `bytes` in 4 MiB writes, fdatasync every 64 MiB and at the end: MB/s. */
async function measureDiskWrite(path: string, bytes: number): Promise<number> {
  const piece = randomBytes(4 * MiB);
  const t0 = performance.now();
  const out = await open(path, 'w');
  let sinceSync = 0;
  for (let written = 0; written < bytes; written += piece.length) {
    const n = Math.min(piece.length, bytes - written);
    await out.write(piece, 0, n);
    sinceSync += n;
    if (sinceSync >= 64 * MiB) {
      await out.datasync();
      sinceSync = 0;
    }
  }
  await out.datasync();
  await out.close();
  const seconds = (performance.now() - t0) / 1000;
  await rm(path);
  log(`disk write: ${fmt(mb(bytes, seconds))} MB/s`);
  return mb(bytes, seconds);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** Reads the files in block-sized pieces and xxh64s each, as the scanner's verified reads do: MB/s. */
async function measureReadHash(files: string[]): Promise<number> {
  await initHashing();
  const buffer = Buffer.alloc(blockBytesFixed);
  let bytes = 0;
  const t0 = performance.now();
  for (const file of files) {
    const handle = await open(file, 'r');
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      xxh64(buffer.subarray(0, bytesRead));
      bytes += bytesRead;
    }
    await handle.close();
  }
  return mb(bytes, (performance.now() - t0) / 1000);
}

// ---- a `cairn dev` cluster ----

type Settings = Record<string, number>;

interface Server {
  name: string;
  info: ServerInfo;
}

/**
 * `cairn dev` on a dir, spawned as startDev does (test/harness/cli-process.ts) but with an
 * environment free of CAIRN_* variables: they would override the config file, and startDev sets
 * the heartbeat timings. The servers are found through their server.json files.
 */
class DevCluster {
  readonly dir: string;
  readonly namenode: Server;
  readonly datanodes: Server[];
  readonly clientEnv: Record<string, string>;
  readonly #supervisor: ChildProcess;
  #admin: NamenodeClient | undefined;

  private constructor(dir: string, supervisor: ChildProcess, servers: Server[]) {
    this.dir = dir;
    this.#supervisor = supervisor;
    this.namenode = servers[0] as Server; // start() lists the namenode first
    this.datanodes = servers.slice(1);
    this.clientEnv = readEnvFile(join(dir, 'client.env'));
  }

  /** Starts `cairn dev` with `settings` as its config file and waits until `datanodes` are live. */
  static async start(dir: string, settings: Settings, datanodes: number, replicationFactor: number): Promise<DevCluster> {
    await mkdir(dir, { recursive: true });
    const config = join(dir, `config-${Date.now()}.json`);
    await writeFile(config, JSON.stringify(settings));
    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('CAIRN_')));
    const args = ['dev', '--data', dir, '--datanodes', String(datanodes), '--replication', String(replicationFactor), '--rpc-port', '0', '--s3-port', '0', '--config', config];
    // The IPC channel makes `cairn dev` stop its cluster if this process dies without cleaning up.
    const supervisor = spawn(process.execPath, [cairnBin, ...args], { env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    let output = '';
    supervisor.stdout?.on('data', (d: Buffer) => (output += d.toString('utf8')));
    supervisor.stderr?.on('data', (d: Buffer) => (output += d.toString('utf8')));
    try {
      await waitUntil('cairn dev to be ready', startTimeoutMs, async () => {
        if (supervisor.exitCode !== null) throw new Error(`cairn dev exited ${supervisor.exitCode}: ${output}`);
        return output.includes('cairn dev cluster ready');
      });
      const names = ['namenode', ...Array.from({ length: datanodes }, (_, i) => `datanode-${i + 1}`)];
      const servers = await Promise.all(names.map(async (name) => ({ name, info: await readServerInfo(join(dir, name)) })));
      const missing = servers.find((s) => s.info === undefined);
      if (missing !== undefined) throw new Error(`${missing.name} has no server.json: ${output}`);
      const cluster = new DevCluster(dir, supervisor, servers as Server[]);
      await waitUntil(`${datanodes} live datanodes`, startTimeoutMs, async () =>
        (await cluster.admin.admin('Datanodes', {})).datanodes.filter((d) => d.state === 'live').length >= datanodes);
      return cluster;
    } catch (err) {
      await stopSupervisor(supervisor);
      throw err;
    }
  }

  get admin(): NamenodeClient {
    this.#admin ??= new NamenodeClient({ addresses: [this.namenode.info.rpcAddress], token: readEnvFile(join(this.dir, 'admin.env')).CAIRN_TOKEN ?? '' });
    return this.#admin;
  }

  /** SIGTERM to `cairn dev`, which stops every server it started; waits for it to exit. */
  async stop(): Promise<void> {
    this.#admin?.close();
    this.#admin = undefined;
    await stopSupervisor(this.#supervisor);
  }
}

async function stopSupervisor(supervisor: ChildProcess): Promise<void> {
  if (supervisor.exitCode === null && supervisor.signalCode === null) {
    const exited = new Promise((r) => supervisor.once('exit', r));
    supervisor.kill('SIGTERM');
    const timer = setTimeout(() => supervisor.kill('SIGKILL'), stopTimeoutMs);
    await exited;
    clearTimeout(timer);
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitUntil(what: string, timeoutMs: number, predicate: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(pollIntervalMs);
  }
}

/** A server's Prometheus text, as `name{labels}` → value. */
async function scrape(server: Server): Promise<Map<string, number>> {
  const text = await (await fetch(`http://${server.info.httpAddress}/metrics`)).text();
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const space = line.lastIndexOf(' ');
    values.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return values;
}

/** Sums a metric over all its label sets and over `servers`. */
async function sumMetric(servers: Server[], name: string): Promise<number> {
  let sum = 0;
  for (const server of servers) {
    for (const [key, value] of await scrape(server)) if (key === name || key.startsWith(`${name}{`)) sum += value;
  }
  return sum;
}

/** One `name{labels}` value of a scrape (0 when absent: a counter not yet incremented). */
function metric(values: Map<string, number>, key: string): number {
  return values.get(key) ?? 0;
}

// ---- (b) repair after SIGKILL ----

interface RepairCounters {
  copiedBytes: number;
  copiesDone: number;
  copiesFailed: number;
  scanBytes: number;
  copiesScheduled: number;
  copiesTimedOut: number;
  /** Block writes the survivors served (the copies' receiving end) and the seconds they took. */
  writes: number;
  writeSeconds: number;
}

interface RepairResult {
  settings: Settings;
  deadMs: number;
  putSeconds: number;
  blocks: number;
  victim: { name: string; blocks: number; liveBytes: number };
  /** Seconds from the SIGKILL; tFull undefined when the repair did not finish in time. */
  tDead: number;
  tFull: number | undefined;
  /** Seconds after tDead until fsck first showed fewer under-replicated blocks. */
  firstProgress: number | undefined;
  underAtDead: number;
  timeline: Array<{ t: number; under: number }>;
  counters: RepairCounters;
  /** Survivors the namenode saw other than live while the repair ran, with when. */
  lapses: string[];
  /** Sampled about once a second between t_dead and t_full. */
  load: LoadSample[];
  /** CPU seconds used between t_dead and the end of the watch, and the fsck calls' mean latency. */
  cpu: CpuSplit;
  fsckMs: number;
}

interface CpuSplit {
  namenode: number;
  datanodes: number;
  /** The part of `datanodes` spent in the kernel (loopback TCP, page cache copies, fdatasync). */
  datanodesKernel: number;
  bench: number;
}

interface LoadSample {
  /** Copies running on the survivors (as sources), at most replicationStreamsMax each. */
  running: number;
  /** Copies the namenode has scheduled and not yet heard are done; blocks in its queue. */
  pending: number;
  queued: number;
}

/** Defaults, unless deadAfterMs forces them down: at least 4 heartbeats and 2 stale periods per dead period. */
function timingsFor(deadMs: number): Settings {
  return { deadAfterMs: deadMs, heartbeatIntervalMs: Math.min(3000, Math.floor(deadMs / 4)), staleAfterMs: Math.min(9000, Math.floor(deadMs / 2)) };
}

async function measureRepair(dir: string, deadMs: number, inputs: string[]): Promise<RepairResult> {
  const settings = timingsFor(deadMs);
  log(`deadAfterMs ${deadMs}: cairn dev with ${datanodeCount} datanodes (${JSON.stringify(settings)})`);
  const cluster = await DevCluster.start(dir, settings, datanodeCount, replication);
  try {
    const putSeconds = await putInputs(cluster, inputs);
    const blocks = await waitReplicated(cluster);
    const nodes = (await cluster.admin.admin('Datanodes', {})).datanodes;
    const top = [...nodes].sort((a, b) => b.blocks - a.blocks)[0];
    const victim = cluster.datanodes.find((s) => s.info.rpcAddress === top?.address);
    if (top === undefined || victim === undefined) throw new Error(`no datanode to kill among ${JSON.stringify(nodes)}`);
    const survivors = cluster.datanodes.filter((s) => s !== victim);
    const liveBytes = metric(await scrape(victim), 'cairn_datanode_live_bytes');
    const before = await repairCounters(cluster, survivors);
    log(`killing ${victim.name} (pid ${victim.info.pid}): ${top.blocks} blocks, ${fmt(liveBytes / MiB)} MiB`);
    const t0 = performance.now();
    process.kill(victim.info.pid, 'SIGKILL');
    await waitUntil(`${victim.name} to exit`, stopTimeoutMs, async () => !isRunning(victim.info.pid));
    const watched = await watchRepair(cluster, victim, survivors, t0, deadMs, before.copiesDone);
    const after = await repairCounters(cluster, survivors);
    const counters = Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v - before[k as keyof RepairCounters]])) as unknown as RepairCounters;
    return { settings, deadMs, putSeconds, blocks, victim: { name: victim.name, blocks: top.blocks, liveBytes }, ...watched, counters };
  } finally {
    await cluster.stop();
  }
}

async function putInputs(cluster: DevCluster, inputs: string[]): Promise<number> {
  const t0 = performance.now();
  for (const [i, file] of inputs.entries()) {
    const put = await runCairn(['fs', 'put', file, `repair-${i}.bin`], cluster.clientEnv);
    if (put.code !== 0) throw new Error(`cairn fs put ${file} exited ${put.code}: ${put.stderr}`);
  }
  const seconds = (performance.now() - t0) / 1000;
  log(`put ${inputs.length} files in ${fmt(seconds)} s`);
  return seconds;
}

/** Waits until every block has exactly R live replicas and every datanode's heartbeat counts them; returns the block count. */
async function waitReplicated(cluster: DevCluster): Promise<number> {
  let blocks = 0;
  await waitUntil('a fully replicated cluster', settleTimeoutMs, async () => {
    const fsck = await cluster.admin.admin('Fsck', { path: '/', files: false, blocks: false });
    const nodes = (await cluster.admin.admin('Datanodes', {})).datanodes;
    blocks = fsck.blocks;
    const held = nodes.reduce((n, d) => n + d.blocks, 0);
    return fsck.status === 'HEALTHY' && fsck.underReplicated === 0 && fsck.overReplicated === 0 && fsck.missing === 0
      && nodes.filter((d) => d.state === 'live').length === datanodeCount && held === replication * fsck.blocks;
  });
  return blocks;
}

async function repairCounters(cluster: DevCluster, survivors: Server[]): Promise<RepairCounters> {
  const counters: RepairCounters = { copiedBytes: 0, copiesDone: 0, copiesFailed: 0, scanBytes: 0, copiesScheduled: 0, copiesTimedOut: 0, writes: 0, writeSeconds: 0 };
  for (const server of survivors) {
    const m = await scrape(server);
    counters.copiedBytes += metric(m, 'cairn_datanode_replication_bytes_total');
    counters.copiesDone += metric(m, 'cairn_datanode_replication_copies_total{outcome="done"}');
    counters.copiesFailed += metric(m, 'cairn_datanode_replication_copies_total{outcome="failed"}');
    counters.scanBytes += metric(m, 'cairn_datanode_scan_bytes_total');
    counters.writes += metric(m, 'cairn_datanode_request_duration_seconds_count{method="PUT",outcome="OK"}');
    counters.writeSeconds += metric(m, 'cairn_datanode_request_duration_seconds_sum{method="PUT",outcome="OK"}');
  }
  const nn = await scrape(cluster.namenode);
  counters.copiesScheduled = metric(nn, 'cairn_replication_copies_scheduled_total');
  counters.copiesTimedOut = metric(nn, 'cairn_replication_copies_timed_out_total');
  return counters;
}

/**
 * Watches from the SIGKILL: the datanode states (a cheap in-memory list) every poll, until the node
 * is dead; then the survivors' copy counters every poll, and fsck of `/` — which walks the whole
 * block map and costs the namenode a few hundred ms — every `fsckEveryMs`, and at once whenever
 * the survivors have made as many copies as there were blocks to repair. t_full is when the fsck
 * that first shows nothing under-replicated or missing was asked.
 */
async function watchRepair(cluster: DevCluster, victim: Server, survivors: Server[], t0: number, deadMs: number, doneBefore: number) {
  const w = {
    timeline: [] as Array<{ t: number; under: number }>, lapses: new Map<string, string>(), load: [] as LoadSample[],
    fsckCalls: 0, fsckSeconds: 0, nextFsck: 0, nextLog: 0, polls: 0,
    tDead: undefined as number | undefined, tFull: undefined as number | undefined, firstProgress: undefined as number | undefined,
    underAtDead: undefined as number | undefined, cpuAtDead: undefined as CpuSplit | undefined,
  };
  const elapsed = () => (performance.now() - t0) / 1000;
  while (w.tFull === undefined && elapsed() * 1000 <= deadMs + repairTimeoutMs) {
    const t = elapsed();
    const nodes = (await cluster.admin.admin('Datanodes', {})).datanodes;
    for (const node of nodes) {
      const survivor = survivors.find((s) => s.info.rpcAddress === node.address);
      const key = `${survivor?.name} ${node.state}`;
      if (survivor !== undefined && node.state !== 'live' && !w.lapses.has(key)) w.lapses.set(key, `${key} at +${fmt(t)} s`);
    }
    if (w.tDead === undefined && nodes.find((d) => d.address === victim.info.rpcAddress)?.state === 'dead') {
      w.tDead = t;
      w.cpuAtDead = await cpuSplit(cluster, survivors);
    }
    if (w.tDead !== undefined) {
      const done = (await sumMetric(survivors, 'cairn_datanode_replication_copies_total{outcome="done"}')) - doneBefore;
      if (done > 0) w.firstProgress ??= t - w.tDead;
      if (w.polls++ % loadSampleEvery === 0) w.load.push(await sampleLoad(cluster, survivors));
      if (w.underAtDead === undefined || done >= w.underAtDead || t >= w.nextFsck) {
        const asked = performance.now();
        const fsck = await cluster.admin.admin('Fsck', { path: '/', files: false, blocks: false });
        w.fsckCalls += 1;
        w.fsckSeconds += (performance.now() - asked) / 1000;
        w.timeline.push({ t, under: fsck.underReplicated });
        w.underAtDead ??= fsck.underReplicated;
        w.nextFsck = t + fsckEveryMs / 1000;
        if (fsck.status === 'HEALTHY' && fsck.underReplicated === 0 && fsck.missing === 0) w.tFull = t;
      }
    }
    if (t >= w.nextLog) {
      const under = w.timeline[w.timeline.length - 1]?.under;
      log(`+${fmt(t)} s: ${victim.name} ${w.tDead === undefined ? 'not dead yet' : `dead, under-replicated ${under} (fsck at +${fmt(w.timeline[w.timeline.length - 1]?.t ?? 0)} s)`}`);
      w.nextLog = t + 5;
    }
    if (w.tFull === undefined) await sleep(pollIntervalMs);
  }
  if (w.tDead === undefined || w.cpuAtDead === undefined) throw new Error(`${victim.name} was never declared dead`);
  const cpuAtEnd = await cpuSplit(cluster, survivors);
  const cpu = {
    namenode: cpuAtEnd.namenode - w.cpuAtDead.namenode, datanodes: cpuAtEnd.datanodes - w.cpuAtDead.datanodes,
    datanodesKernel: cpuAtEnd.datanodesKernel - w.cpuAtDead.datanodesKernel, bench: cpuAtEnd.bench - w.cpuAtDead.bench,
  };
  log(`${victim.name} dead at +${fmt(w.tDead)} s; fully replicated ${w.tFull === undefined ? 'NOT reached' : `at +${fmt(w.tFull)} s`}`);
  return {
    tDead: w.tDead, tFull: w.tFull, firstProgress: w.firstProgress, underAtDead: w.underAtDead ?? 0, timeline: w.timeline, lapses: [...w.lapses.values()],
    load: w.load, cpu, fsckMs: (1000 * w.fsckSeconds) / Math.max(1, w.fsckCalls),
  };
}

/** Linux reports process CPU time in clock ticks of this length (USER_HZ). */
const clockTicksPerSec = 100;

/** CPU seconds of a process (all its threads), in user space and in the kernel. */
async function cpuTimes(pid: number): Promise<{ user: number; kernel: number }> {
  const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]?.split(' ') ?? [];
  return { user: Number(fields[11]) / clockTicksPerSec, kernel: Number(fields[12]) / clockTicksPerSec };
}

async function cpuSplit(cluster: DevCluster, survivors: Server[]): Promise<CpuSplit> {
  let datanodes = 0;
  let datanodesKernel = 0;
  for (const server of survivors) {
    const { user, kernel } = await cpuTimes(server.info.pid);
    datanodes += user + kernel;
    datanodesKernel += kernel;
  }
  const own = process.cpuUsage();
  const namenode = await cpuTimes(cluster.namenode.info.pid);
  return { namenode: namenode.user + namenode.kernel, datanodes, datanodesKernel, bench: (own.user + own.system) / 1e6 };
}

async function sampleLoad(cluster: DevCluster, survivors: Server[]): Promise<LoadSample> {
  const nn = await scrape(cluster.namenode);
  const running = await sumMetric(survivors, 'cairn_datanode_active_replications');
  return { running, pending: metric(nn, 'cairn_replication_pending_copies'), queued: metric(nn, 'cairn_replication_queue') };
}

// ---- (c) the block scanner ----

interface ScanResult {
  rateBytesPerSec: number;
  mbps: number;
  /** Seconds of the window spent inside a pass (the rate's denominator). */
  seconds: number;
  passes: number;
}

interface ScanMeasure {
  nodeBytes: number;
  throttled: ScanResult;
  unthrottled: ScanResult;
}

/**
 * A cluster of its own (1 datanode, R=1) holding what one datanode held above; the datanode is
 * started once per rate. Not the repair cluster restarted: its namenode would count the killed
 * node's replicas again until that node is declared dead a second time (see the report).
 */
async function measureScanner(dir: string, inputs: string[], bytesWanted: number): Promise<ScanMeasure> {
  const files = inputs.slice(0, Math.max(1, Math.ceil(bytesWanted / (inputs.length === 0 ? 1 : (await stat(inputs[0] ?? '')).size))));
  const results: ScanResult[] = [];
  let nodeBytes = 0;
  for (const rate of [scanRateConfigured, scanRateUnthrottled]) {
    // The second start is a restart on the same dir: the data stays.
    const cluster = await DevCluster.start(dir, { scanIntervalMs: 1000, scanBytesPerSec: rate }, 1, 1);
    try {
      const node = cluster.datanodes[0] as Server; // started with one datanode
      if (results.length === 0) await putInputs(cluster, files);
      nodeBytes = metric(await scrape(node), 'cairn_datanode_live_bytes');
      log(`scanner on a datanode holding ${fmt(nodeBytes / MiB, 0)} MiB at ${fmt(rate / MiB, 0)} MiB/s`);
      results.push({ rateBytesPerSec: rate, ...(await sampleScanner(node)) });
      log(`  ${fmt(results[results.length - 1]?.mbps ?? 0)} MB/s`);
    } finally {
      await cluster.stop();
    }
  }
  const [throttled, unthrottled] = results as [ScanResult, ScanResult];
  return { nodeBytes, throttled, unthrottled };
}

/** Scanner MB/s over the parts of a window spent inside a pass (a pass that ends or starts within a sample interval is left out). */
async function sampleScanner(node: Server): Promise<Omit<ScanResult, 'rateBytesPerSec'>> {
  const sample = async () => {
    const m = await scrape(node);
    return {
      t: performance.now() / 1000, total: metric(m, 'cairn_datanode_scan_bytes_total'),
      passes: metric(m, 'cairn_datanode_scan_passes_total'), pass: metric(m, 'cairn_datanode_scan_pass_bytes'),
    };
  };
  await waitUntil('the scanner to start', startTimeoutMs, async () => (await sample()).total > 0);
  const samples = [await sample()];
  const end = performance.now() + scanWindowMs;
  while (performance.now() < end) {
    await sleep(scanSampleMs);
    samples.push(await sample());
  }
  let bytes = 0;
  let seconds = 0;
  for (let i = 1; i < samples.length; i++) {
    const a = samples[i - 1];
    const b = samples[i];
    if (a === undefined || b === undefined || b.passes !== a.passes || b.pass <= a.pass) continue;
    bytes += b.total - a.total;
    seconds += b.t - a.t;
  }
  const first = samples[0];
  const lastSample = samples[samples.length - 1];
  return { mbps: seconds === 0 ? 0 : mb(bytes, seconds), seconds, passes: (lastSample?.passes ?? 0) - (first?.passes ?? 0) };
}

// ---- report ----

interface ReportInput {
  perNode: number;
  total: number;
  diskWriteMBps: number;
  diskSamples: number[];
  repairs: RepairResult[];
  scan: ScanMeasure | undefined;
  readHashMBps: number;
  seconds: number;
}

/** Under-replicated blocks at about `points` evenly spaced moments from the death to the end. */
function timelineLine(r: RepairResult, points = 8): string {
  const end = r.timeline[r.timeline.length - 1];
  if (end === undefined) return '';
  const span = end.t - r.tDead;
  const picked = Array.from({ length: points + 1 }, (_, i) => r.timeline.find((p) => p.t >= r.tDead + (span * i) / points) ?? end);
  return [...new Set(picked)].map((p) => `+${fmt(p.t - r.tDead)} s: ${p.under}`).join(', ');
}

function repairRow(r: RepairResult, diskWriteMBps: number): string {
  const timing = `${r.deadMs} (${r.settings.heartbeatIntervalMs} / ${r.settings.staleAfterMs})`;
  const held = `${r.victim.blocks} blocks, ${fmt(r.victim.liveBytes / MiB, 0)} MiB`;
  if (r.tFull === undefined) return `| ${timing} | ${held} | ${fmt(r.tDead)} s | not reached in ${fmt(repairTimeoutMs / 1000, 0)} s | | | | FAIL |`;
  const repairSeconds = r.tFull - r.tDead;
  const rate = mb(r.victim.liveBytes, repairSeconds);
  const percent = (100 * rate) / diskWriteMBps;
  return `| ${timing} | ${held} | ${fmt(r.tDead)} s | ${fmt(r.tFull)} s | ${fmt(repairSeconds)} s | ${fmt(rate)} MB/s | ${fmt(percent, 0)} % | ${percent >= targetPercent ? 'pass' : 'FAIL'} |`;
}

function detailRow(r: RepairResult): string {
  const c = r.counters;
  const mean = (xs: number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);
  const running = r.load.map((x) => x.running);
  const streams = (datanodeCount - 1) * replicationStreamsDefault;
  return `| ${r.deadMs} | ${r.blocks} | ${fmt(r.putSeconds)} s | ${r.underAtDead} | ${r.firstProgress === undefined ? '–' : `${fmt(r.firstProgress)} s`} | `
    + `${c.copiesScheduled} / ${c.copiesDone} / ${c.copiesFailed} / ${c.copiesTimedOut} | ${fmt(c.copiedBytes / MiB, 0)} MiB | `
    + `${fmt(mean(running))} / ${Math.max(0, ...running)} of ${streams} | ${fmt(mean(r.load.map((x) => x.pending)), 0)} | `
    + `${c.writes === 0 ? '–' : `${fmt((1000 * c.writeSeconds) / c.writes)} ms`} | ${fmt(c.scanBytes / MiB, 0)} MiB | ${r.lapses.length === 0 ? 'none' : r.lapses.join('; ')} |`;
}

function cpuLine(r: RepairResult, cores: number): string {
  const wall = (r.tFull ?? 0) - r.tDead;
  const c = r.cpu;
  return `CPU from t_dead to t_full (deadAfterMs ${r.deadMs}, ${fmt(wall)} s × ${cores} cores = ${fmt(wall * cores)} core-seconds): namenode ${fmt(c.namenode)} s, `
    + `${datanodeCount - 1} surviving datanodes ${fmt(c.datanodes)} s (${fmt(c.datanodesKernel)} s of it in the kernel), this bench ${fmt(c.bench)} s (its fsck of / took ${fmt(r.fsckMs, 0)} ms on average).`;
}

function formatReport(r: ReportInput): string {
  const cpu = cpus();
  const scanRate = (x: ScanResult) => (x.seconds === 0 ? 'n/a (every pass shorter than a sample interval)' : `${fmt(x.mbps)} MB/s`);
  const scanRatio = (x: ScanResult, limitMBps: number) => (x.seconds === 0 ? '' : `${fmt((100 * x.mbps) / limitMBps, 0)} %`);
  const scanLines = r.scan === undefined ? [] : [
    `| scanner at the configured rate (${fmt(r.scan.throttled.rateBytesPerSec / MiB, 0)} MiB/s = ${fmt(r.scan.throttled.rateBytesPerSec / 1e6)} MB/s) `
      + `| ${scanRate(r.scan.throttled)} | ${fmt(r.scan.throttled.rateBytesPerSec / 1e6)} MB/s (configured) | ${scanRatio(r.scan.throttled, r.scan.throttled.rateBytesPerSec / 1e6)} |`,
    `| scanner unthrottled (scanBytesPerSec ${fmt(r.scan.unthrottled.rateBytesPerSec / GiB, 0)} GiB/s) | ${scanRate(r.scan.unthrottled)} `
      + `| ${fmt(r.readHashMBps)} MB/s (read + xxh64 in 400 KiB pieces, one process) | ${scanRatio(r.scan.unthrottled, r.readHashMBps)} |`,
  ];
  const lines = [
    `# Repair benchmark — ${new Date().toISOString()}`,
    '',
    `Machine: ${cpu.length} × ${cpu[0]?.model ?? 'cpu'}, ${fmt(totalmem() / GiB, 0)} GiB RAM, one disk; everything below (namenode, ${datanodeCount} datanodes, `
      + 'the bench polling the namenode every 200 ms) shares those cores and that disk.',
    `Cluster: \`cairn dev --datanodes ${datanodeCount}\` (1 namenode + ${datanodeCount} datanodes, each its own process), R=${replication}, fixed 400 KiB blocks; ${inputFiles} files of random bytes, `
      + `${fmt(r.total / MiB, 0)} MiB in all (≈ ${fmt(r.perNode / MiB, 0)} MiB per datanode). Default config except the timings shown `
      + '(replicationTickMs 1000, replicationStreamsMax 8; the scanner at its defaults — 20 MiB/s, first pass 60 s after start — runs during the repairs).',
    '',
    `Disk write limit (same run): ${fmt(r.perNode / MiB, 0)} MiB in 4 MiB writes, fdatasync every 64 MiB and at the end: **${fmt(r.diskWriteMBps)} MB/s** `
      + `(median of ${r.diskSamples.length}, before the first repair and after each: ${r.diskSamples.map((x) => fmt(x, 0)).join(', ')} MB/s).`,
    '',
    '| deadAfterMs (heartbeat / stale ms) | killed datanode held | t_dead | t_full | re-replication (t_full − t_dead) | MB/s | of disk write limit | target ≥ 30 % |',
    '|---|---|---|---|---|---|---|---|',
    ...r.repairs.map((x) => repairRow(x, r.diskWriteMBps)),
    '',
    't_dead: seconds from the SIGKILL until `admin datanodes` shows the node `dead` (asked every 200 ms). t_full: until fsck of `/` shows no '
      + 'under-replicated and no missing block (asked every 5 s — it walks the whole block map — and at once when the survivors\' copy counters, '
      + 'read every 200 ms, reach the number of blocks to repair). MB/s: the payload bytes the killed node held / (t_full − t_dead).',
    '',
    '| deadAfterMs | blocks | put | under-replicated at t_dead | first repair seen after t_dead | copies scheduled / done / failed / timed out | bytes copied '
      + '| copies running on the sources (mean / max) | copies pending at the namenode (mean) | block write on the receiver (mean) | scanner read (kill → t_full) | survivors not live |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...r.repairs.map(detailRow),
    '',
    ...r.repairs.map((x) => `Under-replicated blocks after t_dead (deadAfterMs ${x.deadMs}): ${timelineLine(x)}.`),
    '',
    ...r.repairs.filter((x) => x.tFull !== undefined).map((x) => cpuLine(x, cpu.length)),
    '',
    '| scanner (one datanode) | MB/s | limit (same run) | ratio |',
    '|---|---|---|---|',
    ...scanLines,
    '',
    r.scan === undefined ? '' : `Scanner: a cluster of its own (\`cairn dev --datanodes 1 --replication 1\`, restarted for the second rate), the datanode holding ${fmt(r.scan.nodeBytes / MiB, 0)} MiB; scanIntervalMs 1000; rate over the `
      + `${fmt(r.scan.throttled.seconds)} s / ${fmt(r.scan.unthrottled.seconds)} s of an ${fmt(scanWindowMs / 1000, 0)} s window spent inside a pass `
      + `(${r.scan.throttled.passes} / ${r.scan.unthrottled.passes} passes completed in it). Both sides read from the page cache.`,
    `The whole benchmark took ${fmt(r.seconds, 0)} s.`,
    '',
  ];
  return lines.join('\n');
}

// HA benchmark (issue 6): `npm run bench -- ha [--runs 10] [--seconds 5] [--callers 32]`.
//
//  1. Failover time: three `cairn namenode` processes with a real ZooKeeper (2 s sessions); one
//     writer (a NamenodeClient with all three addresses) does durable Mkdir in a loop; the active
//     is SIGKILLed; the time from the kill to the first Mkdir *sent after the kill* that is
//     acknowledged (only a live active can acknowledge it). Broken down with the bench's own
//     ZooKeeper watches: the killed namenode's session expiring (its ephemeral znodes go), the
//     new epoch taken, the `active` znode written (promises, catch-up and promotion done), the
//     first Mkdir acknowledged to a probe that asks each survivor directly every few ms (the
//     earliest any client could have had an answer), and the writer's own. The killed namenode is
//     restarted after each run and rejoins as a standby; the next run waits until it caught up.
//  2. Durable mkdir ops/s with N callers (bench/metadata.ts's caller processes) against a single
//     namenode process (no zk) and against the HA group, in the same run.
//  3. The machine's limits in the same run: fdatasync'd 4 KiB writes per second in the temp dir
//     (where every namenode keeps its data), and a loopback gRPC round trip (the real servers'
//     gRPC setup, an empty echo method).
// Results go to bench/results/ha.md.
import * as grpc from '@grpc/grpc-js';
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { NamenodeClient } from '../src/client/namenode-client.js';
import { zkPaths } from '../src/common/discovery.js';
import { channelOptions, insecure, startGrpcServer, stopGrpcServer } from '../src/common/grpc.js';
import { ZkSession } from '../src/common/zookeeper.js';
import { HaProcesses } from '../test/harness/ha-processes.js';
import { waitFor } from '../test/harness/wait-for.js';
import { describe, phase, prepareUser, startNamenode, startWorker, stopChild, type PhaseResult, type Worker } from './metadata.js';

/** ZooKeeper session timeout of the namenodes, as the benchmark asks. */
const sessionTimeoutMs = 2000;
/** The ZooKeeper root HaProcesses gives the group. */
const zkRoot = '/cairn';
/** Acknowledged writes the writer makes before each kill, so the kill lands mid-stream. */
const writesBeforeKill = 20;
/** Pause of the bench's writer after a failed Mkdir (the client's own retries come first). */
const writerPauseMs = 10;
/** Pause of the probe between rounds over the surviving namenodes. */
const probePauseMs = 5;
/** Bound on one failover (kill → writer's first acknowledged Mkdir). */
const failoverTimeoutMs = 30_000;
/** Bound on a restarted namenode rejoining and catching up. */
const catchUpTimeoutMs = 60_000;
/** Length of each machine-limit measurement. */
const limitSeconds = 2;
const smallWriteBytes = 4096;
const rpcCallers = 32;

interface Options { runs: number; seconds: number; callers: number }

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({ args: argv, options: { runs: { type: 'string' }, seconds: { type: 'string' }, callers: { type: 'string' } } });
  const options = { runs: Number(values.runs ?? 10), seconds: Number(values.seconds ?? 5), callers: Number(values.callers ?? 32) };
  if (!(Number.isInteger(options.runs) && options.runs >= 1 && options.seconds > 0 && Number.isInteger(options.callers) && options.callers >= 1)) {
    throw new Error('need --runs ≥ 1, --seconds > 0, --callers ≥ 1');
  }
  return options;
}

export async function run(argv: string[]): Promise<void> {
  const options = parseOptions(argv);
  const loadBefore = loadavg();
  const limits = { fsyncPerSec: await fsyncedWritesPerSec(), rpc: await grpcRoundTrip() };
  const single = await singleThroughput(options);
  const group = await HaProcesses.start({ zkSessionTimeoutMs: sessionTimeoutMs });
  let ha: PhaseResult;
  const runs: FailoverRun[] = [];
  try {
    const token = await prepareUser(group.addresses, group.adminToken);
    ha = await mkdirPhase(group.addresses, token, options, () => group.processes.map((p) => p?.pid ?? 0));
    const writer = new NamenodeClient({ addresses: group.addresses, token });
    const zk = await ZkSession.connect(group.zk.connect, { sessionTimeoutMs: 10_000, connectTimeoutMs: 10_000 });
    try {
      for (let r = 0; r < options.runs; r++) {
        runs.push(await failoverRun(group, zk, writer, token, r));
        process.stderr.write(`failover run ${r + 1}/${options.runs}: ${(runs.at(-1)?.writerMs ?? 0).toFixed(0)} ms\n`);
      }
    } finally {
      zk.close();
      writer.close();
    }
  } finally {
    await group.stop();
  }
  const report = formatReport({ options, limits, single, ha, runs, loadBefore, loadAfter: loadavg() });
  process.stdout.write(report);
  await writeFile(new URL('./results/ha.md', import.meta.url), report);
}

// ---------------------------------------------------------------------------------------------
// Throughput: durable mkdir with N callers, single namenode and HA group.

async function mkdirPhase(addresses: string[], token: string, options: Options, pids: () => number[]): Promise<PhaseResult> {
  const worker = startWorker({ addresses, token, callers: options.callers, procIndex: 0 }, undefined);
  try {
    await worker.next();
    return await phase([worker], pids(), 'mkdir', options.seconds);
  } finally {
    await stopWorker(worker);
  }
}

function stopWorker(w: Worker): Promise<void> {
  return stopChild(w.child, () => w.child.disconnect());
}

async function singleThroughput(options: Options): Promise<PhaseResult> {
  const dir = await mkdtemp(join(tmpdir(), 'cairn-bench-ha-single-'));
  const nn = await startNamenode(dir, { prof: undefined, via: 'cairn' });
  try {
    const token = await prepareUser([nn.address], nn.adminToken);
    return await mkdirPhase([nn.address], token, options, () => [nn.child.pid ?? 0]);
  } finally {
    await stopChild(nn.child, () => nn.child.kill('SIGTERM'));
    await rm(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Failover: one run.

interface FailoverRun {
  /** Milliseconds after the kill: the killed namenode's ephemeral znode gone (session expired). */
  expiredMs: number;
  /** … a new epoch taken. */
  epochMs: number;
  /** … the new `active` znode written (promises gathered, journal caught up, services promoted). */
  activeMs: number;
  /** … the probe's first acknowledged Mkdir. */
  probeMs: number;
  /** … the writer's first acknowledged Mkdir sent after the kill. */
  writerMs: number;
  /** Mkdir calls of the writer that failed meanwhile. */
  writerErrors: number;
  /** From the restart of the killed namenode until it caught up as a standby. */
  rejoinMs: number;
}

/** When each event was first seen; read as milliseconds after the kill. */
class Marks {
  readonly at = new Map<string, number>();
  killedAt = Number.NaN;
  mark(name: string): void {
    if (!this.at.has(name)) this.at.set(name, performance.now());
  }
  get(name: string): number {
    return (this.at.get(name) ?? Number.NaN) - this.killedAt;
  }
}

async function failoverRun(group: HaProcesses, zk: ZkSession, writer: NamenodeClient, token: string, r: number): Promise<FailoverRun> {
  const active = await group.activeIndex();
  const killedAddress = group.addresses[active] as string;
  const paths = zkPaths(zkRoot);

  let stop = false;
  let acked = 0;
  let kill: Marks | undefined;
  let writerErrors = 0;
  const writing = (async () => {
    for (let n = 0; !stop; n++) {
      const sentAfterKill = kill;
      try {
        await writer.call('Mkdir', { path: `/home/dev/ha/r${r}-${n}`, parents: true });
        acked += 1;
        if (sentAfterKill) {
          sentAfterKill.mark('writer');
          stop = true;
        }
      } catch {
        if (kill) writerErrors += 1;
        await pause(writerPauseMs);
      }
    }
  })();
  await waitFor(() => acked >= writesBeforeKill, 10_000);

  // Watches armed before the kill; each records the first time it fires.
  const marks = new Marks();
  await zk.exists(`${paths.namenodes}/${killedAddress}`, () => marks.mark('expired'));
  await zk.get(paths.epoch, () => marks.mark('epoch'));
  const onActive = (): void => {
    void zk.exists(paths.active, onActive).then(async (present) => {
      const node = present ? await zk.get(paths.active) : undefined;
      const parsed = node ? (JSON.parse(node.data.toString('utf8')) as { address: string }) : undefined;
      if (parsed !== undefined && parsed.address !== killedAddress) marks.mark('active');
    });
  };
  await zk.get(paths.active, onActive);
  marks.killedAt = performance.now();
  const killing = group.kill(active); // sends SIGKILL before its first await
  kill = marks;

  const survivors = group.addresses.filter((_, i) => i !== active).map((address) => new NamenodeClient({ addresses: [address], token }));
  const probing = (async () => {
    for (let n = 0; !marks.at.has('probe') && performance.now() - marks.killedAt < failoverTimeoutMs; n++) {
      await Promise.all(survivors.map((c, i) => c.call('Mkdir', { path: `/home/dev/ha/probe-r${r}-${n}-${i}`, parents: true }).then(() => marks.mark('probe'), () => undefined)));
      await pause(probePauseMs);
    }
  })();
  const timer = setTimeout(() => (stop = true), failoverTimeoutMs);
  await writing;
  clearTimeout(timer);
  await probing;
  for (const c of survivors) c.close();
  await killing;
  if (!marks.at.has('writer')) throw new Error(`failover run ${r + 1}: no write acknowledged within ${failoverTimeoutMs} ms of the kill`);

  const restarted = performance.now();
  group.startNamenode(active);
  await waitForCaughtUp(group);
  return {
    expiredMs: marks.get('expired'), epochMs: marks.get('epoch'), activeMs: marks.get('active'), probeMs: marks.get('probe'), writerMs: marks.get('writer'),
    writerErrors, rejoinMs: performance.now() - restarted,
  };
}

/** Until every namenode of the group is up, one active, and every standby at the active's last txid. */
async function waitForCaughtUp(group: HaProcesses): Promise<void> {
  const activeIndex = await group.activeIndex();
  const client = group.client([group.addresses[activeIndex] as string]);
  await waitFor(async () => {
    const status = await client.admin('HaStatus', {}).catch(() => undefined);
    if (status === undefined) return false;
    const active = status.namenodes.find((n) => n.role === 'active');
    return group.addresses.every((address) => {
      const n = status.namenodes.find((s) => s.address === address);
      return n !== undefined && (n.role === 'active' || n.role === 'standby') && String(n.lastTxid) === String(active?.lastTxid);
    });
  }, catchUpTimeoutMs);
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// ---------------------------------------------------------------------------------------------
// The machine's limits.

/** 4 KiB writes, each followed by fdatasync, for `limitSeconds`, in the temp dir: per second. */
async function fsyncedWritesPerSec(): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), 'cairn-bench-ha-fsync-'));
  const file = await open(join(dir, 'probe'), 'w');
  try {
    const buf = Buffer.alloc(smallWriteBytes, 7);
    const start = performance.now();
    let n = 0;
    for (; performance.now() - start < limitSeconds * 1000; n++) {
      await file.write(buf, 0, buf.length, (n % 256) * smallWriteBytes);
      await file.datasync();
    }
    return (n * 1000) / (performance.now() - start);
  } finally {
    await file.close();
    await rm(dir, { recursive: true, force: true });
  }
}

interface RpcLimit { medianUs: number; concurrentPerSec: number }

/** An empty unary call over loopback gRPC (the servers' own setup): median round trip of one caller, and calls/s with `rpcCallers` at once. */
async function grpcRoundTrip(): Promise<RpcLimit> {
  const identity = (b: Buffer): Buffer => b;
  const definition: grpc.ServiceDefinition = {
    Ping: { path: '/bench.Echo/Ping', requestStream: false, responseStream: false, requestSerialize: identity, requestDeserialize: identity, responseSerialize: identity, responseDeserialize: identity },
  };
  const handlers: grpc.UntypedServiceImplementation = { Ping: (call: grpc.ServerUnaryCall<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>) => callback(null, call.request) };
  const bound = await startGrpcServer('127.0.0.1', 0, [{ definition, handlers }]);
  const Echo = grpc.makeGenericClientConstructor(definition, 'Echo');
  const client = new Echo(bound.address, insecure, channelOptions);
  const ping = () => new Promise<void>((resolve, reject) => {
    client.makeUnaryRequest('/bench.Echo/Ping', identity, identity, Buffer.alloc(16), (err) => (err ? reject(err) : resolve()));
  });
  try {
    for (let i = 0; i < 200; i++) await ping(); // connect and warm up
    const samples: number[] = [];
    let start = performance.now();
    while (performance.now() - start < limitSeconds * 500) {
      const t = performance.now();
      await ping();
      samples.push((performance.now() - t) * 1000);
    }
    let calls = 0;
    start = performance.now();
    await Promise.all(Array.from({ length: rpcCallers }, async () => {
      while (performance.now() - start < limitSeconds * 500) ((await ping()), (calls += 1));
    }));
    return { medianUs: median(samples), concurrentPerSec: (calls * 1000) / (performance.now() - start) };
  } finally {
    client.close();
    await stopGrpcServer(bound.server);
  }
}

// ---------------------------------------------------------------------------------------------
// Report.

function median(xs: number[]): number {
  const s = [...xs].filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

interface Results {
  options: Options;
  limits: { fsyncPerSec: number; rpc: RpcLimit };
  single: PhaseResult;
  ha: PhaseResult;
  runs: FailoverRun[];
  loadBefore: number[];
  loadAfter: number[];
}

function formatReport(r: Results): string {
  const ms = (x: number) => (Number.isNaN(x) ? '—' : `${x.toFixed(0)} ms`);
  const writer = r.runs.map((x) => x.writerMs);
  const medianMs = median(writer);
  const maxMs = Math.max(...writer);
  const ratio = (100 * r.ha.perSec) / r.single.perSec;
  const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' / ');
  const cpu = (p: PhaseResult) => `${(p.serverMainUsPerOp + p.serverOtherUsPerOp).toFixed(0)} µs namenode(s) (${p.serverMainUsPerOp.toFixed(0)} main threads), ${p.callerUsPerOp.toFixed(0)} µs callers`;
  const step = (f: (x: FailoverRun) => number) => ms(median(r.runs.map(f)));
  const lines = [
    `# HA benchmark — ${new Date().toISOString()}`,
    '',
    `Machine: ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}, shared with whatever else runs on it (load average 1/5/15 min: ${load(r.loadBefore)} at the start, ${load(r.loadAfter)} at the end).`,
    `Namenodes: \`cairn namenode\` processes on 127.0.0.1, data in the temp dir; HA group of 3 with a real standalone ZooKeeper (tickTime 500 ms), zkSessionTimeoutMs ${sessionTimeoutMs}.`,
    '',
    '| measure | value | limit (same run) | ratio | target |',
    '|---|---|---|---|---|',
    `| failover: SIGKILL of the active → first acknowledged Mkdir, ${r.runs.length} runs | median ${ms(medianMs)}, max ${ms(maxMs)} | session timeout ${sessionTimeoutMs} ms | | median ≤ 3000 ms ${medianMs <= 3000 ? 'PASS' : 'FAIL'} |`,
    `| durable mkdir, ${r.options.callers} callers, single namenode (no zk) | ${r.single.perSec.toFixed(0)} /s | ${r.limits.fsyncPerSec.toFixed(0)} fdatasync'd 4 KiB writes/s | | |`,
    `| durable mkdir, ${r.options.callers} callers, HA group of 3 | ${r.ha.perSec.toFixed(0)} /s | loopback gRPC round trip ${r.limits.rpc.medianUs.toFixed(0)} µs (median, 1 caller); ${r.limits.rpc.concurrentPerSec.toFixed(0)} empty calls/s with ${rpcCallers} callers | ${ratio.toFixed(0)} % of single | ≥ 60 % ${ratio >= 60 ? 'PASS' : 'FAIL'} |`,
    '',
    `CPU per mkdir: single ${cpu(r.single)}; HA ${cpu(r.ha)} (summed over the three namenodes). Errors: single ${r.single.errors}, HA ${r.ha.errors}. ${r.options.seconds} s per phase, callers in one process (bench/metadata.ts).`,
    '',
    '## Failover runs (milliseconds after the SIGKILL)',
    '',
    '| run | session expired | epoch taken | `active` written | probe\'s first ack | writer\'s first ack | writer errors | restarted namenode caught up after |',
    '|---|---|---|---|---|---|---|---|',
    ...r.runs.map((x, i) => `| ${i + 1} | ${ms(x.expiredMs)} | ${ms(x.epochMs)} | ${ms(x.activeMs)} | ${ms(x.probeMs)} | ${ms(x.writerMs)} | ${x.writerErrors} | ${ms(x.rejoinMs)} |`),
    `| median | ${step((x) => x.expiredMs)} | ${step((x) => x.epochMs)} | ${step((x) => x.activeMs)} | ${step((x) => x.probeMs)} | ${step((x) => x.writerMs)} | | |`,
    '',
    `Breakdown (medians of the per-run differences): session expiry ${step((x) => x.expiredMs)}; expiry → epoch taken ${step((x) => x.epochMs - x.expiredMs)}; epoch → \`active\` written (promises, catch-up, promotion) ${step((x) => x.activeMs - x.epochMs)}; \`active\` → first write any client got acknowledged (the probe) ${step((x) => x.probeMs - x.activeMs)}; probe → the writer's (the client's own retrying, plus the writer's ${writerPauseMs} ms pause after a failed call) ${step((x) => x.writerMs - x.probeMs)}.`,
    `The times come from the bench's own ZooKeeper watches (a notification's delay included) and its clock; the probe asks each surviving namenode directly, every ${probePauseMs} ms. ZooKeeper expires a session between ${sessionTimeoutMs} ms after the client's last contact and one tick (500 ms) later, and the client last spoke up to a third of the timeout before the kill.`,
    '',
  ];
  return lines.join('\n');
}

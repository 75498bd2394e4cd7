// HA benchmark (issue 6): `npm run bench -- ha [--runs 10] [--seconds 5] [--rounds 3] [--callers 32]`.
//
//  1. Failover time: three `cairn namenode` processes with a real ZooKeeper (2 s sessions); one
//     writer (a NamenodeClient with all three addresses) does durable Mkdir in a loop; the active
//     is SIGKILLed; the time from the kill to the writer's first Mkdir acknowledged after the
//     killed namenode's ZooKeeper session expired (until then it was the only active, and it is
//     dead: an earlier acknowledgement is its reply already on the wire). Broken down with the bench's own
//     ZooKeeper watches: the killed namenode's session expiring (its ephemeral znodes go), the
//     new epoch taken, the `active` znode written (promises, catch-up and promotion done), the
//     first Mkdir acknowledged to a probe that asks each survivor directly every few ms (the
//     earliest any client could have had an answer), and the writer's own. The killed namenode is
//     restarted after each run and rejoins as a standby; the next run waits until it caught up.
//  2. Durable mkdir ops/s with N callers (bench/metadata.ts's caller processes) against a single
//     namenode process (no zk) and against the HA group, in the same run: both are up at once and
//     take turns, `--rounds` phases each, so a change in the machine's other load hits both alike.
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
import { CairnError } from '../src/common/errors.js';
import { channelOptions, insecure, startGrpcServer, stopGrpcServer } from '../src/common/grpc.js';
import { readServerInfo } from '../src/common/server-info.js';
import { ZkSession } from '../src/common/zookeeper.js';
import { HaProcesses } from '../test/harness/ha-processes.js';
import { waitFor } from '../test/harness/wait-for.js';
import { phase, prepareUser, startNamenode, startWorker, stopChild, type PhaseResult, type Worker } from './metadata.js';

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

interface Options { runs: number; seconds: number; rounds: number; callers: number }

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({ args: argv, options: { runs: { type: 'string' }, seconds: { type: 'string' }, rounds: { type: 'string' }, callers: { type: 'string' } } });
  const options = { runs: Number(values.runs ?? 10), seconds: Number(values.seconds ?? 5), rounds: Number(values.rounds ?? 3), callers: Number(values.callers ?? 32) };
  const count = (n: number) => Number.isInteger(n) && n >= 1;
  if (!(count(options.runs) && count(options.rounds) && count(options.callers) && options.seconds > 0)) throw new Error('need --runs, --rounds, --callers ≥ 1 and --seconds > 0');
  return options;
}

export async function run(argv: string[]): Promise<void> {
  const options = parseOptions(argv);
  const loadBefore = loadavg();
  const limits = { fsyncPerSec: await fsyncedWritesPerSec(), rpc: await grpcRoundTrip() };
  const group = await HaProcesses.start({ zkSessionTimeoutMs: sessionTimeoutMs });
  let throughput: Throughput;
  const runs: FailoverRun[] = [];
  try {
    const token = await prepareUser(group.addresses, group.adminToken);
    throughput = await compareThroughput(options, group, token);
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
  const report = formatReport({ options, limits, ...throughput, runs, loadBefore, loadAfter: loadavg() });
  process.stdout.write(report);
  await writeFile(new URL('./results/ha.md', import.meta.url), report);
}

// ---------------------------------------------------------------------------------------------
// Throughput: durable mkdir with N callers, single namenode and HA group.

interface Throughput {
  /** One result per round. */
  single: PhaseResult[];
  ha: PhaseResult[];
  /** Edits and synced journal batches (group commits) over every round, from the (active) namenode's /metrics. */
  singleLog: LogStats;
  haLog: LogStats;
}

interface LogStats { edits: number; groups: number }

/** The edit log's counters of the namenode serving HTTP at `httpAddress`. */
async function logStats(httpAddress: string): Promise<LogStats> {
  const text = await (await fetch(`http://${httpAddress}/metrics`)).text();
  const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? Number.NaN);
  return { edits: value('cairn_edits_total'), groups: value('cairn_edit_groups_total') };
}

/** Runs `measure`, adding to `total` what the edit log at `httpAddress` did meanwhile. */
async function countingLog<T>(httpAddress: string, total: LogStats, measure: () => Promise<T>): Promise<T> {
  const before = await logStats(httpAddress);
  const result = await measure();
  const after = await logStats(httpAddress);
  total.edits += after.edits - before.edits;
  total.groups += after.groups - before.groups;
  return result;
}

/** A single namenode next to `group`: `options.rounds` mkdir phases on each, taking turns. */
async function compareThroughput(options: Options, group: HaProcesses, haToken: string): Promise<Throughput> {
  const dir = await mkdtemp(join(tmpdir(), 'cairn-bench-ha-single-'));
  const nn = await startNamenode(dir, { prof: undefined, via: 'cairn' });
  const result: Throughput = { single: [], ha: [], singleLog: { edits: 0, groups: 0 }, haLog: { edits: 0, groups: 0 } };
  try {
    const token = await prepareUser([nn.address], nn.adminToken);
    const active = await group.activeIndex();
    const standbys = [...group.addresses.keys()].filter((i) => i !== active);
    const haPids = [active, ...standbys].map((i) => group.processes[i]?.pid ?? 0);
    const singleHttp = (await readServerInfo(dir))?.httpAddress ?? '';
    const activeHttp = (await readServerInfo(join(group.dir, `nn${active}`)))?.httpAddress ?? '';
    for (let round = 0; round < options.rounds; round++) {
      result.single.push(await countingLog(singleHttp, result.singleLog, () => mkdirPhase([nn.address], token, options, round, [nn.child.pid ?? 0])));
      result.ha.push(await countingLog(activeHttp, result.haLog, () => mkdirPhase(group.addresses, haToken, options, round, haPids)));
    }
    return result;
  } finally {
    await stopChild(nn.child, () => nn.child.kill('SIGTERM'));
    await rm(dir, { recursive: true, force: true });
  }
}

/** One mkdir phase in a fresh caller process; `round` keeps its paths apart from earlier rounds'. */
async function mkdirPhase(addresses: string[], token: string, options: Options, round: number, pids: number[]): Promise<PhaseResult> {
  const worker = startWorker({ addresses, token, callers: options.callers, procIndex: round }, undefined);
  try {
    await worker.next();
    return await phase([worker], pids, 'mkdir', options.seconds);
  } finally {
    await stopWorker(worker);
  }
}

function stopWorker(w: Worker): Promise<void> {
  return stopChild(w.child, () => w.child.disconnect());
}

// ---------------------------------------------------------------------------------------------
// Failover: one run.

interface FailoverRun {
  /** Milliseconds after the SIGKILL: the killed process has exited (a thread in the kernel, e.g. in fdatasync, holds that up). */
  exitedMs: number;
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
  /** The writer's call in flight at the kill: how it ended (OK or the error code), and when (ms after the kill). */
  inFlight: { outcome: string; endMs: number };
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
  let inFlight = { outcome: '', endMs: Number.NaN };
  const writing = (async () => {
    for (let n = 0; !stop; n++) {
      const sentAfterKill = kill;
      let outcome = 'OK';
      try {
        await writer.call('Mkdir', { path: `/home/dev/ha/r${r}-${n}`, parents: true });
        acked += 1;
        if (kill?.at.has('expired')) {
          kill.mark('writer');
          stop = true;
        }
      } catch (err) {
        outcome = err instanceof CairnError ? err.code : 'ERROR';
        if (kill) writerErrors += 1;
      }
      if (kill && !sentAfterKill) inFlight = { outcome, endMs: performance.now() - kill.killedAt };
      if (outcome !== 'OK') await pause(writerPauseMs);
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
  group.processes[active]?.once('exit', () => marks.mark('exited'));
  marks.killedAt = performance.now();
  const killing = group.kill(active); // sends SIGKILL before its first await
  kill = marks;

  const survivors = group.addresses.filter((_, i) => i !== active).map((address) => new NamenodeClient({ addresses: [address], token, failoverWaitMs: 0 })); // one try per call: no backoff of its own
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
    exitedMs: marks.get('exited'), expiredMs: marks.get('expired'), epochMs: marks.get('epoch'), activeMs: marks.get('active'), probeMs: marks.get('probe'), writerMs: marks.get('writer'),
    writerErrors, inFlight, rejoinMs: performance.now() - restarted,
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

/** The rounds of one side as one result: ops/s and CPU per op over all of them. */
function pooled(rounds: PhaseResult[]): PhaseResult {
  const ops = rounds.map((p) => p.perSec);
  const total = ops.reduce((a, b) => a + b, 0);
  const weighted = (f: (p: PhaseResult) => number) => rounds.reduce((a, p) => a + f(p) * p.perSec, 0) / total;
  const processes = rounds[0]?.perNamenodeUsPerOp.length ?? 0;
  return {
    perNamenodeUsPerOp: Array.from({ length: processes }, (_, i) => weighted((p) => p.perNamenodeUsPerOp[i] ?? 0)),
    perSec: total / rounds.length, errors: rounds.reduce((a, p) => a + p.errors, 0),
    serverMainUsPerOp: weighted((p) => p.serverMainUsPerOp), serverOtherUsPerOp: weighted((p) => p.serverOtherUsPerOp), callerUsPerOp: weighted((p) => p.callerUsPerOp),
  };
}

interface Results extends Throughput {
  options: Options;
  limits: { fsyncPerSec: number; rpc: RpcLimit };
  runs: FailoverRun[];
  loadBefore: number[];
  loadAfter: number[];
}

function formatReport(r: Results): string {
  const ms = (x: number) => (Number.isNaN(x) ? '—' : `${x.toFixed(0)} ms`);
  const writer = r.runs.map((x) => x.writerMs);
  const medianMs = median(writer);
  const maxMs = Math.max(...writer);
  const [single, ha] = [pooled(r.single), pooled(r.ha)];
  const ratio = (100 * ha.perSec) / single.perSec;
  const perRound = (rounds: PhaseResult[]) => rounds.map((p) => p.perSec.toFixed(0)).join(', ');
  const roundRatios = r.ha.map((p, i) => `${((100 * p.perSec) / (r.single[i]?.perSec ?? Number.NaN)).toFixed(0)} %`).join(', ');
  const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' / ');
  const us = (x: number) => `${x.toFixed(0)} µs`;
  const cpuPerOp = (p: PhaseResult) => p.serverMainUsPerOp + p.serverOtherUsPerOp + p.callerUsPerOp;
  /** The ops/s this machine's cores allow at the CPU each op took (namenodes and callers share them). */
  const cpuBound = (p: PhaseResult) => (cpus().length * 1e6) / cpuPerOp(p);
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
    `| durable mkdir, ${r.options.callers} callers, single namenode (no zk) | ${single.perSec.toFixed(0)} /s (rounds: ${perRound(r.single)}) | ${r.limits.fsyncPerSec.toFixed(0)} fdatasync'd 4 KiB writes/s | | |`,
    `| durable mkdir, ${r.options.callers} callers, HA group of 3 | ${ha.perSec.toFixed(0)} /s (rounds: ${perRound(r.ha)}) | loopback gRPC round trip ${r.limits.rpc.medianUs.toFixed(0)} µs (median, 1 caller); ${r.limits.rpc.concurrentPerSec.toFixed(0)} empty calls/s with ${rpcCallers} callers | ${ratio.toFixed(0)} % of single (by round: ${roundRatios}) | ≥ 60 % ${ratio >= 60 ? 'PASS' : 'FAIL'} |`,
    '',
    `Throughput: ${r.options.rounds} rounds of ${r.options.seconds} s on each, taking turns (single, HA, single, …), ${r.options.callers} callers in one caller process (bench/metadata.ts); both namenode setups up throughout. Errors: single ${single.errors}, HA ${ha.errors}.`,
    '',
    '| CPU per durable mkdir (user + kernel, all threads) | namenode processes | callers | total | ops/s the cores allow at that CPU cost |',
    '|---|---|---|---|---|',
    `| single namenode | ${us(single.serverMainUsPerOp + single.serverOtherUsPerOp)} (main thread ${us(single.serverMainUsPerOp)}) | ${us(single.callerUsPerOp)} | ${us(cpuPerOp(single))} | ${cpuBound(single).toFixed(0)} /s |`,
    `| HA group | ${us(ha.serverMainUsPerOp + ha.serverOtherUsPerOp)}: active ${us(ha.perNamenodeUsPerOp[0] ?? 0)}, standbys ${ha.perNamenodeUsPerOp.slice(1).map(us).join(' and ')} (main threads ${us(ha.serverMainUsPerOp)}) | ${us(ha.callerUsPerOp)} | ${us(cpuPerOp(ha))} | ${cpuBound(ha).toFixed(0)} /s (${((100 * cpuBound(ha)) / cpuBound(single)).toFixed(0)} % of single's) |`,
    '',
    `Edits per synced journal batch (group commit) during these phases: single ${(r.singleLog.edits / r.singleLog.groups).toFixed(1)}, HA active ${(r.haLog.edits / r.haLog.groups).toFixed(1)}.`,
    `Every namenode of the group applies every edit batch to its own LevelDB, so the group spends about three namenodes' CPU per edit; here all three and the callers share ${cpus().length} cores, where a real deployment gives each namenode its own machine.`,
    '',
    '## Failover runs (milliseconds after the SIGKILL)',
    '',
    '| run | process exited | session expired | epoch taken | `active` written | probe\'s first ack | writer\'s first ack | writer errors | writer\'s call in flight at the kill | restarted namenode caught up after |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...r.runs.map((x, i) => `| ${i + 1} | ${ms(x.exitedMs)} | ${ms(x.expiredMs)} | ${ms(x.epochMs)} | ${ms(x.activeMs)} | ${ms(x.probeMs)} | ${ms(x.writerMs)} | ${x.writerErrors} | ${x.inFlight.outcome} after ${ms(x.inFlight.endMs)} | ${ms(x.rejoinMs)} |`),
    `| median | ${step((x) => x.exitedMs)} | ${step((x) => x.expiredMs)} | ${step((x) => x.epochMs)} | ${step((x) => x.activeMs)} | ${step((x) => x.probeMs)} | ${step((x) => x.writerMs)} | | | |`,
    '',
    `Breakdown (medians of the per-run differences): session expiry ${step((x) => x.expiredMs)}; expiry → epoch taken ${step((x) => x.epochMs - x.expiredMs)}; epoch → \`active\` written (promises, catch-up, promotion) ${step((x) => x.activeMs - x.epochMs)}; \`active\` → first write any client got acknowledged (the probe) ${step((x) => x.probeMs - x.activeMs)}; probe → the writer's (the client's backoff between rounds, plus the writer's ${writerPauseMs} ms pause after a call that failed) ${step((x) => x.writerMs - x.probeMs)}.`,
    `The times come from the bench's own ZooKeeper watches (a notification's delay included) and its clock; the probe asks each surviving namenode directly, every ${probePauseMs} ms, with clients that make one round per call (\`failoverWaitMs\` 0: no backoff). The writer is a NamenodeClient with all three addresses and the default \`failoverWaitMs\`: it retries one call across the failover, with the backoff between rounds of src/client/namenode-client.ts. ZooKeeper expires a session between ${sessionTimeoutMs} ms after the client's last contact and one tick (500 ms) later, and the client last spoke up to a third of the timeout before the kill.`,
    '',
  ];
  return lines.join('\n');
}

// Namenode metadata benchmark (the standalone form of `bench core` item (e)): starts a real
// `cairn namenode` child process on a temp dir, creates the user `dev`, and runs N concurrent
// callers — spread over P caller processes so the callers' own gRPC work is not what limits the
// figure — doing durable Mkdir for S seconds, then Stat of what they made. Prints ops/s.
//
//   node --import tsx bench/metadata.ts [--callers 32] [--procs 1] [--seconds 5] [--prof DIR]
//                                       [--via cairn|direct]
//
// `--prof DIR` runs the namenode (and every caller process) with `--cpu-prof`, profiles in DIR.
// `--via direct` starts the namenode child from src/namenode/namenode.ts instead of through
// `bin/cairn.js namenode` (same server, same process split; useful while the CLI is mid-change).
// Each caller process holds one NamenodeClient per caller, exactly as bench/core.ts does.
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { NamenodeClient } from '../src/client/namenode-client.js';
import { loadConfig } from '../src/common/config.js';
import { readEnvFile } from '../src/common/env-file.js';
import { readServerInfo } from '../src/common/server-info.js';

const cairnBin = fileURLToPath(new URL('../bin/cairn.js', import.meta.url));
const selfPath = fileURLToPath(import.meta.url);
/** How long the namenode may take to announce itself in server.json. */
const startTimeoutMs = 30_000;
/** How much of the namenode's log is kept to explain a failed start. */
const logTailChars = 4000;
/** Linux reports process CPU time in clock ticks of this length (USER_HZ). */
const clockTicksPerSec = 100;
/** Phases a caller process runs, in order. */
type Phase = 'mkdir' | 'stat';
const metaRoot = '/home/dev/meta';

interface WorkerSetup { addresses: string[]; token: string; callers: number; procIndex: number }
type ToWorker = { phase: Phase; seconds: number };
type FromWorker = { ready: true } | { phase: Phase; ops: number; errors: number; cpuMs: number };

// ---------------------------------------------------------------------------------------------
// Caller process: N callers, one NamenodeClient each; runs a phase when the parent says so.

async function runWorker(setup: WorkerSetup): Promise<void> {
  const clients = Array.from({ length: setup.callers }, () => new NamenodeClient({ addresses: setup.addresses, token: setup.token }));
  const made: string[][] = clients.map(() => []);
  const send = (m: FromWorker) => process.send?.(m);
  process.on('message', (m: ToWorker) => {
    const cpu = process.cpuUsage();
    void runPhase(clients, made, setup.procIndex, m).then((r) => {
      const used = process.cpuUsage(cpu);
      send({ phase: m.phase, ...r, cpuMs: (used.user + used.system) / 1000 });
    });
  });
  process.on('disconnect', () => {
    for (const c of clients) c.close();
    process.exit(0);
  });
  send({ ready: true });
}

async function runPhase(clients: NamenodeClient[], made: string[][], procIndex: number, m: ToWorker): Promise<{ ops: number; errors: number }> {
  const deadline = performance.now() + m.seconds * 1000;
  let ops = 0;
  let errors = 0;
  await Promise.all(clients.map(async (client, i) => {
    const own = made[i] ?? [];
    for (let n = 0; performance.now() < deadline; n++) {
      try {
        if (m.phase === 'mkdir') {
          const path = `${metaRoot}/p${procIndex}c${i}-${n}`;
          await client.call('Mkdir', { path, parents: false });
          own.push(path);
        } else {
          await client.call('Stat', { path: own[n % Math.max(own.length, 1)] ?? metaRoot });
        }
        ops += 1;
      } catch {
        errors += 1;
      }
    }
  }));
  return { ops, errors };
}

// ---------------------------------------------------------------------------------------------
// Parent: the namenode child, the caller processes, the phases, the report.

interface Options { callers: number; procs: number; seconds: number; prof: string | undefined; via: 'cairn' | 'direct' }

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: { callers: { type: 'string' }, procs: { type: 'string' }, seconds: { type: 'string' }, prof: { type: 'string' }, via: { type: 'string' } },
  });
  const via = values.via ?? 'cairn';
  if (via !== 'cairn' && via !== 'direct') throw new Error('--via is cairn or direct');
  const callers = Number(values.callers ?? 32);
  const procs = Number(values.procs ?? 1);
  const seconds = Number(values.seconds ?? 5);
  if (!(callers >= 1 && procs >= 1 && procs <= callers && seconds > 0)) throw new Error('need --callers ≥ --procs ≥ 1 and --seconds > 0');
  return { callers, procs, seconds, prof: values.prof, via };
}

export async function startNamenode(dir: string, options: Pick<Options, 'prof' | 'via'>): Promise<{ child: ChildProcess; address: string; adminToken: string }> {
  const profArgs = options.prof ? ['--cpu-prof', '--cpu-prof-dir', options.prof] : [];
  const args = options.via === 'cairn'
    ? [...profArgs, cairnBin, 'namenode', '--data', dir, '--rpc-port', '0', '--http-port', '0']
    : ['--import', 'tsx', ...profArgs, selfPath, '--serve-namenode', dir];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr?.on('data', (d: Buffer) => (log = (log + d.toString('utf8')).slice(-logTailChars)));
  const deadline = Date.now() + startTimeoutMs;
  for (;;) {
    const info = await readServerInfo(dir);
    if (info) return { child, address: info.rpcAddress, adminToken: readEnvFile(join(dir, 'admin.env')).CAIRN_TOKEN ?? '' };
    if (child.exitCode !== null) throw new Error(`namenode exited ${child.exitCode}: ${log}`);
    if (Date.now() > deadline) throw new Error(`namenode did not start within ${startTimeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface Worker { child: ChildProcess; next: () => Promise<FromWorker> }

export function startWorker(setup: WorkerSetup, prof: string | undefined): Worker {
  const profArgs = prof ? ['--cpu-prof', '--cpu-prof-dir', prof] : [];
  const child = fork(selfPath, ['--worker', JSON.stringify(setup)], { execArgv: ['--import', 'tsx', ...profArgs] });
  const inbox: FromWorker[] = [];
  let waiter: ((m: FromWorker) => void) | undefined;
  child.on('message', (m: FromWorker) => {
    if (waiter) {
      const w = waiter;
      waiter = undefined;
      w(m);
    } else inbox.push(m);
  });
  const next = () => {
    const queued = inbox.shift();
    return queued ? Promise.resolve(queued) : new Promise<FromWorker>((resolve) => (waiter = resolve));
  };
  return { child, next };
}

export interface PhaseResult {
  perSec: number;
  errors: number;
  /** Namenode CPU per op: its main (event-loop) thread, and every other thread (LevelDB, libuv pool). */
  serverMainUsPerOp: number;
  serverOtherUsPerOp: number;
  /** All threads of each namenode process, in the order of the pids given to `phase`. */
  perNamenodeUsPerOp: number[];
  callerUsPerOp: number;
}

/** Runs one phase in every caller process; the CPU figures sum over the namenode processes `namenodePids`. */
export async function phase(workers: Worker[], namenodePids: number[], name: Phase, seconds: number): Promise<PhaseResult> {
  const before = await Promise.all(namenodePids.map((pid) => threadCpuMs(pid)));
  for (const w of workers) w.child.send({ phase: name, seconds } satisfies ToWorker);
  const results = await Promise.all(workers.map((w) => w.next()));
  const after = await Promise.all(namenodePids.map((pid) => threadCpuMs(pid)));
  let [serverMainMs, serverOtherMs] = [0, 0];
  const perNamenodeMs = namenodePids.map((pid, i) => {
    let total = 0;
    for (const [tid, ms] of after[i] ?? []) {
      const used = ms - (before[i]?.get(tid) ?? 0);
      total += used;
      if (tid === pid) serverMainMs += used;
      else serverOtherMs += used;
    }
    return total;
  });
  let [ops, errors, callerMs] = [0, 0, 0];
  for (const r of results) if ('ops' in r) ((ops += r.ops), (errors += r.errors), (callerMs += r.cpuMs));
  const per = (ms: number) => (ops > 0 ? (ms * 1000) / ops : 0);
  return {
    perSec: ops / seconds, errors, serverMainUsPerOp: per(serverMainMs), serverOtherUsPerOp: per(serverOtherMs), perNamenodeUsPerOp: perNamenodeMs.map(per), callerUsPerOp: per(callerMs),
  };
}

/** CPU time (user + system) each thread of a process has used so far, from /proc (Linux); empty elsewhere. */
async function threadCpuMs(pid: number): Promise<Map<number, number>> {
  const threads = new Map<number, number>();
  try {
    for (const tid of await readdir(`/proc/${pid}/task`)) {
      const fields = (await readFile(`/proc/${pid}/task/${tid}/stat`, 'utf8')).split(') ')[1]?.split(' ') ?? [];
      threads.set(Number(tid), ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicksPerSec);
    }
  } catch {
    // Not Linux, or a thread ended while being read: report what was read.
  }
  return threads;
}

function describe(label: string, r: PhaseResult): string {
  const errors = r.errors > 0 ? `, ${r.errors} errors` : '';
  const cpu = `namenode ${r.serverMainUsPerOp.toFixed(0)} µs main thread + ${r.serverOtherUsPerOp.toFixed(0)} µs other threads, callers ${r.callerUsPerOp.toFixed(0)} µs`;
  return `  ${label} ${r.perSec.toFixed(0).padStart(6)} /s   (CPU per op: ${cpu}${errors})\n`;
}

/** Creates the user `dev` and its directory for the callers; returns its token. */
export async function prepareUser(addresses: string[], adminToken: string): Promise<string> {
  const admin = new NamenodeClient({ addresses, token: adminToken });
  try {
    const dev = await admin.admin('UserAdd', { name: 'dev', tier: 'standard' });
    const client = new NamenodeClient({ addresses, token: dev.token });
    await client.call('Mkdir', { path: metaRoot, parents: true });
    client.close();
    return dev.token;
  } finally {
    admin.close();
  }
}

export async function run(argv: string[]): Promise<void> {
  const options = parseOptions(argv);
  const dir = await mkdtemp(join(tmpdir(), 'cairn-bench-meta-'));
  const nn = await startNamenode(dir, options);
  const workers: Worker[] = [];
  try {
    const token = await prepareUser([nn.address], nn.adminToken);
    for (let p = 0; p < options.procs; p++) {
      const callers = Math.floor(options.callers / options.procs) + (p < options.callers % options.procs ? 1 : 0);
      workers.push(startWorker({ addresses: [nn.address], token, callers, procIndex: p }, options.prof));
    }
    await Promise.all(workers.map((w) => w.next()));
    const pids = [nn.child.pid ?? 0];
    const mkdir = await phase(workers, pids, 'mkdir', options.seconds);
    const stat = await phase(workers, pids, 'stat', options.seconds);
    process.stdout.write(
      `metadata: ${options.callers} callers in ${options.procs} caller process(es), ${options.seconds} s per phase\n` +
        describe('durable mkdir', mkdir) + describe('stat         ', stat),
    );
  } finally {
    await Promise.all(workers.map((w) => stopChild(w.child, () => w.child.disconnect())));
    await stopChild(nn.child, () => nn.child.kill('SIGTERM'));
    await rm(dir, { recursive: true, force: true });
  }
}

/** Asks a child to stop and waits until it has exited (at once if it already has). */
export function stopChild(child: ChildProcess, ask: () => void): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    ask();
  });
}

/** `--via direct`: the namenode itself, as `cairn namenode` would run it, until SIGTERM. */
async function serveNamenode(dir: string): Promise<void> {
  const { Namenode } = await import('../src/namenode/namenode.js');
  const nn = await Namenode.start({ config: loadConfig({ flags: { dataDirs: [dir], rpcPort: 0, httpPort: 0 } }) });
  process.once('SIGTERM', () => void nn.stop().then(() => process.exit(0)));
}

const workerIndex = process.argv.indexOf('--worker');
const serveIndex = process.argv.indexOf('--serve-namenode');
if (serveIndex >= 0) {
  await serveNamenode(process.argv[serveIndex + 1] ?? '');
} else if (workerIndex >= 0) {
  await runWorker(JSON.parse(process.argv[workerIndex + 1] ?? '{}') as WorkerSetup);
} else if (process.argv[1] === selfPath) {
  await run(process.argv.slice(2));
  process.exit(0);
}

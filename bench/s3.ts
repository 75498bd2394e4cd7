// S3 benchmark (issue: S3 gateway). In one run, against one local `cairn dev` cluster (3
// datanodes, R=3, its gateway):
//  (a) the native client: the client library in this process (the limit the gateway is held
//      against) and `cairn fs put`/`get` (which add the CLI's start-up), of a 64 MiB file;
//  (b) @aws-sdk/client-s3 PutObject and GetObject of the same 64 MiB (a stream body: the SDK's
//      defaults, aws-chunked with a CRC32 trailer), several times, best and median;
//  (c) ops/s of 4 KiB PutObject, GetObject, HeadObject and ListObjectsV2 with 16 concurrent
//      clients for `--seconds` each.
//  Per small-object call, what it cost the cluster: namenode RPCs by method, journal fsyncs (edit
//  groups) and datanode fsyncs, from the servers' /metrics before and after each phase; and the
//  CPU time each process spent (Linux /proc), the bench's own SDK clients included — on a shared
//  2-core box that budget, not a wait, is what bounds ops/s.
// Options: --size-mib N (64), --rounds N (3), --seconds S (5), --warmup S (3: each small call
// runs this long on other keys first), --small-only (only (c)) and --large-only (only the library
// and the SDK of (a) and (b)): for profiling and quick before/after runs, these print and write no
// results file. Results go to bench/results/s3.md.
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CairnClient } from '../src/client/cairn-client.js';
import { MiB } from '../src/common/constants.js';
import { readServerInfo } from '../src/common/server-info.js';
import { runCairn, startDev } from '../test/harness/cli-process.js';

const mb = (bytes: number, seconds: number) => bytes / 1e6 / seconds;
const fmt = (n: number, digits = 1) => n.toFixed(digits);
const clients = 16;
const smallBytes = 4096;
const targets = { largeShare: 70, smallPuts: 1000, smallGets: 3000 };

export async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      'size-mib': { type: 'string' }, rounds: { type: 'string' }, seconds: { type: 'string' }, warmup: { type: 'string' },
      'small-only': { type: 'boolean' }, 'large-only': { type: 'boolean' },
    },
  });
  const size = Number(values['size-mib'] ?? 64) * MiB;
  const rounds = Number(values.rounds ?? 3);
  const seconds = Number(values.seconds ?? 5);
  const warmup = Number(values.warmup ?? 3);
  const dir = await mkdtemp(join(tmpdir(), 'cairn-bench-s3-'));
  const dev = await startDev(join(dir, 'cluster'));
  try {
    const env = dev.clientEnv;
    const s3 = (): S3Client => new S3Client({
      endpoint: env.AWS_ENDPOINT_URL, region: 'us-east-1', forcePathStyle: true,
      credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID ?? '', secretAccessKey: env.AWS_SECRET_ACCESS_KEY ?? '' },
    });
    const client = s3();
    await client.send(new CreateBucketCommand({ Bucket: 'bench' }));
    client.destroy();
    const large = values['small-only'] === true ? undefined : await largeObjects(dir, env, s3, { size, rounds, cli: values['large-only'] !== true });
    const small = values['large-only'] === true ? undefined : await smallObjects(join(dir, 'cluster'), s3, seconds, warmup);
    if (large === undefined || small === undefined) {
      // One part only: printed with its details, and no results file (it would lack the other part).
      if (large !== undefined) process.stdout.write(`${formatLarge({ size, rounds, ...large }).join('\n')}\n`);
      if (small !== undefined) process.stdout.write(`${[...formatSmall(seconds, warmup, small.ops, small.costs), ...formatDetails(small)].join('\n')}\n`);
      return;
    }
    const report = formatReport({ size, rounds, seconds, warmup, ...large, ...small });
    process.stdout.write(report);
    await writeFile(new URL('./results/s3.md', import.meta.url), report);
  } finally {
    dev.process.kill('SIGTERM');
    await new Promise((r) => dev.process.once('exit', r));
    await rm(dir, { recursive: true, force: true });
  }
}

interface Large {
  native: { put: number[]; get: number[] };
  cli: { put: number[]; get: number[] };
  sdk: { put: number[]; get: number[] };
}

/** (a) and (b): seconds per transfer of `size` fresh bytes, `rounds` times, by the CLI (unless `cli` is false), the library and the SDK. */
async function largeObjects(dir: string, env: Record<string, string>, s3: () => S3Client, o: { size: number; rounds: number; cli: boolean }): Promise<Large> {
  const { size, rounds } = o;
  // Fresh bytes for every PUT: the cluster deduplicates, and a repeat would send nothing.
  const file = join(dir, 'input.bin');
  const cli = { put: [] as number[], get: [] as number[] };
  for (let i = 0; i < (o.cli ? rounds : 0); i++) {
    await writeFile(file, randomBytes(size));
    cli.put.push(await timed(() => cairn(['fs', 'put', file, `cli-${i}.bin`, '--quiet'], env)));
    cli.get.push(await timed(() => cairn(['fs', 'get', `cli-${i}.bin`, join(dir, 'out.bin'), '--quiet'], env)));
  }
  // Deleted, their dirty pages are dropped: else the kernel writes them back during the next rounds.
  await rm(file, { force: true });
  await rm(join(dir, 'out.bin'), { force: true });
  // The same client library the CLI and the gateway use, in this process: no CLI start-up in the figure.
  const library = new CairnClient({ namenodes: [env.CAIRN_NAMENODE ?? ''], token: env.CAIRN_TOKEN ?? '' });
  const native = { put: [] as number[], get: [] as number[] };
  const client = s3();
  const sdk = { put: [] as number[], get: [] as number[] };
  // Library and SDK take turns, round by round: background work of the cluster (the block scanner
  // starts a minute after the datanodes) then weighs on both alike.
  for (let i = 0; i < rounds; i++) {
    const mine = randomBytes(size);
    native.put.push(await timed(() => library.put(pieces(mine), `/home/dev/native-${i}.bin`)));
    native.get.push(await timed(() => library.get(`/home/dev/native-${i}.bin`, new Writable({ write: (_c, _e, done) => done() }))));
    const data = randomBytes(size);
    sdk.put.push(await timed(() => client.send(new PutObjectCommand({ Bucket: 'bench', Key: `large-${i}`, Body: Readable.from(pieces(data)), ContentLength: size }))));
    sdk.get.push(await timed(async () => {
      const body = (await client.send(new GetObjectCommand({ Bucket: 'bench', Key: `large-${i}` }))).Body as AsyncIterable<Uint8Array>;
      let got = 0;
      for await (const chunk of body) got += chunk.length;
      if (got !== size) throw new Error(`GetObject returned ${got} of ${size} bytes`);
    }));
  }
  library.close();
  client.destroy();
  return { native, cli, sdk };
}

interface Small {
  ops: { put: number; get: number; head: number; list: number };
  costs: Record<string, Cost>;
  /** When each phase ran (CLOCK_MONOTONIC seconds, as `perf record -k mono` stamps samples): to cut profiles to one phase. */
  windows: string[];
}

/**
 * (c): ops/s of each call, after `warmup` seconds of the same calls on other keys — the servers'
 * JIT compiles their hot paths in the first seconds, which a long-running cluster has behind it.
 */
async function smallObjects(clusterDir: string, s3: () => S3Client, seconds: number, warmup: number): Promise<Small> {
  const pool = Array.from({ length: clients }, s3);
  const servers = await serverMetrics(clusterDir);
  const costs: Record<string, Cost> = {};
  const windows: string[] = [];
  const monotonic = () => (Number(process.hrtime.bigint() / 1000n) / 1e6).toFixed(3);
  const phase = async (name: string, call: Parameters<typeof opsPerSecond>[2]) => {
    const before = await servers.sample();
    const startedAt = monotonic();
    const result = await opsPerSecond(pool, seconds, call);
    windows.push(`${name} ${startedAt},${monotonic()}`);
    costs[name] = costPerOp(before, await servers.sample(), result.counts.reduce((a, b) => a + b, 0));
    return result;
  };
  const calls = (prefix: string, made: (w: number, n: number) => string) => ({
    get: (c: S3Client, w: number, n: number) => c.send(new GetObjectCommand({ Bucket: 'bench', Key: made(w, n) })).then(async (r) => {
      for await (const _ of r.Body as AsyncIterable<Uint8Array>);
    }),
    head: (c: S3Client, w: number, n: number) => c.send(new HeadObjectCommand({ Bucket: 'bench', Key: made(w, n) })),
    list: (c: S3Client, w: number) => c.send(new ListObjectsV2Command({ Bucket: 'bench', Prefix: `${prefix}/${w}/`, MaxKeys: 100 })),
  });
  const put = (prefix: string) => (c: S3Client, w: number, n: number) => c.send(new PutObjectCommand({ Bucket: 'bench', Key: `${prefix}/${w}/${n}`, Body: randomBytes(smallBytes) }));
  /** A key worker `w` made (the reads cycle through them). */
  const keyOf = (prefix: string, counts: number[]) => (w: number, n: number) => `${prefix}/${w}/${n % Math.max(1, counts[w] ?? 1)}`;
  if (warmup > 0) {
    const warm = await opsPerSecond(pool, warmup, put('warmup'));
    const c = calls('warmup', keyOf('warmup', warm.counts));
    for (const call of [c.get, c.head, c.list]) await opsPerSecond(pool, warmup, call);
  }
  const puts = await phase('PutObject', put('small'));
  const c = calls('small', keyOf('small', puts.counts));
  const ops = {
    put: puts.rate,
    get: (await phase('GetObject', c.get)).rate,
    head: (await phase('HeadObject', c.head)).rate,
    list: (await phase('ListObjectsV2', c.list)).rate,
  };
  for (const client of pool) client.destroy();
  return { ops, costs, windows };
}

async function* pieces(data: Buffer, pieceBytes = MiB): AsyncGenerator<Buffer> {
  for (let at = 0; at < data.length; at += pieceBytes) yield data.subarray(at, at + pieceBytes);
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return (performance.now() - t0) / 1000;
}

/** `cairn ARGS` as a child process; throws unless it exits 0. */
async function cairn(args: string[], env: Record<string, string>): Promise<void> {
  const run = await runCairn(args, env);
  if (run.code !== 0) throw new Error(`cairn ${args.join(' ')} exited ${run.code}: ${run.stderr}`);
}

/** `clients` workers, each issuing one call after another for `seconds`; calls completed per second. */
async function opsPerSecond(pool: S3Client[], seconds: number, call: (client: S3Client, worker: number, n: number) => Promise<unknown>): Promise<{ rate: number; counts: number[] }> {
  const deadline = performance.now() + seconds * 1000;
  const t0 = performance.now();
  const counts = await Promise.all(pool.map(async (client, worker) => {
    let n = 0;
    while (performance.now() < deadline) await call(client, worker, n++);
    return n;
  }));
  return { rate: counts.reduce((a, b) => a + b, 0) / ((performance.now() - t0) / 1000), counts };
}

/** Counters of the dev cluster's servers at one moment, from their /metrics. */
interface Sample {
  /** Namenode RPCs completed, by method. */
  rpcs: Map<string, number>;
  journalSyncs: number;
  edits: number;
  /** fdatasyncs of segment files, over every datanode. */
  datanodeSyncs: number;
  /** CPU seconds used so far, by role (datanodes summed; `bench`: this process, the SDK clients). */
  cpu: Map<string, number>;
}

/** What one call cost the cluster, on average over a phase. */
interface Cost {
  rpcs: Map<string, number>;
  journalSyncs: number;
  edits: number;
  datanodeSyncs: number;
  /** CPU milliseconds by role. */
  cpuMs: Map<string, number>;
}

async function serverMetrics(clusterDir: string): Promise<{ sample(): Promise<Sample> }> {
  const namenode = await readServerInfo(join(clusterDir, 'namenode'));
  const datanodeDirs = (await readdir(clusterDir)).filter((name) => name.startsWith('datanode-'));
  const datanodes = await Promise.all(datanodeDirs.map((name) => readServerInfo(join(clusterDir, name))));
  const scrape = async (address: string | undefined): Promise<string> => (address === undefined ? '' : (await fetch(`http://${address}/metrics`)).text());
  return {
    async sample() {
      const nn = await scrape(namenode?.httpAddress);
      const rpcs = new Map<string, number>();
      for (const [, method = '', count = '0'] of nn.matchAll(/^cairn_rpc_duration_seconds_count\{method="([^"]+)",[^}]*\} (\S+)$/gm)) rpcs.set(method, (rpcs.get(method) ?? 0) + Number(count));
      const dn = await Promise.all(datanodes.map((d) => scrape(d?.httpAddress)));
      const cpu = new Map<string, number>([['bench', (process.cpuUsage().user + process.cpuUsage().system) / 1e6]]);
      for (const info of [namenode, ...datanodes, await readServerInfo(join(clusterDir, 'gateway'))]) {
        if (info === undefined) continue;
        const { user, kernel } = await cpuSeconds(info.pid);
        cpu.set(info.role, (cpu.get(info.role) ?? 0) + user + kernel);
        cpu.set(`${info.role} kernel`, (cpu.get(`${info.role} kernel`) ?? 0) + kernel);
      }
      return {
        rpcs, journalSyncs: metricValue(nn, 'cairn_edit_groups_total'), edits: metricValue(nn, 'cairn_edits_total'),
        datanodeSyncs: dn.reduce((total, text) => total + metricValue(text, 'cairn_datanode_syncs_total'), 0), cpu,
      };
    },
  };
}

/** User and kernel CPU seconds of a process (Linux); 0 where /proc is not there. */
async function cpuSeconds(pid: number): Promise<{ user: number; kernel: number }> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticksPerSecond = 100; // USER_HZ on every Linux Node runs on
  return { user: Number(fields[11] ?? 0) / ticksPerSecond, kernel: Number(fields[12] ?? 0) / ticksPerSecond };
}

function metricValue(text: string, name: string): number {
  const match = new RegExp(`^${name} (\\S+)$`, 'm').exec(text);
  return match === null ? 0 : Number(match[1]);
}

function costPerOp(before: Sample, after: Sample, ops: number): Cost {
  const per = (n: number) => n / Math.max(1, ops);
  const rpcs = new Map<string, number>();
  for (const [method, count] of after.rpcs) {
    const delta = count - (before.rpcs.get(method) ?? 0);
    if (delta > 0) rpcs.set(method, per(delta));
  }
  const cpuMs = new Map([...after.cpu].map(([role, seconds]) => [role, (1000 * per(seconds - (before.cpu.get(role) ?? 0)))]));
  return {
    cpuMs, rpcs, journalSyncs: per(after.journalSyncs - before.journalSyncs), edits: per(after.edits - before.edits), datanodeSyncs: per(after.datanodeSyncs - before.datanodeSyncs),
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function formatReport(r: { size: number; rounds: number; seconds: number; warmup: number } & Large & Small): string {
  return [
    `# S3 benchmark — ${new Date().toISOString()}`,
    '',
    `Machine: ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}; \`cairn dev\` (1 namenode, 3 datanodes, R=3, its gateway) and this bench share it.`,
    `Large objects: ${fmt(r.size / MiB, 0)} MiB of fresh random bytes each PUT (no dedup), median of ${r.rounds}; the SDK sends a stream body with its defaults (aws-chunked, CRC32 trailer). Small objects: ${smallBytes} B, ${clients} concurrent clients, ${r.seconds} s each after ${r.warmup} s of each call on other keys.`,
    '',
    ...formatLarge(r),
    '',
    'Native: the client library the CLI and the gateway share, in the bench process. `cairn fs` adds starting the CLI (Node and the TypeScript loader) to each transfer.',
    '',
    ...formatSmall(r.seconds, r.warmup, r.ops, r.costs),
    '',
    'Per call, on average over its phase: namenode RPCs by method, synced journal batches (group commits) and the edits in them, datanode fdatasyncs (all three datanodes), and CPU time by process (user + kernel, from /proc; datanodes summed).',
    '',
  ].join('\n');
}

function formatLarge(r: { size: number; rounds: number } & Large): string[] {
  const rate = (times: number[]) => mb(r.size, median(times));
  const spread = (times: number[]) => (times.length === 0 ? '' : ` (${fmt(mb(r.size, Math.max(...times)))}–${fmt(mb(r.size, Math.min(...times)))})`);
  const share = (s3: number, native: number) => `${fmt((100 * s3) / native, 0)} %`;
  const verdict = (ok: boolean) => (ok ? 'pass' : 'FAIL');
  const row = (name: string, key: 'put' | 'get') => {
    const s3 = rate(r.sdk[key]);
    const native = rate(r.native[key]);
    const cli = r.cli[key].length === 0 ? '—' : `${fmt(rate(r.cli[key]))} MB/s`;
    return `| ${name} | ${fmt(native)} MB/s${spread(r.native[key])} | ${cli} | ${fmt(s3)} MB/s${spread(r.sdk[key])} | ${share(s3, native)} | ${verdict((100 * s3) / native >= targets.largeShare)} |`;
  };
  return [
    '| large object | native client library | `cairn fs` (CLI process) | S3 (AWS SDK) | S3 / native | target ≥ 70 % |',
    '|---|---|---|---|---|---|',
    row('PUT', 'put'),
    row('GET', 'get'),
  ];
}

/** What --small-only prints besides the table: kernel CPU and when each phase ran. */
function formatDetails(small: Small): string[] {
  return [
    ...Object.entries(small.costs).map(([name, c]) => {
      const kernel = ['gateway', 'namenode', 'datanode'].map((role) => `${role} ${fmt(c.cpuMs.get(`${role} kernel`) ?? 0, 2)}`).join(', ');
      return `${name}: of that, kernel CPU ms per call: ${kernel}`;
    }),
    `phases (monotonic s): ${small.windows.join('; ')}`,
  ];
}

function formatSmall(seconds: number, warmup: number, ops: { put: number; get: number; head: number; list: number }, costs: Record<string, Cost>): string[] {
  const verdict = (ok: boolean) => (ok ? 'pass' : 'FAIL');
  const cost = (name: string) => {
    const c = costs[name];
    if (c === undefined) return '| | | | | |';
    const rpcs = [...c.rpcs].filter(([, n]) => n >= 0.005).sort(([, a], [, b]) => b - a).map(([method, n]) => `${method} ${fmt(n, 2)}`).join(', ');
    const cpu = ['bench', 'gateway', 'namenode', 'datanode'].map((role) => fmt(c.cpuMs.get(role) ?? 0, 2)).join(' / ');
    return `| ${rpcs || '—'} | ${fmt(c.journalSyncs, 2)} (${fmt(c.edits, 2)} edits) | ${fmt(c.datanodeSyncs, 2)} | ${cpu} |`;
  };
  return [
    `| small objects (4 KiB), ${clients} clients, ${seconds} s after ${warmup} s warm-up | ops/s | target | namenode RPCs per call | journal fsyncs per call | datanode fsyncs per call | CPU ms per call: bench (SDK) / gateway / namenode / datanodes |`,
    '|---|---|---|---|---|---|---|',
    `| PutObject | ${fmt(ops.put, 0)} | ≥ ${targets.smallPuts} ${verdict(ops.put >= targets.smallPuts)} ${cost('PutObject')}`,
    `| GetObject | ${fmt(ops.get, 0)} | ≥ ${targets.smallGets} ${verdict(ops.get >= targets.smallGets)} ${cost('GetObject')}`,
    `| HeadObject | ${fmt(ops.head, 0)} | ${cost('HeadObject')}`,
    `| ListObjectsV2 (100 keys) | ${fmt(ops.list, 0)} | ${cost('ListObjectsV2')}`,
  ];
}

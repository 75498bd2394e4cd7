// S3 benchmark (issue: S3 gateway). In one run, against one local `cairn dev` cluster (3
// datanodes, R=3, its gateway):
//  (a) the native client: the client library in this process (the limit the gateway is held
//      against) and `cairn fs put`/`get` (which add the CLI's start-up), of a 64 MiB file;
//  (b) @aws-sdk/client-s3 PutObject and GetObject of the same 64 MiB (a stream body: the SDK's
//      defaults, aws-chunked with a CRC32 trailer), several times, best and median;
//  (c) ops/s of 4 KiB PutObject, GetObject, HeadObject and ListObjectsV2 with 16 concurrent
//      clients for `--seconds` each.
// Options: --size-mib N (64), --rounds N (3), --seconds S (5). Results go to bench/results/s3.md.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CairnClient } from '../src/client/cairn-client.js';
import { MiB } from '../src/common/constants.js';
import { runCairn, startDev } from '../test/harness/cli-process.js';

const mb = (bytes: number, seconds: number) => bytes / 1e6 / seconds;
const fmt = (n: number, digits = 1) => n.toFixed(digits);
const clients = 16;
const smallBytes = 4096;
const targets = { largeShare: 70, smallPuts: 1000, smallGets: 3000 };

export async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { 'size-mib': { type: 'string' }, rounds: { type: 'string' }, seconds: { type: 'string' } } });
  const size = Number(values['size-mib'] ?? 64) * MiB;
  const rounds = Number(values.rounds ?? 3);
  const seconds = Number(values.seconds ?? 5);
  const dir = await mkdtemp(join(tmpdir(), 'cairn-bench-s3-'));
  const dev = await startDev(join(dir, 'cluster'));
  try {
    // Fresh bytes for every PUT: the cluster deduplicates, and a repeat would send nothing.
    const file = join(dir, 'input.bin');
    const cli = { put: [] as number[], get: [] as number[] };
    for (let i = 0; i < rounds; i++) {
      await writeFile(file, randomBytes(size));
      cli.put.push(await timed(() => cairn(['fs', 'put', file, `cli-${i}.bin`, '--quiet'], dev.clientEnv)));
      cli.get.push(await timed(() => cairn(['fs', 'get', `cli-${i}.bin`, join(dir, 'out.bin'), '--quiet'], dev.clientEnv)));
    }
    const env = dev.clientEnv;
    // The same client library the CLI and the gateway use, in this process: no CLI start-up in the figure.
    const library = new CairnClient({ namenodes: [env.CAIRN_NAMENODE ?? ''], token: env.CAIRN_TOKEN ?? '' });
    const native = { put: [] as number[], get: [] as number[] };
    for (let i = 0; i < rounds; i++) {
      const data = randomBytes(size);
      native.put.push(await timed(() => library.put(pieces(data), `/home/dev/native-${i}.bin`)));
      native.get.push(await timed(() => library.get(`/home/dev/native-${i}.bin`, new Writable({ write: (_c, _e, done) => done() }))));
    }
    library.close();
    const s3 = (): S3Client => new S3Client({
      endpoint: env.AWS_ENDPOINT_URL, region: 'us-east-1', forcePathStyle: true,
      credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID ?? '', secretAccessKey: env.AWS_SECRET_ACCESS_KEY ?? '' },
    });
    const client = s3();
    await client.send(new CreateBucketCommand({ Bucket: 'bench' }));
    const sdk = { put: [] as number[], get: [] as number[] };
    for (let i = 0; i < rounds; i++) {
      const data = randomBytes(size);
      sdk.put.push(await timed(() => client.send(new PutObjectCommand({ Bucket: 'bench', Key: `large-${i}`, Body: Readable.from(pieces(data)), ContentLength: size }))));
      sdk.get.push(await timed(async () => {
        const body = (await client.send(new GetObjectCommand({ Bucket: 'bench', Key: `large-${i}` }))).Body as AsyncIterable<Uint8Array>;
        let got = 0;
        for await (const chunk of body) got += chunk.length;
        if (got !== size) throw new Error(`GetObject returned ${got} of ${size} bytes`);
      }));
    }
    const pool = Array.from({ length: clients }, s3);
    const puts = await opsPerSecond(pool, seconds, (c, w, n) => c.send(new PutObjectCommand({ Bucket: 'bench', Key: `small/${w}/${n}`, Body: randomBytes(smallBytes) })));
    /** A key worker `w` made (the reads cycle through them). */
    const made = (w: number, n: number) => `small/${w}/${n % Math.max(1, puts.counts[w] ?? 1)}`;
    const ops = {
      put: puts.rate,
      get: (await opsPerSecond(pool, seconds, (c, w, n) => c.send(new GetObjectCommand({ Bucket: 'bench', Key: made(w, n) })).then(async (r) => {
        for await (const _ of r.Body as AsyncIterable<Uint8Array>);
      }))).rate,
      head: (await opsPerSecond(pool, seconds, (c, w, n) => c.send(new HeadObjectCommand({ Bucket: 'bench', Key: made(w, n) })))).rate,
      list: (await opsPerSecond(pool, seconds, (c, w) => c.send(new ListObjectsV2Command({ Bucket: 'bench', Prefix: `small/${w}/`, MaxKeys: 100 })))).rate,
    };
    for (const c of [client, ...pool]) c.destroy();
    const report = formatReport({ size, rounds, seconds, native, cli, sdk, ops });
    process.stdout.write(report);
    await writeFile(new URL('./results/s3.md', import.meta.url), report);
  } finally {
    dev.process.kill('SIGTERM');
    await new Promise((r) => dev.process.once('exit', r));
    await rm(dir, { recursive: true, force: true });
  }
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

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function formatReport(r: {
  size: number; rounds: number; seconds: number;
  native: { put: number[]; get: number[] }; cli: { put: number[]; get: number[] }; sdk: { put: number[]; get: number[] };
  ops: { put: number; get: number; head: number; list: number };
}): string {
  const rate = (times: number[]) => mb(r.size, median(times));
  const share = (s3: number, native: number) => `${fmt((100 * s3) / native, 0)} %`;
  const verdict = (ok: boolean) => (ok ? 'pass' : 'FAIL');
  const putShare = (100 * rate(r.sdk.put)) / rate(r.native.put);
  const getShare = (100 * rate(r.sdk.get)) / rate(r.native.get);
  return [
    `# S3 benchmark — ${new Date().toISOString()}`,
    '',
    `Machine: ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}; \`cairn dev\` (1 namenode, 3 datanodes, R=3, its gateway) and this bench share it.`,
    `Large objects: ${fmt(r.size / MiB, 0)} MiB of fresh random bytes each PUT (no dedup), median of ${r.rounds}; the SDK sends a stream body with its defaults (aws-chunked, CRC32 trailer). Small objects: ${smallBytes} B, ${clients} concurrent clients, ${r.seconds} s each.`,
    '',
    '| large object | native client library | `cairn fs` (CLI process) | S3 (AWS SDK) | S3 / native | target ≥ 70 % |',
    '|---|---|---|---|---|---|',
    `| PUT | ${fmt(rate(r.native.put))} MB/s | ${fmt(rate(r.cli.put))} MB/s | ${fmt(rate(r.sdk.put))} MB/s | ${share(rate(r.sdk.put), rate(r.native.put))} | ${verdict(putShare >= targets.largeShare)} |`,
    `| GET | ${fmt(rate(r.native.get))} MB/s | ${fmt(rate(r.cli.get))} MB/s | ${fmt(rate(r.sdk.get))} MB/s | ${share(rate(r.sdk.get), rate(r.native.get))} | ${verdict(getShare >= targets.largeShare)} |`,
    '',
    'Native: the client library the CLI and the gateway share, in the bench process. `cairn fs` adds starting the CLI (Node and the TypeScript loader) to each transfer.',
    '',
    '| small objects (4 KiB), 16 clients | ops/s | target |',
    '|---|---|---|',
    `| PutObject | ${fmt(r.ops.put, 0)} | ≥ ${targets.smallPuts} ${verdict(r.ops.put >= targets.smallPuts)} |`,
    `| GetObject | ${fmt(r.ops.get, 0)} | ≥ ${targets.smallGets} ${verdict(r.ops.get >= targets.smallGets)} |`,
    `| HeadObject | ${fmt(r.ops.head, 0)} | |`,
    `| ListObjectsV2 (100 keys) | ${fmt(r.ops.list, 0)} | |`,
    '',
  ].join('\n');
}

// `cairn fs put --resume`, `fs uploads` and `fs uploads abort` against a real cluster, run
// in-process as the entry point runs them: a put whose input fails part way exits 1 and says how
// to continue; `fs uploads --json` shows the session with exactly the keys of the contract; the
// resumed put sends only what the session lacked and the file reads back exactly; and the error
// cases exit with the contract's codes (no session: NOT_FOUND; another user's or an unknown
// upload: NOT_FOUND; a malformed id or conflicting flags: USAGE) and change nothing.
import t from 'tap';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fsCommand } from '../../src/cli/fs-commands.js';
import { MiB } from '../../src/common/constants.js';
import { bufferSource, MiniCluster } from '../harness/mini-cluster.js';
import { blocksOf, durableBytes } from '../harness/upload-probe.js';
import { waitFor } from '../harness/wait-for.js';
import { jsonOf, runCli, type CliEnv } from './run-cli.js';

/** Fixed 400 KiB blocks: a negotiated batch of 32 holds exactly this much. */
const batchBytes = 32 * 409_600;

// Lenient liveness timers: a busy test machine must not make the datanodes look stale mid-put.
const cluster = await MiniCluster.start({ config: { chunking: 'fixed', staleAfterMs: 5000, deadAfterMs: 20_000 } });
t.teardown(() => cluster.stop());
const admin = cluster.client(cluster.adminToken);
const alice = await admin.nn.admin('UserAdd', { name: 'alice' });
const bob = await admin.nn.admin('UserAdd', { name: 'bob' });
const env = { CAIRN_NAMENODE: cluster.namenode.rpcAddress, CAIRN_TOKEN: alice.token };
const bobEnv = { CAIRN_NAMENODE: cluster.namenode.rpcAddress, CAIRN_TOKEN: bob.token };
const localDir = await mkdtemp(join(tmpdir(), 'cairn-cli-uploads-'));
t.teardown(() => rm(localDir, { recursive: true, force: true }));

function fs(argv: string[], options: Partial<CliEnv> = {}) {
  return runCli(fsCommand, argv, { env, cwd: localDir, ...options });
}

/** stdin that delivers the first `failAfter` bytes of `data`, then fails like a broken pipe. */
function failingStdin(data: Buffer, failAfter: number): Readable {
  return Readable.from((async function* () {
    for (let at = 0; at < failAfter; at += 64 * 1024) yield data.subarray(at, Math.min(at + 64 * 1024, failAfter));
    throw Object.assign(new Error('read failed'), { code: 'EIO' });
  })());
}

type UploadJson = { uploadId: string; path: string; createdAt: string; leaseExpiresAt: string; blocks: number; bytes: number };

t.test('fs put --resume: an interrupted put is listed by fs uploads, and the resume sends only the rest', async (t) => {
  const data = randomBytes(20 * MiB);
  const failed = await fs(['put', '-', 'big.bin'], { stdin: failingStdin(data, 15 * MiB) });
  t.equal(failed.code, 1, 'a put whose input fails exits 1');
  t.equal(failed.errorCode, 'IO_ERROR');
  t.match(failed.stderr, /upload [0-9a-f]{16} of \/home\/alice\/big\.bin stays open: the same put with --resume continues it/, 'and says how to go on');

  const listed = await fs(['uploads', '--json']);
  t.equal(listed.code, 0, listed.stderr);
  const uploads = jsonOf(listed) as UploadJson[];
  t.equal(uploads.length, 1);
  t.same(Object.keys(uploads[0] ?? {}).sort(), ['blocks', 'bytes', 'createdAt', 'leaseExpiresAt', 'path', 'uploadId']);
  t.match(uploads[0], { path: '/home/alice/big.bin', blocks: 32, bytes: batchBytes }, 'the first batch of 32 blocks was negotiated and sent');
  t.ok(Date.parse(uploads[0]?.leaseExpiresAt ?? '') > Date.parse(uploads[0]?.createdAt ?? ''), 'ISO times: the lease ends after creation');
  const human = await fs(['uploads']);
  t.match(human.stdout, /^UPLOAD_ID\s+CREATED\s+LEASE_EXPIRES\s+BLOCKS\s+BYTES\s+PATH\n[0-9a-f]{16} .* 32 +12\.5 MiB +\/home\/alice\/big\.bin\n$/, 'a table for people');

  const held = await blocksOf(bufferSource(data.subarray(0, batchBytes)), 'fixed');
  await waitFor(async () => (await durableBytes(cluster.client(alice.token), held, '/home/alice/probe')) === batchBytes, 10_000);
  const resumed = await fs(['put', '-', 'big.bin', '--resume', '--json'], { stdin: data });
  t.equal(resumed.code, 0, resumed.stderr);
  t.match(jsonOf(resumed), { path: '/home/alice/big.bin', revision: 1, size: data.length, bytesUploaded: data.length - batchBytes, blocksDeduplicated: 32 },
    'bytesUploaded counts only what was sent');
  const out = join(localDir, 'big.out');
  t.equal((await fs(['get', 'big.bin', out])).code, 0);
  t.ok((await readFile(out)).equals(data), 'the file reads back byte for byte');
  t.same(jsonOf(await fs(['uploads', '--json'])), [], 'no session is left');
});

t.test('fs put --resume with nothing to resume: NOT_FOUND, and nothing is made', async (t) => {
  const source = join(localDir, 'small.txt');
  await writeFile(source, 'hello');
  const run = await fs(['put', source, 'fresh.txt', '--resume']);
  t.equal(run.code, 1);
  t.equal(run.errorCode, 'NOT_FOUND');
  t.match(run.stderr, /no open upload of \/home\/alice\/fresh\.txt to resume; start it again without --resume/);
  t.equal((await fs(['stat', 'fresh.txt'])).errorCode, 'NOT_FOUND', 'no file appeared');
  const both = await fs(['put', source, 'fresh.txt', '--resume', '--if-revision', '0']);
  t.equal(both.code, 2, '--resume keeps the first put\'s --if-revision: both together is a usage error');
  t.equal(both.errorCode, 'USAGE');
});

t.test('fs uploads abort: the owner ends a session; others, unknown and malformed ids are refused', async (t) => {
  const failed = await fs(['put', '-', 'left.bin'], { stdin: failingStdin(randomBytes(15 * MiB), 14 * MiB) });
  t.equal(failed.code, 1);
  const [session] = jsonOf(await fs(['uploads', '--json'])) as UploadJson[];
  const uploadId = session?.uploadId ?? '';
  t.same(jsonOf(await fs(['uploads', '--json'], { env: bobEnv })), [], 'bob does not see alice\'s session');
  const byBob = await fs(['uploads', 'abort', uploadId], { env: bobEnv });
  t.equal(byBob.code, 1);
  t.equal(byBob.errorCode, 'NOT_FOUND', 'bob cannot abort it: to him it does not exist');
  t.equal((jsonOf(await fs(['uploads', '--json'])) as UploadJson[]).length, 1, 'it is still open');

  const unknown = await fs(['uploads', 'abort', '0123456789abcdef']);
  t.equal(unknown.code, 1);
  t.equal(unknown.errorCode, 'NOT_FOUND');
  for (const argv of [['uploads', 'abort', 'xyz'], ['uploads', 'abort'], ['uploads', 'abort', uploadId, 'extra'], ['uploads', 'extra']]) {
    const run = await fs(argv);
    t.equal(run.code, 2, `fs ${argv.join(' ')}`);
    t.equal(run.errorCode, 'USAGE');
  }

  const aborted = await fs(['uploads', 'abort', uploadId]);
  t.equal(aborted.code, 0, aborted.stderr);
  t.equal(aborted.stdout, `aborted upload ${uploadId}\n`);
  t.same(jsonOf(await fs(['uploads', '--json'])), [], 'the session is gone');
  t.equal((await fs(['uploads', 'abort', uploadId])).errorCode, 'NOT_FOUND', 'twice is NOT_FOUND');
  t.equal((await fs(['put', '-', 'left.bin', '--resume'], { stdin: Buffer.from('x') })).errorCode, 'NOT_FOUND', 'an aborted session cannot be resumed');
});

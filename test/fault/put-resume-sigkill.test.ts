// What breaks: `cairn fs put` of a 200 MiB file — a real child process — is killed with SIGKILL
// about half way through (its session's list, watched through ListOpenUploads, holds 100 MiB).
// What must hold (DESIGN §6): the session stays open and `cairn fs uploads` shows it; `cairn fs
// put --resume` continues it and sends only what the cluster did not hold durably for the user at
// the kill — at most one block (1 MiB) more than the rest of the file; the file then reads back
// byte for byte (SHA-256), no session is left, and every reference count is right. A put stopped
// with SIGINT (Ctrl-C) ends at once, exits 1, says how to resume, and leaves its session open.
import t from 'tap';
import { createCipheriv, createHash } from 'node:crypto';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { open, mkdtemp, rm } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MiB } from '../../src/common/constants.js';
import { cairnBin, runCairn } from '../harness/cli-process.js';
import { MiniCluster } from '../harness/mini-cluster.js';
import { auditReferences } from '../harness/reference-audit.js';
import { blocksOf, durableBytes } from '../harness/upload-probe.js';
import { waitFor } from '../harness/wait-for.js';

const fileBytes = 200 * MiB;
const killAtBytes = 100 * MiB;
const blockBytesMax = MiB;
const seed = Number(process.env.TEST_SEED ?? Date.now() % 1_000_000);

/** Writes `bytes` of a seeded pseudo-random stream (AES-256-CTR keystream) to `path`; resolves to its SHA-256. */
async function writeSeededFile(path: string, bytes: number, seedValue: number): Promise<string> {
  const key = createHash('sha256').update(`cairn resume test ${seedValue}`).digest();
  const cipher = createCipheriv('aes-256-ctr', key, Buffer.alloc(16));
  const hash = createHash('sha256');
  const file = await open(path, 'w');
  try {
    const zeros = Buffer.alloc(8 * MiB);
    for (let written = 0; written < bytes; written += zeros.length) {
      const piece = cipher.update(zeros.subarray(0, Math.min(zeros.length, bytes - written)));
      hash.update(piece);
      await file.write(piece);
    }
  } finally {
    await file.close();
  }
  return hash.digest('hex');
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

t.test('fault: fs put SIGKILLed half way through 200 MiB; fs put --resume sends only the rest', async (t) => {
  t.comment(`seed ${seed} (replay with TEST_SEED=${seed})`);
  // Lenient liveness timers: the datanodes share this busy process and must not look stale mid-put.
  const cluster = await MiniCluster.start({ config: { chunking: 'cdc', staleAfterMs: 5000, deadAfterMs: 20_000 } });
  t.teardown(() => cluster.stop());
  const work = await mkdtemp(join(tmpdir(), 'cairn-resume-'));
  t.teardown(() => rm(work, { recursive: true, force: true }));
  const alice = await cluster.addUser('alice');
  const { token } = await cluster.client(cluster.adminToken).nn.admin('UserToken', { name: 'alice' });
  const env = { CAIRN_NAMENODE: cluster.namenode.rpcAddress, CAIRN_TOKEN: token };
  const local = join(work, 'big.bin');
  const want = await writeSeededFile(local, fileBytes, seed);

  const put = spawn(process.execPath, [cairnBin, 'fs', 'put', local, 'big.bin'], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  const exited = once(put, 'exit');
  let stderr = '';
  put.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  const heldBytes = async () => (await alice.nn.call('ListOpenUploads', {})).uploads.find((u) => u.path === '/home/alice/big.bin')?.bytes ?? 0;
  await waitFor(async () => put.exitCode !== null || (await heldBytes()) >= killAtBytes, 120_000, () => ({ stderr, held: heldBytes() }));
  t.equal(put.exitCode, null, 'the put was still running at the kill');
  put.kill('SIGKILL');
  const [, signal] = await exited;
  t.equal(signal, 'SIGKILL');

  // What the cluster holds durably for alice now is what a resume may skip: ask the upload protocol.
  const blocks = await blocksOf(createReadStream(local), 'cdc');
  const durable = await durableBytes(alice, blocks, '/home/alice/probe.bin');
  const remaining = fileBytes - durable;
  t.comment(`at the kill: ${await heldBytes()} bytes in the session's list, ${durable} durable; ${remaining} to send`);
  t.ok(durable >= fileBytes / 4 && durable < fileBytes, 'the kill came part way: much, not all, was stored');

  const listed = await runCairn(['fs', 'uploads', '--json'], env);
  t.equal(listed.code, 0, listed.stderr);
  const sessions = JSON.parse(listed.stdout) as Array<{ path: string; bytes: number }>;
  t.match(sessions, [{ path: '/home/alice/big.bin' }], 'fs uploads shows the interrupted session');
  t.ok((sessions[0]?.bytes ?? 0) >= killAtBytes, 'holding what it had negotiated');
  t.equal((await runCairn(['fs', 'stat', 'big.bin'], env)).code, 1, 'no file was committed');

  const resumed = await runCairn(['fs', 'put', local, 'big.bin', '--resume', '--json'], env);
  t.equal(resumed.code, 0, resumed.stderr);
  const result = JSON.parse(resumed.stdout) as { size: number; revision: number; bytesUploaded: number; blocksDeduplicated: number };
  t.comment(`resume: ${result.bytesUploaded} bytes uploaded, ${result.blocksDeduplicated} blocks already held`);
  t.equal(result.size, fileBytes);
  t.equal(result.revision, 1);
  t.ok(result.bytesUploaded < remaining + blockBytesMax, `bytesUploaded ${result.bytesUploaded} < ${remaining} remaining + one block`);

  const out = join(work, 'big.out');
  const got = await runCairn(['fs', 'get', 'big.bin', out], env);
  t.equal(got.code, 0, got.stderr);
  t.equal(await sha256Of(out), want, 'the file reads back byte for byte');
  t.same(JSON.parse((await runCairn(['fs', 'uploads', '--json'], env)).stdout), [], 'no session is left');

  const stopped = spawn(process.execPath, [cairnBin, 'fs', 'put', local, 'again.bin'], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  const stoppedExit = once(stopped, 'exit');
  let stoppedErr = '';
  stopped.stderr.on('data', (d: Buffer) => (stoppedErr += d.toString('utf8')));
  const again = async () => (await alice.nn.call('ListOpenUploads', {})).uploads.find((u) => u.path === '/home/alice/again.bin');
  await waitFor(async () => stopped.exitCode !== null || ((await again())?.bytes ?? 0) > 0, 60_000, () => stoppedErr);
  stopped.kill('SIGINT');
  const [exitCode] = await stoppedExit;
  t.equal(exitCode, 1, 'a put stopped by SIGINT exits 1');
  t.match(stoppedErr, /^cairn: TIMEOUT: stopped by SIGINT — the upload of \/home\/alice\/again\.bin stays open: the same put with --resume continues it\n$/);
  const left = await again();
  t.ok(left !== undefined, 'its session is open');
  t.equal((await runCairn(['fs', 'uploads', 'abort', left?.uploadId ?? ''], env)).code, 0, 'and fs uploads abort ends it');
  await rm(local);
  await rm(out);
  const audit = await cluster.inspectMetastore(auditReferences);
  t.same(audit.drift, [], 'every reference count agrees with the lists that hold it');
});

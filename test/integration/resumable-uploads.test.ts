// Resumable uploads against a real cluster (DESIGN §6): a put that fails part way keeps its
// session, which lists what it holds; a resumed put sends only what the session does not hold
// durably, and its revision is exactly the content it read — even when the file changed since
// (never a mix of old and new blocks); a resume takes the session over from the put before it;
// only a session's owner sees, continues or (short of an admin) aborts it; and every reference
// the sessions held is accounted for afterwards.
import t from 'tap';
import { createHash, randomBytes } from 'node:crypto';
import type { CairnClient } from '../../src/client/cairn-client.js';
import { MiB } from '../../src/common/constants.js';
import { CairnError } from '../../src/common/errors.js';
import { sha256Hex } from '../../src/common/hashing.js';
import { code } from '../harness/error-code.js';
import { bufferSource, MiniCluster, readBack } from '../harness/mini-cluster.js';
import { auditReferences } from '../harness/reference-audit.js';
import { blocksOf, durableBytes } from '../harness/upload-probe.js';
import { waitFor } from '../harness/wait-for.js';

// Content-defined chunks: a file with bytes inserted keeps its later blocks, at other offsets.
// Lenient liveness timers: a busy test machine must not make the datanodes look stale mid-put.
const cluster = await MiniCluster.start({ config: { chunking: 'cdc', staleAfterMs: 5000, deadAfterMs: 20_000 } });
t.teardown(() => cluster.stop());
const alice = await cluster.addUser('alice');
const bob = await cluster.addUser('bob');
const admin = cluster.client(cluster.adminToken);
const chunking = (await alice.nn.call('ClusterInfo', {})).chunking;

/** `data`, failing with IO_ERROR (a resumable failure: the local file went away) after `failAfter` bytes. */
async function* failingSource(data: Buffer, failAfter: number): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < failAfter; at += 256 * 1024) yield data.subarray(at, Math.min(at + 256 * 1024, failAfter));
  throw new CairnError('IO_ERROR', 'the local file went away');
}

/** A put of `data` to `path` that fails after `failAfter` bytes and keeps its session; resolves to the session's id. */
async function interruptedPut(client: CairnClient, data: Buffer, path: string, failAfter: number): Promise<string> {
  const failure = await client.put(failingSource(data, failAfter), path, { keepSessionOnFailure: true }).then(
    () => { throw new Error('the put was meant to fail'); },
    (err: unknown) => err,
  );
  if (!(failure instanceof CairnError) || failure.code !== 'IO_ERROR' || typeof failure.details?.uploadId !== 'string') throw failure;
  return failure.details.uploadId;
}

async function openUploads(client: CairnClient) {
  const all = [];
  for await (const upload of client.openUploads()) all.push(upload);
  return all;
}

/** Waits until the user holds every block of the session's list durably (the datanodes' reports landed). */
async function settled(client: CairnClient, data: Buffer, held: number, probePath: string): Promise<void> {
  const blocks = await blocksOf(bufferSource(data), chunking);
  await waitFor(async () => (await durableBytes(client, blocks, probePath)) >= held, 10_000, () => openUploads(client));
}

const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');

t.test('resume: an interrupted put keeps its session; the resumed put sends only what it lacks', async (t) => {
  const data = randomBytes(30 * MiB);
  const uploadId = await interruptedPut(alice, data, '/home/alice/big.bin', 24 * MiB);
  const [listed, ...others] = await openUploads(alice);
  t.same(others, [], 'one open session');
  t.match(listed, { uploadId, path: '/home/alice/big.bin' });
  const held = listed?.bytes ?? 0;
  t.ok(held >= 5 * MiB && held <= 24 * MiB, `the session holds the negotiated batches (${held} bytes, ${listed?.blocks} blocks)`);
  t.equal(await code(alice.nn.call('Stat', { path: '/home/alice/big.bin' })), 'NOT_FOUND', 'nothing is committed yet');
  await settled(alice, data.subarray(0, held), held, '/home/alice/probe');

  const result = await alice.put(bufferSource(data), '/home/alice/big.bin', { resume: true });
  t.equal(result.bytesUploaded, data.length - held, 'exactly the bytes the session did not hold were sent');
  t.equal(result.size, data.length);
  t.equal(result.revision, 1);
  t.equal(sha(await readBack(alice, '/home/alice/big.bin')), sha(data), 'the file reads back byte for byte');
  t.same(await openUploads(alice), [], 'the commit ended the session');
  t.equal(await code(alice.put(bufferSource(data), '/home/alice/big.bin', { resume: true })), 'NO_SUCH_UPLOAD', 'a committed session cannot be resumed');
});

t.test('resume with a changed file: the revision is exactly the new content, never a mix', async (t) => {
  const old = randomBytes(30 * MiB);
  // Bytes inserted early shift every later block (content-defined chunks resync after the edit)…
  const shifted = Buffer.concat([old.subarray(0, 3 * MiB), randomBytes(100_000), old.subarray(3 * MiB)]);
  await interruptedPut(alice, old, '/home/alice/shifted.bin', 24 * MiB);
  const heldOld = (await openUploads(alice))[0]?.bytes ?? 0;
  await settled(alice, old.subarray(0, heldOld), heldOld, '/home/alice/probe');
  const result = await alice.put(bufferSource(shifted), '/home/alice/shifted.bin', { resume: true });
  t.ok((await readBack(alice, '/home/alice/shifted.bin')).equals(shifted), 'the shifted file reads back exactly');
  t.ok(result.bytesUploaded < shifted.length - heldOld + 4 * MiB, `blocks already held at other offsets were not sent again (${result.bytesUploaded} bytes)`);

  // …and a shorter file leaves list entries past its end, which the commit must not keep.
  const long = randomBytes(30 * MiB);
  const short = randomBytes(3 * MiB + 777);
  await interruptedPut(alice, long, '/home/alice/short.bin', 24 * MiB);
  const done = await alice.put(bufferSource(short), '/home/alice/short.bin', { resume: true });
  t.equal(done.size, short.length);
  t.ok((await readBack(alice, '/home/alice/short.bin')).equals(short), 'the short file reads back exactly');
  t.same(await openUploads(alice), []);
  // The last test on this cluster audits every reference: the trimmed entries must have released theirs.
});

t.test('resume takes the session over: the put it continues can no longer change it', async (t) => {
  const data = randomBytes(MiB);
  const block = { id: sha256Hex(data), size: data.length, offset: 0 };
  const first = await alice.nn.call('BeginUpload', { path: '/home/alice/taken.bin', blocks: [block] });
  t.equal(first.attempt, 1, 'a new session is at attempt 1');
  const second = await alice.nn.call('BeginUpload', { path: '/home/alice/taken.bin', resume: true });
  t.match(second, { uploadId: first.uploadId, attempt: 2, blocksHeld: 1, bytesHeld: data.length }, 'the resume continues it, holding its block');
  const stale = { uploadId: first.uploadId, attempt: 1 };
  t.equal(await code(alice.nn.call('PutBlocks', { ...stale, blocks: [{ ...block, offset: data.length }] })), 'NO_SUCH_UPLOAD', 'the first put cannot add blocks');
  t.equal(await code(alice.nn.call('CommitUpload', { ...stale, blockCount: 1, size: data.length, md5: '0'.repeat(32) })), 'NO_SUCH_UPLOAD', 'nor commit');
  t.equal(await code(alice.nn.call('AbortUpload', stale)), 'NO_SUCH_UPLOAD', 'nor abort');
  t.equal((await openUploads(alice)).length, 1, 'the session is still open');
  const result = await alice.put(bufferSource(data), '/home/alice/taken.bin', { resume: true });
  t.equal(result.revision, 1);
  t.ok((await readBack(alice, '/home/alice/taken.bin')).equals(data));
});

t.test('resume: an upload keeps the expected revision of the put that opened it', async (t) => {
  const v1 = randomBytes(1000);
  await alice.put(bufferSource(v1), '/home/alice/guarded.txt');
  const begun = await alice.nn.call('BeginUpload', { path: '/home/alice/guarded.txt', expectedRevision: 1, hasExpectedRevision: true });
  await alice.put(bufferSource(randomBytes(500)), '/home/alice/guarded.txt'); // someone else's revision 2 meanwhile
  t.equal(await code(alice.put(bufferSource(randomBytes(800)), '/home/alice/guarded.txt', { resume: true, expectedRevision: 2 })), 'REVISION_CONFLICT',
    'the resumed commit still expects revision 1, whatever this put asks');
  t.equal(await code(alice.nn.call('AbortUpload', { uploadId: begun.uploadId })), 'NO_SUCH_UPLOAD', 'the refused commit aborted the session');
});

t.test('resume with nothing to resume is NO_SUCH_UPLOAD and changes nothing', async (t) => {
  const data = randomBytes(2000);
  t.equal(await code(alice.put(bufferSource(data), '/home/alice/never.bin', { resume: true })), 'NO_SUCH_UPLOAD');
  await bob.nn.call('BeginUpload', { path: '/home/bob/mine.bin' });
  t.equal(await code(alice.put(bufferSource(data), '/home/bob/mine.bin', { resume: true })), 'NO_SUCH_UPLOAD', "another user's session of that path is not the caller's");
  const [bobs] = await openUploads(bob);
  t.equal(await code(alice.nn.call('BeginUpload', { path: '/home/bob/mine.bin', resumeUploadId: bobs?.uploadId ?? '' })), 'NO_SUCH_UPLOAD', 'nor by its id');
  t.equal(await code(alice.nn.call('Stat', { path: '/home/alice/never.bin' })), 'NOT_FOUND');
  t.same(await openUploads(alice), []);
  await bob.nn.call('AbortUpload', { uploadId: bobs?.uploadId ?? '' });
});

t.test('uploads: each user lists only their own sessions, paged; others cannot abort them', async (t) => {
  const blockOf = (n: number) => ({ id: sha256Hex(Buffer.from(`block ${n}`)), size: 1000 + n, offset: 0 });
  const a1 = await alice.nn.call('BeginUpload', { path: '/home/alice/one', blocks: [blockOf(1)] });
  const a2 = await alice.nn.call('BeginUpload', { path: '/home/alice/two', blocks: [blockOf(2), { ...blockOf(3), offset: 1002 }] });
  const b1 = await bob.nn.call('BeginUpload', { path: '/home/bob/three', blocks: [blockOf(4)] });
  const mine = await openUploads(alice);
  t.same(mine.map((u) => [u.uploadId, u.path, u.blocks, u.bytes]), [[a1.uploadId, '/home/alice/one', 1, 1001], [a2.uploadId, '/home/alice/two', 2, 1002 + 1003]],
    'by path, with the blocks and bytes each list holds');
  t.ok(mine.every((u) => u.createdAtMs > 0 && u.leaseExpiresAtMs > u.createdAtMs), 'creation time and lease');
  t.same((await openUploads(bob)).map((u) => u.uploadId), [b1.uploadId], 'bob sees only his');
  t.same(await openUploads(admin), [], 'an admin lists only their own too');

  const page1 = await alice.nn.call('ListOpenUploads', { limit: 1 });
  t.same(page1.uploads.map((u) => u.uploadId), [a1.uploadId]);
  t.not(page1.nextPageToken, '', 'a first page of one says more follow');
  const page2 = await alice.nn.call('ListOpenUploads', { limit: 1, pageToken: page1.nextPageToken });
  t.same(page2.uploads.map((u) => u.uploadId), [a2.uploadId]);
  t.equal(page2.nextPageToken, '', 'the last page says so');
  t.equal(await code(alice.nn.call('ListOpenUploads', { pageToken: 'not hex' })), 'INVALID_ARGUMENT', 'a bad page token');
  const fromBob = await bob.nn.call('ListOpenUploads', { limit: 10, pageToken: page1.nextPageToken });
  t.same(fromBob.uploads.map((u) => u.uploadId), [b1.uploadId], "a token of alice's listing pages through bob's own sessions only");

  t.equal(await code(bob.nn.call('AbortUpload', { uploadId: a1.uploadId })), 'NO_SUCH_UPLOAD', "bob cannot abort alice's session");
  t.equal(await code(bob.nn.call('PutBlocks', { uploadId: a1.uploadId, blocks: [blockOf(5)] })), 'NO_SUCH_UPLOAD', 'nor add to it');
  t.equal((await openUploads(alice)).length, 2, 'it is still open');
  await alice.nn.call('AbortUpload', { uploadId: a1.uploadId });
  t.equal(await code(alice.nn.call('AbortUpload', { uploadId: a1.uploadId })), 'NO_SUCH_UPLOAD', 'an aborted session is gone');
  await admin.nn.call('AbortUpload', { uploadId: a2.uploadId });
  t.same(await openUploads(alice), [], "an admin may end a user's session (operators clean up)");
  await bob.nn.call('AbortUpload', { uploadId: b1.uploadId });
  // Last on this cluster: covers the resumed, trimmed and aborted sessions of every test above.
  const audit = await cluster.inspectMetastore(auditReferences);
  t.same(audit.drift, [], 'every reference count agrees with the lists that hold it');
  t.ok([1, 2, 3, 4].every((n) => audit.unreferenced.has(blockOf(n).id)), 'the aborted sessions released every block they held');
});

t.test('lease: a session in use keeps its lease; an abandoned one is reaped and its blocks released', async (t) => {
  const leaseMs = 4000; // the reaper looks every quarter lease
  const short = await MiniCluster.start({ config: { uploadLeaseMs: leaseMs, staleAfterMs: 5000, deadAfterMs: 20_000 } });
  t.teardown(() => short.stop());
  const carol = await short.addUser('carol');
  const blocks = [0, 1, 2].map((n) => ({ id: sha256Hex(Buffer.from(`lease ${n}`)), size: 500, offset: 500 * n }));
  const begun = await carol.nn.call('BeginUpload', { path: '/home/carol/slow.bin', blocks: blocks.slice(0, 1) });
  const lease = async () => (await openUploads(carol))[0]?.leaseExpiresAtMs ?? 0;
  const firstLease = await lease();

  await waitFor(() => Date.now() > firstLease - leaseMs / 2 + 100, leaseMs); // past half the lease
  await carol.nn.call('PutBlocks', { uploadId: begun.uploadId, blocks: blocks.slice(1, 2), attempt: begun.attempt });
  const renewed = await lease();
  t.ok(renewed > firstLease, 'a PutBlocks past half the lease renews it');
  await waitFor(() => Date.now() > firstLease + leaseMs / 4 + 100, 2 * leaseMs); // the first lease passed, and a reaper round since
  t.equal((await openUploads(carol)).length, 1, 'the renewed session outlived its first lease');

  const resumed = await carol.nn.call('BeginUpload', { path: '/home/carol/slow.bin', resume: true, blocks: blocks.slice(2) });
  t.equal(resumed.attempt, 2);
  t.ok((await lease()) >= renewed, 'a resume renews the lease too');
  t.equal((await openUploads(carol))[0]?.blocks, 3);

  // Nothing else changes this cluster: the next edit after the lease ends is the reaper's abort.
  const shortAdmin = short.client(short.adminToken);
  const lastTxid = async () => (await shortAdmin.nn.admin('Report', {})).lastTxid;
  const before = await lastTxid();
  await waitFor(async () => (await openUploads(carol)).length === 0 && (await lastTxid()) > before, 4 * leaseMs, () => openUploads(carol));
  t.equal(await code(carol.nn.call('PutBlocks', { uploadId: begun.uploadId, blocks: blocks.slice(0, 1) })), 'NO_SUCH_UPLOAD', 'the reaped session is gone');
  const audit = await short.inspectMetastore(auditReferences);
  t.same(audit.drift, []);
  t.equal(audit.lists, 0, 'no list is left');
  t.ok(blocks.every((b) => audit.unreferenced.has(b.id)), 'every block the session held has no reference left');
});

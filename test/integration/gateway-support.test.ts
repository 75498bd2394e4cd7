// What the namenode and client library give the S3 gateway: signing keys and user sessions for
// cluster members only, metadata kept with revisions, buckets anyone may create, implicit
// folders, ETags on inodes, and ranged reads.
import { randomBytes } from 'node:crypto';
import t from 'tap';
import { deriveSigningKey, signNodeHeader, signSessionToken, verifySessionToken } from '../../src/common/auth.js';
import { blockBytesFixed } from '../../src/common/constants.js';
import { NamenodeClient } from '../../src/client/namenode-client.js';
import { CairnClient } from '../../src/client/cairn-client.js';
import { MiniCluster, bufferSource, miniClusterSecret, readBack, CollectSink } from '../harness/mini-cluster.js';
import { code } from '../harness/error-code.js';
import { auditReferences } from '../harness/reference-audit.js';

t.test('session tokens: signed with the cluster secret, expiring, tamper-evident', async (t) => {
  const token = signSessionToken('s'.repeat(20), 7, 2000);
  t.equal(verifySessionToken('s'.repeat(20), token, 1999), 7);
  t.throws(() => verifySessionToken('s'.repeat(20), token, 2000), { code: 'UNAUTHENTICATED' }, 'expired');
  t.throws(() => verifySessionToken('t'.repeat(20), token, 1000), { code: 'UNAUTHENTICATED' }, 'another cluster');
  t.throws(() => verifySessionToken('s'.repeat(20), token.replace('cs1_7.', 'cs1_1.'), 1000), { code: 'UNAUTHENTICATED' }, 'another user');
  t.throws(() => verifySessionToken('s'.repeat(20), 'cs1_garbage', 1000), { code: 'UNAUTHENTICATED' });
});

t.test('S3SigningKey: only for cluster members; the scoped key and a working session of the key\'s user', async (t) => {
  const cluster = await MiniCluster.start({ datanodes: 3 });
  t.teardown(() => cluster.stop());
  const admin = cluster.client(cluster.adminToken);
  const keys = await admin.nn.admin('UserAdd', { name: 'carol', accessKey: 'CAROLKEY00000001', secretKey: 'carol-secret-0123456789' });
  const member = (secret: string) => new NamenodeClient({ addresses: [cluster.namenode.rpcAddress], token: '', signNode: () => signNodeHeader(secret, 'gw-test', Date.now()) });
  const gateway = member(miniClusterSecret);
  const stranger = member('not-the-cluster-secret-at-all');
  t.teardown(() => { gateway.close(); stranger.close(); });
  const scope = { accessKeyId: keys.accessKeyId, date: '20261121', region: 'us-east-1', service: 's3' };
  t.equal(await code(stranger.gateway('S3SigningKey', scope)), 'UNAUTHENTICATED', 'a caller without the cluster secret gets nothing');
  t.equal(await code(gateway.gateway('S3SigningKey', { ...scope, accessKeyId: 'UNKNOWNKEY000000' })), 'UNAUTHENTICATED');
  t.equal(await code(gateway.gateway('S3SigningKey', { ...scope, service: 'ec2' })), 'INVALID_ARGUMENT');
  const reply = await gateway.gateway('S3SigningKey', scope);
  t.same(Buffer.from(reply.signingKey), deriveSigningKey('carol-secret-0123456789', '20261121', 'us-east-1', 's3'), 'the day-scoped SigV4 key');
  t.equal(reply.user, 'carol');
  t.notOk(JSON.stringify(reply).includes('carol-secret'), 'the secret itself never leaves the namenode');
  const asCarol = new CairnClient({ namenodes: [cluster.namenode.rpcAddress], token: reply.sessionToken });
  t.teardown(() => asCarol.close());
  t.equal((await asCarol.nn.call('WhoAmI', {})).name, 'carol', 'the session acts as the key\'s user');
  t.equal(await code(asCarol.nn.call('Stat', { path: '/home/admin' })), 'PERMISSION_DENIED', 'and only with that user\'s rights');
});

t.test('buckets, implicit folders, metadata, ETags and ranged reads', async (t) => {
  // Fixed blocks, so that the ranges below straddle known block boundaries.
  const cluster = await MiniCluster.start({ datanodes: 3, config: { chunking: 'fixed' } });
  t.teardown(() => cluster.stop());
  const dana = await cluster.addUser('dana');
  const erin = await cluster.addUser('erin');
  const bucket = await dana.nn.call('Mkdir', { path: '/buckets/photos', parents: false, implicit: false });
  t.equal(bucket.owner, 'dana', 'any user may create a bucket, and owns it');
  t.equal(await code(erin.nn.call('Mkdir', { path: '/buckets/photos/x', parents: false, implicit: false })), 'PERMISSION_DENIED', 'but not write into another\'s');
  const made = await dana.nn.call('Mkdir', { path: '/buckets/photos/2026/jan', parents: true, implicit: true });
  t.equal(made.implicit, true);
  t.equal((await dana.nn.call('Stat', { path: '/buckets/photos/2026' })).implicit, true, 'every folder it made is implicit');
  t.equal((await dana.nn.call('Mkdir', { path: '/buckets/photos/albums', parents: false, implicit: false })).implicit, false);

  const data = randomBytes(2 * blockBytesFixed + 1234);
  const put = await dana.put(bufferSource(data), '/buckets/photos/2026/jan/a.jpg', {
    beforeCommit: ({ md5Hex, size }) => ({ 'content-type': 'image/jpeg', 'x-amz-meta-camera': 'x100', seen: `${md5Hex}/${size}` }),
  });
  const page = await dana.nn.call('GetFile', { path: '/buckets/photos/2026/jan/a.jpg', revision: 0, fromOffset: 0, maxBlocks: 1 });
  t.same(page.metadata, { 'content-type': 'image/jpeg', 'x-amz-meta-camera': 'x100', seen: `${put.md5Hex}/${data.length}` }, 'metadata kept with the revision');
  t.ok(page.createdAtMs > 0);
  t.equal((await dana.nn.call('Stat', { path: '/buckets/photos/2026/jan/a.jpg' })).etag, put.md5Hex, 'the inode carries the ETag');
  const listed = await dana.nn.call('List', { path: '/buckets/photos/2026/jan', startAfter: '', limit: 10 });
  t.equal(listed.entries[0]?.etag, put.md5Hex, 'and so does a listing');

  const aborted = dana.put(bufferSource(randomBytes(1000)), '/buckets/photos/2026/jan/a.jpg', { beforeCommit: () => { throw new Error('checksum mismatch'); } });
  await t.rejects(aborted, /checksum mismatch/);
  t.equal((await dana.nn.call('Stat', { path: '/buckets/photos/2026/jan/a.jpg' })).revision, 1, 'a put refused before its commit changes nothing');
  t.equal(await code(dana.put(bufferSource(data), '/buckets/photos/b', { beforeCommit: () => ({ 'Bad Key': 'x' }) })), 'INVALID_ARGUMENT');
  t.equal(await code(dana.put(bufferSource(data), '/buckets/photos/b', { beforeCommit: () => ({ big: 'x'.repeat(9000) }) })), 'TOO_LARGE');

  for (const [start, end] of [[0, 10], [blockBytesFixed - 5, blockBytesFixed + 5], [blockBytesFixed * 2, data.length], [100, 100], [0, data.length]] as const) {
    const sink = new CollectSink();
    await dana.get('/buckets/photos/2026/jan/a.jpg', sink, { range: { start, end } });
    t.ok(sink.data.equals(data.subarray(start, end)), `bytes ${start}–${end} read back exactly`);
  }
  t.ok((await readBack(dana, '/buckets/photos/2026/jan/a.jpg')).equals(data), 'and the whole file');
});

t.test('multipart uploads on the namenode: parts are sessions, completion is atomic, plain calls are refused', async (t) => {
  const cluster = await MiniCluster.start({ datanodes: 3 });
  t.teardown(() => cluster.stop());
  const dana = await cluster.addUser('dana');
  const erin = await cluster.addUser('erin');
  await dana.nn.call('Mkdir', { path: '/buckets/mp', parents: false, implicit: false });
  const path = '/buckets/mp/obj';
  const { uploadId } = await dana.nn.call('CreateMultipart', { path, metadata: { 'content-type': 'text/plain' } });
  t.equal(await code(erin.nn.call('CreateMultipart', { path, metadata: {} })), 'PERMISSION_DENIED', 'only writers of the folder start uploads');
  const one = randomBytes(blockBytesFixed + 10);
  const two = randomBytes(100);
  const p1 = await dana.put(bufferSource(one), path, { part: { uploadId, number: 1 } });
  const p2 = await dana.put(bufferSource(two), path, { part: { uploadId, number: 2 } });
  t.equal(p1.revision, 0, 'a part is no revision');
  t.equal(await code(dana.nn.call('Stat', { path })), 'NOT_FOUND', 'nothing exists before completion');

  t.equal(await code(dana.nn.call('PutBlocks', { uploadId, blocks: [{ id: 'a'.repeat(64), size: 1, offset: 0 }], exclude: [] })), 'INVALID_ARGUMENT', 'blocks go into parts, not the upload');
  t.equal(await code(dana.nn.call('CommitUpload', { uploadId, blockCount: 0, size: 0, md5: p1.md5Hex, metadata: {} })), 'INVALID_ARGUMENT', 'a multipart upload is completed, not committed');
  const session = await dana.nn.call('BeginPart', { uploadId, path, partNumber: 3 });
  t.equal(await code(dana.nn.call('CommitUpload', { uploadId: session.uploadId, blockCount: 0, size: 0, md5: p1.md5Hex, metadata: {} })), 'INVALID_ARGUMENT', 'a part is committed with CommitPart');
  t.equal(await code(dana.nn.call('BeginPart', { uploadId, path, partNumber: 0 })), 'INVALID_ARGUMENT');
  t.equal(await code(dana.nn.call('BeginPart', { uploadId, path: '/buckets/mp/other', partNumber: 1 })), 'NO_SUCH_UPLOAD');
  t.equal(await code(erin.nn.call('BeginPart', { uploadId, path, partNumber: 4 })), 'NO_SUCH_UPLOAD', 'another user cannot see the upload');
  t.equal(await code(erin.nn.call('ListParts', { uploadId, path, afterPart: 0, limit: 10 })), 'NO_SUCH_UPLOAD');
  t.same((await erin.nn.call('ListUploads', { prefix: '/buckets/mp/', afterPath: '', afterUploadId: '', skipPrefix: false, limit: 10 })).uploads, [], 'nor list it');

  const complete = (parts: Array<{ partNumber: number; md5: string }>) => dana.nn.call('CompleteMultipart', { uploadId, path, parts, metadata: { etag: 'x-2' }, expectedRevision: 0, hasExpectedRevision: false });
  t.equal(await code(complete([{ partNumber: 1, md5: p2.md5Hex }, { partNumber: 2, md5: p2.md5Hex }])), 'INVALID_PART', 'an MD5 that is not the part\'s');
  t.equal(await code(complete([{ partNumber: 2, md5: p2.md5Hex }, { partNumber: 1, md5: p1.md5Hex }])), 'INVALID_ARGUMENT', 'descending part numbers');
  t.equal(await code(complete([])), 'INVALID_ARGUMENT');
  const listed = await dana.nn.call('ListParts', { uploadId, path, afterPart: 0, limit: 10 });
  t.same(listed.parts.map((p) => [p.partNumber, p.md5, Number(p.size)]), [[1, p1.md5Hex, one.length], [2, p2.md5Hex, two.length]], 'refused completions changed nothing');
  t.same(listed.upload?.metadata, { 'content-type': 'text/plain' });

  const done = await complete([{ partNumber: 1, md5: p1.md5Hex }, { partNumber: 2, md5: p2.md5Hex }]);
  t.equal(done.size, one.length + two.length);
  t.equal(done.etag, 'x-2', 'the ETag the completion recorded');
  t.ok((await readBack(dana, path)).equals(Buffer.concat([one, two])), 'the parts read back in order');
  t.equal(await code(dana.nn.call('CommitPart', { uploadId: session.uploadId, blockCount: 0, size: 0, md5: p1.md5Hex, metadata: {} })), 'NO_SUCH_UPLOAD', 'a part still open when the upload completed cannot commit');
  t.equal((await dana.nn.call('WhoAmI', {})).usedBytes, one.length + two.length, 'the owner pays for the object, not for parts');
});

t.test('PurgeRevision: one revision goes for good, its blocks are released, numbers are never reused', async (t) => {
  const cluster = await MiniCluster.start({ datanodes: 3 });
  t.teardown(() => cluster.stop());
  const dana = await cluster.addUser('dana');
  const erin = await cluster.addUser('erin');
  const path = '/home/dana/doc';
  const bodies = [randomBytes(blockBytesFixed + 1), randomBytes(2000), randomBytes(300)];
  for (const body of bodies) await dana.put(bufferSource(body), path);
  t.equal(await code(erin.nn.call('PurgeRevision', { path, revision: 1 })), 'PERMISSION_DENIED', 'only those who may write purge');
  t.equal(await code(dana.nn.call('PurgeRevision', { path, revision: 7 })), 'NO_SUCH_REVISION');
  await dana.nn.call('PurgeRevision', { path, revision: 3 });
  const stat = await dana.nn.call('Stat', { path });
  t.same([stat.revision, Number(stat.size)], [2, bodies[1]?.length], 'the revision before the purged newest is the newest');
  t.equal((await dana.nn.call('WhoAmI', {})).usedBytes, bodies[1]?.length, 'usage follows the newest revision');
  t.ok((await readBack(dana, path)).equals(bodies[1] ?? Buffer.alloc(0)));
  t.equal((await dana.put(bufferSource(Buffer.from('again')), path)).revision, 4, 'the purged number is not given again');
  await dana.nn.call('PurgeRevision', { path, revision: 1 });
  t.same((await dana.nn.call('Revisions', { path })).revisions.map((r) => r.revision), [4, 2]);
  await dana.nn.call('PurgeRevision', { path, revision: 4 });
  await dana.nn.call('PurgeRevision', { path, revision: 2 });
  t.equal(await code(dana.nn.call('Stat', { path })), 'NOT_FOUND', 'purging the only revision removes the file');
  t.equal((await dana.nn.call('WhoAmI', {})).usedBytes, 0);
  const audit = await cluster.inspectMetastore(auditReferences);
  t.same(audit.drift, [], 'reference counts agree');
  t.equal(audit.lists, 0, 'every list was released');
});

// Bad input at the data path gets a stable error code and changes nothing (DESIGN §10.8):
// bytes that do not match their block id, forged or misused block tokens, oversized blocks and
// bodies, block ids that try to name a path, and datanode signatures nobody made.
import t from 'tap';
import { randomBytes } from 'node:crypto';
import { MiniCluster, miniClusterSecret as secret } from '../harness/mini-cluster.js';
import { BlockTokenKey } from '../../src/common/block-token.js';
import { BlockTransferClient, headers } from '../../src/common/block-transfer.js';
import { initHashing, sha256Hex, xxh64 } from '../../src/common/hashing.js';
import { signNodeHeader } from '../../src/common/auth.js';
import { CairnError } from '../../src/common/errors.js';
import { code } from '../harness/error-code.js';
import { MiB } from '../../src/common/constants.js';



t.test('bad input: the data path refuses what does not add up, and stores nothing', async (t) => {
  await initHashing();
  const cluster = await MiniCluster.start();
  t.teardown(() => cluster.stop());
  const pool = new BlockTransferClient(10_000);
  t.teardown(() => pool.close());
  const keys = new BlockTokenKey(secret);
  const dn = cluster.datanodes[0];
  if (!dn) throw new Error('no datanode');
  const data = randomBytes(4096);
  const id = sha256Hex(data);
  const soon = Date.now() + 60_000;
  const write = (over: Partial<{ blockId: string; data: Buffer; checksum: bigint; token: string }>, extra: Record<string, string> = {}) =>
    pool.write(dn.httpAddress, { blockId: id, data, checksum: xxh64(data), token: keys.issue('write', id, soon), downstream: [], ...over }, extra);
  const read = (blockId: string, token = keys.issue('read', blockId, soon)) => pool.read(dn.httpAddress, blockId, token);

  const other = randomBytes(4096);
  t.equal(await code(write({ data: other, checksum: xxh64(other) })), 'BLOCK_ID_MISMATCH', 'bytes of another content under this id');
  t.equal(await code(read(id)), 'BLOCK_NOT_FOUND', 'and nothing was stored');
  t.equal(await code(write({ checksum: xxh64(data) ^ 1n })), 'CHECKSUM_MISMATCH', 'a checksum that does not match the bytes');
  const hopHeader = { [headers.node]: signNodeHeader('not-the-cluster-secret-xx', 'DN-evil', Date.now()) };
  t.equal(await code(write({ data: other, checksum: xxh64(other) }, hopHeader)), 'BLOCK_ID_MISMATCH', 'a hop signature (no datanode sends one; tampering.test.ts tries a genuine one) cannot skip the id check');

  t.equal(await code(write({ token: 'write.9999999999999..AAAA' })), 'INVALID_BLOCK_TOKEN', 'a forged token');
  t.equal(await code(write({ token: keys.issue('read', id, soon) })), 'INVALID_BLOCK_TOKEN', 'a read token used to write');
  t.equal(await code(write({ token: keys.issue('write', sha256Hex(other), soon) })), 'INVALID_BLOCK_TOKEN', 'a token for another block');
  t.equal(await code(write({ token: keys.issue('write', id, Date.now() - 1) })), 'INVALID_BLOCK_TOKEN', 'an expired token');
  t.equal(await code(write({ token: new BlockTokenKey('another-cluster-secret-xx').issue('write', id, soon) })), 'INVALID_BLOCK_TOKEN', "another cluster's token");
  t.equal(await code(read(id)), 'BLOCK_NOT_FOUND', 'none of those stored anything');

  t.equal(await code(write({})), 'OK', 'the right bytes with the right token are stored');
  t.ok((await read(id)).data.equals(data), 'and read back');
  t.equal(await code(read(id, keys.issue('write', id, soon))), 'INVALID_BLOCK_TOKEN', 'a write token used to read');

  for (const bad of ['../../../../etc/passwd', `${'0'.repeat(63)}/`, id.toUpperCase(), '']) {
    t.equal(await code(read(bad, keys.issue('read', bad, soon))), 'INVALID_ARGUMENT', `block id ${JSON.stringify(bad.slice(0, 24))} is refused`);
  }
  const big = randomBytes(MiB + 1);
  t.equal(await code(write({ blockId: sha256Hex(big), data: big, checksum: xxh64(big), token: keys.issue('write', sha256Hex(big), soon) })), 'TOO_LARGE', 'a block over 1 MiB');
  const huge = randomBytes(5 * MiB);
  t.equal(await code(write({ blockId: sha256Hex(huge), data: huge, checksum: xxh64(huge), token: keys.issue('write', sha256Hex(huge), soon) })), 'TOO_LARGE', 'a body far over the block limit');
  t.equal(await code(write({ token: '' })), 'INVALID_BLOCK_TOKEN', 'no token at all');
  const noPipelineId = await fetch(`http://${dn.httpAddress}/blocks/${id}`, { method: 'PUT', headers: { 'content-type': 'text/plain', [headers.token]: keys.issue('write', id, soon) }, body: 'x' });
  t.equal(noPipelineId.status, 400, 'a body that is not application/octet-stream');
  t.equal(((await noPipelineId.json()) as { code: string }).code, 'INVALID_ARGUMENT');
});

t.test('bad input: the namenode refuses malformed uploads and claims of content never sent', async (t) => {
  const cluster = await MiniCluster.start();
  t.teardown(() => cluster.stop());
  const alice = await cluster.addUser('alice');
  const { uploadId } = await alice.nn.call('BeginUpload', { path: '/home/alice/f', expectedRevision: 0, hasExpectedRevision: false });
  const id = sha256Hex(randomBytes(16));
  const many = Array.from({ length: 1001 }, (_, i) => ({ id, size: 1, offset: i }));
  t.equal(await code(alice.nn.call('PutBlocks', { uploadId, blocks: many })), 'TOO_LARGE', 'more than 1000 blocks in one PutBlocks');
  t.equal(await code(alice.nn.call('PutBlocks', { uploadId, blocks: [{ id: 'zz', size: 1, offset: 0 }] })), 'INVALID_ARGUMENT', 'a malformed block id');
  t.equal(await code(alice.nn.call('PutBlocks', { uploadId, blocks: [{ id, size: 2 * MiB, offset: 0 }] })), 'INVALID_ARGUMENT', 'a block over 1 MiB');
  t.equal(await code(alice.nn.call('PutBlocks', { uploadId: '0123456789abcdef', blocks: [{ id, size: 1, offset: 0 }] })), 'NO_SUCH_UPLOAD');
  t.equal(await code(alice.nn.call('BeginUpload', { path: '/home/alice/no/such/dir/f', expectedRevision: 0, hasExpectedRevision: false })), 'NOT_FOUND', 'missing parents');
  await alice.nn.call('Mkdir', { path: '/home/alice/dir', parents: false });
  t.equal(await code(alice.nn.call('BeginUpload', { path: '/home/alice/dir', expectedRevision: 0, hasExpectedRevision: false })), 'IS_A_DIRECTORY', 'a folder is not a file');
  t.equal(await code(alice.nn.call('BeginUpload', { path: '/home/admin/x', expectedRevision: 0, hasExpectedRevision: false })), 'PERMISSION_DENIED', "another user's home");

  // alice announces a block she never sends: it is not 'present' for her, and she cannot commit it.
  const answers = await alice.nn.call('PutBlocks', { uploadId, blocks: [{ id, size: 16, offset: 0 }] });
  t.equal(answers.answers[0]?.present, false);
  const again = await alice.nn.call('PutBlocks', { uploadId, blocks: [{ id, size: 16, offset: 0 }] });
  t.equal(again.answers[0]?.present, false, 'announcing twice does not make it present');
  t.equal(await code(alice.nn.call('CommitUpload', { uploadId, blockCount: 1, size: 16, md5: '0'.repeat(32) }, 20_000)), 'NOT_ENOUGH_REPLICAS', 'a commit of content never sent is refused');
  t.equal(await code(alice.nn.call('Stat', { path: '/home/alice/f' })), 'NOT_FOUND', 'and creates nothing');
  t.equal(await code(alice.nn.call('CommitUpload', { uploadId, blockCount: 2, size: 16, md5: '0'.repeat(32) })), 'UPLOAD_INCOMPLETE', 'a commit naming other counts');
  t.equal(await code(alice.nn.call('CommitUpload', { uploadId, blockCount: 1, size: 16, md5: 'nope' })), 'INVALID_ARGUMENT', 'a malformed md5');
});

t.test('dedup: another user storing the same content sends it in full and learns nothing', async (t) => {
  const cluster = await MiniCluster.start();
  t.teardown(() => cluster.stop());
  const alice = await cluster.addUser('alice');
  const bob = await cluster.addUser('bob');
  const data = randomBytes(2 * MiB);
  const { bufferSource, readBack } = await import('../harness/mini-cluster.js');
  await alice.put(bufferSource(data), '/home/alice/shared-content');
  const second = await bob.put(bufferSource(data), '/home/bob/same');
  t.equal(second.bytesUploaded, data.length, "bob's upload of alice's content is not answered 'present'");
  t.ok((await readBack(bob, '/home/bob/same')).equals(data));
  t.equal(await code(bob.nn.call('GetFile', { path: '/home/alice/shared-content', revision: 0, fromOffset: 0, maxBlocks: 1 })), 'PERMISSION_DENIED', "bob cannot read alice's file");
  const third = await bob.put(bufferSource(data), '/home/bob/again');
  t.equal(third.bytesUploaded, 0, 'once bob has sent the bytes himself, they are his to reuse');
});

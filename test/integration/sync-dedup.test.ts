// Cross-user deduplication without a side channel (DESIGN §7, §9, invariant 6). Bob stores the
// exact 20 MiB file Alice stored: his PutBlocks answers `upload` for every one of her blocks (the
// same answer as for content nobody has), so he sends all 20 MiB — yet the datanodes store not
// one byte more: each verifies his bytes against the block id and keeps the copy it has. Holding
// the same content gives Bob nothing of Alice's: her path is refused, and a block of hers he does
// not hold cannot be read from a datanode with a token for one of his blocks, a write token he
// can get for any block id by announcing it, a malformed token, or none; nor can he commit a
// claim to her blocks without sending them. Control reads with Alice's own tokens show the
// refusals are the authorisation, not a broken read path.
// Two datanodes with R=2: every datanode holds a replica of every block, so "stored bytes" are
// exact at each commit, with nothing left for the replication monitor to do.
import t from 'tap';
import { createHash } from 'node:crypto';
import { BlockTransferClient } from '../../src/common/block-transfer.js';
import { MiB } from '../../src/common/constants.js';
import { initHashing, sha256Hex } from '../../src/common/hashing.js';
import { code } from '../harness/error-code.js';
import { MiniCluster, bufferSource, readBack } from '../harness/mini-cluster.js';
import { auditReferences } from '../harness/reference-audit.js';
import { waitFor } from '../harness/wait-for.js';
import { localBlocks, patientLiveness, seededRandomBytes, type LocalBlock } from '../harness/sync-fixtures.js';
import { storeFigures, totalFigures } from '../harness/store-figures.js';

const policy = 'cdc';

const blockRefs = (blocks: LocalBlock[]) => blocks.map((b) => ({ id: b.id, size: b.size, offset: b.offset }));

t.test('dedup across users: Bob uploads Alice\'s 20 MiB file in full, the datanodes store nothing more, and he can read nothing of hers', async (t) => {
  await initHashing();
  const cluster = await MiniCluster.start({ datanodes: 2, config: { chunking: policy, replicationFactor: 2, minReplicasToCommit: 2, commitWaitMs: 1000, ...patientLiveness } });
  t.teardown(() => cluster.stop());
  const pool = new BlockTransferClient(10_000);
  t.teardown(() => pool.close());
  const alice = await cluster.addUser('alice');
  const bob = await cluster.addUser('bob');
  const datanodes = cluster.datanodes.flatMap((d) => (d ? [d] : []));
  const stored = async () => Promise.all(datanodes.map((d) => storeFigures(d.httpAddress)));

  const file = seededRandomBytes('sync-dedup-file', 20 * MiB);
  const secret = seededRandomBytes('sync-dedup-secret', 2 * MiB + 99);
  const fileBlocks = await localBlocks(file, policy);
  const secretBlocks = await localBlocks(secret, policy);
  t.equal((await alice.put(bufferSource(file), '/home/alice/film.bin')).bytesUploaded, file.length, 'Alice sends her file');
  t.equal((await alice.put(bufferSource(secret), '/home/alice/secret.bin')).bytesUploaded, secret.length, 'and a file only she has');
  const before = await stored();
  t.same(before.map((s) => s.liveBytes), [file.length + secret.length, file.length + secret.length], 'each datanode holds one replica of every block of Alice\'s, and nothing else');

  await t.test('negotiation: Bob is answered `upload` for Alice\'s blocks, as for content nobody stores', async (t) => {
    const probe = await bob.nn.call('BeginUpload', { path: '/home/bob/probe', expectedRevision: 0, hasExpectedRevision: false, blocks: blockRefs(fileBlocks.slice(0, 32)), exclude: [] });
    const rest = await bob.nn.call('PutBlocks', { uploadId: probe.uploadId, blocks: blockRefs([...fileBlocks.slice(32), ...secretBlocks]) });
    const nobodys = seededRandomBytes('stored by nobody', 300_000);
    const unknown = await bob.nn.call('PutBlocks', { uploadId: probe.uploadId, blocks: [{ id: sha256Hex(nobodys), size: nobodys.length, offset: 0 }] });
    const answers = [...probe.answers, ...rest.answers];
    t.equal(answers.length, fileBlocks.length + secretBlocks.length, 'an answer for every block');
    t.ok(answers.every((a) => !a.present), 'no block of Alice\'s is `present` for Bob');
    const shape = (a: { present: boolean; pipeline: unknown[]; token: string }) => ({ present: a.present, pipelineLength: a.pipeline.length, hasToken: a.token !== '' });
    t.same([...new Set(answers.map((a) => JSON.stringify(shape(a))))], [JSON.stringify(shape(unknown.answers[0] as (typeof answers)[number]))],
      'every answer looks exactly like the answer for a block nobody stores: a pipeline of R and a write token');
    await bob.nn.call('AbortUpload', { uploadId: probe.uploadId });

    // The control: the same question from Alice is answered `present`, so the check can tell.
    const own = await alice.nn.call('BeginUpload', { path: '/home/alice/again', expectedRevision: 0, hasExpectedRevision: false, blocks: blockRefs(fileBlocks.slice(0, 32)), exclude: [] });
    t.ok(own.answers.length === 32 && own.answers.every((a) => a.present), 'Alice, who holds them, is answered `present`');
    await alice.nn.call('AbortUpload', { uploadId: own.uploadId });
  });

  await t.test('a claim without the bytes: Bob cannot commit Alice\'s blocks he never sent', async (t) => {
    const claim = await bob.nn.call('BeginUpload', { path: '/home/bob/claimed', expectedRevision: 0, hasExpectedRevision: false, blocks: blockRefs(secretBlocks), exclude: [] });
    const md5 = createHash('md5').update(secret).digest('hex');
    t.equal(await code(bob.nn.call('CommitUpload', { uploadId: claim.uploadId, blockCount: secretBlocks.length, size: secret.length, md5 })), 'NOT_ENOUGH_REPLICAS', 'the commit is refused');
    t.equal(await code(bob.nn.call('Stat', { path: '/home/bob/claimed' })), 'NOT_FOUND', 'and creates nothing');
    await bob.nn.call('AbortUpload', { uploadId: claim.uploadId });
  });

  const bobsPut = await bob.put(bufferSource(file), '/home/bob/same-film.bin');
  t.match(bobsPut, { size: file.length, bytesUploaded: file.length, blocksUploaded: fileBlocks.length, blocksDeduplicated: 0 }, 'Bob sends every byte of the file');
  t.equal(sha256Hex(await readBack(bob, '/home/bob/same-film.bin')), sha256Hex(file), 'and reads his file back');
  t.same(await stored(), before, 'the datanodes store exactly what they stored before: blocks, live bytes and segment bytes');
  t.equal((await bob.put(bufferSource(file), '/home/bob/second-copy.bin')).bytesUploaded, 0, 'once Bob sent the bytes himself, they are his to reuse');

  await t.test('reads: Bob gets nothing of Alice\'s by path or by block id', async (t) => {
    for (const path of ['/home/alice/film.bin', '/home/alice/secret.bin']) {
      t.equal(await code(bob.nn.call('GetFile', { path, revision: 0, fromOffset: 0, maxBlocks: 10 })), 'PERMISSION_DENIED', `GetFile of ${path} as Bob`);
      t.equal(await code(bob.nn.call('Revisions', { path })), 'PERMISSION_DENIED', `Revisions of ${path} as Bob`);
    }
    const own = await bob.nn.call('GetFile', { path: '/home/bob/same-film.bin', revision: 0, fromOffset: 0, maxBlocks: 1 });
    const ownBlock = own.blocks[0];
    if (!ownBlock) throw new Error('Bob\'s file has no block');
    const target = secretBlocks[0] as LocalBlock;
    const writeToken = (await bob.nn.call('BeginUpload', { path: '/home/bob/wants', expectedRevision: 0, hasExpectedRevision: false, blocks: blockRefs([target]), exclude: [] }));
    const forged: Array<[string, string]> = [
      ['a read token Bob holds for one of his own blocks', ownBlock.token],
      ['a write token Bob got by announcing the block', writeToken.answers[0]?.token ?? ''],
      ['a malformed token', 'read.9999999999999..AAAAAAAAAAAAAAAAAAAAAA'],
      ['an empty token', ''],
    ];
    for (const dn of datanodes) {
      t.ok((await pool.read(dn.httpAddress, ownBlock.id, ownBlock.token)).data.length === ownBlock.size, `${dn.id}: Bob's token reads his own block`);
      for (const [what, token] of forged) t.equal(await code(pool.read(dn.httpAddress, target.id, token)), 'INVALID_BLOCK_TOKEN', `${dn.id}: ${what} does not read Alice's block`);
      const bare = await fetch(`http://${dn.httpAddress}/blocks/${target.id}`);
      t.same({ status: bare.status, code: ((await bare.json()) as { code: string }).code }, { status: 403, code: 'INVALID_BLOCK_TOKEN' }, `${dn.id}: a request without a token header does not read it`);
    }
    await bob.nn.call('AbortUpload', { uploadId: writeToken.uploadId });
    // The control: Alice's own read token for that block reads it from either datanode.
    const hers = (await alice.nn.call('GetFile', { path: '/home/alice/secret.bin', revision: 0, fromOffset: 0, maxBlocks: 1 })).blocks[0];
    t.equal(hers?.id, target.id, 'Alice is given a read token for the block Bob tried');
    for (const dn of datanodes) t.ok((await pool.read(dn.httpAddress, target.id, hers?.token ?? '')).data.equals(secret.subarray(0, target.size)), `${dn.id}: Alice's token reads her block`);
  });

  const audit = await cluster.inspectMetastore(auditReferences);
  t.same(audit.drift, [], 'the namenode\'s reference counts agree with what the namespace holds');
  t.same(await cluster.inspectMetastore(async (store) => store.sub.uploads.keys().all()), [], 'no session is left open');
});

// More datanodes than R: an upload's pipeline is a function of the block id (rendezvous
// placement), so Bob's pipelines lead to the very datanodes that hold Alice's copies — they verify
// his bytes and write nothing. Not one block, live byte or segment byte more, at once.
t.test('dedup across users, 4 datanodes and R=3: Bob\'s pipelines reach the datanodes holding the blocks, which write nothing', async (t) => {
  const cluster = await MiniCluster.start({ datanodes: 4, config: { chunking: policy, replicationFactor: 3, minReplicasToCommit: 2, ...patientLiveness } });
  t.teardown(() => cluster.stop());
  const alice = await cluster.addUser('alice');
  const bob = await cluster.addUser('bob');
  const file = seededRandomBytes('sync-dedup-four', 8 * MiB);
  const blockCount = (await localBlocks(file, policy)).length;
  const datanodes = cluster.datanodes.flatMap((d) => (d ? [d] : []));
  const totals = async () => totalFigures(await Promise.all(datanodes.map((d) => storeFigures(d.httpAddress))));
  await alice.put(bufferSource(file), '/home/alice/f.bin');
  const stored = await totals();
  t.match(stored, { blocks: 3 * blockCount, liveBytes: 3 * file.length }, 'Alice\'s upload stores R copies');
  t.equal((await bob.put(bufferSource(file), '/home/bob/f.bin')).bytesUploaded, file.length, 'Bob sends every byte');
  t.same(await totals(), stored, 'the datanodes hold exactly what they held before Bob\'s upload: blocks, live bytes, segment bytes');
  const fsck = await cluster.client(cluster.adminToken).nn.admin('Fsck', { path: '/', files: false, blocks: false });
  t.match(fsck, { status: 'HEALTHY', blocks: blockCount, underReplicated: 0, overReplicated: 0 }, 'one block record per block of the content, each with exactly R replicas');
  t.equal(sha256Hex(await readBack(bob, '/home/bob/f.bin')), sha256Hex(file), 'Bob\'s file reads back');
  t.equal(sha256Hex(await readBack(alice, '/home/alice/f.bin')), sha256Hex(file), 'Alice\'s file reads back');
});

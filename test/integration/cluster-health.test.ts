// The cluster heals itself (issue 3, DESIGN §4–§5, invariants 2–5 of §10), on an in-process
// cluster with fast timers: corrupt replicas are found (by reads and by the scanner), replaced,
// then deleted; a block whose every replica is corrupt is reported missing and nothing deletes
// its copies; a lost datanode's blocks return to R replicas; a returning datanode's stale
// replicas are reconciled; decommissioning drains a node; safemode holds writes after a start.
import t from 'tap';
import { createHash, randomBytes } from 'node:crypto';
import { BlockStore } from '../../src/datanode/storage/block-store.js';
import { blockBytesFixed, MiB } from '../../src/common/constants.js';
import { initHashing, xxh64 } from '../../src/common/hashing.js';
import type { CairnClient } from '../../src/client/cairn-client.js';
import { MiniCluster, bufferSource, miniClusterSecret, readBack } from '../harness/mini-cluster.js';
import { corruptReplica, fetchBlock, fsck } from '../harness/faults.js';
import { waitFor } from '../harness/wait-for.js';
import { code } from '../harness/error-code.js';

/** These tests find a file's blocks by offset (`blockOf`): their clusters cut fixed-size blocks. */
const fixedBlocks = { chunking: 'fixed' } as const;

function blockOf(data: Buffer, index: number): { id: string; data: Buffer } {
  const bytes = data.subarray(index * blockBytesFixed, (index + 1) * blockBytesFixed);
  return { id: createHash('sha256').update(bytes).digest('hex'), data: bytes };
}

/** fsck of the whole cluster is HEALTHY with every block at exactly R live replicas. */
async function fullyReplicated(admin: CairnClient): Promise<boolean> {
  const report = await fsck(admin);
  return report.status === 'HEALTHY' && report.underReplicated === 0 && report.overReplicated === 0 && report.corruptReplicas === 0 && report.missing === 0;
}

t.test('a corrupt replica found by a read is replaced, then deleted; reads stay correct', async (t) => {
  await initHashing();
  const cluster = await MiniCluster.start({ datanodes: 3, config: fixedBlocks });
  t.teardown(() => cluster.stop());
  const alice = await cluster.addUser('alice');
  const admin = cluster.client(cluster.adminToken);
  const data = randomBytes(3 * blockBytesFixed);
  await alice.put(bufferSource(data), '/home/alice/a');
  await waitFor(() => fullyReplicated(admin), 10_000);
  const block = blockOf(data, 1);
  t.ok(await corruptReplica(cluster.datanodeDir(0), block.data), 'one replica damaged on disk');
  const dn0 = cluster.datanodes[0]?.httpAddress ?? '';
  t.equal((await fetchBlock(dn0, block.id, miniClusterSecret)).status, 500, 'the damaged replica fails its checksum on read');
  t.ok((await readBack(alice, '/home/alice/a')).equals(data), 'a get still returns the right bytes');
  await waitFor(async () => {
    const got = await fetchBlock(dn0, block.id, miniClusterSecret);
    return got.status === 200 && got.body.equals(block.data);
  }, 15_000, async () => fsck(admin, '/home/alice/a', { blocks: true }));
  t.pass('the datanode that held the corrupt copy now serves a good one');
  await waitFor(() => fullyReplicated(admin), 10_000, () => fsck(admin));
  const report = await fsck(admin);
  t.equal(report.corruptReplicas, 0, 'fsck shows 0 corrupt');
  t.equal(report.status, 'HEALTHY');
});

t.test('every replica corrupt: fsck reports the block missing and CORRUPT, and keeps the copies', async (t) => {
  await initHashing();
  const cluster = await MiniCluster.start({ datanodes: 3, config: fixedBlocks });
  t.teardown(() => cluster.stop());
  const alice = await cluster.addUser('alice');
  const admin = cluster.client(cluster.adminToken);
  const data = randomBytes(2 * blockBytesFixed);
  await alice.put(bufferSource(data), '/home/alice/b');
  await waitFor(() => fullyReplicated(admin), 10_000);
  const block = blockOf(data, 0);
  for (let i = 0; i < 3; i++) t.ok(await corruptReplica(cluster.datanodeDir(i), block.data), `replica on dn${i} damaged`);
  // The namenode first learns of one corrupt replica and still believes the other two are good:
  // repair must not free that copy to make room (with 3 datanodes, its node is the only target).
  const dn0 = cluster.datanodes[0]?.httpAddress ?? '';
  t.equal((await fetchBlock(dn0, block.id, miniClusterSecret)).status, 500, 'a read of dn0 finds its copy corrupt');
  await new Promise((resolve) => setTimeout(resolve, 1500)); // 15 monitor ticks
  t.equal((await fetchBlock(dn0, block.id, miniClusterSecret)).status, 500, 'while the others seem good, the first corrupt copy is kept');
  const err = await readBack(alice, '/home/alice/b').then(() => undefined, (e: unknown) => e);
  t.ok(err !== undefined, 'a get fails rather than return other bytes');
  await waitFor(async () => (await fsck(admin)).missing === 1, 10_000, () => fsck(admin));
  await new Promise((resolve) => setTimeout(resolve, 1500)); // 15 monitor ticks
  const report = await fsck(admin, '/home/alice/b', { files: true, blocks: true });
  t.equal(report.status, 'CORRUPT');
  t.equal(report.missing, 1);
  const detail = report.details[0]?.blockList.find((b) => b.id === block.id);
  t.equal(detail?.state, 'missing');
  t.equal(detail?.corrupt, 3, 'all three corrupt replicas are still recorded');
  for (const node of cluster.datanodes) {
    t.equal((await fetchBlock(node?.httpAddress ?? '', block.id, miniClusterSecret)).status, 500, 'the corrupt copy is still on its datanode');
  }
  const other = blockOf(data, 1);
  for (const node of cluster.datanodes) {
    t.ok((await fetchBlock(node?.httpAddress ?? '', other.id, miniClusterSecret)).body.equals(other.data), 'the file\'s other block is intact on every datanode');
  }
});

t.test('the scanner finds a corruption in a block nobody reads', async (t) => {
  await initHashing();
  const cluster = await MiniCluster.start({ datanodes: 3, config: { ...fixedBlocks, scanIntervalMs: 300, scanBytesPerSec: 64 * MiB } });
  t.teardown(() => cluster.stop());
  const alice = await cluster.addUser('alice');
  const admin = cluster.client(cluster.adminToken);
  const data = randomBytes(2 * blockBytesFixed);
  await alice.put(bufferSource(data), '/home/alice/quiet');
  await waitFor(() => fullyReplicated(admin), 10_000);
  const block = blockOf(data, 1);
  t.ok(await corruptReplica(cluster.datanodeDir(2), block.data));
  const metrics = async () => (await fetch(`http://${cluster.namenode.httpAddress}/metrics`)).text();
  await waitFor(async () => /cairn_corrupt_replica_reports_total [1-9]/.test(await metrics()), 15_000, metrics);
  t.pass('the scanner reported the corrupt replica');
  const dn2 = cluster.datanodes[2]?.httpAddress ?? '';
  await waitFor(async () => (await fetchBlock(dn2, block.id, miniClusterSecret)).status === 200, 15_000, () => fsck(admin, '/', { blocks: true }));
  await waitFor(() => fullyReplicated(admin), 10_000, () => fsck(admin));
  t.pass('it was replaced and the cluster is fully replicated');
});

t.test('a lost datanode: its blocks return to 3 replicas and it gets no new writes', async (t) => {
  await initHashing();
  const cluster = await MiniCluster.start({ datanodes: 4, config: fixedBlocks });
  t.teardown(() => cluster.stop());
  const alice = await cluster.addUser('alice');
  const admin = cluster.client(cluster.adminToken);
  const files = [randomBytes(5 * MiB), randomBytes(3 * MiB + 17), randomBytes(700_000)];
  for (const [i, data] of files.entries()) await alice.put(bufferSource(data), `/home/alice/f${i}`);
  await waitFor(() => fullyReplicated(admin), 10_000);
  const lost = cluster.datanodes[1];
  await cluster.stopDatanode(1);
  await waitFor(async () => (await admin.nn.admin('Datanodes', {})).datanodes.find((d) => d.id === lost?.id)?.state === 'dead', 5000);
  await waitFor(() => fullyReplicated(admin), 20_000, () => fsck(admin));
  const detail = await fsck(admin, '/home/alice', { blocks: true });
  t.ok(detail.details.every((f) => f.blockList.every((b) => b.live === 3 && !b.locations.includes(lost?.rpcAddress ?? ''))), 'every block has 3 live replicas, none on the lost node');
  for (const [i, data] of files.entries()) t.ok((await readBack(alice, `/home/alice/f${i}`)).equals(data), `f${i} reads back`);
  const upload = await alice.nn.call('BeginUpload', { path: '/home/alice/new', hasExpectedRevision: false, expectedRevision: 0, resumeUploadId: '' });
  const fresh = randomBytes(1000);
  const answers = await alice.nn.call('PutBlocks', {
    uploadId: upload.uploadId, blocks: [{ id: createHash('sha256').update(fresh).digest('hex'), size: fresh.length, offset: 0 }],
  });
  t.notOk(answers.answers[0]?.pipeline.some((p) => p.datanodeId === lost?.id), 'the dead node is not in a new pipeline');
  t.equal(answers.answers[0]?.pipeline.length, 3);
});

t.test('a dead node comes back: replicas of blocks the namespace lacks are deleted, excess ones trimmed', async (t) => {
  await initHashing();
  const cluster = await MiniCluster.start({ datanodes: 4, config: fixedBlocks });
  t.teardown(() => cluster.stop());
  const alice = await cluster.addUser('alice');
  const admin = cluster.client(cluster.adminToken);
  const data = randomBytes(4 * MiB);
  await alice.put(bufferSource(data), '/home/alice/kept');
  await waitFor(() => fullyReplicated(admin), 10_000);
  const holder = (await fsck(admin, '/home/alice/kept', { blocks: true })).details[0]?.blockList[0]?.locations[0];
  const index = cluster.datanodes.findIndex((d) => d?.rpcAddress === holder);
  t.ok(index >= 0, 'found a datanode holding the first block');
  const away = cluster.datanodes[index]?.id;
  await cluster.stopDatanode(index);
  await waitFor(async () => (await admin.nn.admin('Datanodes', {})).datanodes.find((d) => d.id === away)?.state === 'dead', 5000);
  await waitFor(() => fullyReplicated(admin), 20_000, () => fsck(admin));
  // While it is away, its disk gains a block no file references (as if deleted meanwhile).
  const orphan = randomBytes(5000);
  const orphanId = createHash('sha256').update(orphan).digest('hex');
  const store = await BlockStore.open({ dirs: [cluster.datanodeDir(index)] });
  await store.put(orphanId, orphan, xxh64(orphan));
  await store.close();
  const back = await cluster.startDatanode(index);
  await waitFor(async () => (await fetchBlock(back.httpAddress, orphanId, miniClusterSecret)).status === 404, 15_000);
  t.pass('the orphan replica was deleted after the full report');
  await waitFor(async () => {
    const report = await fsck(admin);
    return report.overReplicated === 0 && report.underReplicated === 0 && report.status === 'HEALTHY';
  }, 20_000, () => fsck(admin));
  t.pass('the replicas it brought back count again and the excess was trimmed to 3');
  t.ok((await readBack(alice, '/home/alice/kept')).equals(data));
});

t.test('a namenode restart after a lost node was repaired deletes no good replica', async (t) => {
  // The restarted namenode knows the lost node from its registry and has not heard from it: until
  // it is declared dead again, its stale records make every block it held look over-replicated.
  await initHashing();
  const cluster = await MiniCluster.start({ datanodes: 4, config: { ...fixedBlocks, deadAfterMs: 4000 } }); // a window to look in
  t.teardown(() => cluster.stop());
  const alice = await cluster.addUser('alice');
  const admin = cluster.client(cluster.adminToken);
  const data = randomBytes(4 * MiB);
  await alice.put(bufferSource(data), '/home/alice/r');
  await waitFor(() => fullyReplicated(admin), 10_000);
  const lost = cluster.datanodes[1]?.id;
  await cluster.stopDatanode(1);
  await waitFor(async () => (await admin.nn.admin('Datanodes', {})).datanodes.find((d) => d.id === lost)?.state === 'dead', 5000);
  await waitFor(() => fullyReplicated(admin), 20_000, () => fsck(admin));
  const blocks = Array.from({ length: Math.ceil(data.length / blockBytesFixed) }, (_, i) => blockOf(data, i));
  const copiesOnSurvivors = async (): Promise<number> => {
    let copies = 0;
    for (const node of cluster.datanodes) {
      if (node === undefined) continue;
      for (const block of blocks) if ((await fetchBlock(node.httpAddress, block.id, miniClusterSecret)).status === 200) copies += 1;
    }
    return copies;
  };
  t.equal(await copiesOnSurvivors(), 3 * blocks.length, 'before the restart: 3 copies of every block on the survivors');

  await cluster.restartNamenode();
  const restarted = cluster.client(cluster.adminToken);
  await waitFor(async () => !(await restarted.nn.admin('Safemode', { action: 'get' })).on, 10_000);
  await new Promise((resolve) => setTimeout(resolve, 1000)); // 10 monitor ticks
  const stillStale = (await restarted.nn.admin('Datanodes', {})).datanodes.find((d) => d.id === lost)?.state;
  t.equal(stillStale, 'stale', 'the lost node is not yet declared dead by the restarted namenode');
  t.equal(await copiesOnSurvivors(), 3 * blocks.length, 'meanwhile no good replica was deleted');
  await waitFor(async () => (await restarted.nn.admin('Datanodes', {})).datanodes.find((d) => d.id === lost)?.state === 'dead', 10_000);
  await new Promise((resolve) => setTimeout(resolve, 1000)); // 10 monitor ticks after it is dead again
  t.equal(await copiesOnSurvivors(), 3 * blocks.length, 'nor after it was declared dead');
  t.ok(await fullyReplicated(restarted), 'fsck is HEALTHY with every block at 3');
  t.ok((await readBack(alice, '/home/alice/r')).equals(data));
});

t.test('decommission one of 4 datanodes: the other 3 end with full replication', async (t) => {
  await initHashing();
  const cluster = await MiniCluster.start({ datanodes: 4, config: fixedBlocks });
  t.teardown(() => cluster.stop());
  const alice = await cluster.addUser('alice');
  const admin = cluster.client(cluster.adminToken);
  const data = randomBytes(6 * MiB);
  await alice.put(bufferSource(data), '/home/alice/d');
  await waitFor(() => fullyReplicated(admin), 10_000);
  const leaving = cluster.datanodes[3];
  const started = await admin.nn.admin('Decommission', { node: leaving?.rpcAddress ?? '' });
  t.equal(started.state, 'decommissioning');
  const create = await alice.nn.call('BeginUpload', { path: '/home/alice/e', hasExpectedRevision: false, expectedRevision: 0, resumeUploadId: '' });
  const fresh = randomBytes(1000);
  const answers = await alice.nn.call('PutBlocks', { uploadId: create.uploadId, blocks: [{ id: createHash('sha256').update(fresh).digest('hex'), size: 1000, offset: 0 }] });
  t.notOk(answers.answers[0]?.pipeline.some((p) => p.datanodeId === leaving?.id), 'no new writes go to a decommissioning node');
  await waitFor(async () => (await admin.nn.admin('Datanodes', {})).datanodes.find((d) => d.id === leaving?.id)?.state === 'decommissioned', 20_000,
    () => fsck(admin, '/', { blocks: true }));
  await cluster.stopDatanode(3);
  const report = await fsck(admin);
  t.equal(report.underReplicated, 0, 'nothing under-replicated with the decommissioned node stopped');
  t.equal(report.status, 'HEALTHY');
  t.ok((await readBack(alice, '/home/alice/d')).equals(data));
  await t.rejects(admin.nn.admin('Decommission', { node: '127.0.0.1:1' }), { code: 'NOT_FOUND' });
});

t.test('safemode: writes wait for block reports after a restart; enter and leave by hand', async (t) => {
  const cluster = await MiniCluster.start({ datanodes: 3, config: fixedBlocks });
  t.teardown(() => cluster.stop());
  const alice = await cluster.addUser('alice');
  await alice.put(bufferSource(randomBytes(2 * MiB)), '/home/alice/s');
  for (let i = 0; i < 3; i++) await cluster.stopDatanode(i);
  await cluster.restartNamenode();
  const admin = cluster.client(cluster.adminToken);
  const state = await admin.nn.admin('Safemode', { action: 'get' });
  t.ok(state.on, 'on after a start with blocks unreported');
  t.equal(state.totalBlocks, 6);
  t.equal(await code(alice.nn.call('Mkdir', { path: '/home/alice/x', parents: false })), 'SAFE_MODE', 'writes are refused');
  t.ok((await alice.nn.call('Stat', { path: '/home/alice/s' })).size > 0, 'reads are served');
  for (let i = 0; i < 3; i++) await cluster.startDatanode(i);
  await waitFor(async () => !(await admin.nn.admin('Safemode', { action: 'get' })).on, 10_000);
  await alice.nn.call('Mkdir', { path: '/home/alice/x', parents: false });
  t.pass('writes work once the blocks are reported');
  t.ok((await admin.nn.admin('Safemode', { action: 'enter' })).manual);
  t.equal(await code(alice.nn.call('Mkdir', { path: '/home/alice/y', parents: false })), 'SAFE_MODE');
  t.notOk((await admin.nn.admin('Safemode', { action: 'leave' })).on);
  await alice.nn.call('Mkdir', { path: '/home/alice/y', parents: false });
  t.equal(await code(alice.nn.admin('Safemode', { action: 'enter' })), 'PERMISSION_DENIED', 'only admins');
  t.equal(await code(admin.nn.admin('Safemode', { action: 'sideways' })), 'INVALID_ARGUMENT');
});

t.test('/metrics serves Prometheus text on the namenode', async (t) => {
  const cluster = await MiniCluster.start({ datanodes: 3, config: fixedBlocks });
  t.teardown(() => cluster.stop());
  const res = await fetch(`http://${cluster.namenode.httpAddress}/metrics`);
  t.equal(res.status, 200);
  const text = await res.text();
  for (const name of ['cairn_datanodes{state="live"} 3', 'cairn_blocks_under_replicated', 'cairn_blocks_missing', 'cairn_replicas_corrupt', 'cairn_replication_queue', 'cairn_rpc_duration_seconds_bucket']) {
    t.ok(text.includes(name), `has ${name}`);
  }
});

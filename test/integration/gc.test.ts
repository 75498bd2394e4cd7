// The garbage collector against a real cluster (DESIGN §4): blocks nothing references go through
// live → condemned → deleting and leave the datanodes only after both grace periods; a reference
// that comes back in time revives a block; content uploaded again while its old copies are being
// deleted is never lost; and the reference audit (`fsck --audit`) finds no drift after any of it.
import { randomBytes } from 'node:crypto';
import t from 'tap';
import { random } from '../../src/common/clock.js';
import { MiB } from '../../src/common/constants.js';
import type { CairnClient } from '../../src/client/cairn-client.js';
import { fetchBlock } from '../harness/faults.js';
import { segmentBytesOnDisk } from '../unit/datanode-storage/fixtures/blocks.js';
import { MiniCluster, bufferSource, miniClusterSecret, readBack } from '../harness/mini-cluster.js';
import { waitFor } from '../harness/wait-for.js';
import { code } from '../harness/error-code.js';

const seed = Number(process.env.TEST_SEED ?? Math.floor(Math.random() * 1_000_000_000));

/** The block ids of a file's newest revision. */
async function blocksOf(client: CairnClient, path: string): Promise<string[]> {
  return (await blockSizes(client, path)).map((b) => b.id);
}

async function blockSizes(client: CairnClient, path: string): Promise<Array<{ id: string; size: number }>> {
  const reply = await client.nn.call('GetFile', { path, revision: 0, fromOffset: 0, maxBlocks: 10_000 });
  return reply.blocks.map((b) => ({ id: b.id, size: Number(b.size) }));
}

const segmentBytes = 4 * MiB;

/** Bytes of every segment file of every datanode, as the filesystem counts them. */
async function clusterSegmentBytes(cluster: MiniCluster): Promise<number> {
  const sizes = await Promise.all(cluster.datanodes.map((_node, i) => segmentBytesOnDisk(cluster.datanodeDir(i))));
  return sizes.reduce((sum, bytes) => sum + bytes, 0);
}

/** How many datanodes serve each block. */
async function copies(cluster: MiniCluster, blockIds: readonly string[]): Promise<number[]> {
  const nodes = cluster.datanodes.filter((d) => d !== undefined);
  return Promise.all(blockIds.map(async (id) => {
    const found = await Promise.all(nodes.map(async (node) => (await fetchBlock(node.httpAddress, id, miniClusterSecret)).status === 200));
    return found.filter(Boolean).length;
  }));
}

async function audit(admin: CairnClient): Promise<{ driftCount: number; drift: string[]; unreferenced: number }> {
  const reply = await admin.nn.admin('Fsck', { path: '/', files: false, blocks: false, audit: true });
  if (!reply.audit) throw new Error('fsck answered without the audit it was asked for');
  return { driftCount: reply.audit.driftCount, drift: reply.audit.drift, unreferenced: reply.audit.unreferenced };
}

/** Runs collector passes until `done` holds (each pass moves blocks one step at most). */
async function collectUntil(admin: CairnClient, done: () => Promise<boolean>, what: string): Promise<void> {
  await waitFor(async () => {
    await admin.nn.admin('CollectGarbage', {});
    return done();
  }, 20_000, async () => `${what}: ${JSON.stringify(await admin.nn.admin('CollectGarbage', {}))}`);
}

t.test('gc: a deleted 50 MiB file\'s own blocks leave every datanode once the trash is emptied; the blocks it shares with another file stay and read back', async (t) => {
  // Grace periods long enough to look at every copy before any may go; small segments, so that
  // the released blocks fill segments of their own that compaction can give back.
  const cluster = await MiniCluster.start({ config: { gcGraceMs: 2000, segmentBytesMax: segmentBytes, compactionIntervalMs: 200 } });
  t.teardown(() => cluster.stop());
  const admin = cluster.client(cluster.adminToken);
  const alice = await cluster.addUser('alice');
  const first = randomBytes(50 * MiB);
  const second = Buffer.concat([first.subarray(0, 25 * MiB), randomBytes(25 * MiB)]);
  await alice.put(bufferSource(first), '/home/alice/first.bin');
  await alice.put(bufferSource(second), '/home/alice/second.bin');
  const firstBlocks = await blocksOf(alice, '/home/alice/first.bin');
  const secondBlocks = new Set(await blocksOf(alice, '/home/alice/second.bin'));
  const own = firstBlocks.filter((id) => !secondBlocks.has(id));
  const ownBytes = (await blockSizes(alice, '/home/alice/first.bin')).filter((b) => !secondBlocks.has(b.id)).reduce((sum, b) => sum + b.size, 0);
  const shared = firstBlocks.filter((id) => secondBlocks.has(id));
  t.ok(shared.length >= 40 && own.length >= 40, `${shared.length} blocks shared, ${own.length} only in the first file`);

  const diskBefore = await clusterSegmentBytes(cluster);
  await alice.nn.call('Trash', { path: '/home/alice/first.bin' });
  const trashed = await audit(admin);
  t.equal(trashed.unreferenced, 0, 'a trashed file keeps every reference');
  let emptied = await alice.nn.call('TrashEmpty', { beforeMs: 0 });
  while (emptied.more) emptied = await alice.nn.call('TrashEmpty', { beforeMs: emptied.beforeMs });
  t.equal(Number(emptied.items), 1, 'emptying the trash purges the file');
  const pass = await admin.nn.admin('CollectGarbage', {});
  t.equal(Number(pass.deleted), 0, 'nothing is deleted before the grace periods pass');
  t.same(new Set(await copies(cluster, own)), new Set([3]), 'every released block still has its 3 copies');

  await collectUntil(admin, async () => (await copies(cluster, own)).every((n) => n === 0), 'released blocks leave the datanodes');
  t.same(new Set(await copies(cluster, shared)), new Set([3]), 'shared blocks keep their 3 copies');
  // Three copies of every released block go, less at most two segments per datanode that also
  // hold live blocks (the one where the files meet, and the one still being appended to).
  const dropWanted = 3 * (ownBytes - 2 * segmentBytes);
  let diskAfter = diskBefore;
  await waitFor(async () => (diskAfter = await clusterSegmentBytes(cluster)) <= diskBefore - dropWanted, 20_000,
    () => `segment bytes ${diskBefore} → ${diskAfter}, want a drop of ${dropWanted}`);
  t.ok(diskBefore - diskAfter >= dropWanted, `compaction gave ${diskBefore - diskAfter} of ${diskBefore} segment bytes back (released: 3 × ${ownBytes})`);
  t.ok((await readBack(alice, '/home/alice/second.bin')).equals(second), 'the file sharing half the blocks reads back exactly');
  await collectUntil(admin, async () => (await audit(admin)).unreferenced === 0, 'deleted blocks are forgotten');
  t.same(await audit(admin), { driftCount: 0, drift: [], unreferenced: 0 }, 'the audit finds no drift and nothing left to collect');
  t.equal(await code(alice.nn.admin('CollectGarbage', {})), 'PERMISSION_DENIED', 'only an admin runs the collector');
});

t.test('gc: a block referenced again while condemned is revived and never deleted', async (t) => {
  const cluster = await MiniCluster.start({ config: { gcGraceMs: 1500 } });
  t.teardown(() => cluster.stop());
  const admin = cluster.client(cluster.adminToken);
  const alice = await cluster.addUser('alice');
  const data = randomBytes(3 * MiB);
  await alice.put(bufferSource(data), '/home/alice/a.bin');
  const ids = await blocksOf(alice, '/home/alice/a.bin');
  await alice.nn.call('PurgeRevision', { path: '/home/alice/a.bin', revision: 1 });
  await collectUntil(admin, async () => true, 'first pass');
  let condemned = 0;
  await waitFor(async () => {
    condemned += Number((await admin.nn.admin('CollectGarbage', {})).condemned);
    return condemned >= ids.length;
  }, 10_000, () => `condemned ${condemned} of ${ids.length}`);
  await alice.put(bufferSource(data), '/home/alice/b.bin');
  // Well past the second grace period: a block still condemned would be deleted by now.
  const until = Date.now() + 3500;
  let deleted = 0;
  while (Date.now() < until) {
    deleted += Number((await admin.nn.admin('CollectGarbage', {})).deleted);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  t.equal(deleted, 0, 'no block was deleted');
  t.same(new Set(await copies(cluster, ids)), new Set([3]), 'every block keeps its copies');
  t.ok((await readBack(alice, '/home/alice/b.bin')).equals(data), 'the new file reads back');
  t.same(await audit(admin), { driftCount: 0, drift: [], unreferenced: 0 });
});

t.test(`gc race: the last reference goes while another upload of the same content commits (seed ${seed}; replay with TEST_SEED)`, async (t) => {
  // What breaks: a block being deleted is uploaded again — a datanode could confirm the new copy
  // and then carry out the delete it was sent before. What must hold: every acknowledged revision
  // reads back, now and after the collector has had every chance to delete, and counts stay exact.
  const cluster = await MiniCluster.start({ config: { gcGraceMs: 5 } });
  t.teardown(() => cluster.stop());
  const admin = cluster.client(cluster.adminToken);
  const alice = await cluster.addUser('alice');
  const bob = await cluster.addUser('bob');
  const next = random(seed);
  const wait = (maxMs: number) => new Promise((resolve) => setTimeout(resolve, Math.floor(next() * maxMs)));
  const rounds = 12;
  const kept: Array<{ client: CairnClient; path: string; data: Buffer }> = [];
  for (let round = 0; round < rounds; round++) {
    const data = randomBytes(Math.floor((0.5 + next() * 2) * MiB));
    await alice.put(bufferSource(data), `/home/alice/r${round}`);
    const uploader = next() < 0.5 ? { client: bob, path: `/home/bob/r${round}` } : { client: alice, path: `/home/alice/again${round}` };
    let hammering = true;
    const hammer = (async () => {
      while (hammering) {
        await admin.nn.admin('CollectGarbage', {});
        await wait(30);
      }
    })();
    hammer.catch(() => (hammering = false));
    const settled = await Promise.allSettled([
      (async () => {
        await wait(150);
        await alice.nn.call('PurgeRevision', { path: `/home/alice/r${round}`, revision: 1 });
      })(),
      (async () => {
        await wait(400);
        await uploader.client.put(bufferSource(data), uploader.path);
      })(),
    ]);
    hammering = false;
    await hammer; // a failed collector pass is the first thing to report
    for (const outcome of settled) if (outcome.status === 'rejected') throw outcome.reason;
    kept.push({ ...uploader, data });
    t.ok((await readBack(uploader.client, uploader.path)).equals(data), `round ${round}: the new revision reads back`);
  }
  // Every pass the collector wants, long after the races: nothing still referenced may go.
  await collectUntil(admin, async () => (await audit(admin)).unreferenced === 0, 'every released block is forgotten');
  for (const { client, path, data } of kept) t.ok((await readBack(client, path)).equals(data), `${path} still reads back`);
  t.same(await audit(admin), { driftCount: 0, drift: [], unreferenced: 0 }, 'no drift');
  const health = await admin.nn.admin('Fsck', { path: '/', files: false, blocks: false, audit: false });
  t.equal(health.missing, 0, 'no block is missing');
});

// Files of every awkward size go in and come back byte for byte through a real 3-datanode
// cluster; revisions, restore and dedup of unchanged content behave as DESIGN §6 says.
import t from 'tap';
import { randomBytes } from 'node:crypto';
import { MiniCluster, CollectSink, bufferSource, readBack } from '../harness/mini-cluster.js';
import { blockBytesFixed, MiB } from '../../src/common/constants.js';
import { CairnError } from '../../src/common/errors.js';

t.test('round trip on a fixed cluster: sizes around block boundaries read back exactly', async (t) => {
  const cluster = await MiniCluster.start({ config: { chunking: 'fixed' } });
  t.teardown(() => cluster.stop());
  const alice = await cluster.addUser('alice');
  const sizes = [0, 1, blockBytesFixed, blockBytesFixed + 1, 50 * MiB];
  for (const size of sizes) {
    const data = randomBytes(size);
    const path = `/home/alice/file-${size}`;
    const put = await alice.put(bufferSource(data), path);
    t.equal(put.size, size, `${size} B: size`);
    t.equal(put.blocks, Math.ceil(size / blockBytesFixed), `${size} B: block count`);
    t.equal(put.bytesUploaded, size, `${size} B: every byte sent once`);
    t.ok((await readBack(alice, path)).equals(data), `${size} B: reads back byte for byte`);
  }
});

t.test('round trip on a cdc cluster: content-defined blocks of 128 KiB–1 MiB read back exactly; an insert re-sends only nearby blocks', async (t) => {
  const cluster = await MiniCluster.start();
  t.teardown(() => cluster.stop());
  const alice = await cluster.addUser('alice');
  t.equal((await alice.nn.call('ClusterInfo', {})).chunking, 'cdc', 'cdc is the default');
  for (const size of [0, 1, 128 * 1024, 20 * MiB + 3]) {
    const data = randomBytes(size);
    const put = await alice.put(bufferSource(data), `/home/alice/cdc-${size}`);
    t.equal(put.bytesUploaded, size, `${size} B: every byte sent once`);
    t.ok(size < 2 * MiB || (put.blocks >= size / MiB && put.blocks <= size / (128 * 1024)), `${size} B: ${put.blocks} blocks within the size bounds`);
    t.ok((await readBack(alice, `/home/alice/cdc-${size}`)).equals(data), `${size} B: reads back byte for byte`);
  }
  const base = randomBytes(20 * MiB);
  await alice.put(bufferSource(base), '/home/alice/edited');
  const edited = Buffer.concat([base.subarray(0, 10 * MiB), Buffer.from('x'), base.subarray(10 * MiB)]);
  const again = await alice.put(bufferSource(edited), '/home/alice/edited');
  t.ok(again.blocksUploaded <= 3, `a 1-byte insert in 20 MiB re-sent ${again.blocksUploaded} blocks`);
  t.ok((await readBack(alice, '/home/alice/edited')).equals(edited));
});

t.test('revisions: re-put sends nothing, three revisions read back, restore makes an old one newest', async (t) => {
  const cluster = await MiniCluster.start();
  t.teardown(() => cluster.stop());
  const alice = await cluster.addUser('alice');
  const path = '/home/alice/doc.bin';
  const versions = [randomBytes(3 * MiB), randomBytes(2 * MiB + 5), randomBytes(1 * MiB)];
  for (const [i, data] of versions.entries()) t.equal((await alice.put(bufferSource(data), path)).revision, i + 1);
  const again = await alice.put(bufferSource(versions[2] as Buffer), path);
  t.equal(again.bytesUploaded, 0, 'identical content sends no block bytes');
  t.equal(again.blocksDeduplicated, again.blocks);
  t.equal(again.revision, 4, 'but it is still a new revision');
  for (const [i, data] of versions.entries()) t.ok((await readBack(alice, path, i + 1)).equals(data), `revision ${i + 1} reads back`);
  const restored = await alice.nn.call('Restore', { path, revision: 1 });
  t.equal(restored.revision, 5);
  t.ok((await readBack(alice, path)).equals(versions[0] as Buffer), 'restore made revision 1 the newest');
  const revisions = await alice.nn.call('Revisions', { path });
  t.same(revisions.revisions.map((r) => r.revision), [5, 4, 3, 2, 1]);
  t.equal(revisions.revisions[0]?.md5, revisions.revisions[4]?.md5, 'restored revision keeps the md5');
  const err = await alice.nn.call('GetFile', { path, revision: 9, fromOffset: 0, maxBlocks: 1 }).catch((e: unknown) => e);
  t.equal((err as CairnError).code, 'NO_SUCH_REVISION');
  // Revisions travel as uint32: a larger number must be refused, not wrap round to another revision.
  const tooLarge = 2 ** 32 + 1;
  const put = await alice.put(bufferSource(randomBytes(10)), path, { expectedRevision: tooLarge }).catch((e: unknown) => e);
  t.equal((put as CairnError).code, 'INVALID_ARGUMENT', 'an expected revision past 2^32 - 1 is refused');
  const get = await alice.get(path, new CollectSink(), { revision: tooLarge }).catch((e: unknown) => e);
  t.equal((get as CairnError).code, 'INVALID_ARGUMENT', 'so is a revision to read');
  t.equal((await alice.nn.call('Revisions', { path })).revisions.length, 5, 'nothing changed');
});

t.test('durability: a namenode restart keeps files, revisions and replica locations', async (t) => {
  const cluster = await MiniCluster.start();
  t.teardown(() => cluster.stop());
  const created = await cluster.client(cluster.adminToken).nn.admin('UserAdd', { name: 'alice' });
  const data = randomBytes(5 * MiB);
  await cluster.client(created.token).put(bufferSource(data), '/home/alice/keep.bin');
  await cluster.restartNamenode();
  const after = cluster.client(created.token);
  await cluster.waitForDatanodes(3);
  t.ok((await readBack(after, '/home/alice/keep.bin')).equals(data), 'reads back after the namenode restarted');
});

t.test('failure during reads: with one datanode stopped every file still reads', async (t) => {
  const cluster = await MiniCluster.start();
  t.teardown(() => cluster.stop());
  const alice = await cluster.addUser('alice');
  const files = [randomBytes(4 * MiB), randomBytes(blockBytesFixed * 3 + 17)];
  for (const [i, data] of files.entries()) await alice.put(bufferSource(data), `/home/alice/f${i}`);
  await cluster.stopDatanode(1);
  for (const [i, data] of files.entries()) t.ok((await readBack(alice, `/home/alice/f${i}`)).equals(data), `file ${i} reads with a datanode down`);
});

// Trash and revision retention against a real cluster (namenode + 3 datanodes, real bytes). What
// must hold: a trashed item keeps every block reference until it is purged; a purge — by `trash
// empty`, or by the namenode itself after `trashRetentionMs` — drops exactly the references the
// item held (blocks another file shares stay referenced and readable), pays back the owner's
// usage, and goes in bounded edits, deepest first, for a folder too big for one; revision
// retention keeps the newest `revisionRetentionCount` revisions and everything younger than
// `revisionRetentionMs`, never the newest. After every scenario the reference audit and the
// namespace audit find nothing wrong. (Blocks at 0 references stay on the datanodes: that is GC.)
import { createHash, randomBytes } from 'node:crypto';
import t from 'tap';
import type { CairnClient } from '../../src/client/cairn-client.js';
import type { EditOf } from '../../src/namenode/journal/edits.js';
import type { Metastore } from '../../src/namenode/metastore/metastore.js';
import { trashPurgeLimits } from '../../src/namenode/namespace/trash-purger.js';
import { MiniCluster, bufferSource, readBack } from '../harness/mini-cluster.js';
import { code } from '../harness/error-code.js';
import { auditNamespace } from '../harness/namespace-audit.js';
import { auditReferences } from '../harness/reference-audit.js';
import { waitFor } from '../harness/wait-for.js';

async function blockRefs(store: Metastore): Promise<Map<string, number>> {
  const refs = new Map<string, number>();
  for await (const [key, block] of store.sub.blocks.iterator()) refs.set(key.toString('hex'), block.refs);
  return refs;
}

async function blockIds(client: CairnClient, path: string, revision = 0): Promise<string[]> {
  return (await client.nn.call('GetFile', { path, revision, fromOffset: 0, maxBlocks: 1000 })).blocks.map((b) => b.id);
}

/** What the scenarios check at rest: block counts, the reference audit and the namespace audit. */
async function audits(store: Metastore) {
  return { refs: await blockRefs(store), audit: await auditReferences(store), ns: await auditNamespace(store) };
}

/** Empties the caller's trash as `cairn fs trash empty` does: calls until nothing more is left. */
async function emptyTrash(client: CairnClient): Promise<{ items: number; files: number; bytes: number; calls: number }> {
  const total = { items: 0, files: 0, bytes: 0, calls: 0 };
  let beforeMs = 0;
  for (let more = true; more && total.calls < 100; total.calls++) {
    const reply = await client.nn.call('TrashEmpty', { beforeMs });
    total.items += reply.items;
    total.files += reply.files;
    total.bytes += reply.bytes;
    beforeMs = reply.beforeMs;
    more = reply.more;
  }
  return total;
}

async function revisionList(client: CairnClient, path: string): Promise<number[]> {
  return (await client.nn.call('Revisions', { path })).revisions.map((r) => r.revision);
}

/** Reads the metastore of the stopped namenode; once it is back, waits for its datanodes and the end of safemode (writes follow). */
async function inspect<T>(cluster: MiniCluster, read: (store: Metastore) => Promise<T>): Promise<T> {
  const result = await cluster.inspectMetastore(read);
  await cluster.waitForDatanodes(3);
  const admin = cluster.client(cluster.adminToken);
  await waitFor(async () => !(await admin.nn.admin('Safemode', { action: 'get' })).on, 10_000);
  return result;
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

t.test('trash', async (t) => {
  const cluster = await MiniCluster.start();
  t.teardown(() => cluster.stop());

  t.test('rm keeps every reference; trash empty drops them, and a file sharing blocks still reads back', async (t) => {
    const alice = await cluster.addUser('alice');
    const bob = await cluster.addUser('bob');
    // Larger than the 1 MiB maximum block, so each has at least two blocks whatever the content.
    const shared = randomBytes(1100 * 1024);
    const unique = randomBytes(1050 * 1024);
    const small = randomBytes(1000);
    await alice.put(bufferSource(shared), '/home/alice/a.bin');
    await alice.put(bufferSource(shared), '/home/alice/twin.bin');
    await alice.put(bufferSource(unique), '/home/alice/u.bin');
    await alice.put(bufferSource(small), '/home/alice/u.bin');
    const sharedIds = await blockIds(alice, '/home/alice/a.bin');
    const uniqueIds = [...(await blockIds(alice, '/home/alice/u.bin', 1)), sha256(small)];
    t.ok(sharedIds.length > 1 && uniqueIds.length > 2, 'multi-block files');
    const used = shared.length * 2 + small.length;
    t.equal((await alice.nn.call('WhoAmI', {})).usedBytes, used);

    const before = await inspect(cluster, blockRefs);
    await alice.nn.call('Trash', { path: '/home/alice/a.bin' });
    await alice.nn.call('Trash', { path: '/home/alice/u.bin' });
    const trashed = await inspect(cluster, audits);
    t.same(trashed.refs, before, 'trashing changes no reference count');
    t.same(trashed.audit.drift, []);
    t.same(trashed.ns, []);
    t.equal((await alice.nn.call('WhoAmI', {})).usedBytes, used, 'trashed files still count towards usage');

    t.same(await emptyTrash(bob), { items: 0, files: 0, bytes: 0, calls: 1 }, "bob's trash empty purges nothing of alice's");
    t.equal((await alice.nn.call('TrashList', {})).entries.length, 2, "alice's trash is untouched");

    const emptied = await emptyTrash(alice);
    t.match(emptied, { items: 2, files: 2, bytes: shared.length + small.length }, 'both items, with their sizes');
    t.same((await alice.nn.call('TrashList', {})).entries, []);
    t.equal((await alice.nn.call('WhoAmI', {})).usedBytes, shared.length, 'usage is paid back');
    t.equal(await code(alice.nn.call('TrashRestore', { path: '/home/alice/a.bin' })), 'NOT_FOUND', 'restore after purge: NOT_FOUND');
    t.ok((await readBack(alice, '/home/alice/twin.bin')).equals(shared), 'the file sharing the blocks reads back');

    const after = await inspect(cluster, audits);
    for (const id of sharedIds) t.equal(after.refs.get(id), (before.get(id) ?? 0) - 1, 'a shared block loses one reference');
    for (const id of uniqueIds) t.equal(after.refs.get(id), 0, 'an unshared block of either revision drops to 0');
    t.same(after.audit.drift, [], 'reference counts agree');
    t.ok(uniqueIds.every((id) => after.audit.unreferenced.has(id)), 'the unshared blocks are left for GC');
    t.same(after.ns, []);
  });

  t.test('a trashed folder bigger than one purge edit goes completely, deepest first', async (t) => {
    const carol = await cluster.addUser('carol');
    const source = randomBytes(5000);
    await carol.put(bufferSource(source), '/home/carol/src.bin');
    const chains = 12;
    const depth = 44;
    const chain = (i: number, to: number) => `/home/carol/big/t${i}/${Array.from({ length: to }, (_, d) => `d${d + 1}`).join('/')}`;
    for (let i = 0; i < chains; i++) await carol.nn.call('Mkdir', { path: chain(i, depth), parents: true, implicit: false });
    const files: string[] = [];
    for (let i = 0; i < 30; i++) files.push(`${chain(i % chains, (i * 7) % depth + 1)}/f${i}`);
    const copy = (dst: string) => carol.nn.call('CopyFile', {
      src: '/home/carol/src.bin', srcRevision: 0, dst, hasExpectedRevision: false, expectedRevision: 0, replaceMetadata: false, metadata: {},
    });
    for (const file of files) await copy(file);
    for (const file of files.slice(0, 10)) await copy(file);
    const big = (await carol.nn.call('Trash', { path: '/home/carol/big' })).id;
    const parents = await inspect(cluster, async (store) => {
      const map = new Map<number, number>();
      for await (const inode of store.sub.inodes.values()) map.set(inode.id, inode.parentId);
      return map;
    });
    const inodes = 1 + chains * (depth + 1) + files.length;
    t.ok(inodes > 2 * trashPurgeLimits.inodesPerEdit, `${inodes} inodes: more than two edits' worth`);

    t.match(await emptyTrash(carol), { items: 1, files: files.length, bytes: files.length * source.length });
    const result = await inspect(cluster, async (store) => ({
      purges: (await store.sub.journal.values().all() as Array<{ type: string }>)
        .filter((e): e is EditOf<'TrashPurge'> => e.type === 'TrashPurge' && (e as EditOf<'TrashPurge'>).rootId === big),
      audit: await auditReferences(store),
      ns: await auditNamespace(store),
    }));
    t.ok(result.purges.length >= 4, `${result.purges.length} TrashPurge edits: a mark, then at least three steps`);
    const gone = new Set<number>();
    let outOfOrder = 0;
    for (const edit of result.purges) {
      t.ok(edit.inodes.length <= trashPurgeLimits.inodesPerEdit, 'each edit removes at most its limit of inodes');
      for (const id of edit.inodes) {
        if ([...parents].some(([child, parent]) => parent === id && child !== id && !gone.has(child))) outOfOrder += 1;
        gone.add(id);
      }
    }
    t.equal(outOfOrder, 0, 'no folder went before everything below it');
    t.equal(gone.size, inodes, 'every inode of the folder went, and nothing else');
    t.same(result.audit.drift, [], 'reference counts agree');
    t.same(result.ns, [], 'the namespace hangs together');
    t.ok((await readBack(carol, '/home/carol/src.bin')).equals(source), 'the source all copies shared still reads back');
    t.equal((await carol.nn.call('WhoAmI', {})).usedBytes, source.length);
  });
});

t.test('retention: the namenode purges expired trash and revisions past the count and the age by itself', async (t) => {
  const cluster = await MiniCluster.start({ config: { trashRetentionMs: 400, revisionRetentionCount: 2, revisionRetentionMs: 500 } });
  t.teardown(() => cluster.stop());
  const dana = await cluster.addUser('dana');
  const keep = randomBytes(2000);
  await dana.put(bufferSource(keep), '/home/dana/keep.bin');
  const doomed = randomBytes(3000);
  await dana.put(bufferSource(doomed), '/home/dana/doomed.bin');
  await dana.nn.call('Trash', { path: '/home/dana/doomed.bin' });
  const bodies = [1, 2, 3, 4, 5].map((n) => randomBytes(1000 + n));
  for (const body of bodies) await dana.put(bufferSource(body), '/home/dana/doc');

  await waitFor(async () => (await dana.nn.call('TrashList', {})).entries.length === 0, 10_000, () => dana.nn.call('TrashList', {}));
  t.equal(await code(dana.nn.call('TrashRestore', { path: '/home/dana/doomed.bin' })), 'NOT_FOUND', 'the expired item is gone for good');
  await waitFor(async () => (await revisionList(dana, '/home/dana/doc')).length === 2, 10_000, () => revisionList(dana, '/home/dana/doc'));
  t.same(await revisionList(dana, '/home/dana/doc'), [5, 4], 'the newest two stay');
  t.ok((await readBack(dana, '/home/dana/doc', 4)).equals(bodies[3] ?? Buffer.alloc(0)), 'a kept revision reads back');
  t.equal(await code(dana.nn.call('GetFile', { path: '/home/dana/doc', revision: 1, fromOffset: 0, maxBlocks: 1 })), 'NO_SUCH_REVISION');

  await dana.nn.call('Restore', { path: '/home/dana/doc', revision: 4 });
  await waitFor(async () => (await revisionList(dana, '/home/dana/doc')).length === 2, 10_000, () => revisionList(dana, '/home/dana/doc'));
  t.same(await revisionList(dana, '/home/dana/doc'), [6, 5], 'a restore is a new revision: revision 4 went once it was past the count');
  await dana.nn.call('CopyFile', {
    src: '/home/dana/keep.bin', srcRevision: 0, dst: '/home/dana/doc', hasExpectedRevision: false, expectedRevision: 0, replaceMetadata: false, metadata: {},
  });
  await waitFor(async () => (await revisionList(dana, '/home/dana/doc')).length === 2, 10_000, () => revisionList(dana, '/home/dana/doc'));
  t.same(await revisionList(dana, '/home/dana/doc'), [7, 6], 'so is a copy');
  t.ok((await readBack(dana, '/home/dana/doc', 6)).equals(bodies[3] ?? Buffer.alloc(0)), 'revision 6 still reads as revision 4 did');
  t.same(await revisionList(dana, '/home/dana/keep.bin'), [1], 'a file of one revision keeps it, however old');
  t.equal((await dana.nn.call('WhoAmI', {})).usedBytes, 2 * keep.length, 'usage: keep.bin and doc (now a copy of it)');

  const after = await inspect(cluster, audits);
  t.same(after.audit.drift, [], 'reference counts agree');
  t.same(after.ns, [], 'the namespace hangs together');
  const [one, two, three, four, five] = bodies.map(sha256);
  for (const id of [sha256(doomed), one, two, three, five]) t.ok(after.audit.unreferenced.has(id ?? ''), 'a purged block is at 0');
  for (const id of [sha256(keep), four]) t.notOk(after.audit.unreferenced.has(id ?? ''), 'a kept block is still referenced');
});

// The record cache inside a working namespace (real LevelDB): after every kind of edit the cached
// view equals a fresh read of the store, also when the cache is so small that it evicts all the
// time; and a group whose batch fails to persist changes nothing in the cache.
import t, { type Test } from 'tap';
import { code } from '../../harness/error-code.js';
import { u64 } from '../../../src/namenode/metastore/keys.js';
import { rootInodeId } from '../../../src/namenode/metastore/records.js';
import { cacheSnapshot, emptyMd5, failBatches, incoherentEntries, openNamespace, type Namespace } from './fixtures/namespace.js';


/** Every namespace edit that touches inodes or the children index, each followed by reads that fill the cache. */
async function runScenario(t: Test, ns: Namespace): Promise<void> {
  const { namespace, files, users, admin } = ns;
  await users.add(admin, 'alice', 'standard', 0, '', '');
  const alice = { userId: 2, name: 'alice', admin: false };
  const steps: Array<[string, () => Promise<unknown>]> = [
    ['mkdir -p', () => namespace.mkdir(alice, '/home/alice/a/b/c', true)],
    ['mkdir', () => namespace.mkdir(alice, '/home/alice/x', false)],
    ['mkdir of an existing folder is refused', async () => t.equal(await code(namespace.mkdir(alice, '/home/alice/x', false)), 'ALREADY_EXISTS')],
    ['stat', () => namespace.stat(alice, '/home/alice/a/b/c')],
    ['stat of a missing path', async () => t.equal(await code(namespace.stat(alice, '/home/alice/nope/deeper')), 'NOT_FOUND')],
    ['move', () => namespace.move(alice, '/home/alice/a/b', '/home/alice/x/b2')],
    ['stat after move', () => namespace.stat(alice, '/home/alice/x/b2/c')],
    ['old path is gone', async () => t.equal(await code(namespace.stat(alice, '/home/alice/a/b')), 'NOT_FOUND')],
    ['list', () => namespace.list(alice, '/home/alice/x', '', 100)],
    ['trash', () => namespace.trash(alice, '/home/alice/x')],
    ['trashed subtree is gone', async () => t.equal(await code(namespace.stat(alice, '/home/alice/x/b2')), 'NOT_FOUND')],
    ['restore from trash', () => namespace.trashRestore(alice, '/home/alice/x')],
    ['restored subtree is back', () => namespace.stat(alice, '/home/alice/x/b2/c')],
    ['commit a new file', async () => {
      const { upload } = await files.beginUpload(alice, '/home/alice/a/f.txt', -1, '');
      await files.commitUpload(alice, upload.uploadId, 0, 0, emptyMd5);
    }],
    ['commit a second revision', async () => {
      const { upload } = await files.beginUpload(alice, '/home/alice/a/f.txt', 1, '');
      await files.commitUpload(alice, upload.uploadId, 0, 0, emptyMd5);
    }],
    ['restore a revision', () => files.restore(alice, '/home/alice/a/f.txt', 1)],
    ['stat the file', () => namespace.stat(alice, '/home/alice/a/f.txt')],
    ['rename the file', () => namespace.move(alice, '/home/alice/a/f.txt', '/home/alice/a/g.txt')],
  ];
  for (const [name, step] of steps) {
    await step();
    t.same(await incoherentEntries(ns.store), [], `cache equals LevelDB after: ${name}`);
  }
  const file = await namespace.stat(alice, '/home/alice/a/g.txt');
  t.equal(file.inode.revision, 3, 'the file has its three revisions');
  t.equal(file.inode.name, 'g.txt');
}

t.test('namespace cache: after mkdir, move, trash, restore and commits the cached view equals LevelDB', async (t) => {
  const ns = await openNamespace(t);
  await runScenario(t, ns);
  t.ok(ns.store.cache.stats.hits > 0, 'path resolution is served from the cache');
  t.ok(ns.store.cache.stats.size > 10, 'the cache holds the namespace it has seen');
});

t.test('namespace cache: with a cache of 8 entries that evicts constantly, every answer is still right', async (t) => {
  const ns = await openNamespace(t, { cacheEntriesMax: 8 });
  await runScenario(t, ns);
  t.ok(ns.store.cache.stats.size <= 8, `size ${ns.store.cache.stats.size} stays within the bound`);
});

t.test('namespace cache: a group whose batch fails leaves the cache exactly as it was', async (t) => {
  const ns = await openNamespace(t);
  const { namespace, admin } = ns;
  const made = await namespace.mkdir(admin, '/home/admin/d', false);
  await namespace.stat(admin, '/home/admin/d');
  // The move's own validation reads the destination; reading it first means any difference in
  // the cache afterwards could only come from the failed group's writes.
  t.equal(await code(namespace.stat(admin, '/home/admin/e')), 'NOT_FOUND');
  const before = cacheSnapshot(ns.store);
  t.same(ns.store.cache.peek('inodes', u64(made.inode.id)), made.inode, 'the folder is cached');

  failBatches(ns.store);
  t.equal(await code(namespace.move(admin, '/home/admin/d', '/home/admin/e')), 'IO_ERROR', 'the move is not acknowledged');
  t.same(cacheSnapshot(ns.store), before, 'nothing the failed group wrote reached the cache');
  t.same(ns.store.cache.peek('inodes', u64(made.inode.id)), made.inode, 'the folder keeps its durable name');
  t.equal(await code(namespace.mkdir(admin, '/home/admin/f', false)), 'IO_ERROR', 'the log refuses edits after a failed batch');
  t.same(await incoherentEntries(ns.store), [], 'the cache still equals LevelDB');
  t.equal((await namespace.stat(admin, '/home/admin/d')).inode.name, 'd', 'reads still see the durable state');
  t.equal(await code(namespace.stat(admin, '/home/admin/e')), 'NOT_FOUND');
  t.equal(await code(namespace.stat(admin, '/home/admin/f')), 'NOT_FOUND');
});

t.test('namespace cache: a failed first group of a fresh cache leaves it empty of what the group wrote', async (t) => {
  const ns = await openNamespace(t);
  ns.store.cache.clear();
  failBatches(ns.store);
  t.equal(await code(ns.namespace.mkdir(ns.admin, '/home/admin/new', false)), 'IO_ERROR');
  const cachedValues = [...ns.store.cache.entries()].filter((e) => e.value !== undefined).map((e) => e.value);
  t.notOk(cachedValues.some((v) => typeof v === 'object' && v !== null && (v as { name?: string }).name === 'new'), 'the new folder is not cached');
  t.same(await incoherentEntries(ns.store), []);
  t.ok(ns.store.cache.peek('inodes', u64(rootInodeId)) !== undefined, 'the durable root was read and cached');
});

// Trash purge and revision retention inside a working namespace (real LevelDB, real edit log),
// driven by hand: a manual clock and explicit `tick()`s, and purge limits small enough that a
// small tree takes several edits. What must hold: every edit leaves a consistent namespace
// (folders go after their children, the root last), an item whose purge has begun cannot be
// restored, retention keeps the newest `count` revisions and everything younger than the age,
// and list references are released exactly once.
import t, { type Test } from 'tap';
import { silentLogger } from '../../../src/common/logger.js';
import { Safemode } from '../../../src/namenode/blocks/safemode.js';
import type { Edit, EditOf } from '../../../src/namenode/journal/edits.js';
import type { Metastore } from '../../../src/namenode/metastore/metastore.js';
import { RevisionRetention } from '../../../src/namenode/namespace/retention.js';
import type { Caller } from '../../../src/namenode/namespace/resolve.js';
import { TrashPurger, trashPurgeLimits } from '../../../src/namenode/namespace/trash-purger.js';
import { code } from '../../harness/error-code.js';
import { auditNamespace } from '../../harness/namespace-audit.js';
import { auditReferences } from '../../harness/reference-audit.js';
import { emptyMd5, openNamespace, type Namespace } from './fixtures/namespace.js';

const alice: Caller = { userId: 2, name: 'alice', admin: false };
const bob: Caller = { userId: 3, name: 'bob', admin: false };

/** A clock the test moves by hand. */
function manualClock(start = 1_000_000) {
  let now = start;
  return { now: () => now, set: (to: number) => (now = to), advance: (ms: number) => (now += ms) };
}

async function withUsers(ns: Namespace): Promise<void> {
  await ns.users.add(ns.admin, 'alice', 'standard', 0, '', '');
  await ns.users.add(ns.admin, 'bob', 'standard', 0, '', '');
}

/** A new (empty) revision of `path`, committed as a client would. */
async function commit(ns: Namespace, caller: Caller, path: string): Promise<number> {
  const { upload } = await ns.files.beginUpload(caller, path, -1, '');
  return (await ns.files.commitUpload(caller, upload.uploadId, 0, 0, emptyMd5)).inode.revision;
}

async function revisionNumbers(ns: Namespace, path: string): Promise<number[]> {
  return (await ns.files.revisions(alice, path)).map((r) => r.number);
}

async function journal(store: Metastore): Promise<Edit[]> {
  return store.sub.journal.values().all() as Promise<Edit[]>;
}

async function consistent(t: Test, store: Metastore, when: string): Promise<void> {
  t.same(await auditNamespace(store), [], `the namespace hangs together ${when}`);
  t.same((await auditReferences(store)).drift, [], `reference counts agree ${when}`);
}

t.test('trash purge: a folder goes in several small edits, deepest first, and cannot be restored once begun', async (t) => {
  const clock = manualClock();
  const ns = await openNamespace(t, { clock });
  await withUsers(ns);
  const safemode = await Safemode.start(ns.store, clock, 0.999, silentLogger);
  const limits = { ...trashPurgeLimits, inodesPerEdit: 3, revisionsPerEdit: 2, editsPerCall: 2 };
  const purger = new TrashPurger({ store: ns.store, log: ns.log, safemode, clock, logger: silentLogger }, 60_000, limits);

  await ns.namespace.mkdir(alice, '/home/alice/tree/a/b', true);
  await ns.namespace.mkdir(alice, '/home/alice/tree/c', true);
  for (const path of ['/home/alice/tree/a/b/f1', '/home/alice/tree/a/f2', '/home/alice/tree/f3', '/home/alice/tree/c/f4']) {
    await commit(ns, alice, path);
    await commit(ns, alice, path);
  }
  await commit(ns, alice, '/home/alice/keep');
  const parents = new Map<number, number>();
  for await (const inode of ns.store.sub.inodes.values()) parents.set(inode.id, inode.parentId);
  const root = await ns.namespace.stat(alice, '/home/alice/tree');
  await ns.namespace.trash(alice, '/home/alice/tree');
  await consistent(t, ns.store, 'after the trash');

  const untouched = await purger.empty(bob, 0);
  t.same(untouched, { items: 0, files: 0, bytes: 0, more: false, beforeMs: clock.now() }, "bob's trash empty finds nothing of alice's");
  t.equal((await ns.namespace.trashList(alice)).length, 1, "alice's trash is as it was");

  const first = await purger.empty(alice, 0);
  t.match(first, { items: 0, more: true }, 'the first call stops at its bound of two edits');
  await consistent(t, ns.store, 'half way');
  t.same((await ns.namespace.trashList(alice)).map((e) => e.path), ['/home/alice/tree'], 'a half-purged item is still in the trash');
  t.equal(await code(ns.namespace.trashRestore(alice, '/home/alice/tree')), 'NOT_FOUND', 'an item being purged cannot be restored');

  clock.advance(10);
  await ns.namespace.mkdir(alice, '/home/alice/later', false);
  await ns.namespace.trash(alice, '/home/alice/later');
  const total = { ...first };
  for (let calls = 0; total.more && calls < 20; calls++) {
    const next = await purger.empty(alice, first.beforeMs);
    total.items += next.items;
    total.files += next.files;
    total.more = next.more;
    await consistent(t, ns.store, `after call ${calls + 2}`);
  }
  t.match(total, { items: 1, files: 4, more: false }, 'the whole tree went: one item, four files');
  t.same((await ns.namespace.trashList(alice)).map((e) => e.path), ['/home/alice/later'], 'what was trashed after the first call stays');
  t.equal(await code(ns.namespace.stat(alice, '/home/alice/tree')), 'NOT_FOUND');
  t.ok((await ns.namespace.stat(alice, '/home/alice/keep')).inode, 'nothing outside the trash was touched');

  const purges = (await journal(ns.store)).filter((e): e is EditOf<'TrashPurge'> => e.type === 'TrashPurge');
  t.ok(purges.length >= 5, `${purges.length} TrashPurge edits: a mark, then at least four steps of two revisions`);
  const gone = new Set<number>();
  for (const edit of purges) {
    t.ok(edit.inodes.length <= 3 && edit.revisions.length <= 2, 'each edit within its limits');
    for (const [inodeId] of edit.revisions) t.notOk(gone.has(inodeId), 'revisions go before their file');
    for (const id of edit.inodes) {
      const children = [...parents].filter(([, parent]) => parent === id).map(([child]) => child);
      t.ok(children.every((child) => gone.has(child)), `inode ${id} goes after its children`);
      gone.add(id);
    }
  }
  t.ok(gone.has(root.inode.id), 'the root went, last');
  t.equal(purges[0]?.inodes.length, 0, 'the first edit only marks the item');
  const audit = await auditReferences(ns.store);
  t.equal(audit.lists, 1, 'only the kept file still holds a list');
});

t.test('trash purge: a lone file goes in one edit; expiry waits for trashRetentionMs; nothing in safemode', async (t) => {
  const clock = manualClock();
  const ns = await openNamespace(t, { clock });
  await withUsers(ns);
  const safemode = await Safemode.start(ns.store, clock, 0.999, silentLogger);
  const purger = new TrashPurger({ store: ns.store, log: ns.log, safemode, clock, logger: silentLogger }, 60_000);
  await commit(ns, alice, '/home/alice/old');
  await commit(ns, alice, '/home/alice/old');
  await ns.namespace.trash(alice, '/home/alice/old');
  const trashedAt = clock.now();
  clock.advance(30_000);
  await commit(ns, bob, '/home/bob/newer');
  await ns.namespace.trash(bob, '/home/bob/newer');

  clock.set(trashedAt + 60_000 - 1);
  t.same(await purger.tick(), { items: 0, files: 0, bytes: 0 }, 'nothing has been in the trash for the retention time yet');
  clock.set(trashedAt + 60_000);
  safemode.enter();
  t.same(await purger.tick(), { items: 0, files: 0, bytes: 0 }, 'nothing is purged in safemode');
  safemode.leave();
  const before = (await journal(ns.store)).length;
  t.match(await purger.tick(), { items: 1, files: 1 }, 'the expired item goes');
  const edits = (await journal(ns.store)).slice(before);
  t.same(edits.map((e) => e.type), ['TrashPurge'], 'in one edit: a lone file needs no mark');
  t.same((await ns.namespace.trashList(alice)), [], "alice's trash is empty");
  t.equal((await ns.namespace.trashList(bob)).length, 1, "bob's newer item stays");
  t.equal(await code(ns.namespace.trashRestore(alice, '/home/alice/old')), 'NOT_FOUND', 'restore after purge: NOT_FOUND');
  await consistent(t, ns.store, 'after expiry');
});

t.test('trash purge: an item trashed out of a folder purged before it stays on its own; bad input changes nothing', async (t) => {
  const clock = manualClock();
  const ns = await openNamespace(t, { clock });
  await withUsers(ns);
  const safemode = await Safemode.start(ns.store, clock, 0.999, silentLogger);
  const purger = new TrashPurger({ store: ns.store, log: ns.log, safemode, clock, logger: silentLogger }, 60_000);
  await ns.namespace.mkdir(alice, '/home/alice/box/inner', true);
  await commit(ns, alice, '/home/alice/box/inner/f');
  await commit(ns, alice, '/home/alice/box/g');
  clock.set(2000);
  await ns.namespace.trash(alice, '/home/alice/box/inner/f');
  clock.set(1000); // the clock went back: the folder counts as trashed before the file taken out of it
  await ns.namespace.trash(alice, '/home/alice/box');
  const trashed = await journal(ns.store);
  t.equal(await code(purger.empty(alice, -1)), 'INVALID_ARGUMENT', 'a negative time is refused');
  t.equal((await journal(ns.store)).length, trashed.length, 'and changes nothing');

  clock.set(3000);
  t.match(await purger.empty(alice, 1500), { items: 1, files: 1, more: false }, 'the folder goes with g, without f');
  await consistent(t, ns.store, 'with the file left over');
  t.same((await ns.namespace.trashList(alice)).map((e) => e.path), ['/home/alice/box/inner/f']);
  t.equal(await code(ns.namespace.trashRestore(alice, '/home/alice/box/inner/f')), 'NOT_FOUND', 'its folder is gone: it cannot be restored');
  t.match(await purger.empty(alice, 0), { items: 1, files: 1, more: false }, 'and it can still be purged');
  t.same(await ns.namespace.trashList(alice), []);
  await consistent(t, ns.store, 'after both purges');
  t.equal((await auditReferences(ns.store)).lists, 0, 'every list was released');
});

t.test('revision retention: the newest count and everything younger than the age stay; the newest never goes', async (t) => {
  const clock = manualClock(0);
  const ns = await openNamespace(t, { clock });
  await withUsers(ns);
  const safemode = await Safemode.start(ns.store, clock, 0.999, silentLogger);
  const deps = { store: ns.store, log: ns.log, safemode, clock, logger: silentLogger };
  const retention = new RevisionRetention(deps, { revisionRetentionCount: 2, revisionRetentionMs: 1000 });
  const path = '/home/alice/doc';
  for (let i = 0; i < 5; i++) {
    clock.set(i * 10);
    await commit(ns, alice, path);
  }
  clock.set(50);
  t.equal(await retention.tick(), 0, 'young revisions past the count stay');
  t.same(await revisionNumbers(ns, path), [5, 4, 3, 2, 1]);
  const due = await ns.store.sub.revisionChecks.keys().all();
  t.equal(due.length, 1, 'the file is due again once, for when its oldest revision past the count ages');

  clock.set(1001);
  t.equal(await retention.tick(), 1, 'revision 1 (made at 0) is past the age at 1001');
  t.same(await revisionNumbers(ns, path), [5, 4, 3, 2]);
  clock.set(5000);
  t.equal(await retention.tick(), 2);
  t.same(await revisionNumbers(ns, path), [5, 4], 'the newest two stay, however old');
  clock.set(100_000);
  t.equal(await retention.tick(), 0, 'nothing more to do, and nothing is due');
  t.same(await ns.store.sub.revisionChecks.keys().all(), []);

  await ns.files.restore(alice, path, 4);
  safemode.enter();
  t.equal(await retention.tick(), 0, 'nothing is purged in safemode');
  safemode.leave();
  t.equal(await retention.tick(), 1, 'a restore (a new revision) makes the file due at once');
  t.same(await revisionNumbers(ns, path), [6, 5]);

  const keepOne = new RevisionRetention(deps, { revisionRetentionCount: 1, revisionRetentionMs: 1000 });
  await commit(ns, alice, '/home/alice/single');
  clock.set(200_000);
  await commit(ns, alice, path);
  clock.set(200_100);
  await commit(ns, alice, path);
  clock.set(200_500);
  t.equal(await keepOne.tick(), 2, 'with a count of 1: the aged revisions 5 and 6 go');
  t.same(await revisionNumbers(ns, path), [8, 7], 'revision 7 is past the count but younger than the age');
  clock.set(300_000);
  t.equal(await keepOne.tick(), 1);
  t.same(await revisionNumbers(ns, path), [8], 'the newest always stays');
  t.same(await revisionNumbers(ns, '/home/alice/single'), [1], 'a file of one revision is never touched');
  await consistent(t, ns.store, 'after retention');
});

// A user's removal and the audit log inside a working namespace (real LevelDB, real edit log):
// the removed user's home, buckets and trash become the admin's trash (restorable, purgeable,
// every index consistent), grants given to them go, refusals change nothing, a large trash is
// handed over in several edits; and the audit recorder writes one record per audited edit —
// Share and Unshare included, submitted here as edits (their RPCs are being built elsewhere).
import t, { type Test } from 'tap';
import { silentLogger } from '../../../src/common/logger.js';
import { Safemode } from '../../../src/namenode/blocks/safemode.js';
import { auditPage } from '../../../src/namenode/audit/audit-log.js';
import type { Edit } from '../../../src/namenode/journal/edits.js';
import { shareKey, u64 } from '../../../src/namenode/metastore/keys.js';
import type { Metastore } from '../../../src/namenode/metastore/metastore.js';
import type { Caller } from '../../../src/namenode/namespace/resolve.js';
import { TrashPurger } from '../../../src/namenode/namespace/trash-purger.js';
import { code } from '../../harness/error-code.js';
import { auditNamespace } from '../../harness/namespace-audit.js';
import { auditReferences } from '../../harness/reference-audit.js';
import { emptyMd5, openNamespace, type Namespace } from './fixtures/namespace.js';

const alice: Caller = { userId: 2, name: 'alice', admin: false };
const bob: Caller = { userId: 3, name: 'bob', admin: false };

async function commit(ns: Namespace, caller: Caller, path: string): Promise<void> {
  const { upload } = await ns.files.beginUpload(caller, path, -1, '');
  await ns.files.commitUpload(caller, upload.uploadId, 0, 0, emptyMd5);
}

async function consistent(t: Test, store: Metastore, when: string): Promise<void> {
  t.same(await auditNamespace(store), [], `the namespace hangs together ${when}`);
  t.same((await auditReferences(store)).drift, [], `reference counts agree ${when}`);
}

async function journalLength(store: Metastore): Promise<number> {
  return (await store.sub.journal.keys().all()).length;
}

async function share(ns: Namespace, by: Caller, path: string, userId: number, role: 'viewer' | 'editor' | undefined): Promise<void> {
  const { inode } = await ns.namespace.stat(by, path);
  const at = Date.now();
  await ns.log.submit(async (): Promise<Edit> => (role === undefined
    ? { type: 'Unshare', at, by: by.userId, inodeId: inode.id, path, userId }
    : { type: 'Share', at, by: by.userId, inodeId: inode.id, path, userId, role }));
}

t.test('user removal: home, buckets and trash go to the admin, credentials and grants go, nothing is deleted', async (t) => {
  const ns = await openNamespace(t);
  const made = await ns.users.add(ns.admin, 'alice', 'standard', 0, '', '');
  await ns.users.add(ns.admin, 'bob', 'standard', 0, '', '');
  const second = await ns.users.addKey(ns.admin, 'alice', '', '');
  await ns.namespace.mkdir(alice, '/home/alice/docs', false);
  await commit(ns, alice, '/home/alice/docs/a.txt');
  await commit(ns, alice, '/home/alice/old.txt');
  await ns.namespace.trash(alice, '/home/alice/old.txt');
  await ns.namespace.mkdir(alice, '/buckets/alices', false);
  await commit(ns, alice, '/buckets/alices/object');
  await ns.namespace.mkdir(bob, '/buckets/bobs', false);
  await commit(ns, bob, '/home/bob/shared.txt');
  await share(ns, bob, '/home/bob/shared.txt', alice.userId, 'editor');
  t.ok(await ns.store.get('shares', shareKey(alice.userId, (await ns.namespace.stat(bob, '/home/bob/shared.txt')).inode.id)), 'alice holds a grant');

  // Refusals change nothing.
  const before = await journalLength(ns.store);
  t.equal(await code(ns.users.remove(bob, 'alice')), 'PERMISSION_DENIED', 'a user cannot remove users');
  t.equal(await code(ns.users.remove(ns.admin, 'admin')), 'PERMISSION_DENIED', 'the admin cannot be removed');
  t.equal(await code(ns.users.remove(ns.admin, 'nobody')), 'NOT_FOUND');
  t.equal(await journalLength(ns.store), before, 'no edit was made');
  t.equal((await ns.users.authenticate(made.token)).name, 'alice');

  const removed = await ns.users.remove(ns.admin, 'alice');
  t.same(removed, { name: 'alice', trashed: ['/home/alice', '/buckets/alices'] });
  await consistent(t, ns.store, 'after the removal');
  t.equal(await code(ns.users.authenticate(made.token)), 'UNAUTHENTICATED', 'her token fails at once');
  for (const key of [made.accessKeyId, second.accessKeyId]) {
    t.equal(await code(ns.users.s3SigningKey(key, '20240101', 'us-east-1', 's3')), 'UNAUTHENTICATED', 'and so do her S3 keys');
    t.equal(await ns.store.get('credentials', `k:${key}`), undefined);
  }
  t.equal(await ns.store.get('userNames', 'alice'), undefined);
  t.equal(await ns.store.get('users', u64(alice.userId)), undefined);
  const sharedItem = (await ns.namespace.stat(bob, '/home/bob/shared.txt')).inode;
  t.equal(sharedItem.grants, undefined, 'the grant she held is gone from the item');
  t.same(await ns.store.sub.shares.keys({ gte: u64(alice.userId), lt: u64(alice.userId + 1) }).all(), [], 'and from her index');

  const trash = (await ns.namespace.trashList(ns.admin)).map((e) => e.path).sort();
  t.same(trash, ['/buckets/alices', '/home/alice', '/home/alice/old.txt'], "the admin's trash holds her home, bucket and trash");
  t.same(await ns.namespace.trashList(alice), [], 'hers holds nothing');
  t.ok(await ns.namespace.stat(ns.admin, '/buckets/bobs'), "bob's bucket stays");
  t.equal(await code(ns.namespace.stat(ns.admin, '/home/alice')), 'NOT_FOUND');

  // The name is free again: a new alice gets a fresh home, and the old one cannot come back over it.
  await ns.users.add(ns.admin, 'alice', 'standard', 0, '', '');
  t.same((await ns.namespace.list(ns.admin, '/home/alice', '', 10)).entries, [], 'a fresh home');
  t.equal(await code(ns.namespace.trashRestore(ns.admin, '/home/alice')), 'ALREADY_EXISTS');

  // The admin restores the bucket; what is inside keeps its owner and is all there.
  await ns.namespace.trashRestore(ns.admin, '/buckets/alices');
  const bucket = (await ns.namespace.stat(ns.admin, '/buckets/alices')).inode;
  t.equal(bucket.ownerId, ns.admin.userId, 'the restored root is the admin\'s');
  t.equal((await ns.namespace.stat(ns.admin, '/buckets/alices/object')).inode.ownerId, alice.userId, 'files below keep their (removed) owner');
  await ns.namespace.trash(ns.admin, '/buckets/alices'); // and it can be trashed again
  await consistent(t, ns.store, 'after restoring');

  // Purging everything of hers: files owned by a removed user charge nobody.
  const clock = { now: () => Date.now() };
  const safemode = await Safemode.start(ns.store, clock, 0.999, silentLogger);
  const purger = new TrashPurger({ store: ns.store, log: ns.log, safemode, clock, logger: silentLogger }, 60_000);
  const purged = await purger.empty(ns.admin, 0);
  t.match(purged, { items: 3, more: false }, 'the old home, old.txt and the bucket');
  await consistent(t, ns.store, 'after purging');
});

t.test('user removal: an open upload of the removed user is aborted when its lease ends, its references released', async (t) => {
  let now = 1_000_000;
  const ns = await openNamespace(t, { clock: { now: () => now } });
  await ns.users.add(ns.admin, 'alice', 'standard', 0, '', '');
  const home = (await ns.namespace.stat(alice, '/home/alice')).inode;
  const uploadId = 'ab'.repeat(16);
  const blockId = 'cd'.repeat(32);
  const upload = {
    uploadId, ownerId: alice.userId, parentId: home.id, name: 'partial', path: '/home/alice/partial', expectedRevision: -1, createdAt: now, leaseExpiresAt: now + 1000,
  };
  await ns.log.submit(async () => ({ type: 'BeginUpload' as const, at: now, upload }));
  await ns.log.submit(async () => ({ type: 'PutBlocks' as const, at: now, uploadId, blocks: [{ id: blockId, size: 10, offset: 0 }] }));
  await ns.users.remove(ns.admin, 'alice');
  await consistent(t, ns.store, 'with her upload open');
  t.notOk((await auditReferences(ns.store)).unreferenced.has(blockId), 'her open upload still holds its block');
  now += 2000;
  t.equal(await ns.files.expireUpload(uploadId), true, 'the reaper aborts it once its lease has ended');
  await consistent(t, ns.store, 'after the abort');
  t.ok((await auditReferences(ns.store)).unreferenced.has(blockId), 'its block is released');
});

t.test('user removal: a trash larger than one edit is handed over in chunks, ahead of the removal', async (t) => {
  const ns = await openNamespace(t, { trashPerEdit: 2 });
  await ns.users.add(ns.admin, 'alice', 'standard', 0, '', '');
  for (let i = 0; i < 5; i++) {
    await commit(ns, alice, `/home/alice/f${i}`);
    await ns.namespace.trash(alice, `/home/alice/f${i}`);
  }
  const before = await journalLength(ns.store);
  await ns.users.remove(ns.admin, 'alice');
  const edits = (await ns.store.sub.journal.values({ gt: u64(before) }).all()) as Edit[];
  t.same(edits.map((e) => e.type), ['TrashHandover', 'TrashHandover', 'UserRemove'], '2 + 2 handed over, the last one with the removal');
  t.same(edits.map((e) => ('trashed' in e ? e.trashed.length : -1)), [2, 2, 1]);
  t.equal((await ns.namespace.trashList(ns.admin)).length, 6, 'five files and the home');
  await consistent(t, ns.store, 'after a chunked removal');
});

t.test("user removal: in a removed user's restored home, new items are the admin's and what is deleted lands in the admin's trash", async (t) => {
  const ns = await openNamespace(t);
  await ns.users.add(ns.admin, 'alice', 'standard', 0, '', '');
  await ns.namespace.mkdir(alice, '/home/alice/docs', false);
  await commit(ns, alice, '/home/alice/docs/a.txt');
  await ns.users.remove(ns.admin, 'alice');
  await ns.namespace.trashRestore(ns.admin, '/home/alice');
  const adminId = ns.admin.userId;
  t.equal((await ns.namespace.stat(ns.admin, '/home/alice/docs')).inode.ownerId, alice.userId, 'items below keep the removed owner');
  await ns.namespace.mkdir(ns.admin, '/home/alice/docs/new', false);
  await commit(ns, ns.admin, '/home/alice/docs/b.txt');
  t.equal((await ns.namespace.stat(ns.admin, '/home/alice/docs/new')).inode.ownerId, adminId, "a new folder is the nearest existing owner's, not nobody's");
  t.equal((await ns.namespace.stat(ns.admin, '/home/alice/docs/b.txt')).inode.ownerId, adminId, 'so is a new file');
  await ns.namespace.trash(ns.admin, '/home/alice/docs/a.txt');
  t.ok((await ns.namespace.trashList(ns.admin)).some((e) => e.path === '/home/alice/docs/a.txt'), "a removed user's file the admin deletes is in the admin's trash");
  await ns.namespace.trashRestore(ns.admin, '/home/alice/docs/a.txt');
  t.equal((await ns.namespace.stat(ns.admin, '/home/alice/docs/a.txt')).inode.ownerId, adminId, 'and comes back as the admin’s');
  await consistent(t, ns.store, 'after the admin works in the restored home');
});

t.test('audit log: one record per audited edit, names as they were, never a secret', async (t) => {
  const ns = await openNamespace(t);
  const made = await ns.users.add(ns.admin, 'alice', 'premium', 0, '', '');
  await ns.users.add(ns.admin, 'bob', 'standard', 0, '', '');
  await ns.users.setQuota(ns.admin, 'alice', 5000);
  const own = await ns.users.newToken(alice, 'alice');
  const rotated = await ns.users.newToken(ns.admin, 'alice', true);
  const key = await ns.users.addKey(ns.admin, 'alice', 'ALICEIMPORTED0001', 'alice-imported-secret-1');
  await ns.users.revokeKey(ns.admin, 'alice', made.accessKeyId);
  await ns.namespace.mkdir(bob, '/home/bob/box', false);
  await share(ns, bob, '/home/bob/box', alice.userId, 'viewer');
  await share(ns, ns.admin, '/home/bob/box', alice.userId, 'editor');
  await share(ns, bob, '/home/bob/box', alice.userId, undefined);
  // An edit from before the audit log named its actor.
  await ns.log.submit(async () => ({ type: 'UserQuota' as const, at: Date.now(), userId: bob.userId, quotaBytes: 7000 }));
  await ns.users.remove(ns.admin, 'alice');

  const all = await auditPage(ns.store, '', 0, 0);
  const shown = all.map((r) => [r.by?.name ?? null, r.action, r.user.name]);
  t.same(shown, [
    ['admin', 'user.add', 'alice'], ['admin', 'user.add', 'bob'], ['admin', 'user.quota', 'alice'], ['alice', 'token.issue', 'alice'],
    ['admin', 'tokens.revoke', 'alice'], ['admin', 'key.add', 'alice'], ['admin', 'key.revoke', 'alice'], ['bob', 'share', 'alice'],
    ['admin', 'share', 'alice'], ['bob', 'unshare', 'alice'], [null, 'user.quota', 'bob'], ['admin', 'user.remove', 'alice'],
  ]);
  t.ok(all.every((r, i) => i === 0 || r.txid > (all[i - 1]?.txid ?? 0)), 'in txid order');
  t.match(all[0], { tier: 'premium', quotaBytes: 2 * 1024 ** 3, accessKeyId: made.accessKeyId });
  t.match(all[2], { quotaBytes: 5000 });
  t.match(all[4], { tokens: 2 }, 'both of her tokens were revoked');
  t.match(all[5], { accessKeyId: 'ALICEIMPORTED0001' });
  t.match(all[8], { role: 'editor', path: '/home/bob/box' });
  t.match(all[11], { items: 1 }, 'her home went to the trash');
  const text = JSON.stringify(all);
  for (const secret of [made.token, made.secretAccessKey, own.token, rotated.token, key.secretAccessKey]) t.notOk(text.includes(secret), 'no secret is recorded');

  const bobs = await auditPage(ns.store, 'bob', 0, 0);
  t.same(bobs.map((r) => r.action), ['user.add', 'share', 'unshare', 'user.quota'], 'bob as actor or subject');
  const alices = await auditPage(ns.store, 'alice', 0, 0);
  t.equal(alices.length, 10, 'a removed user is still found by name');
  const firstPage = await auditPage(ns.store, 'alice', 0, 4);
  const rest = await auditPage(ns.store, 'alice', firstPage[3]?.txid ?? 0, 0);
  t.same([...firstPage, ...rest], alices, 'pages follow on');
  t.equal(await code(auditPage(ns.store, 'nobody', 0, 0)), 'NOT_FOUND');
});

// Issue 7's authorization matrix over real RPCs: every namespace and file operation, called by
// the owner, an editor, a viewer, a stranger, an anonymous caller, an admin, a revoked token and
// an expired session token, ends in exactly the expected allow or deny — and a denied call
// changes nothing (the whole namespace, as the admin sees it, is the same before and after).
// Then inheritance (a grant covers what is made below it later), unshare taking effect at once,
// who may move or delete a shared item, what listings show, and that a stranger cannot tell a
// missing item from a hidden one.
import { randomBytes } from 'node:crypto';
import t, { type Test } from 'tap';
import type { CairnClient } from '../../src/client/cairn-client.js';
import { signSessionToken } from '../../src/common/auth.js';
import { MiniCluster, bufferSource, miniClusterSecret, readBack } from '../harness/mini-cluster.js';
import { code } from '../harness/error-code.js';

type Caller = 'owner' | 'editor' | 'viewer' | 'stranger' | 'anonymous' | 'admin' | 'revoked' | 'expired';
const callers: Caller[] = ['owner', 'editor', 'viewer', 'stranger', 'anonymous', 'admin', 'revoked', 'expired'];

/** What each kind of operation needs: reads need viewer, changes editor, sharing the owner. */
type Need = 'read' | 'write' | 'own';

/** The expected code of an operation needing `need`, by caller. */
function expected(need: Need, caller: Caller): string {
  if (caller === 'anonymous' || caller === 'revoked' || caller === 'expired') return 'UNAUTHENTICATED';
  if (caller === 'owner' || caller === 'admin') return 'OK';
  if (caller === 'stranger') return 'PERMISSION_DENIED';
  if (need === 'read') return 'OK';
  if (need === 'write') return caller === 'editor' ? 'OK' : 'PERMISSION_DENIED';
  return 'PERMISSION_DENIED';
}

/**
 * Everything a call could change, as the admin sees it: every item below /home and /buckets
 * with its revisions, what is shared with each user, and each user's trash.
 */
async function fingerprint(admin: CairnClient, users: CairnClient[]): Promise<string> {
  const lines: string[] = [];
  const walk = async (path: string): Promise<void> => {
    let startAfter = '';
    for (;;) {
      const page = await admin.nn.call('List', { path, startAfter, limit: 1000 });
      const below = await Promise.all(page.entries.map(async (e) => {
        const item = `${e.path} ${e.type} ${e.owner} ${e.size} r${e.revision} m${e.modifiedAtMs}`;
        if (e.type === 'dir') return item;
        return `${item} revisions ${(await admin.nn.call('Revisions', { path: e.path })).revisions.map((r) => `${r.revision}:${r.md5}`).join(',')}`;
      }));
      lines.push(...below);
      for (const e of page.entries) if (e.type === 'dir') await walk(e.path);
      const last = page.entries[page.entries.length - 1];
      if (!page.truncated || last === undefined) return;
      startAfter = last.type === 'dir' ? `${last.name}/` : last.name;
    }
  };
  await walk('/home');
  await walk('/buckets');
  for (const user of users) {
    const [shared, trash] = await Promise.all([user.nn.call('ListShared', { afterInodeId: 0, limit: 1000 }), user.nn.call('TrashList', {})]);
    lines.push(`shared ${JSON.stringify(shared.items.map((i) => [i.inode?.path, i.role]))} trash ${JSON.stringify(trash.entries.map((e) => [e.path, e.id]))}`);
  }
  return lines.join('\n');
}

/** A cluster with the admin and users alice (the owner; user 2), bob, carol and dave, in that order. */
async function castOf(t: Test) {
  const cluster = await MiniCluster.start();
  t.teardown(() => cluster.stop());
  const admin = cluster.client(cluster.adminToken);
  const alice = await cluster.addUser('alice');
  const bob = await cluster.addUser('bob');
  const carol = await cluster.addUser('carol');
  const dave = await cluster.addUser('dave');
  return { cluster, admin, alice, bob, carol, dave };
}

t.test('authorization matrix: operations × callers, and denied calls change nothing', async (t) => {
  const { cluster, admin, alice, bob, carol, dave } = await castOf(t);
  const frank = await cluster.addUser('frank');
  const erinMade = await admin.nn.admin('UserAdd', { name: 'erin' });
  await admin.nn.admin('UserToken', { name: 'erin', revokeAll: true });
  // Users are numbered in order of creation after the admin (1): alice is 2. A fresh token
  // signed the same way proves it, so the expired one below differs only in its expiry.
  const aliceId = 2;
  const fresh = cluster.client(signSessionToken(miniClusterSecret, aliceId, Date.now() + 60_000));
  t.equal((await fresh.nn.call('WhoAmI', {})).name, 'alice', 'a session token for user 2 acts as alice');
  fresh.close();
  const clients: Record<Caller, CairnClient> = {
    owner: alice, editor: bob, viewer: carol, stranger: dave, anonymous: cluster.client(''), admin,
    revoked: cluster.client(erinMade.token),
    // Alice's own credential, correctly signed but expired: it must not work even for what she owns.
    expired: cluster.client(signSessionToken(miniClusterSecret, aliceId, Date.now() - 1000)),
  };
  t.teardown(() => clients.anonymous.close());

  await alice.nn.call('Mkdir', { path: '/home/alice/proj', parents: false, implicit: false });
  await alice.nn.call('Share', { path: '/home/alice/proj', user: 'bob', role: 'editor' });
  await alice.nn.call('Share', { path: '/home/alice/proj', user: 'carol', role: 'viewer' });

  /** A fresh file of two revisions for one case; trashed first where the case restores it. */
  let cases = 0;
  const fixture = async (trashed = false): Promise<{ path: string; first: Buffer; second: Buffer }> => {
    const path = `/home/alice/proj/case-${++cases}`;
    const first = randomBytes(1000 + cases);
    const second = randomBytes(2000 + cases);
    await alice.put(bufferSource(first), path);
    await alice.put(bufferSource(second), path);
    if (trashed) await alice.nn.call('Trash', { path });
    return { path, first, second };
  };

  interface Op {
    name: string;
    need: Need;
    trashed?: boolean;
    /** Alice prepares the case's file further before the call. */
    setup?(f: { path: string }): Promise<void>;
    /** Runs the operation; on success, checks its effect. */
    run(c: CairnClient, f: { path: string; first: Buffer; second: Buffer }): Promise<void>;
  }
  const ops: Op[] = [
    { name: 'ls', need: 'read', async run(c, f) {
      const { entries } = await c.nn.call('List', { path: '/home/alice/proj', startAfter: '', limit: 1000 });
      t.ok(entries.some((e) => e.path === f.path), 'ls lists the file');
    } },
    { name: 'stat', need: 'read', async run(c, f) {
      t.equal((await c.nn.call('Stat', { path: f.path })).revision, 2);
    } },
    { name: 'get', need: 'read', async run(c, f) {
      t.same(await readBack(c, f.path), f.second, 'get reads the newest revision');
      t.same(await readBack(c, f.path, 1), f.first, 'and an older one');
    } },
    { name: 'revisions', need: 'read', async run(c, f) {
      t.same((await c.nn.call('Revisions', { path: f.path })).revisions.map((r) => r.revision), [2, 1]);
    } },
    { name: 'put', need: 'write', async run(c, f) {
      const third = randomBytes(500);
      await c.put(bufferSource(third), f.path);
      t.same(await readBack(alice, f.path), third, 'the owner reads the new revision');
    } },
    { name: 'mkdir', need: 'write', async run(c, f) {
      await c.nn.call('Mkdir', { path: `${f.path}-dir`, parents: false, implicit: false });
      t.equal((await alice.nn.call('Stat', { path: `${f.path}-dir` })).owner, 'alice', "a folder made in alice's folder is hers");
    } },
    { name: 'mv', need: 'write', async run(c, f) {
      await c.nn.call('Move', { src: f.path, dst: `${f.path}-moved` });
      t.equal((await alice.nn.call('Stat', { path: `${f.path}-moved` })).revision, 2);
    } },
    { name: 'rm', need: 'write', async run(c, f) {
      await c.nn.call('Trash', { path: f.path });
      t.equal(await code(alice.nn.call('Stat', { path: f.path })), 'NOT_FOUND');
    } },
    { name: 'restore', need: 'write', async run(c, f) {
      await c.nn.call('Restore', { path: f.path, revision: 1 });
      t.same(await readBack(alice, f.path), f.first, 'revision 1 is the newest again');
    } },
    { name: 'trash restore', need: 'write', trashed: true, async run(c, f) {
      await c.nn.call('TrashRestore', { path: f.path });
      t.same(await readBack(alice, f.path), f.second, 'back where it was');
    } },
    { name: 'copy out', need: 'read', async run(c, f) {
      // Into a folder the caller may write: their home (the admin's for the admin).
      const dst = `${(await c.nn.call('WhoAmI', {})).home}/copy-${cases}`;
      await c.nn.call('CopyFile', { src: f.path, srcRevision: 0, dst, hasExpectedRevision: false, expectedRevision: 0, replaceMetadata: false, metadata: {} });
      t.same(await readBack(c, dst), f.second);
    } },
    { name: 'share', need: 'own', async run(c, f) {
      t.equal(await code(frank.nn.call('Stat', { path: f.path })), 'PERMISSION_DENIED', 'before: frank sees nothing');
      await c.nn.call('Share', { path: f.path, user: 'frank', role: 'viewer' });
      t.same(await readBack(frank, f.path), f.second, 'frank reads it at once');
    } },
    { name: 'unshare', need: 'own', setup: (f) => alice.nn.call('Share', { path: f.path, user: 'frank', role: 'viewer' }).then(() => undefined), async run(c, f) {
      await c.nn.call('Unshare', { path: f.path, user: 'frank', role: '' });
      t.equal(await code(frank.nn.call('Stat', { path: f.path })), 'PERMISSION_DENIED', 'frank is refused at once');
    } },
    { name: 'shares', need: 'read', async run(c, f) {
      const { shares } = await c.nn.call('ListShares', { path: f.path });
      t.same(shares.map((s) => [s.path, s.user, s.role]).sort(), [['/home/alice/proj', 'bob', 'editor'], ['/home/alice/proj', 'carol', 'viewer']]);
    } },
  ];

  const users = [alice, bob, carol, dave, frank, admin];
  let readFixture: Awaited<ReturnType<typeof fixture>> | undefined;
  for (const op of ops) {
    for (const caller of callers) {
      const want = expected(op.need, caller);
      // Reads change nothing, so they share one file; each change gets a file of its own.
      const f = op.need === 'read' ? (readFixture ??= await fixture()) : await fixture(op.trashed);
      await op.setup?.(f);
      const before = want === 'OK' ? '' : await fingerprint(admin, users);
      let got: string;
      try {
        await op.run(clients[caller], f);
        got = 'OK';
      } catch (err) {
        got = await code(Promise.reject(err));
      }
      t.equal(got, want, `${op.name} by ${caller}`);
      if (want !== 'OK') t.equal(await fingerprint(admin, users), before, `${op.name} by ${caller}, denied, changed nothing`);
    }
  }
});

t.test('grants are inherited, take effect and end at once; shared roots stay the owner’s; nothing hidden leaks', async (t) => {
  const { cluster, admin, alice, bob, carol, dave } = await castOf(t);
  const mkdir = (c: CairnClient, path: string) => c.nn.call('Mkdir', { path, parents: true, implicit: false });
  await mkdir(alice, '/home/alice/proj/deep/er');
  await mkdir(alice, '/home/alice/private');
  await alice.put(bufferSource(randomBytes(100)), '/home/alice/private/secret');
  await alice.nn.call('Share', { path: '/home/alice/proj', user: 'bob', role: 'editor' });
  await alice.nn.call('Share', { path: '/home/alice/proj/deep', user: 'carol', role: 'viewer' });

  // Inheritance: items made below a grant after it was given are covered.
  const later = randomBytes(3000);
  await alice.put(bufferSource(later), '/home/alice/proj/deep/er/later');
  t.same(await readBack(carol, '/home/alice/proj/deep/er/later'), later, 'a viewer reads a file made after the grant, two folders below it');
  t.equal(await code(carol.put(bufferSource(randomBytes(10)), '/home/alice/proj/deep/x')), 'PERMISSION_DENIED', 'but writes nothing');
  t.equal(await code(carol.nn.call('Stat', { path: '/home/alice/proj' })), 'PERMISSION_DENIED', 'and sees nothing above her grant');

  // The editor's writes are alice's: her tree, her quota.
  const bobs = randomBytes(4000);
  await bob.put(bufferSource(bobs), '/home/alice/proj/from-bob');
  const made = await alice.nn.call('Stat', { path: '/home/alice/proj/from-bob' });
  t.equal(made.owner, 'alice', "a file an editor makes in alice's folder is alice's");
  t.equal((await alice.nn.call('Revisions', { path: '/home/alice/proj/from-bob' })).revisions[0]?.author, 'bob', 'and bob is its revision’s author');
  t.equal((await bob.nn.call('WhoAmI', {})).usedBytes, 0, 'bob’s usage does not grow');

  // Shared roots: only the owner moves, deletes or shares them; an editor moves only within the tree.
  t.equal(await code(bob.nn.call('Move', { src: '/home/alice/proj', dst: '/home/bob/proj' })), 'PERMISSION_DENIED', 'an editor cannot move the shared root');
  t.equal(await code(bob.nn.call('Trash', { path: '/home/alice/proj' })), 'PERMISSION_DENIED', 'nor delete it');
  t.equal(await code(bob.nn.call('Trash', { path: '/home/alice/proj/deep' })), 'PERMISSION_DENIED', 'nor delete an item shared with someone else');
  t.equal(await code(bob.nn.call('Move', { src: '/home/alice/proj/from-bob', dst: '/home/bob/took' })), 'PERMISSION_DENIED', 'nor carry a file out of the tree');
  t.equal(await code(bob.nn.call('Share', { path: '/home/alice/proj/from-bob', user: 'dave', role: 'viewer' })), 'PERMISSION_DENIED', 'nor share');
  await bob.nn.call('Move', { src: '/home/alice/proj/from-bob', dst: '/home/alice/proj/deep/er/moved' });
  t.same(await readBack(carol, '/home/alice/proj/deep/er/moved'), bobs, 'an editor moves within the tree (and the move is covered by carol’s grant there)');
  await bob.nn.call('Trash', { path: '/home/alice/proj/deep/er/moved' });
  t.ok((await alice.nn.call('TrashList', {})).entries.some((e) => e.path === '/home/alice/proj/deep/er/moved'), 'what the editor deletes is in the owner’s trash');
  await bob.nn.call('TrashRestore', { path: '/home/alice/proj/deep/er/moved' });
  t.same(await readBack(alice, '/home/alice/proj/deep/er/moved'), bobs, 'and the editor restores it by its path');

  // Listings and the shared views.
  const names = async (c: CairnClient, path: string) => (await c.nn.call('List', { path, startAfter: '', limit: 1000 })).entries.map((e) => e.name);
  t.same(await names(dave, '/home'), ['dave'], 'a user lists only their own home in /home');
  t.same((await names(admin, '/home')).sort(), ['admin', 'alice', 'bob', 'carol', 'dave'], 'an admin lists every home');
  await mkdir(alice, '/buckets/alices');
  await mkdir(dave, '/buckets/daves');
  await alice.nn.call('Share', { path: '/buckets/alices', user: 'carol', role: 'viewer' });
  t.same(await names(carol, '/buckets'), ['alices'], 'a user lists the buckets shared with them, not others’');
  t.same(await names(dave, '/buckets'), ['daves']);
  const shared = await carol.nn.call('ListShared', { afterInodeId: 0, limit: 100 });
  t.same(shared.items.map((i) => [i.inode?.path, i.role, i.sharedBy]).sort(), [['/buckets/alices', 'viewer', 'alice'], ['/home/alice/proj/deep', 'viewer', 'alice']], 'fs shared: what others shared with carol');
  const shares = await bob.nn.call('ListShares', { path: '/home/alice/proj/deep/er' });
  t.same(shares.shares.map((s) => [s.path, s.user, s.role]).sort(), [['/home/alice/proj', 'bob', 'editor'], ['/home/alice/proj/deep', 'carol', 'viewer']]);

  // A stranger cannot tell what exists from what is hidden; the grantee can, where they have access.
  for (const path of ['/home/alice/private/secret', '/home/alice/private/none', '/home/alice/none/deeper', '/home/alice/private/secret/below']) {
    t.equal(await code(dave.nn.call('Stat', { path })), 'PERMISSION_DENIED', `a stranger gets the same answer for ${path}`);
    t.equal(await code(bob.nn.call('Stat', { path })), 'PERMISSION_DENIED', `so does an editor of another folder, for ${path}`);
  }
  t.equal(await code(bob.nn.call('Stat', { path: '/home/alice/proj/none' })), 'NOT_FOUND', 'inside his grant, bob learns what is missing');

  // Unshare at once; a role change at once; trashing the shared item hides it from fs shared.
  await alice.nn.call('Share', { path: '/home/alice/proj', user: 'bob', role: 'viewer' });
  t.equal(await code(bob.put(bufferSource(randomBytes(10)), '/home/alice/proj/y')), 'PERMISSION_DENIED', 'editor → viewer: writes stop at once');
  await alice.nn.call('Unshare', { path: '/home/alice/proj', user: 'bob', role: '' });
  t.equal(await code(bob.nn.call('Stat', { path: '/home/alice/proj/deep/er/later' })), 'PERMISSION_DENIED', 'unshared: reads stop at once');
  t.equal(await code(alice.nn.call('Unshare', { path: '/home/alice/proj', user: 'bob', role: '' })), 'NOT_FOUND', 'a grant that is gone cannot be taken back again');
  await alice.nn.call('Trash', { path: '/home/alice/proj' });
  t.same((await carol.nn.call('ListShared', { afterInodeId: 0, limit: 100 })).items.map((i) => i.inode?.path), ['/buckets/alices'], 'a trashed shared item is not listed');

  // Bad input changes nothing.
  t.equal(await code(alice.nn.call('Share', { path: '/buckets/alices', user: 'nobody', role: 'viewer' })), 'NOT_FOUND');
  t.equal(await code(alice.nn.call('Share', { path: '/buckets/alices', user: 'carol', role: 'owner' })), 'INVALID_ARGUMENT');
  t.equal(await code(alice.nn.call('Share', { path: '/buckets/alices', user: 'alice', role: 'viewer' })), 'INVALID_ARGUMENT', 'the owner has full access already');
  t.equal(await code(alice.nn.call('Share', { path: '/home/alice', user: 'carol', role: 'viewer' })), 'OK', 'a home folder can be shared by its owner');
  t.equal(await code(admin.nn.call('Share', { path: '/home', user: 'carol', role: 'viewer' })), 'PERMISSION_DENIED', 'the top of the tree cannot');
  t.same((await carol.nn.call('ListShared', { afterInodeId: 0, limit: 100 })).items.map((i) => i.role).sort(), ['viewer', 'viewer']);
});

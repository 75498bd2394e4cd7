// Quotas against a real cluster (namenode + 3 datanodes, real bytes). What must hold: a user's
// usage is the logical size of the current revisions of the files they own plus their trash —
// old revisions and other users' files never count — through put, overwrite, copy, restore,
// trash, trash restore, trash empty, revision purge and revision retention; an upload whose
// declared size exceeds what is left is refused at BeginUpload, before any block is sent; every
// commit (upload, copy, restore, multipart) checks again; a quota set by an admin takes effect at
// once; a refused call changes nothing.
import { randomBytes } from 'node:crypto';
import t from 'tap';
import type { CairnClient } from '../../src/client/cairn-client.js';
import { MiniCluster, bufferSource, readBack } from '../harness/mini-cluster.js';
import { code } from '../harness/error-code.js';
import { auditReferences } from '../harness/reference-audit.js';
import { waitFor } from '../harness/wait-for.js';

async function used(client: CairnClient): Promise<number> {
  return Number((await client.nn.call('WhoAmI', {})).usedBytes);
}

async function emptyTrash(client: CairnClient): Promise<void> {
  let beforeMs = 0;
  for (let calls = 0; calls < 100; calls++) {
    const reply = await client.nn.call('TrashEmpty', { beforeMs });
    beforeMs = Number(reply.beforeMs);
    if (!reply.more) return;
  }
  throw new Error('trash empty did not finish in 100 calls');
}

async function revisionList(client: CairnClient, path: string): Promise<number[]> {
  return (await client.nn.call('Revisions', { path })).revisions.map((r) => r.revision);
}

const copyArgs = { hasExpectedRevision: false, expectedRevision: 0, replaceMetadata: false, metadata: {} };

t.test('usage: current revisions of owned files plus trash, through every change', async (t) => {
  const cluster = await MiniCluster.start({ config: { revisionRetentionCount: 1, revisionRetentionMs: 3000 } });
  t.teardown(() => cluster.stop());
  const admin = cluster.client(cluster.adminToken);
  const alice = await cluster.addUser('alice');
  const bob = await cluster.addUser('bob');
  const adminBefore = await used(admin);

  const a1 = randomBytes(3000);
  await alice.put(bufferSource(a1), '/home/alice/a');
  t.equal(await used(alice), 3000, 'put: the file counts');
  const a2 = randomBytes(1000);
  await alice.put(bufferSource(a2), '/home/alice/a');
  t.equal(await used(alice), 1000, 'overwrite: only the current revision counts');
  await alice.nn.call('Restore', { path: '/home/alice/a', revision: 1 });
  t.equal(await used(alice), 3000, 'restore: the restored revision is the current one');
  await alice.nn.call('CopyFile', { src: '/home/alice/a', srcRevision: 2, dst: '/home/alice/b', ...copyArgs });
  t.equal(await used(alice), 4000, 'copy: the copy counts (logical size, though it shares blocks)');
  await alice.nn.call('PurgeRevision', { path: '/home/alice/a', revision: 3 });
  t.equal(await used(alice), 4000 - 3000 + 1000, 'purging the newest revision: the one before it is current');

  await bob.put(bufferSource(randomBytes(500)), '/home/bob/x');
  t.equal(await used(bob), 500, "bob's usage is his own");
  t.equal(await used(alice), 2000, "bob's files do not count for alice");
  // The admin writes into alice's home: a new revision of her file is still hers; a new file is the admin's.
  await admin.put(bufferSource(randomBytes(700)), '/home/alice/a');
  t.equal(await used(alice), 1700, "a new revision of alice's file by someone else counts for alice, its owner");
  await admin.put(bufferSource(randomBytes(200)), '/home/alice/admins');
  t.equal(await used(alice), 1700, "a file the admin owns does not count for alice");
  t.equal(await used(admin), adminBefore + 200, 'it counts for the admin');

  await alice.nn.call('Trash', { path: '/home/alice/b' });
  t.equal(await used(alice), 1700, 'trash: trashed files still count');
  await alice.nn.call('TrashRestore', { path: '/home/alice/b' });
  t.equal(await used(alice), 1700, 'trash restore: no change');
  await alice.nn.call('Trash', { path: '/home/alice/b' });
  await emptyTrash(alice);
  t.equal(await used(alice), 700, 'trash empty: the usage is paid back');

  // Retention (count 1, 3 s) purges the old revisions of a: usage does not move.
  await waitFor(async () => (await revisionList(alice, '/home/alice/a')).length === 1, 10_000, () => revisionList(alice, '/home/alice/a'));
  t.equal(await used(alice), 700, 'revision retention: old revisions never counted');
  t.equal((await readBack(alice, '/home/alice/a')).length, 700);
  t.same((await cluster.inspectMetastore(auditReferences)).drift, [], 'reference counts agree');
});

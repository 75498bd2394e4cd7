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
  // The admin writes into alice's home: a new revision of her file is still hers, and so is a new
  // file there — a folder's new items are its owner's, whoever writes them (as in a shared folder).
  await admin.put(bufferSource(randomBytes(700)), '/home/alice/a');
  t.equal(await used(alice), 1700, "a new revision of alice's file by someone else counts for alice, its owner");
  await admin.put(bufferSource(randomBytes(200)), '/home/alice/admins');
  t.equal(await used(alice), 1900, "a new file in alice's folder is hers and counts for her");
  t.equal(await used(admin), adminBefore, 'not for the admin who wrote it');

  await alice.nn.call('Trash', { path: '/home/alice/b' });
  t.equal(await used(alice), 1900, 'trash: trashed files still count');
  await alice.nn.call('TrashRestore', { path: '/home/alice/b' });
  t.equal(await used(alice), 1900, 'trash restore: no change');
  await alice.nn.call('Trash', { path: '/home/alice/b' });
  await emptyTrash(alice);
  t.equal(await used(alice), 900, 'trash empty: the usage is paid back');

  // Retention (count 1, 3 s) purges the old revisions of a: usage does not move.
  await waitFor(async () => (await revisionList(alice, '/home/alice/a')).length === 1, 10_000, () => revisionList(alice, '/home/alice/a'));
  t.equal(await used(alice), 900, 'revision retention: old revisions never counted');
  t.equal((await readBack(alice, '/home/alice/a')).length, 700);
  t.same((await cluster.inspectMetastore(auditReferences)).drift, [], 'reference counts agree');
});

/** The error a call ends with, with its details (bytesUploaded for a put). */
async function failure(promise: Promise<unknown>): Promise<{ code: string; bytesUploaded: unknown }> {
  try {
    await promise;
    return { code: 'OK', bytesUploaded: undefined };
  } catch (err) {
    const details = (err as { details?: Record<string, unknown> }).details;
    return { code: await code(Promise.reject(err)), bytesUploaded: details?.bytesUploaded };
  }
}

t.test('enforcement: refused up front when the declared size does not fit, and again at every commit', async (t) => {
  const cluster = await MiniCluster.start();
  t.teardown(() => cluster.stop());
  const admin = cluster.client(cluster.adminToken);
  const carol = cluster.client((await admin.nn.admin('UserAdd', { name: 'carol', quotaBytes: 10_000 })).token);
  const state = async () => ({
    used: await used(carol),
    files: (await carol.nn.call('List', { path: '/home/carol', startAfter: '', limit: 100 })).entries.map((e) => `${e.name}:${e.revision}`),
    uploads: (await carol.nn.call('ListOpenUploads', { pageToken: '', limit: 100 })).uploads.length,
  });

  await carol.put(bufferSource(randomBytes(6000)), '/home/carol/a', { declaredSize: 6000 });
  await carol.put(bufferSource(randomBytes(1000)), '/home/carol/a', { declaredSize: 1000 });
  await carol.put(bufferSource(randomBytes(5000)), '/home/carol/b', { declaredSize: 5000 });
  const before = await state();
  t.same(before, { used: 6000, files: ['a:2', 'b:1'], uploads: 0 });

  t.same(await failure(carol.put(bufferSource(randomBytes(4001)), '/home/carol/c', { declaredSize: 4001 })), { code: 'QUOTA_EXCEEDED', bytesUploaded: 0 },
    'a declared size one byte over what is left: refused at BeginUpload, nothing sent');
  t.same(await failure(carol.put(bufferSource(randomBytes(4001)), '/home/carol/c')), { code: 'QUOTA_EXCEEDED', bytesUploaded: 4001 },
    'undeclared (stdin): the bytes go, the commit refuses');
  t.same(await failure(carol.put(bufferSource(randomBytes(4001)), '/home/carol/c', { declaredSize: 10 })), { code: 'QUOTA_EXCEEDED', bytesUploaded: 4001 },
    'a declared size below the real one does not get past the commit');
  t.same(await failure(carol.put(bufferSource(randomBytes(9001)), '/home/carol/b', { declaredSize: 9001 })), { code: 'QUOTA_EXCEEDED', bytesUploaded: 0 },
    'an overwrite counts what it adds to the current revision: 4001 more');
  t.equal(await code(carol.nn.call('Restore', { path: '/home/carol/a', revision: 1 })), 'QUOTA_EXCEEDED', 'restore: 5000 more');
  t.equal(await code(carol.nn.call('CopyFile', { src: '/home/carol/b', srcRevision: 0, dst: '/home/carol/c', ...copyArgs })), 'QUOTA_EXCEEDED', 'copy: 5000 more');
  t.same(await state(), before, 'the refused calls changed nothing');

  await carol.put(bufferSource(randomBytes(4000)), '/home/carol/c', { declaredSize: 4000 });
  t.equal(await used(carol), 10_000, 'up to the quota exactly is fine');
  await carol.put(bufferSource(randomBytes(2000)), '/home/carol/b', { declaredSize: 2000 });
  t.equal(await used(carol), 7000, 'a smaller overwrite always fits');
  t.same((await cluster.inspectMetastore(auditReferences)).drift, [], 'reference counts agree');
});

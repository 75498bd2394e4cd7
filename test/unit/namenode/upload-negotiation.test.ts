// A small file's upload as the namenode sees it: BeginUpload negotiates the first blocks in the
// same call (one PutBlocks edit right behind the BeginUpload edit), the commit waits until a
// datanode's report proves the bytes and is then let through, and a begin that is refused or
// malformed leaves nothing behind. After every step the record cache equals LevelDB.
import { createHash, randomBytes } from 'node:crypto';
import t, { type Test } from 'tap';
import { GiB } from '../../../src/common/constants.js';
import { sha256Hex } from '../../../src/common/hashing.js';
import { blockKey, listEntryKey, userBlockKey } from '../../../src/namenode/metastore/keys.js';
import { code } from '../../harness/error-code.js';
import { incoherentEntries, openNamespace, type Namespace } from './fixtures/namespace.js';

async function withAlice(t: Test): Promise<{ ns: Namespace; alice: { userId: number; name: string; admin: boolean } }> {
  const ns = await openNamespace(t);
  await ns.users.add(ns.admin, 'alice', 'standard', 0, '', '');
  await ns.datanodes.register({ id: 'dn-1', address: '127.0.0.1:1', dataAddress: '127.0.0.1:2', rack: '/r1', capacity: GiB, used: 0, free: GiB });
  return { ns, alice: { userId: 2, name: 'alice', admin: false } };
}

function block(bytes: number): { data: Buffer; id: string; md5: string } {
  const data = randomBytes(bytes);
  return { data, id: sha256Hex(data), md5: createHash('md5').update(data).digest('hex') };
}

t.test('uploads: BeginUpload negotiates its first blocks; the commit waits for the datanode report that proves them', async (t) => {
  const { ns, alice } = await withAlice(t);
  const { files, blocks } = ns;
  const b = block(1000);
  const { upload, answers } = await files.beginUpload(alice, '/home/alice/f.bin', -1, '', { blocks: [{ id: b.id, size: 1000, offset: 0 }], exclude: [] });
  t.equal(answers.length, 1, 'one answer per block, from the begin itself');
  t.match(answers[0], { id: b.id, present: false, pipeline: [{ datanodeId: 'dn-1' }] });
  t.ok(answers[0]?.token, 'with a write token');
  t.same(await ns.store.get('listEntries', listEntryKey(upload.uploadId, 0)), [b.id, 1000], 'the session holds the block at offset 0');
  t.same(await incoherentEntries(ns.store), [], 'cache equals LevelDB after the begin');

  // The commit arrives before the datanode has reported the block: it waits, then goes through.
  const committing = files.commitUpload(alice, upload.uploadId, 1, 1000, b.md5);
  await blocks.replicas.add('dn-1', [b.id], { seenAt: Date.now(), fresh: true });
  await files.proveBlocks(upload.uploadId, [b.id]);
  files.blocksReported([b.id]);
  const { inode } = await committing;
  t.match(inode, { revision: 1, size: 1000, blockCount: 1 });
  const read = await files.getFile(alice, '/home/alice/f.bin', 0, 0, 10);
  t.match(read.blocks, [{ id: b.id, offset: 0, size: 1000, locations: [{ datanodeId: 'dn-1' }] }], 'a one-block revision reads its only entry');
  t.same(await incoherentEntries(ns.store), [], 'cache equals LevelDB after the commit');

  // A second revision of the same bytes: the block is the caller's now, so it is not sent again.
  const again = await files.beginUpload(alice, '/home/alice/f.bin', 1, '', { blocks: [{ id: b.id, size: 1000, offset: 0 }], exclude: [] });
  t.match(again.answers, [{ id: b.id, present: true, pipeline: [] }], 'present: already durable in the caller\'s scope');
  await files.commitUpload(alice, again.upload.uploadId, 1, 1000, b.md5);
  t.same(await incoherentEntries(ns.store), [], 'cache equals LevelDB after the second commit');
});

t.test('uploads: a commit whose block no datanode reports fails with NOT_ENOUGH_REPLICAS', async (t) => {
  const { ns, alice } = await withAlice(t);
  const b = block(500);
  const { upload } = await ns.files.beginUpload(alice, '/home/alice/unreported', -1, '', { blocks: [{ id: b.id, size: 500, offset: 0 }], exclude: [] });
  t.equal(await code(ns.files.commitUpload(alice, upload.uploadId, 1, 500, b.md5)), 'NOT_ENOUGH_REPLICAS');
  ns.files.blocksReported([b.id]); // a report after the commit gave up wakes nobody
  t.equal(await code(ns.files.getFile(alice, '/home/alice/unreported', 0, 0, 10)), 'NOT_FOUND', 'no revision was made');
});

t.test('uploads: a refused or malformed BeginUpload with blocks opens nothing and references nothing', async (t) => {
  const { ns, alice } = await withAlice(t);
  const b = block(300);
  const first = { blocks: [{ id: b.id, size: 300, offset: 0 }], exclude: [] };
  t.equal(await code(ns.files.beginUpload(alice, '/home/alice/new', 3, '', first)), 'REVISION_CONFLICT', 'expects a revision the file does not have');
  t.equal(await code(ns.files.beginUpload(alice, '/home/alice/no/such/folder/f', -1, '', first)), 'NOT_FOUND');
  t.equal(await code(ns.files.beginUpload(alice, '/home/admin/f', -1, '', first)), 'PERMISSION_DENIED');
  t.equal(await code(ns.files.beginUpload(alice, '/home/alice/f', -1, '', { blocks: [{ id: 'not-a-block-id', size: 300, offset: 0 }], exclude: [] })), 'INVALID_ARGUMENT');
  t.equal(await code(ns.files.beginUpload(alice, '/home/alice/f', -1, '', { ...first, exclude: Array.from({ length: 65 }, (_, i) => `dn-${i}`) })), 'TOO_LARGE');
  t.equal(await ns.store.get('blocks', blockKey(b.id)), undefined, 'the block is not in the block map');
  t.equal(await ns.store.get('userBlocks', userBlockKey(alice.userId, b.id)), undefined, 'nor in alice\'s scope');
  t.same(await ns.store.sub.uploads.keys().all(), [], 'no session is open');
  t.same(await ns.store.sub.lists.keys().all(), [], 'and no list was made');
  t.same(await incoherentEntries(ns.store), [], 'cache equals LevelDB');
});

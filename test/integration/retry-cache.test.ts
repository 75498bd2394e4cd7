// The retry cache on a real namenode: a mutating call whose reply was lost is sent again with the
// same request id (the raw gRPC client, twice, with the same metadata) and must be applied once,
// with both replies alike; different ids apply twice; remembered ids are forgotten after
// retryCacheMs, and the same id then applies again.
import t from 'tap';
import { createHash, randomBytes } from 'node:crypto';
import type * as grpc from '@grpc/grpc-js';
import { callUnary, channelOptions, insecure, loadProtos, metadataWith } from '../../src/common/grpc.js';
import { newRequestId, requestIdHeader } from '../../src/common/request-id.js';
import { oldestRememberedTxid } from '../../src/namenode/journal/retry-cache.js';
import type { CairnClient } from '../../src/client/cairn-client.js';
import { bufferSource, MiniCluster, readBack } from '../harness/mini-cluster.js';
import { auditReferences } from '../harness/reference-audit.js';
import { code } from '../harness/error-code.js';
import { waitFor } from '../harness/wait-for.js';

type Reply = Record<string, unknown>;
type Send = (method: string, request: object, id?: string) => Promise<Reply>;

/** Calls ClientService (or AdminService) methods as `token`, with the request id given. */
function rawCaller(address: string, token: string, service: 'ClientService' | 'AdminService' = 'ClientService'): { send: Send; close(): void } {
  const Service = loadProtos().namenode.cairn.namenode[service];
  const client = new Service(address, insecure, channelOptions) as unknown as grpc.Client & Record<string, never>;
  return {
    send: (method, request, id) => {
      const metadata = metadataWith({ authorization: `Bearer ${token}`, ...(id === undefined ? {} : { [requestIdHeader]: id }) });
      return callUnary<object, Reply>(client, client[method], request, metadata, 10_000);
    },
    close: () => client.close(),
  };
}

/** The call sent twice with one id — the first reply lost on the way — and both replies. */
async function twice(send: Send, method: string, request: object): Promise<[Reply, Reply]> {
  const id = newRequestId();
  const first = await send(method, request, id);
  const retry = await send(method, request, id);
  return [first, retry];
}

async function revisionsOf(client: CairnClient, path: string): Promise<number[]> {
  return (await client.nn.call('Revisions', { path })).revisions.map((r) => r.revision);
}

t.test('retry cache: a retried mutating call is applied once and answered alike', async (t) => {
  const cluster = await MiniCluster.start({ datanodes: 3 });
  t.teardown(() => cluster.stop());
  await cluster.waitForDatanodes(3);
  const admin = rawCaller(cluster.namenode.rpcAddress, cluster.adminToken, 'AdminService');
  t.teardown(() => admin.close());

  // UserAdd keeps only the token's hash: the retry must still hand back a token that works.
  const [added, addedAgain] = await twice(admin.send, 'UserAdd', { name: 'rita' });
  t.same(addedAgain, added, 'UserAdd: the retry returns the same token and keys');
  const rita = cluster.client(String(added.token));
  t.equal((await rita.nn.call('WhoAmI', {})).name, 'rita', 'and the token works');
  const raw = rawCaller(cluster.namenode.rpcAddress, String(added.token));
  t.teardown(() => raw.close());
  const home = '/home/rita';

  const [made, madeAgain] = await twice(raw.send, 'Mkdir', { path: `${home}/a/b`, parents: true });
  t.same(madeAgain, made, 'Mkdir: same reply');
  t.equal(await code(raw.send('Mkdir', { path: `${home}/a/b`, parents: false }, newRequestId())), 'ALREADY_EXISTS', 'a new id is a new call');

  await rita.nn.call('Mkdir', { path: `${home}/into`, parents: false });
  const [moved, movedAgain] = await twice(raw.send, 'Move', { src: `${home}/a`, dst: `${home}/into` });
  t.equal(moved.path, `${home}/into/a`, 'moved into the existing folder');
  t.same(movedAgain, moved, 'Move: same reply, naming where the item went');
  t.equal(await code(raw.send('Move', { src: `${home}/a`, dst: `${home}/into` }, newRequestId())), 'NOT_FOUND');

  const [trashed, trashedAgain] = await twice(raw.send, 'Trash', { path: `${home}/into/a/b` });
  t.same(trashedAgain, trashed, 'Trash: same reply');
  t.equal((await rita.nn.call('TrashList', {})).entries.length, 1, 'trashed once');

  // A put whose commit reply is lost: the client's commit goes out twice with one id.
  const body = randomBytes(300_000);
  const commits: Reply[] = [];
  const real = rita.nn.call.bind(rita.nn);
  rita.nn.call = (async (method: string, request: object, timeoutMs?: number) => {
    if (method !== 'CommitUpload') return real(method as never, request as never, timeoutMs);
    commits.push(...(await twice(raw.send, method, request)));
    return commits[0];
  }) as unknown as typeof rita.nn.call;
  const put = await rita.put(bufferSource(body), `${home}/file.bin`);
  rita.nn.call = real;
  t.equal(commits.length, 2);
  t.same(commits[1], commits[0], 'CommitUpload: same reply');
  t.equal(put.revision, 1);
  t.same(await revisionsOf(rita, `${home}/file.bin`), [1], 'one revision, not two');
  t.ok((await readBack(rita, `${home}/file.bin`)).equals(body), 'reads back');
  t.equal((await rita.nn.call('WhoAmI', {})).usedBytes, body.length, 'usage counted once');

  // A session opened with its first blocks: the retry is the same session, not a second one.
  const begin = { path: `${home}/begun.bin`, blocks: [{ id: createHash('sha256').update('block').digest('hex'), size: 5, offset: 0 }], exclude: [], expectedRevision: 0, hasExpectedRevision: false };
  const [begun, begunAgain] = await twice(raw.send, 'BeginUpload', begin);
  t.equal(begunAgain.uploadId, begun.uploadId, 'BeginUpload: the same session');
  t.same((await rita.nn.call('ListOpenUploads', { pageToken: '', limit: 10 })).uploads.map((u) => u.uploadId), [begun.uploadId], 'one session open');
  await rita.nn.call('AbortUpload', { uploadId: String(begun.uploadId), attempt: 0 });

  const copy = { src: `${home}/file.bin`, srcRevision: 0, dst: `${home}/copy.bin`, expectedRevision: 0, hasExpectedRevision: false, replaceMetadata: false, metadata: {} };
  const [copied, copiedAgain] = await twice(raw.send, 'CopyFile', copy);
  t.same(copiedAgain, copied, 'CopyFile: same reply');
  t.same(await revisionsOf(rita, `${home}/copy.bin`), [1], 'copied once');
  t.equal((await raw.send('CopyFile', copy, newRequestId())).revision, 2, 'two different ids apply twice');
  t.same(await revisionsOf(rita, `${home}/copy.bin`), [2, 1]);

  await rita.nn.call('Mkdir', { path: '/buckets/retry', parents: false });
  const path = '/buckets/retry/object';
  const { uploadId } = await rita.nn.call('CreateMultipart', { path, metadata: {} });
  const parts = [randomBytes(200_000), randomBytes(1000)];
  const md5s: string[] = [];
  for (const [i, part] of parts.entries()) md5s.push((await rita.put(bufferSource(part), path, { part: { uploadId, number: i + 1 } })).md5Hex);
  const completion = { uploadId, path, parts: md5s.map((md5, i) => ({ partNumber: i + 1, md5 })), metadata: {}, expectedRevision: 0, hasExpectedRevision: false };
  const [completed, completedAgain] = await twice(raw.send, 'CompleteMultipart', completion);
  t.same(completedAgain, completed, 'CompleteMultipart: same reply');
  t.same(await revisionsOf(rita, path), [1], 'completed once');
  t.ok((await readBack(rita, path)).equals(Buffer.concat(parts)));
  t.equal(await code(raw.send('CompleteMultipart', completion, newRequestId())), 'NO_SUCH_UPLOAD', 'a new id is a new call');

  t.equal(await code(raw.send('Mkdir', { path: `${home}/c`, parents: true }, 'not-an-id')), 'INVALID_ARGUMENT', 'a malformed id is refused');
  t.equal(await code(rita.nn.call('Stat', { path: `${home}/c` })), 'NOT_FOUND', 'and changes nothing');

  const audit = await cluster.inspectMetastore(auditReferences);
  t.same(audit.drift, [], 'reference counts agree');
});

t.test('retry cache: ids are forgotten after retryCacheMs, and the same id then applies again', async (t) => {
  const cluster = await MiniCluster.start({ datanodes: 1, config: { retryCacheMs: 400, minReplicasToCommit: 1, replicationFactor: 1 } });
  t.teardown(() => cluster.stop());
  await cluster.waitForDatanodes(1);
  const client = cluster.client(cluster.adminToken);
  const raw = rawCaller(cluster.namenode.rpcAddress, cluster.adminToken);
  t.teardown(() => raw.close());
  await client.put(bufferSource(Buffer.from('source')), '/home/admin/src');
  const copy = { src: '/home/admin/src', srcRevision: 0, dst: '/home/admin/dst', expectedRevision: 0, hasExpectedRevision: false, replaceMetadata: false, metadata: {} };
  const id = newRequestId();
  t.equal((await raw.send('CopyFile', copy, id)).revision, 1);
  const firstTxid = await cluster.namenode.lastTxid();
  t.equal((await raw.send('CopyFile', copy, id)).revision, 1, 'remembered at first');
  // Every answer before expiry is the remembered one; the first after it is a new copy.
  await waitFor(async () => (await raw.send('CopyFile', copy, id)).revision === 2, 10_000, () => 'the id was never forgotten');
  t.same(await revisionsOf(client, '/home/admin/dst'), [2, 1], 'applied again once forgotten, and only once');
  const remembered = await cluster.inspectMetastore(async (store) => ({
    oldest: await oldestRememberedTxid(store), entry: await store.sub.requests.get(`${id}#1`),
    tags: await store.sub.requests.keys().all(),
  }));
  t.ok(remembered.entry !== undefined && remembered.entry.txid > firstTxid, 'the id is remembered again, for its new edit');
  t.same(remembered.tags, [`${id}#1`], 'every older request (the put\'s, the first copy) was forgotten');
  t.equal(remembered.oldest, remembered.entry?.txid, 'the journal must keep records from the new edit on');
});

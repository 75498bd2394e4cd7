// Clients follow the active namenode: a real namenode serves, and a stand-in "standby" (a real
// gRPC server) refuses every call with NOT_ACTIVE naming it, or answers UNAVAILABLE. The client
// must land on the active — through the refusal's hint, through ZooKeeper's `active` znode and its
// changes, past addresses that are down — and a mutating call must carry one request id on every
// try, so the active answers a repeat of it instead of applying it again.
import t from 'tap';
import { createServer } from 'node:net';
import type * as grpc from '@grpc/grpc-js';
import { NamenodeClient } from '../../src/client/namenode-client.js';
import { zkPaths } from '../../src/common/discovery.js';
import { CairnError } from '../../src/common/errors.js';
import { callUnary, channelOptions, insecure, loadProtos, metadataWith, startGrpcServer, stopGrpcServer, unary } from '../../src/common/grpc.js';
import { silentLogger } from '../../src/common/logger.js';
import { requestIdHeader } from '../../src/common/request-id.js';
import { ZkSession } from '../../src/common/zookeeper.js';
import { MiniCluster } from '../harness/mini-cluster.js';
import { code } from '../harness/error-code.js';
import { waitFor } from '../harness/wait-for.js';
import { startZooKeeper } from '../harness/zookeeper.js';

interface Standby {
  address: string;
  /** Every call it refused: method and request id ('' without one). */
  calls: Array<{ method: string; requestId: string }>;
  stop(): Promise<void>;
}

/** A namenode stand-in that refuses every ClientService and AdminService call with `refusal()`. */
async function standby(refusal: () => CairnError): Promise<Standby> {
  const protos = loadProtos().namenode.cairn.namenode;
  const calls: Standby['calls'] = [];
  const handlers = (service: grpc.ServiceDefinition) => Object.fromEntries(Object.keys(service).map((method) => [method, unary(silentLogger, async (_req, call) => {
    const id = call.metadata.get(requestIdHeader)[0];
    calls.push({ method, requestId: typeof id === 'string' ? id : '' });
    throw refusal();
  })]));
  const bound = await startGrpcServer('127.0.0.1', 0, [
    { definition: protos.ClientService.service, handlers: handlers(protos.ClientService.service) },
    { definition: protos.AdminService.service, handlers: handlers(protos.AdminService.service) },
  ]);
  return { address: bound.address, calls, stop: () => stopGrpcServer(bound.server, 100) };
}

/** An address nothing listens on. */
async function deadAddress(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return `127.0.0.1:${port}`;
}

const cluster = await MiniCluster.start({ datanodes: 0 });
t.teardown(() => cluster.stop());
const active = cluster.namenode.rpcAddress;

t.test('ha client: NOT_ACTIVE naming the active sends the call there, with the same request id', async (t) => {
  const stand = await standby(() => new CairnError('NOT_ACTIVE', 'standby', { active }));
  t.teardown(() => stand.stop());
  const client = new NamenodeClient({ addresses: [stand.address], token: cluster.adminToken, failoverWaitMs: 5000 });
  t.teardown(() => client.close());
  const made = await client.call('Mkdir', { path: '/home/admin/followed', parents: false, implicit: false });
  t.equal(made.path, '/home/admin/followed', 'applied on the active');
  t.same(stand.calls.map((c) => c.method), ['Mkdir'], 'the standby was asked once, and refused');
  const id = stand.calls[0]?.requestId ?? '';
  t.match(id, /^[0-9a-f]{32}$/, 'the mutating call carried a request id');
  // The same id again at the active: a repeat of the call it applied, answered and not applied.
  const raw = new (loadProtos().namenode.cairn.namenode.ClientService)(active, insecure, channelOptions);
  t.teardown(() => raw.close());
  const again = await callUnary(raw, raw.Mkdir, { path: '/home/admin/followed', parents: false }, metadataWith({ authorization: `Bearer ${cluster.adminToken}`, [requestIdHeader]: id }), 5000);
  t.same(again, made, 'the active had it under the same id');

  t.equal((await client.call('Stat', { path: '/home/admin/followed' })).type, 'dir', 'reads follow too');
  t.equal(stand.calls.length, 1, 'the active that answered is asked first from then on');
  t.equal(stand.calls.filter((c) => c.method === 'Stat').length, 0);
});

t.test('ha client: namenodes that are down or UNAVAILABLE are passed over; a failover is not repeated once sent', async (t) => {
  const busy = await standby(() => new CairnError('UNAVAILABLE', 'restarting'));
  t.teardown(() => busy.stop());
  const client = new NamenodeClient({ addresses: [await deadAddress(), busy.address, active], token: cluster.adminToken, failoverWaitMs: 5000 });
  t.teardown(() => client.close());
  t.equal((await client.call('Mkdir', { path: '/home/admin/past-the-dead', parents: false, implicit: false })).type, 'dir');
  t.same(busy.calls.map((c) => c.method), ['Mkdir'], 'the busy one was tried, then the active');

  const only = new NamenodeClient({ addresses: [busy.address, active], token: cluster.adminToken, failoverWaitMs: 5000 });
  t.teardown(() => only.close());
  t.equal(await code(only.admin('HaFailover', { to: '' })), 'UNAVAILABLE', 'a failover that may have happened is not sent again');
  t.equal(busy.calls.filter((c) => c.method === 'HaFailover').length, 1);

  const none = new NamenodeClient({ addresses: [busy.address], token: cluster.adminToken, failoverWaitMs: 600 });
  t.teardown(() => none.close());
  const started = Date.now();
  t.equal(await code(none.call('Stat', { path: '/' })), 'UNAVAILABLE', 'with no active, the call fails after the failover wait');
  t.ok(Date.now() - started >= 300 && busy.calls.filter((c) => c.method === 'Stat').length > 2, 'having tried again with backoff');
});

t.test('ha client: ZooKeeper names the active, and the client follows when it changes', async (t) => {
  const zk = await startZooKeeper();
  t.teardown(() => zk.stop());
  const root = '/cairn-client-test';
  const paths = zkPaths(root);
  const admin = await ZkSession.connect(zk.connect, { sessionTimeoutMs: 2000, connectTimeoutMs: 10_000 });
  t.teardown(() => admin.close());
  const stand = await standby(() => new CairnError('NOT_ACTIVE', 'standby', { active }));
  t.teardown(() => stand.stop());
  await admin.ensurePath(paths.namenodes);
  await admin.create(`${paths.namenodes}/${stand.address}`, Buffer.from('{}'), 'ephemeral');

  const client = new NamenodeClient({ zk: `${zk.connect}${root}`, token: cluster.adminToken, failoverWaitMs: 5000 });
  t.teardown(() => client.close());
  t.equal((await client.call('Stat', { path: '/' })).type, 'dir', 'with no active known, the live namenodes are asked and the refusal names the active');
  t.equal(stand.calls.length, 1);

  await admin.create(paths.active, Buffer.from(JSON.stringify({ address: active, epoch: 1 })), 'ephemeral');
  await admin.create(`${paths.namenodes}/${active}`, Buffer.from('{}'), 'ephemeral');
  for (let i = 0; i < 5; i++) await client.call('Stat', { path: '/' });
  t.equal(stand.calls.length, 1, 'the active ZooKeeper names is asked first');

  // A failover the client has not seen yet: ZooKeeper now names the stand-in (which refuses,
  // naming the real one). The watch makes the client read ZooKeeper again.
  const node = await admin.get(paths.active);
  await admin.set(paths.active, Buffer.from(JSON.stringify({ address: stand.address, epoch: 2 })), node?.version ?? -1);
  await waitFor(async () => {
    await client.call('Stat', { path: '/' });
    return stand.calls.length > 1;
  }, 5000, () => stand.calls);
  t.pass('the client asks the namenode ZooKeeper now names as active');

  const bad = () => new NamenodeClient({ zk: 'not a zk string', token: 'x' });
  t.throws(bad, { code: 'USAGE' }, 'a malformed connect string is a usage error');
  t.throws(() => new NamenodeClient({ token: 'x' }), { code: 'USAGE' }, 'neither addresses nor zk');
});

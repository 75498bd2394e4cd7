// A retried mutating call after failover, its first reply lost: three namenodes and a real
// ZooKeeper. The call is applied on the active, which then goes; the retry, with the same request
// id, reaches the new active, which learned the request from the replicated journal: it answers
// as the first time and applies nothing. A client that finds the namenodes only through
// ZooKeeper follows the active across the failover.
import t from 'tap';
import type * as grpc from '@grpc/grpc-js';
import { NamenodeClient } from '../../src/client/namenode-client.js';
import { callUnary, channelOptions, insecure, loadProtos, metadataWith } from '../../src/common/grpc.js';
import { newRequestId, requestIdHeader } from '../../src/common/request-id.js';
import { HaCluster } from '../harness/ha-cluster.js';
import { code } from '../harness/error-code.js';

t.test('ha retry: a call retried on the new active after failover is answered, not applied again', async (t) => {
  const cluster = await HaCluster.start();
  t.teardown(() => cluster.stop());
  const first = await cluster.active();
  const send = (address: string, method: 'Mkdir' | 'Move', request: object, id: string) => {
    const client = new (loadProtos().namenode.cairn.namenode.ClientService)(address, insecure, channelOptions) as unknown as grpc.Client & Record<string, never>;
    t.teardown(() => client.close());
    return callUnary<object, Record<string, unknown>>(client, client[method], request, metadataWith({ authorization: `Bearer ${cluster.adminToken}`, [requestIdHeader]: id }), 10_000);
  };
  const mkdirId = newRequestId();
  const made = await send(first.rpcAddress, 'Mkdir', { path: '/home/admin/once', parents: false }, mkdirId);
  await send(first.rpcAddress, 'Mkdir', { path: '/home/admin/other', parents: false }, newRequestId());
  const moveId = newRequestId();
  const moved = await send(first.rpcAddress, 'Move', { src: '/home/admin/other', dst: '/home/admin/renamed' }, moveId);

  await cluster.stopNamenode(cluster.indexOf(first));
  const next = await cluster.active();
  t.not(next, first, 'a standby took over');
  t.same(await send(next.rpcAddress, 'Mkdir', { path: '/home/admin/once', parents: false }, mkdirId), made, 'Mkdir retried: the same reply');
  t.same(await send(next.rpcAddress, 'Move', { src: '/home/admin/other', dst: '/home/admin/renamed' }, moveId), moved, 'Move retried: the same reply');
  t.equal(await code(send(next.rpcAddress, 'Mkdir', { path: '/home/admin/renamed', parents: false }, newRequestId())), 'ALREADY_EXISTS', 'a new call is a new call');

  const viaZk = new NamenodeClient({ zk: cluster.zkConnect, token: cluster.adminToken, failoverWaitMs: 20_000 });
  t.teardown(() => viaZk.close());
  const listed = await viaZk.call('List', { path: '/home/admin', startAfter: '', limit: 100 });
  t.same(listed.entries.map((e) => e.name).filter((n) => ['once', 'other', 'renamed'].includes(n)), ['once', 'renamed'], 'each applied once');
});

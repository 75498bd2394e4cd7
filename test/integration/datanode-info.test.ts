// A datanode tells operators who it is over gRPC, and registers its data address with the
// namenode, which hands that address out in write pipelines and read locations.
import t from 'tap';
import { randomBytes } from 'node:crypto';
import { MiniCluster, bufferSource } from '../harness/mini-cluster.js';
import { callUnary, channelOptions, insecure, loadProtos, metadataWith } from '../../src/common/grpc.js';
import type { InfoReply__Output } from '../../proto/gen/cairn/datanode/InfoReply.js';

t.test('datanode: Info names its cluster and data address; the namenode hands that address out', async (t) => {
  const cluster = await MiniCluster.start();
  t.teardown(() => cluster.stop());
  const alice = await cluster.addUser('alice');
  const put = await alice.put(bufferSource(randomBytes(2 * 1024 * 1024)), '/home/alice/f');
  const dn = cluster.datanodes[0];
  if (!dn) throw new Error('no datanode');
  const client = new (loadProtos().datanode.cairn.datanode.DatanodeService)(dn.rpcAddress, insecure, channelOptions);
  t.teardown(() => client.close());
  const info = await callUnary<object, InfoReply__Output>(client, client.Info as never, {}, metadataWith({}), 5000);
  t.equal(info.datanodeId, dn.id);
  t.equal(info.clusterId, cluster.namenode.clusterId, 'it joined this cluster');
  t.equal(info.dataAddress, dn.httpAddress);
  t.equal(info.registered, true);
  t.ok(put.blocks >= 2, `the file has ${put.blocks} blocks`);
  t.equal(info.blocks, put.blocks, 'it holds every block of the file (R=3, 3 datanodes)');
  const read = await alice.nn.call('GetFile', { path: '/home/alice/f', revision: 0, fromOffset: 0, maxBlocks: 10 });
  const addresses = new Set(read.blocks.flatMap((b) => b.locations.map((l) => l.dataAddress)));
  t.ok(addresses.has(dn.httpAddress), 'read locations carry data addresses');
  t.equal(addresses.size, 3);
});

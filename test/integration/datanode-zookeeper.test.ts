// A datanode started with `zk` finds the namenodes in ZooKeeper (a real one: Debian's, standalone,
// tickTime 500 ms) and announces itself there. The namenodes are stubs whose `namenodes/<address>`
// znodes the test creates and removes with sessions of its own, as HA namenodes do; ZooKeeper
// going away must not cost the datanode the namenodes it already reports to.
import { createServer } from 'node:net';
import t, { type Test } from 'tap';
import { KiB } from '../../src/common/constants.js';
import { zkPaths } from '../../src/common/discovery.js';
import { initHashing } from '../../src/common/hashing.js';
import { ZkSession } from '../../src/common/zookeeper.js';
import type { Datanode } from '../../src/datanode/datanode.js';
import { NamenodeStub } from '../harness/namenode-stub.js';
import { startDatanodes, stubClusterSecret, writeBlock, type StubDatanodes } from '../harness/stub-datanodes.js';
import { waitFor } from '../harness/wait-for.js';
import { startZooKeeper } from '../harness/zookeeper.js';
import { makeBlock } from '../unit/datanode-storage/fixtures/blocks.js';

await initHashing();
const zk = await startZooKeeper();
t.teardown(() => zk.stop());
const session = () => ZkSession.connect(zk.connect, { sessionTimeoutMs: 2000, connectTimeoutMs: 10_000 });

async function stubs(t: Test, count: number): Promise<NamenodeStub[]> {
  const started = await Promise.all(Array.from({ length: count }, () => NamenodeStub.start(stubClusterSecret)));
  t.teardown(() => Promise.all(started.map((s) => s.stop())));
  return started;
}

/** Registers `stub` under `root` as a live namenode does: an ephemeral znode of its own session. */
async function announce(t: Test, root: string, stub: NamenodeStub): Promise<ZkSession> {
  const s = await session();
  t.teardown(() => s.close());
  await s.ensurePath(zkPaths(root).namenodes);
  await s.create(`${zkPaths(root).namenodes}/${stub.address}`, Buffer.from(JSON.stringify({ address: stub.address })), 'ephemeral');
  return s;
}

async function datanode(t: Test, first: NamenodeStub, config: { zk: string; namenodes: string[] }): Promise<{ dns: StubDatanodes; node: Datanode }> {
  const dns = await startDatanodes(first, 1, { ...config, zkSessionTimeoutMs: 2000 });
  t.teardown(() => dns.stop());
  return { dns, node: dns.nodes[0] as Datanode };
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

t.test('ha datanode with zk: announces datanodes/<id>, links to the namenodes listed, and follows them coming and going', async (t) => {
  const root = '/dn-follow';
  const [a, b] = (await stubs(t, 2)) as [NamenodeStub, NamenodeStub];
  const sessionA = await announce(t, root, a);
  const { dns, node } = await datanode(t, a, { zk: `${zk.connect}${root}`, namenodes: [] });
  await waitFor(() => a.fullReports.some((r) => r.datanodeId === node.id), 10_000, () => node.namenodes);
  t.same(node.namenodes, [a.address], 'linked to the one namenode ZooKeeper lists');

  const watcher = await session();
  t.teardown(() => watcher.close());
  const znode = `${zkPaths(root).datanodes}/${node.id}`;
  await waitFor(async () => (await watcher.get(znode)) !== undefined, 5000);
  const announced = await watcher.get(znode);
  t.same(JSON.parse(announced?.data.toString() ?? '{}'), { address: node.rpcAddress }, 'datanodes/<id> names its RPC address');

  // A second namenode appears: it gets a registration, a full report and the blocks written from now on.
  await announce(t, root, b);
  await waitFor(() => b.fullReports.some((r) => r.datanodeId === node.id), 10_000, () => node.namenodes);
  t.same(node.namenodes, [a.address, b.address].sort());
  const block = makeBlock(93, 0, 10 * KiB);
  await writeBlock(dns.client, node, block);
  await waitFor(() => [a, b].every((s) => s.received.some((r) => r.blockId === block.id)), 5000);

  // The first one's session ends (it died): its link goes, and it hears nothing more.
  sessionA.close();
  await waitFor(() => node.namenodes.length === 1, 10_000, () => node.namenodes);
  t.same(node.namenodes, [b.address], 'unlinked from the namenode gone from ZooKeeper');
  const heardByA = a.heartbeats.length;
  const heardByB = b.heartbeats.length;
  await waitFor(() => b.heartbeats.length >= heardByB + 5, 5000);
  t.ok(a.heartbeats.length <= heardByA + 1, 'no heartbeats to the unlinked namenode (one may have been in flight)');

  // The datanode stops: its session closes and its znode goes at once.
  await dns.stop();
  t.notOk(await watcher.exists(znode), 'datanodes/<id> is gone with the datanode');
});

t.test('ha datanode with zk: ZooKeeper unreachable from the start — the configured namenode is served meanwhile', async (t) => {
  const [a] = (await stubs(t, 1)) as [NamenodeStub];
  const { dns, node } = await datanode(t, a, { zk: `127.0.0.1:${await closedPort()}/dn-nozk`, namenodes: [a.address] });
  await waitFor(() => node.registered, 5000);
  const block = makeBlock(94, 0, 10 * KiB);
  t.same((await writeBlock(dns.client, node, block)).stored, [node.id], 'writes are served');
  await waitFor(() => a.received.some((r) => r.blockId === block.id), 5000);
  t.pass('and reported to the namenode');
});

t.test('ha datanode with zk: ZooKeeper dies — the namenodes found there keep getting heartbeats and reports', async (t) => {
  const root = '/dn-zkdies';
  const [a] = (await stubs(t, 1)) as [NamenodeStub];
  await announce(t, root, a);
  const { dns, node } = await datanode(t, a, { zk: `${zk.connect}${root}`, namenodes: [] });
  await waitFor(() => a.fullReports.some((r) => r.datanodeId === node.id), 10_000, () => node.namenodes);

  await zk.stop();
  const heard = a.heartbeats.length;
  const block = makeBlock(95, 0, 10 * KiB);
  await writeBlock(dns.client, node, block);
  await waitFor(() => a.received.some((r) => r.blockId === block.id), 5000);
  // Well past the 2 s session timeout: still linked.
  await waitFor(() => a.heartbeats.length >= heard + 30, 10_000, () => a.heartbeats.length - heard);
  t.same(node.namenodes, [a.address], 'the link found through ZooKeeper stays');
});

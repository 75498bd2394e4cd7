// The namenode's side of DatanodeProtocol in an HA group, served over real gRPC from the real
// handlers, replica map, datanode registry, safemode, replication monitor and edit log (LevelDB in a
// temp dir), to real datanodes. What breaks: this namenode is a standby, then becomes the active
// while its replica records may be stale. What must hold: a standby records everything and hands
// out nothing, deletes nothing; a new active asks every datanode for a fresh full report and
// deletes no excess replica before every live datanode has sent one — a report begun before the
// promotion does not count.
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import type { DatanodeProtocolClient } from '../../proto/gen/cairn/namenode/DatanodeProtocol.js';
import { signNodeHeader } from '../../src/common/auth.js';
import { systemClock } from '../../src/common/clock.js';
import { KiB } from '../../src/common/constants.js';
import { callUnary, channelOptions, insecure, loadProtos, metadataWith, startGrpcServer, stopGrpcServer } from '../../src/common/grpc.js';
import { initHashing } from '../../src/common/hashing.js';
import { silentLogger } from '../../src/common/logger.js';
import type { Datanode } from '../../src/datanode/datanode.js';
import { BlockStore } from '../../src/datanode/storage/block-store.js';
import { GarbageCollector } from '../../src/namenode/blocks/garbage-collector.js';
import { ReplicationMonitor } from '../../src/namenode/blocks/replication-monitor.js';
import { Safemode } from '../../src/namenode/blocks/safemode.js';
import { namenodeMetrics } from '../../src/namenode/http/metrics.js';
import { userBlockKey } from '../../src/namenode/metastore/keys.js';
import type { RpcContext } from '../../src/namenode/rpc/context.js';
import { datanodeProtocol } from '../../src/namenode/rpc/datanode-protocol.js';
import { stubClusterId } from '../harness/namenode-stub.js';
import { readBlock, startDatanodes, stubClusterSecret, tokens, writeBlock, type StubDatanodes } from '../harness/stub-datanodes.js';
import { waitFor } from '../harness/wait-for.js';
import { makeBlock } from '../unit/datanode-storage/fixtures/blocks.js';
import { openNamespace, type Namespace } from '../unit/namenode/fixtures/namespace.js';

await initHashing();

interface Rig {
  ns: Namespace;
  ctx: RpcContext;
  address: string;
  /** Becomes the active of `epoch` as the HA core does it: a fresh monitor, then fresh reports required. */
  promote(epoch: number): void;
  /** Becomes a standby: the monitor stops. */
  demote(): Promise<void>;
}

async function namenodeSide(t: Test, active: boolean): Promise<Rig> {
  const ns = await openNamespace(t);
  const { store, log, datanodes, blocks } = ns;
  const [clock, logger] = [systemClock, silentLogger];
  const safemode = await Safemode.start(store, clock, 0.999, logger);
  const newMonitor = () => new ReplicationMonitor({ store, blocks, datanodes, safemode, clock, logger }, {
    replicationFactor: 1, replicationStreamsMax: 2, replicationTimeoutMs: 5000, replicationTickMs: 50,
  });
  const ha = {
    active, epoch: 1, activeAddress: undefined,
    status: () => Promise.reject(new Error('not in this test')), failover: () => Promise.reject(new Error('not in this test')),
  };
  const monitor = newMonitor();
  const gc = new GarbageCollector({ store, log, blocks, datanodes, monitor, safemode, clock, logger, forgotten: () => undefined }, 3_600_000);
  // DatanodeProtocol uses only these parts of the context; they are the real ones.
  const ctx = {
    logger, clock, clusterId: stubClusterId, clusterSecret: stubClusterSecret, store, log, namespace: ns.namespace, files: ns.files, users: ns.users,
    datanodes, blocks, monitor, gc, safemode, metrics: namenodeMetrics({ datanodes, monitor, safemode, log }), ha, replicationFactor: 1, minReplicasToCommit: 1,
  } as unknown as RpcContext;
  if (active) monitor.start();
  const server = await startGrpcServer('127.0.0.1', 0, [{ definition: loadProtos().namenode.cairn.namenode.DatanodeProtocol.service, handlers: datanodeProtocol(ctx) }]);
  t.teardown(async () => {
    await ctx.monitor.stop();
    await stopGrpcServer(server.server, 0);
  });
  return {
    ns, ctx, address: server.address,
    promote: (epoch) => {
      ctx.monitor = newMonitor();
      ctx.monitor.start();
      Object.assign(ha, { active: true, epoch });
      ctx.datanodes.requireFreshReports();
    },
    demote: async () => {
      Object.assign(ha, { active: false });
      await ctx.monitor.stop();
    },
  };
}

/** A datanode speaking the protocol by hand: it heartbeats, and sends full reports only when told to. */
async function handDatanode(t: Test, address: string, id: string) {
  const client: DatanodeProtocolClient = new (loadProtos().namenode.cairn.namenode.DatanodeProtocol)(address, insecure, channelOptions);
  const call = <Res>(method: 'Register' | 'Heartbeat' | 'BlockReport', request: object) =>
    callUnary<object, Res>(client, (client as unknown as Record<string, never>)[method], request, metadataWith({ 'x-cairn-node': signNodeHeader(stubClusterSecret, id, Date.now()) }), 5000);
  await call('Register', { datanodeId: id, address: '127.0.0.1:1', dataAddress: '127.0.0.1:2', rack: '', clusterId: stubClusterId, capacity: 1e12, used: 0, free: 1e12 });
  const timer = setInterval(() => void call('Heartbeat', { datanodeId: id, capacity: 1e12, used: 0, free: 1e12 }).catch(() => undefined), 100);
  t.teardown(() => {
    clearInterval(timer);
    client.close();
  });
  return {
    reportChunk: (reportId: string, chunk: number, last: boolean) => call('BlockReport', { datanodeId: id, reportId, chunk, last, blockIds: [] }),
  };
}

async function holds(dns: StubDatanodes, node: Datanode, blockId: string): Promise<boolean> {
  return readBlock(dns.client, node, blockId).then(() => true, () => false);
}

async function started(t: Test, rig: Rig, count: number, dirs?: string[][]): Promise<StubDatanodes> {
  const dns = await startDatanodes(rig, count, { blockReportIntervalMs: 3_600_000 }, dirs);
  t.teardown(() => dns.stop());
  return dns;
}

t.test('ha namenode: a standby records datanodes and replicas, commands nothing; promoted, it asks for fresh reports and acts on them', async (t) => {
  const rig = await namenodeSide(t, false);
  // A datanode holding a block the namespace does not know registers and reports it.
  const seeded = await mkdtemp(join(tmpdir(), 'cairn-ha-dn-'));
  t.teardown(() => rm(seeded, { recursive: true, force: true }));
  const unknown = makeBlock(96, 0, 8 * KiB);
  const store = await BlockStore.open({ dirs: [seeded] });
  await store.put(unknown.id, unknown.data, unknown.checksum);
  await store.close();
  const dns = await started(t, rig, 2, [[seeded]]);
  const [a, b] = dns.nodes as [Datanode, Datanode];
  await waitFor(() => [a, b].every((n) => rig.ctx.datanodes.get(n.id)?.reported === true), 5000, () => rig.ctx.datanodes.list());
  t.equal(rig.ctx.datanodes.writable().length, 2, 'the standby knows both datanodes as live');
  t.equal(a.namenodeEpoch, 1, 'replies carry the epoch');
  const beats = rig.ctx.datanodes.get(a.id)?.lastHeartbeatAt ?? 0;
  await waitFor(() => (rig.ctx.datanodes.get(a.id)?.lastHeartbeatAt ?? 0) > beats + 300, 5000);
  t.ok(await holds(dns, a, unknown.id), 'a standby deletes no replica of an unknown block');
  t.equal(rig.ctx.monitor.stats.deletesScheduled, 0);

  rig.promote(2);
  t.ok(rig.ctx.datanodes.awaitingFreshReports(), 'promoted: every datanode owes a fresh report');
  await waitFor(() => !rig.ctx.datanodes.awaitingFreshReports(), 5000, () => rig.ctx.datanodes.list());
  t.equal(a.namenodeEpoch, 2);
  await waitFor(async () => !(await holds(dns, a, unknown.id)), 5000);
  t.pass('the new active had the unknown block deleted after the fresh report named it');
});

t.test('ha namenode: a new active deletes no excess replica before every live datanode sent a fresh full report', async (t) => {
  const rig = await namenodeSide(t, true);
  const { ns } = rig;
  const dns = await started(t, rig, 2);
  await waitFor(() => rig.ctx.datanodes.writable().length === 2, 5000);

  // As the active (R = 1): a one-block file, its replica on one datanode.
  await ns.users.add(ns.admin, 'alice', 'standard', 0, '', '');
  const alice = { userId: 2, name: 'alice', admin: false };
  const block = makeBlock(97, 0, 16 * KiB);
  const { upload, answers } = await ns.files.beginUpload(alice, '/home/alice/f', -1, '', { blocks: [{ id: block.id, size: block.data.length, offset: 0 }], exclude: [] });
  const placed = dns.nodes.find((n) => n.id === answers[0]?.pipeline[0]?.datanodeId) as Datanode;
  const other = dns.nodes.find((n) => n !== placed) as Datanode;
  // The fixture's namespace signs tokens with a key of its own; the datanodes know the stub cluster's.
  const token = tokens.issue('write', block.id, Date.now() + 60_000, upload.uploadId);
  await dns.client.write(placed.httpAddress, { blockId: block.id, data: block.data, checksum: block.checksum, token, downstream: [] });
  await waitFor(async () => (await ns.store.get('userBlocks', userBlockKey(2, block.id)))?.proven === true, 5000);
  await ns.files.commitUpload(alice, upload.uploadId, 1, block.data.length, createHash('md5').update(block.data).digest('hex'));

  // As a standby: a second replica lands (recorded), and a datanode begins a report it finishes only after the promotion.
  await rig.demote();
  const silent = await handDatanode(t, rig.address, 'dn-hand-0001');
  await silent.reportChunk('early', 0, false);
  await writeBlock(dns.client, other, block);
  await waitFor(async () => (await ns.blocks.replicas.of(block.id)).length === 2, 5000);

  rig.promote(2);
  await waitFor(() => dns.nodes.every((n) => rig.ctx.datanodes.get(n.id)?.reported === true), 5000, () => rig.ctx.datanodes.list());
  await silent.reportChunk('early', 1, true);
  t.ok(rig.ctx.datanodes.wantsFullReport('dn-hand-0001'), 'a report begun before the promotion does not count');
  const ticks = rig.ctx.monitor.stats.ticks;
  await waitFor(() => rig.ctx.monitor.stats.ticks >= ticks + 10, 5000);
  t.equal(rig.ctx.monitor.stats.deletesScheduled, 0, 'no delete scheduled while a live datanode owes its fresh report');
  t.equal((await ns.blocks.replicas.of(block.id)).length, 2);
  t.ok(await holds(dns, placed, block.id) && await holds(dns, other, block.id), 'both replicas are still there');

  await silent.reportChunk('fresh', 0, true);
  t.notOk(rig.ctx.datanodes.awaitingFreshReports(), 'every live datanode has reported');
  await waitFor(async () => (await ns.blocks.replicas.of(block.id)).length === 1, 5000, () => rig.ctx.monitor.stats);
  const left = [await holds(dns, placed, block.id), await holds(dns, other, block.id)].filter(Boolean).length;
  t.equal(left, 1, 'then the excess replica is deleted, and only it');
});

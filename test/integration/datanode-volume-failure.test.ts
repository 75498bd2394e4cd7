// A datanode loses one of its two disks. What breaks: the ext4 file system under one data dir
// shuts down (every operation fails with EIO). What must hold: the datanode keeps serving from the
// other dir; the namenode hears of it at once — a heartbeat with failedVolumes = 1 and the lower
// capacity, and a full block report without the lost dir's blocks — and /metrics and /healthz
// show the failed volume.
import t from 'tap';
import { KiB, MiB } from '../../src/common/constants.js';
import { initHashing } from '../../src/common/hashing.js';
import { NamenodeStub } from '../harness/namenode-stub.js';
import { httpGet, metric, readBlock, startDatanodes, stubClusterSecret, writeBlock } from '../harness/stub-datanodes.js';
import { waitFor } from '../harness/wait-for.js';
import { makeBlock } from '../unit/datanode-storage/fixtures/blocks.js';
import { cannotMount, mountDyingDisk, mountTmpfs } from '../unit/datanode-storage/fixtures/devices.js';

await initHashing();

t.test('volume failure: a datanode serves on from its healthy dir and reports the loss at once', { skip: await cannotMount('ext4') }, async (t) => {
  const healthy = await mountTmpfs(64 * MiB);
  t.teardown(() => healthy.unmount());
  const dying = await mountDyingDisk(32 * MiB);
  t.teardown(() => dying.unmount());
  const stub = await NamenodeStub.start(stubClusterSecret);
  t.teardown(() => stub.stop());
  // A slow heartbeat, so the one that reports the failure is clearly not the timer's.
  const dns = await startDatanodes(stub, 1, { heartbeatIntervalMs: 30_000, staleAfterMs: 90_000, deadAfterMs: 300_000 }, [[healthy.dir, dying.dir]]);
  t.teardown(() => dns.stop());
  const [node] = dns.nodes;
  if (node === undefined) throw new Error('no datanode');
  await waitFor(() => stub.fullReports.length === 1, 5000, () => stub.fullReports);

  const blocks = Array.from({ length: 16 }, (_, i) => makeBlock(96, i, 64 * KiB));
  for (const block of blocks) await writeBlock(dns.client, node, block);
  t.equal(await metric(node, 'cairn_datanode_blocks'), 16);
  const capacityBefore = await metric(node, 'cairn_datanode_capacity_bytes');

  await dying.fail();
  const failedAtMs = Date.now();
  const served: string[] = [];
  const refusals = new Set<string>();
  for (const block of blocks) {
    try {
      if ((await readBlock(dns.client, node, block.id)).equals(block.data)) served.push(block.id);
    } catch (err) {
      refusals.add(String((err as { code?: string }).code));
    }
  }
  t.ok(served.length > 0 && served.length < 16, `the healthy dir's blocks are still served (${served.length} of 16)`);
  t.same([...refusals], ['BLOCK_NOT_FOUND'], 'the lost dir\'s blocks are simply not here (the client reads another replica)');

  await waitFor(() => stub.heartbeats.some((h) => h.atMs >= failedAtMs && h.failedVolumes === 1), 5000, () => stub.heartbeats.at(-1));
  const heartbeat = stub.heartbeats.find((h) => h.atMs >= failedAtMs && h.failedVolumes === 1);
  t.ok(heartbeat !== undefined && heartbeat.capacity > 0 && heartbeat.capacity <= 64 * MiB, `the heartbeat carries the healthy dir's capacity (${heartbeat?.capacity})`);
  t.equal(heartbeat?.blocks, served.length);
  await waitFor(() => stub.fullReports.some((r) => r.startedAtMs >= failedAtMs), 5000, () => stub.fullReports.length);
  const report = stub.fullReports.find((r) => r.startedAtMs >= failedAtMs);
  t.same([...(report?.blockIds ?? [])].sort(), [...served].sort(), 'a full block report lists only the blocks still here');

  t.equal(await metric(node, 'cairn_datanode_failed_volumes'), 1);
  t.equal(await metric(node, 'cairn_datanode_volumes'), 1);
  t.ok((await metric(node, 'cairn_datanode_capacity_bytes') ?? Infinity) < (capacityBefore ?? 0), 'capacity dropped');
  t.match(JSON.parse((await httpGet(node, '/healthz')).body), { ok: true, failedVolumes: 1 });

  const fresh = makeBlock(96, 100, 64 * KiB);
  t.same((await writeBlock(dns.client, node, fresh)).stored, [node.id], 'new writes are stored');
  t.ok((await readBlock(dns.client, node, fresh.id)).equals(fresh.data));
});

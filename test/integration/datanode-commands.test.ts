// Commands from the namenode, executed by real datanodes (data planes, stores, links) against a
// namenode stub that hands out exactly the commands each scenario needs and records the reports.
import { readFile } from 'node:fs/promises';
import t, { type Test } from 'tap';
import { KiB } from '../../src/common/constants.js';
import { initHashing, sha256Hex } from '../../src/common/hashing.js';
import type { Datanode } from '../../src/datanode/datanode.js';
import { NamenodeStub } from '../harness/namenode-stub.js';
import { httpGet, metric, readBlock, startDatanodes, stubClusterSecret, tokens, writeBlock, type StubDatanodes } from '../harness/stub-datanodes.js';
import { waitFor } from '../harness/wait-for.js';
import { flipByte, makeBlock, segmentFile } from '../unit/datanode-storage/fixtures/blocks.js';

await initHashing();

const heartbeatIntervalMs = 1500;

async function cluster(t: Test, count: number): Promise<{ stub: NamenodeStub; dns: StubDatanodes; nodes: Datanode[] }> {
  const stub = await NamenodeStub.start(stubClusterSecret);
  t.teardown(() => stub.stop());
  const dns = await startDatanodes(stub, count, { heartbeatIntervalMs });
  t.teardown(() => dns.stop());
  await waitFor(() => dns.nodes.every((n) => n.registered), 5000, () => dns.nodes.map((n) => n.registered));
  return { stub, dns, nodes: dns.nodes };
}

function target(node: Datanode) {
  return { datanodeId: node.id, address: node.rpcAddress, dataAddress: node.httpAddress };
}

function segmentOf(dns: StubDatanodes, node: Datanode): string {
  return segmentFile(dns.dirs[dns.nodes.indexOf(node)]?.[0] ?? '');
}

t.test('replicate: a block copied A → B → C lands verified on B and C, and A heartbeats as soon as it is done', async (t) => {
  const { stub, dns, nodes } = await cluster(t, 3);
  const [a, b, c] = nodes as [Datanode, Datanode, Datanode];
  const block = makeBlock(70, 0, 300 * KiB);
  t.same((await writeBlock(dns.client, a, block)).stored, [a.id]);

  stub.command(a.id, { type: 'replicate', blockIds: [block.id], targets: [target(b), target(c)] });
  await waitFor(() => [b, c].every((n) => stub.received.some((r) => r.datanodeId === n.id && r.blockId === block.id)), 10_000, () => stub.received);
  for (const node of [b, c]) {
    const copy = await readBlock(dns.client, node, block.id);
    t.equal(sha256Hex(copy), block.id, `${node === b ? 'B' : 'C'} holds bytes that hash to the id`);
  }
  t.ok(stub.received.filter((r) => r.blockId === block.id && r.datanodeId !== a.id).every((r) => r.uploadId === ''), 'a copy proves no upload session');

  const carried = stub.heartbeats.find((h) => h.datanodeId === a.id && h.commands > 0);
  if (carried === undefined) throw new Error('no heartbeat carried the command');
  await waitFor(() => stub.heartbeats.some((h) => h.datanodeId === a.id && h.atMs > carried.atMs), 5000);
  const next = stub.heartbeats.find((h) => h.datanodeId === a.id && h.atMs > carried.atMs);
  t.ok(next !== undefined && next.atMs - carried.atMs < heartbeatIntervalMs / 2, `the next heartbeat came ${next === undefined ? '-' : next.atMs - carried.atMs} ms later, not a whole interval`);
  t.equal(await metric(a, 'cairn_datanode_replication_copies_total{outcome="done"}'), 1);
  t.equal(await metric(a, 'cairn_datanode_replication_bytes_total'), 2 * block.data.length, 'bytes count once per replica created');
  t.equal(await metric(a, 'cairn_datanode_active_replications'), 0);
});

t.test('replicate: duplicate commands for a block in progress run one copy', async (t) => {
  const { stub, dns, nodes } = await cluster(t, 2);
  const [a, b] = nodes as [Datanode, Datanode];
  const block = makeBlock(71, 0, 200 * KiB);
  await writeBlock(dns.client, a, block);
  for (let i = 0; i < 3; i++) stub.command(a.id, { type: 'replicate', blockIds: [block.id], targets: [target(b)] });
  await waitFor(async () => (await metric(a, 'cairn_datanode_replication_copies_total{outcome="done"}')) === 1, 10_000);
  t.equal(stub.received.filter((r) => r.datanodeId === b.id && r.blockId === block.id).length, 1, 'B received the block once');
});

t.test('replicate: a source replica that fails its checksum is reported corrupt and not copied', async (t) => {
  const { stub, dns, nodes } = await cluster(t, 2);
  const [a, b] = nodes as [Datanode, Datanode];
  const block = makeBlock(72, 0, 100 * KiB);
  await writeBlock(dns.client, a, block);
  const path = segmentOf(dns, a);
  const at = (await readFile(path)).indexOf(block.data.subarray(0, 64));
  t.ok(at > 0, 'the payload is in the segment');
  await flipByte(path, at + 1000);

  stub.command(a.id, { type: 'replicate', blockIds: [block.id], targets: [target(b)] });
  await waitFor(() => stub.badBlocks.some((r) => r.datanodeId === a.id && r.blockId === block.id), 10_000, () => stub.badBlocks);
  await waitFor(async () => (await metric(a, 'cairn_datanode_replication_copies_total{outcome="failed"}')) === 1, 5000);
  t.equal(await metric(a, 'cairn_datanode_corrupt_replicas_total{source="read"}'), 1);
  await t.rejects(readBlock(dns.client, b, block.id), { code: 'BLOCK_NOT_FOUND' }, 'B got nothing');
  t.notOk(stub.received.some((r) => r.datanodeId === b.id), 'and reported nothing');

  // A client read of the same replica is refused and reported again.
  await t.rejects(readBlock(dns.client, a, block.id), { code: 'BLOCK_CORRUPT' });
  await waitFor(() => stub.badBlocks.filter((r) => r.blockId === block.id).length === 2, 5000, () => stub.badBlocks);
  t.equal(await metric(a, 'cairn_datanode_corrupt_replicas_total{source="read"}'), 2);
});

t.test('replicate: a receiver refuses bytes that do not hash to the block id', async (t) => {
  const { stub, dns, nodes } = await cluster(t, 1);
  const [b] = nodes as [Datanode];
  const claimed = makeBlock(73, 0, 50 * KiB);
  const other = makeBlock(73, 1, 50 * KiB);
  // Sent as a copy is (no node signature) with a valid token and a checksum matching the bytes sent.
  await t.rejects(
    dns.client.write(b.httpAddress, { blockId: claimed.id, data: other.data, checksum: other.checksum, token: tokens.issue('write', claimed.id, Date.now() + 60_000), downstream: [] }),
    { code: 'BLOCK_ID_MISMATCH' },
  );
  await t.rejects(readBlock(dns.client, b, claimed.id), { code: 'BLOCK_NOT_FOUND' }, 'nothing stored');
  t.equal(stub.received.length, 0, 'nothing reported');
});

t.test('delete: blocks named in a delete command are removed and reported deleted', async (t) => {
  const { stub, dns, nodes } = await cluster(t, 1);
  const [a] = nodes as [Datanode];
  const kept = makeBlock(74, 0, 20 * KiB);
  const doomed = makeBlock(74, 1, 20 * KiB);
  const absent = makeBlock(74, 2, 20 * KiB);
  for (const block of [kept, doomed]) await writeBlock(dns.client, a, block);
  stub.command(a.id, { type: 'delete', blockIds: [doomed.id, absent.id], targets: [] });
  await waitFor(() => stub.deleted.length === 2, 10_000, () => stub.deleted);
  t.same(new Set(stub.deleted.map((d) => d.blockId)), new Set([doomed.id, absent.id]), 'both reported deleted (one was never here)');
  await t.rejects(readBlock(dns.client, a, doomed.id), { code: 'BLOCK_NOT_FOUND' });
  t.ok((await readBlock(dns.client, a, kept.id)).equals(kept.data), 'the other block is untouched');
  t.equal(await metric(a, 'cairn_datanode_deleted_blocks_total'), 1);
  t.equal(await metric(a, 'cairn_datanode_blocks'), 1);
  t.equal(await metric(a, 'cairn_datanode_request_duration_seconds_count{method="GET",outcome="BLOCK_NOT_FOUND"}'), 1, 'request latency is kept by outcome');
  t.equal(await metric(a, 'cairn_datanode_request_duration_seconds_count{method="PUT",outcome="OK"}'), 2);
  const health = JSON.parse((await httpGet(a, '/healthz')).body) as Record<string, unknown>;
  t.match(health, { ok: true, registered: true, failedVolumes: 0 });
});

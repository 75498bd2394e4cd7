// A datanode in an HA group reports to every namenode and obeys only the active of the newest
// epoch. Real datanodes (data planes, stores, links) against namenode stubs — real gRPC servers
// speaking DatanodeProtocol whose replies say the epoch and role each scenario needs.
import { readFile } from 'node:fs/promises';
import t, { type Test } from 'tap';
import { KiB } from '../../src/common/constants.js';
import { initHashing } from '../../src/common/hashing.js';
import type { Datanode } from '../../src/datanode/datanode.js';
import { NamenodeStub } from '../harness/namenode-stub.js';
import { readBlock, startDatanodes, stubClusterSecret, writeBlock, type StubDatanodes } from '../harness/stub-datanodes.js';
import { waitFor } from '../harness/wait-for.js';
import { flipByte, makeBlock, segmentFile } from '../unit/datanode-storage/fixtures/blocks.js';

await initHashing();

async function group(t: Test, count: number): Promise<{ stubs: NamenodeStub[]; dns: StubDatanodes; node: Datanode }> {
  const stubs: NamenodeStub[] = [];
  for (let i = 0; i < count; i++) stubs.push(await NamenodeStub.start(stubClusterSecret));
  t.teardown(() => Promise.all(stubs.map((s) => s.stop())));
  const [first] = stubs as [NamenodeStub];
  const dns = await startDatanodes(first, 1, { namenodes: stubs.map((s) => s.address), rpcTimeoutMs: 3000 });
  t.teardown(() => dns.stop());
  const node = dns.nodes[0] as Datanode;
  await waitFor(() => stubs.every((s) => s.fullReports.some((r) => r.datanodeId === node.id)), 5000, () => stubs.map((s) => s.fullReports.length));
  return { stubs, dns, node };
}

/** Waits until `stub` has sent a reply carrying commands to `node`, then `beats` more heartbeats. */
async function heartbeatsAfterCommands(stub: NamenodeStub, node: Datanode, beats: number): Promise<void> {
  await waitFor(() => stub.heartbeats.some((h) => h.datanodeId === node.id && h.commands > 0), 5000, () => stub.heartbeats.length);
  const carried = stub.heartbeats.findIndex((h) => h.datanodeId === node.id && h.commands > 0);
  await waitFor(() => stub.heartbeats.slice(carried + 1).filter((h) => h.datanodeId === node.id).length >= beats, 5000);
}

async function holds(dns: StubDatanodes, node: Datanode, blockId: string): Promise<boolean> {
  return readBlock(dns.client, node, blockId).then(() => true, () => false);
}

t.test('ha datanode: registers with, heartbeats to and reports every block event to each of three namenodes', async (t) => {
  const { stubs, dns, node } = await group(t, 3);
  t.same(node.namenodes, stubs.map((s) => s.address).sort(), 'one link per namenode');
  for (const stub of stubs) t.ok(stub.registrations.some((r) => r.datanodeId === node.id && r.address === node.rpcAddress), `registered with ${stub.address}`);

  const kept = makeBlock(90, 0, 50 * KiB);
  const doomed = makeBlock(90, 1, 50 * KiB);
  const corrupt = makeBlock(90, 2, 50 * KiB);
  for (const block of [kept, doomed, corrupt]) await writeBlock(dns.client, node, block);
  await waitFor(() => stubs.every((s) => [kept, doomed, corrupt].every((b) => s.received.some((r) => r.blockId === b.id))), 5000, () => stubs.map((s) => s.received.length));

  // A delete from the active is executed once and reported deleted to every namenode.
  stubs[0]?.command(node.id, { type: 'delete', blockIds: [doomed.id], targets: [] });
  await waitFor(() => stubs.every((s) => s.deleted.some((d) => d.blockId === doomed.id)), 5000, () => stubs.map((s) => s.deleted.length));
  t.notOk(await holds(dns, node, doomed.id), 'the block is gone');

  // A corrupt replica found by a read is reported to every namenode.
  const segment = segmentFile(dns.dirs[0]?.[0] ?? '');
  const at = (await readFile(segment)).indexOf(corrupt.data.subarray(0, 64));
  await flipByte(segment, at + 100);
  t.notOk(await holds(dns, node, corrupt.id), 'the corrupt replica is not served');
  await waitFor(() => stubs.every((s) => s.badBlocks.some((b) => b.blockId === corrupt.id)), 5000, () => stubs.map((s) => s.badBlocks.length));

  for (const stub of stubs) t.ok(stub.heartbeats.some((h) => h.datanodeId === node.id), `heartbeats reach ${stub.address}`);
});

t.test('ha datanode: a namenode that does not answer holds back none of the others', async (t) => {
  // One namenode hangs on every call (a stopped process whose socket still accepts): reports,
  // heartbeats and commands of the other two go on as if it were not there.
  const { stubs, dns, node } = await group(t, 3);
  const [active, hung, standby] = stubs as [NamenodeStub, NamenodeStub, NamenodeStub];
  standby.active = false;
  hung.hold = true;
  const before = active.heartbeats.length;
  const startedAt = Date.now();
  const blocks = Array.from({ length: 5 }, (_, i) => makeBlock(91, i, 20 * KiB));
  for (const block of blocks) await writeBlock(dns.client, node, block);
  await waitFor(() => [active, standby].every((s) => blocks.every((b) => s.received.some((r) => r.blockId === b.id))), 2000, () => [active.received.length, standby.received.length]);
  t.ok(Date.now() - startedAt < 2000, 'both answering namenodes have every block well within the hung one\'s RPC timeout');
  t.equal(hung.received.length, 0, 'the hung namenode has recorded nothing yet');

  const [victim] = blocks as [ReturnType<typeof makeBlock>];
  active.command(node.id, { type: 'delete', blockIds: [victim.id], targets: [] });
  await waitFor(() => active.deleted.some((d) => d.blockId === victim.id), 3000);
  // 100 ms heartbeats: ten of them within the hung namenode's 3 s RPC timeout.
  await waitFor(() => active.heartbeats.length >= before + 10, 2500, () => active.heartbeats.length - before);
  t.equal(hung.heartbeats.length, 0, 'heartbeats to the active kept their pace while the hung one answered none');

  // Released, the slow namenode gets everything it was owed: nothing was dropped for it.
  hung.release();
  await waitFor(() => blocks.every((b) => hung.received.some((r) => r.blockId === b.id)) && hung.deleted.some((d) => d.blockId === victim.id), 10_000,
    () => [hung.received.length, hung.deleted.length]);
  t.pass('the slow namenode caught up on received and deleted blocks');
});

t.test('ha datanode: commands of a standby or of an older epoch are ignored; the newest active is obeyed', async (t) => {
  const { stubs, dns, node } = await group(t, 2);
  const [a, b] = stubs as [NamenodeStub, NamenodeStub];
  a.epoch = 1;
  b.epoch = 1;
  b.active = false;
  const blocks = Array.from({ length: 3 }, (_, i) => makeBlock(92, i, 10 * KiB));
  for (const block of blocks) await writeBlock(dns.client, node, block);
  const [one, two, three] = blocks as [ReturnType<typeof makeBlock>, ReturnType<typeof makeBlock>, ReturnType<typeof makeBlock>];

  // The standby's delete is dropped.
  b.command(node.id, { type: 'delete', blockIds: [one.id], targets: [] });
  await heartbeatsAfterCommands(b, node, 3);
  t.ok(await holds(dns, node, one.id), 'a standby\'s delete is not executed');

  // B takes over in epoch 2; A still claims to be the active of epoch 1.
  b.epoch = 2;
  b.active = true;
  await waitFor(() => node.namenodeEpoch === 2, 3000, () => node.namenodeEpoch);
  a.command(node.id, { type: 'delete', blockIds: [two.id], targets: [] });
  await heartbeatsAfterCommands(a, node, 3);
  t.ok(await holds(dns, node, two.id), 'a deposed active\'s delete (older epoch) is not executed');

  b.command(node.id, { type: 'delete', blockIds: [three.id], targets: [] });
  await waitFor(() => b.deleted.some((d) => d.blockId === three.id), 5000);
  t.notOk(await holds(dns, node, three.id), 'the active of the newest epoch is obeyed');
  t.ok(await holds(dns, node, one.id) && await holds(dns, node, two.id), 'and only it');
});

t.test('ha datanode: a heartbeat reply asking for a full report gets one at once', async (t) => {
  const { stubs, node } = await group(t, 2);
  const [a, b] = stubs as [NamenodeStub, NamenodeStub];
  const [reportsA, reportsB] = [a.fullReports.length, b.fullReports.length];
  a.wantFullReport.add(node.id);
  // The block report interval is hours: only the ask can explain a report now.
  await waitFor(() => a.fullReports.length > reportsA, 3000, () => a.fullReports.length);
  t.equal(a.fullReports.at(-1)?.datanodeId, node.id);
  t.equal(b.fullReports.length, reportsB, 'the other namenode did not ask and got no extra report');
});

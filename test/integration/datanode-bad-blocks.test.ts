// Rot found by the scanner of a running datanode reaches the namenode. What breaks: a byte flips
// inside a stored block that nobody reads, and the namenode refuses the first reports. What must
// hold: the datanode's scanner finds it, the report is retried until the namenode has it, and
// /metrics counts it as found by the scan.
import { readFile } from 'node:fs/promises';
import t from 'tap';
import { KiB } from '../../src/common/constants.js';
import { initHashing } from '../../src/common/hashing.js';
import { NamenodeStub } from '../harness/namenode-stub.js';
import { metric, startDatanodes, stubClusterSecret, writeBlock } from '../harness/stub-datanodes.js';
import { waitFor } from '../harness/wait-for.js';
import { flipByte, makeBlock, segmentFile } from '../unit/datanode-storage/fixtures/blocks.js';

await initHashing();

t.test('bad blocks: the scanner finds a rotten replica and the report survives a namenode that refuses it twice', async (t) => {
  const stub = await NamenodeStub.start(stubClusterSecret);
  t.teardown(() => stub.stop());
  const dns = await startDatanodes(stub, 1, { scanIntervalMs: 1000, scanBytesPerSec: 4 * 1024 * KiB });
  t.teardown(() => dns.stop());
  const [node] = dns.nodes;
  if (node === undefined) throw new Error('no datanode');
  const blocks = Array.from({ length: 5 }, (_, i) => makeBlock(97, i, 40 * KiB));
  for (const block of blocks) await writeBlock(dns.client, node, block);
  const rotten = blocks[3] ?? blocks[0];
  if (rotten === undefined) throw new Error('no block');
  const path = segmentFile(dns.dirs[0]?.[0] ?? '');
  await flipByte(path, (await readFile(path)).indexOf(rotten.data) + 100);
  stub.refuseBadBlockReports = 2;

  await waitFor(() => stub.badBlocks.length > 0, 10_000, () => ({ calls: stub.badBlockCalls }));
  t.same(stub.badBlocks[0], { datanodeId: node.id, blockId: rotten.id }, 'the rotten block was reported');
  t.ok(stub.badBlockCalls >= 3, `after ${stub.badBlockCalls - 1} refused attempts`);
  t.ok((await metric(node, 'cairn_datanode_corrupt_replicas_total{source="scan"}') ?? 0) >= 1, 'counted as found by the scan');
  t.equal(await metric(node, 'cairn_datanode_corrupt_replicas_total{source="read"}'), 0);
  await waitFor(async () => ((await metric(node, 'cairn_datanode_scan_passes_total')) ?? 0) >= 1, 5000);
  t.ok((await metric(node, 'cairn_datanode_scan_blocks_total') ?? 0) >= 5, 'the pass read every block');
  t.ok((await metric(node, 'cairn_datanode_scan_last_pass_end_seconds') ?? 0) > 0);
});

// Compaction in a running datanode, driven the way production drives it: the namenode (a stub
// here) sends a delete command in a heartbeat reply; once the datanode has run the deletes it
// looks for segments to compact at once (the timer is set to an hour, so nothing else can start
// it), and the segment bytes on disk drop. The drop shows in the heartbeat's `used`, in
// `cairn_datanode_segment_bytes`, and in the compaction counters on /metrics; the blocks that
// were not deleted read back byte for byte through the data plane. One that rotted on disk is not
// copied but reported to the namenode as a corrupt replica, and its segment stays until the
// namenode has that replica deleted too.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import t from 'tap';
import { KiB, MiB } from '../../src/common/constants.js';
import { initHashing } from '../../src/common/hashing.js';
import type { Datanode } from '../../src/datanode/datanode.js';
import { recordHeaderBytes } from '../../src/datanode/storage/record.js';
import { NamenodeStub } from '../harness/namenode-stub.js';
import { metric, readBlock, startDatanodes, stubClusterSecret, writeBlock } from '../harness/stub-datanodes.js';
import { corruptReplica } from '../harness/faults.js';
import { waitFor } from '../harness/wait-for.js';
import { makeBlock, segmentBytesOnDisk } from '../unit/datanode-storage/fixtures/blocks.js';

await initHashing();

t.test('compaction: after a delete command, the datanode compacts and segment bytes on disk drop', async (t) => {
  const stub = await NamenodeStub.start(stubClusterSecret);
  t.teardown(() => stub.stop());
  const dns = await startDatanodes(stub, 1, { segmentBytesMax: 1 * MiB, compactionIntervalMs: 3_600_000, compactionBytesPerSec: 64 * MiB });
  t.teardown(() => dns.stop());
  const node = dns.nodes[0] as Datanode;
  const dataDir = dns.dirs[0]?.[0] ?? '';
  await waitFor(() => node.registered, 5000);

  const blocks = Array.from({ length: 40 }, (_, i) => makeBlock(800, i, 100 * KiB));
  for (const block of blocks) await writeBlock(dns.client, node, block);
  const doomed = blocks.filter((_, i) => i % 4 !== 0);
  // One block kept by the namenode has rotted on disk: compaction must not copy it, but report it.
  const rotten = blocks[4] as (typeof blocks)[number];
  t.ok(await corruptReplica(dataDir, rotten.data), 'a byte of a kept block flipped on disk');
  const kept = blocks.filter((block, i) => i % 4 === 0 && block !== rotten);
  const before = await segmentBytesOnDisk(dataDir);
  const recordBytes = recordHeaderBytes + 100 * KiB;
  t.equal(before, blocks.length * recordBytes, `${before} segment bytes on disk before (four segments)`);
  await waitFor(() => stub.heartbeats.some((h) => h.used === before), 5000, () => stub.heartbeats.at(-1));

  stub.command(node.id, { type: 'delete', blockIds: doomed.map((block) => block.id), targets: [] });
  await waitFor(() => stub.deleted.length === doomed.length, 10_000, () => stub.deleted.length);
  // Segments 2 and 3 are compacted into 4 and 5; 4, sealed by then and a fifth live, follows.
  // Segment 1 is copied out too, but kept: it still holds the rotten block.
  await waitFor(() => stub.badBlocks.some((r) => r.blockId === rotten.id), 10_000, () => stub.badBlocks);
  t.pass('compaction reported the rotten block to the namenode as a corrupt replica');
  await waitFor(async () => (await readdir(join(dataDir, 'segments'))).length === 2, 10_000, () => readdir(join(dataDir, 'segments')));
  t.equal(await metric(node, 'cairn_datanode_corrupt_replicas_total{source="compaction"}'), 1, 'counted as found by compaction');
  await t.rejects(readBlock(dns.client, node, rotten.id), { code: 'BLOCK_CORRUPT' }, 'the rotten block was neither copied nor deleted');

  // The namenode, once the block has a good replica elsewhere, has the rotten one deleted.
  stub.command(node.id, { type: 'delete', blockIds: [rotten.id], targets: [] });
  await waitFor(async () => (await readdir(join(dataDir, 'segments'))).length === 1, 10_000, () => readdir(join(dataDir, 'segments')));
  const after = await segmentBytesOnDisk(dataDir);
  // Segment 4's tombstones were carried: segment 1, older, still held puts they cover. The rotten
  // block's tombstone came with its delete.
  const tombstones = doomed.length * recordHeaderBytes;
  t.equal(after, kept.length * recordBytes + tombstones + recordHeaderBytes, `segment bytes on disk went from ${before} to ${after}: the kept blocks and tombstones`);
  // The counter moves once the old file is gone and its removal synced: just after the listing saw it go.
  await waitFor(async () => ((await metric(node, 'cairn_datanode_compaction_segments_total')) ?? 0) >= 4, 5000);
  t.equal(await metric(node, 'cairn_datanode_compaction_segments_total'), 4, 'four segments compacted');
  t.equal(await metric(node, 'cairn_datanode_segment_bytes'), after, '/metrics counts what is on disk');
  const deletesWrote = tombstones + recordHeaderBytes;
  t.equal(await metric(node, 'cairn_datanode_compaction_reclaimed_bytes_total'), before + deletesWrote - after, 'reclaimed bytes are what the disk got back');
  t.equal(await metric(node, 'cairn_datanode_compaction_copied_bytes_total'), kept.length * recordBytes + tombstones, 'each kept block and tombstone was copied once');
  await waitFor(() => stub.heartbeats.at(-1)?.used === after, 5000, () => stub.heartbeats.at(-1));
  t.pass(`heartbeats report used = ${after}`);

  let good = 0;
  for (const block of kept) if ((await readBlock(dns.client, node, block.id)).equals(block.data)) good += 1;
  t.equal(good, kept.length, 'every block not deleted reads back byte for byte');
  await t.rejects(readBlock(dns.client, node, doomed[0]?.id ?? ''), { code: 'BLOCK_NOT_FOUND' }, 'a deleted block stays deleted');
  t.equal(await metric(node, 'cairn_datanode_blocks'), kept.length);
});

// Upload placement (block-manager.ts): a block's pipeline is a function of its id and the
// datanodes — the same every time it is asked for, whoever asks and whether or not the block is
// stored — spreading blocks over datanodes in proportion to their free space and over two racks.
// Repair placement stays random.
import { createHash } from 'node:crypto';
import t from 'tap';
import { random, systemClock } from '../../../src/common/clock.js';
import { GiB } from '../../../src/common/constants.js';
import { BlockManager } from '../../../src/namenode/blocks/block-manager.js';
import { ReplicaMap } from '../../../src/namenode/blocks/replica-map.js';
import { DatanodeManager } from '../../../src/namenode/datanodes/datanode-manager.js';
import type { Metastore } from '../../../src/namenode/metastore/metastore.js';

const blockId = (i: number) => createHash('sha256').update(`block ${i}`).digest('hex');

async function cluster(nodes: Array<{ id: string; rack: string; free: number }>): Promise<BlockManager> {
  const datanodes = new DatanodeManager(systemClock, { staleAfterMs: 60_000, deadAfterMs: 120_000 });
  for (const node of nodes) {
    await datanodes.register({ id: node.id, address: `127.0.0.1:${nodes.indexOf(node) + 1}`, dataAddress: '127.0.0.1:9', rack: node.rack, capacity: 4 * GiB, used: 0, free: node.free });
  }
  // Placement never touches the replica map: no store is needed.
  return new BlockManager(new ReplicaMap(undefined as unknown as Metastore), datanodes, random(7));
}

t.test('placement: an upload pipeline depends on the block id only; shares follow free space; racks are spread', async (t) => {
  const nodes = [
    { id: 'dn-a', rack: '/r1', free: GiB }, { id: 'dn-b', rack: '/r1', free: GiB }, { id: 'dn-c', rack: '/r2', free: GiB },
    { id: 'dn-d', rack: '/r2', free: GiB }, { id: 'dn-e', rack: '/r2', free: 2 * GiB },
  ];
  const blocks = await cluster(nodes);
  const ids = (id: string) => blocks.choosePipeline(3, { blockId: id }).map((l) => l.datanodeId);
  const firsts = new Map<string, number>();
  let changed = 0;
  let oneRack = 0;
  for (let i = 0; i < 6000; i++) {
    const pipeline = ids(blockId(i));
    if (pipeline.join() !== ids(blockId(i)).join()) changed += 1;
    if (new Set(pipeline.map((id) => nodes.find((n) => n.id === id)?.rack)).size < 2) oneRack += 1;
    firsts.set(pipeline[0] ?? '', (firsts.get(pipeline[0] ?? '') ?? 0) + 1);
  }
  t.equal(changed, 0, 'asked again, every block gets the same pipeline');
  t.equal(oneRack, 0, 'every pipeline spans both racks');
  const shareOf = (id: string) => (firsts.get(id) ?? 0) / 6000;
  for (const id of ['dn-a', 'dn-b', 'dn-c', 'dn-d']) t.ok(Math.abs(shareOf(id) - 1 / 6) < 0.03, `${id} heads ${(shareOf(id) * 100).toFixed(1)} % of pipelines (1/6 wanted)`);
  t.ok(Math.abs(shareOf('dn-e') - 2 / 6) < 0.03, `dn-e, with twice the free space, heads ${(shareOf('dn-e') * 100).toFixed(1)} % (2/6 wanted)`);

  const same = await cluster([...nodes].reverse());
  t.same(same.choosePipeline(3, { blockId: blockId(1) }).map((l) => l.datanodeId), ids(blockId(1)), 'another namenode, datanodes registered in another order: the same pipeline');
  const without = await cluster(nodes.filter((n) => n.id !== 'dn-e'));
  let moved = 0;
  for (let i = 0; i < 1000; i++) if (without.choosePipeline(1, { blockId: blockId(i) })[0]?.datanodeId !== ids(blockId(i))[0]) moved += 1;
  t.ok(moved > 250 && moved < 420, `a datanode gone moves only the blocks it headed: ${moved} of 1000 (about a third)`);
});

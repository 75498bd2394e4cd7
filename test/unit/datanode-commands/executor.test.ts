// The command executor asks for its next batch while the last copies of the current one still run
// (so copy streams do not sit idle until the next heartbeat interval), once per batch.
import t from 'tap';
import type { BlockTokenKey } from '../../../src/common/block-token.js';
import type { BlockTransferClient, WriteReply } from '../../../src/common/block-transfer.js';
import { systemClock } from '../../../src/common/clock.js';
import { initHashing, xxh64 } from '../../../src/common/hashing.js';
import { silentLogger } from '../../../src/common/logger.js';
import { CommandExecutor, type DatanodeCommand } from '../../../src/datanode/namenode-link/commands.js';
import type { BlockStore } from '../../../src/datanode/storage/block-store.js';
import { waitFor } from '../../harness/wait-for.js';

await initHashing();

const targetNode = { datanodeId: 'dn-b', address: '127.0.0.1:1', dataAddress: '127.0.0.1:2' };
const copy = (i: number): DatanodeCommand => ({ type: 'replicate', blockId: i.toString(16).padStart(64, '0'), targets: [targetNode] });

t.test('copies: the executor signals for more work when fewer copies wait than it has streams', async (t) => {
  const sends: Array<() => void> = [];
  const peers = {
    write: () => new Promise<WriteReply>((resolve) => sends.push(() => resolve({ stored: [targetNode.datanodeId], failed: [] }))),
  } as unknown as BlockTransferClient;
  const data = Buffer.from('block bytes');
  const store = { read: async () => ({ data, checksum: xxh64(data) }) } as unknown as BlockStore;
  const tokens = { issue: () => 'token' } as unknown as BlockTokenKey;
  let signals = 0;
  const executor = new CommandExecutor({
    store, peers, tokens, clock: systemClock, logger: silentLogger, streamsMax: 2,
    onCorrupt: () => undefined, onDeleted: () => undefined, onDrained: () => (signals += 1),
  });
  const settle = () => new Promise((resolve) => setTimeout(resolve, 10));
  const finishOne = async () => {
    sends.shift()?.();
    await settle();
  };

  executor.accept([0, 1, 2, 3, 4].map(copy));
  await settle();
  t.equal(executor.activeReplications, 2, 'two streams run');
  t.equal(signals, 0, 'three copies wait: no signal yet');
  await finishOne(); // 2 wait
  t.equal(signals, 0);
  await finishOne(); // 1 waits, 2 run
  t.equal(signals, 1, 'fewer waiting than streams: the next batch is asked for while copies still run');
  t.equal(executor.activeReplications, 2);
  while (sends.length > 0) await finishOne();
  t.equal(signals, 1, 'once per batch');
  t.equal(executor.counters.copiesDone, 5);

  executor.accept([copy(5)]);
  await settle();
  t.equal(signals, 2, 'a new batch smaller than the streams asks for more at once');
  while (sends.length > 0) await finishOne();
  t.equal(signals, 2);

  executor.accept([]); // the reply to that ask: nothing scheduled yet
  await waitFor(() => signals === 3, 2000, () => signals);
  t.pass('an empty reply to an ask is followed by another ask a little later');
  for (let i = 0; i < 20; i++) {
    executor.accept([]);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  t.ok(signals <= 3 + 8, `the asks stop after a bounded number (${signals - 2} after the batch)`);
  const before = signals;
  executor.accept([]);
  await new Promise((resolve) => setTimeout(resolve, 400));
  t.equal(signals, before, 'then only the regular heartbeats remain');
  await executor.stop();
});

t.test('epochs: a newer namenode epoch drops the copies still queued; those running finish, later commands run', async (t) => {
  const sends: Array<{ blockId: string; finish: () => void }> = [];
  const peers = {
    write: (_address: string, request: { blockId: string }) =>
      new Promise<WriteReply>((resolve) => sends.push({ blockId: request.blockId, finish: () => resolve({ stored: [targetNode.datanodeId], failed: [] }) })),
  } as unknown as BlockTransferClient;
  const data = Buffer.from('block bytes');
  const store = { read: async () => ({ data, checksum: xxh64(data) }) } as unknown as BlockStore;
  const tokens = { issue: () => 'token' } as unknown as BlockTokenKey;
  const executor = new CommandExecutor({
    store, peers, tokens, clock: systemClock, logger: silentLogger, streamsMax: 1,
    onCorrupt: () => undefined, onDeleted: () => undefined, onDrained: () => undefined,
  });
  t.teardown(() => executor.stop());
  const sent = () => sends.map((s) => s.blockId);

  executor.accept([0, 1, 2].map(copy));
  await waitFor(() => sends.length === 1, 2000);
  executor.dropQueued();
  sends[0]?.finish();
  await waitFor(() => executor.counters.copiesDone === 1, 2000);
  t.same(sent(), [copy(0)].map((c) => (c as { blockId: string }).blockId), 'the running copy finished; the two queued never started');

  executor.accept([copy(1)]);
  await waitFor(() => sends.length === 2, 2000, sent);
  sends[1]?.finish();
  await waitFor(() => executor.counters.copiesDone === 2, 2000);
  t.pass('a dropped block is copied when the new active asks again');
});

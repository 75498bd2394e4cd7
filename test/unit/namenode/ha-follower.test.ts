// The standby's journal on a real LevelDB: promises are durable and fence older epochs, asking
// again with the same epoch is answered alike, batches are taken only when they follow a record
// held with the same epoch (log matching), a batch sent again changes nothing, and a snapshot
// copy that cannot reach its source leaves the state alone.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { systemClock } from '../../../src/common/clock.js';
import { silentLogger } from '../../../src/common/logger.js';
import type { JournalRecord } from '../../../src/namenode/journal/edit-log.js';
import { JournalFollower } from '../../../src/namenode/ha/follower.js';
import { PeerClients } from '../../../src/namenode/ha/peer-client.js';
import { Metastore } from '../../../src/namenode/metastore/metastore.js';

const record = (txid: number, epoch: number): JournalRecord => ({ type: 'MarkFolder', at: txid, id: 100 + txid, implicit: false, txid, epoch });

t.test('promises, fencing and log matching', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'cairn-follower-'));
  let store = await Metastore.open(join(dir, 'meta'));
  t.teardown(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });
  const applied: number[] = [];
  const peers = new PeerClients('127.0.0.1:1', 'follower-test-secret-0123456789', systemClock, 200);
  t.teardown(() => peers.close());
  const make = () => new JournalFollower({ store, apply: async (edit) => void applied.push((edit as JournalRecord).txid), peers, logger: silentLogger, replaced: async () => undefined });
  let follower = make();
  await follower.load();
  await t.rejects(follower.promise(1), { code: 'UNAVAILABLE' }, 'a namenode without state does not vote');

  await store.sub.meta.put('clusterId', 'CID-test');
  follower = make();
  await follower.load();
  t.match(await follower.promise(3), { lastTxid: 0, lastEpoch: 0, promisedEpoch: 3 });
  t.match(await follower.promise(3), { promisedEpoch: 3 }, 'the same epoch asking again is answered alike');
  await t.rejects(follower.promise(2), { code: 'STALE_EPOCH' }, 'an older epoch is refused');
  await t.rejects(follower.append('127.0.0.1:1', { epoch: 2, prevTxid: 0, prevEpoch: 0, records: [record(1, 2)] }), { code: 'STALE_EPOCH' }, 'so are its batches');

  t.match(await follower.append('127.0.0.1:1', { epoch: 3, prevTxid: 0, prevEpoch: 0, records: [record(1, 3), record(2, 3)] }), { lastTxid: 2, lastEpoch: 3 });
  t.match(await follower.append('127.0.0.1:1', { epoch: 3, prevTxid: 0, prevEpoch: 0, records: [record(1, 3), record(2, 3), record(3, 3)] }), { lastTxid: 3 }, 'a batch sent again: only the new record is taken');
  t.same(applied, [1, 2, 3], 'each record applied once');
  t.match(await follower.append('127.0.0.1:1', { epoch: 3, prevTxid: 9, prevEpoch: 3, records: [record(10, 3)] }), { lastTxid: 3 }, 'a gap is answered with where the journal ends, nothing taken');
  await t.rejects(follower.append('127.0.0.1:1', { epoch: 3, prevTxid: 3, prevEpoch: 2, records: [record(4, 3)] }), { code: 'UNAVAILABLE' }, 'a batch after a record of another epoch: diverged, nothing taken');
  t.same(applied, [1, 2, 3]);
  await t.rejects(follower.catchUp('127.0.0.1:1', true), { code: 'UNAVAILABLE' }, 'a snapshot from an unreachable namenode fails');
  t.ok(follower.bootstrapped, 'and wipes nothing: the state is still there');
  t.match(await follower.position(), { lastTxid: 3, lastEpoch: 3 });

  // The promise survives a restart.
  await store.close();
  store = await Metastore.open(join(dir, 'meta'));
  follower = make();
  await follower.load();
  t.equal(follower.promised, 3, 'the promise is durable');
  t.match(await follower.position(), { lastTxid: 3, lastEpoch: 3 }, 'and so is the journal');
});

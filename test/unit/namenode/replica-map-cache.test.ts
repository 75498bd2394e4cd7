// The replica map caches the replicas of recently used blocks. Whatever the order of reports,
// corrupt marks and removals — also several at once for one replica, a read racing a write, and
// a batch that fails — `of` must answer exactly what LevelDB holds.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { ReplicaMap, type Replica } from '../../../src/namenode/blocks/replica-map.js';
import { blockKey, prefixEnd } from '../../../src/namenode/metastore/keys.js';
import { Metastore } from '../../../src/namenode/metastore/metastore.js';

const a = 'a'.repeat(64);
const b = 'b'.repeat(64);

async function openMap(t: Test): Promise<{ store: Metastore; map: ReplicaMap }> {
  const dir = await mkdtemp(join(tmpdir(), 'cairn-replica-cache-'));
  const store = await Metastore.open(dir);
  t.teardown(async () => {
    await store.close().catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  });
  // Only blocks the block map knows get replicas recorded.
  for (const id of [a, b]) await store.sub.blocks.put(blockKey(id), { size: 1, refs: 1, state: 'live', since: 0, stored: true });
  return { store, map: new ReplicaMap(store) };
}

/** What LevelDB holds for a block, read past every cache. */
async function stored(store: Metastore, blockId: string): Promise<Replica[]> {
  const prefix = blockKey(blockId);
  const replicas: Replica[] = [];
  for await (const [key, value] of store.sub.replicas.iterator({ gte: prefix, lt: prefixEnd(prefix) })) {
    const record = typeof value === 'number' ? { t: 0 } : value;
    replicas.push({ datanodeId: key.subarray(32).toString('utf8'), corrupt: record.corrupt === true, seenAt: record.t });
  }
  return replicas;
}

async function coherent(t: Test, store: Metastore, map: ReplicaMap, why: string): Promise<void> {
  for (const id of [a, b]) t.same(await map.of(id), await stored(store, id), `${why} (block ${id[0]})`);
}

t.test('replica cache: reports, corrupt marks and removals, one after another', async (t) => {
  const { store, map } = await openMap(t);
  await coherent(t, store, map, 'empty, and now cached as empty');
  await map.add('dn-2', [a, b], { seenAt: 10, fresh: true });
  await coherent(t, store, map, 'after a report');
  await map.add('dn-1', [a], { seenAt: 11, fresh: true });
  t.same((await map.of(a)).map((r) => r.datanodeId), ['dn-1', 'dn-2'], 'in LevelDB\'s order');
  await map.markCorrupt('dn-2', [a], 12);
  await coherent(t, store, map, 'after a corrupt mark');
  await map.add('dn-2', [a], { seenAt: 13, fresh: false });
  t.equal((await map.of(a)).find((r) => r.datanodeId === 'dn-2')?.corrupt, true, 'a full report keeps the mark');
  await map.add('dn-2', [a], { seenAt: 14, fresh: true });
  t.equal((await map.of(a)).find((r) => r.datanodeId === 'dn-2')?.corrupt, false, 'a fresh write clears it');
  await map.remove('dn-1', [a, b]);
  await coherent(t, store, map, 'after a removal');
  const answer = await map.of(a);
  answer.push({ datanodeId: 'intruder', corrupt: false, seenAt: 0 });
  t.notOk((await map.of(a)).some((r) => r.datanodeId === 'intruder'), 'a caller changing its answer changes nothing cached');
});

t.test('replica cache: writes of one replica at the same time, and reads racing them', async (t) => {
  const { store, map } = await openMap(t);
  await map.of(a);
  for (let round = 0; round < 20; round++) {
    const dn = `dn-${round % 3}`;
    await Promise.all([
      map.add(dn, [a], { seenAt: round, fresh: true }),
      map.of(a),
      map.remove(dn, [a]),
      map.of(b),
      map.markCorrupt(dn, [a, b], round),
      map.add(`dn-${(round + 1) % 3}`, [a, b], { seenAt: round, fresh: true }),
      map.of(a),
    ]);
    await coherent(t, store, map, `round ${round}`);
  }
});

t.test('replica cache: a batch that fails leaves nothing cached that LevelDB does not hold', async (t) => {
  const { store, map } = await openMap(t);
  await map.add('dn-1', [a], { seenAt: 1, fresh: true });
  await map.of(a);
  const batch = store.db.batch.bind(store.db);
  (store.db as unknown as { batch: unknown }).batch = async () => {
    throw new Error('disk full');
  };
  await t.rejects(map.add('dn-2', [a], { seenAt: 2, fresh: true }), /disk full/);
  (store.db as unknown as { batch: unknown }).batch = batch;
  await coherent(t, store, map, 'after the failed write');
});

t.test('replica cache: a read that saw the replicas before a write does not cache what it saw', async (t) => {
  const { store, map } = await openMap(t);
  await map.add('dn-1', [a], { seenAt: 1, fresh: true });
  // The next range read takes its snapshot at once but answers only when released.
  const replicas = store.sub.replicas;
  const iterator = replicas.iterator.bind(replicas);
  let release = () => undefined as void;
  const released = new Promise<void>((resolve) => (release = resolve));
  (replicas as unknown as { iterator: unknown }).iterator = (options: object) => (async function* () {
    const seen = await iterator(options).all();
    await released;
    yield* seen;
  })();
  const slowRead = map.of(a);
  await map.add('dn-2', [a], { seenAt: 2, fresh: true });
  release();
  t.same((await slowRead).map((r) => r.datanodeId), ['dn-1'], 'the slow read answers what it saw');
  (replicas as unknown as { iterator: unknown }).iterator = iterator;
  await coherent(t, store, map, 'and the next read answers what LevelDB holds');
});

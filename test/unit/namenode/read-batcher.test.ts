// Read coalescing: point reads asked for in one event-loop turn reach LevelDB as one getMany per
// sublevel (bounded in size), each read gets its own key's answer, and a failed getMany fails
// exactly the reads it carried.
import t from 'tap';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReadBatcher, readBatchKeysMax, type ManyReader } from '../../../src/namenode/metastore/read-batcher.js';
import type { SublevelName } from '../../../src/namenode/metastore/metastore.js';
import { Metastore } from '../../../src/namenode/metastore/metastore.js';
import { u64 } from '../../../src/namenode/metastore/keys.js';

/** A fake sublevel whose value for key k is `${name}:${k}`, recording each getMany call. */
function recordingReaders(): { readerOf: (name: SublevelName) => ManyReader; calls: Array<{ name: SublevelName; keys: string[] }> } {
  const calls: Array<{ name: SublevelName; keys: string[] }> = [];
  return {
    calls,
    readerOf: (name) => ({
      getMany: async (keys) => {
        calls.push({ name, keys: keys.map(String) });
        return keys.map((k) => (String(k).startsWith('missing') ? undefined : `${name}:${String(k)}`));
      },
    }),
  };
}

t.test('read batcher: reads of one turn become one getMany per sublevel, answered in order', async (t) => {
  const { readerOf, calls } = recordingReaders();
  const reads = new ReadBatcher(readerOf);
  const answers = await Promise.all([
    reads.get('inodes', 'a'), reads.get('children', 'x'), reads.get('inodes', 'missing-1'), reads.get('inodes', 'b'),
  ]);
  t.same(answers, ['inodes:a', 'children:x', undefined, 'inodes:b']);
  t.same(calls, [{ name: 'inodes', keys: ['a', 'missing-1', 'b'] }, { name: 'children', keys: ['x'] }]);
  t.same(await reads.getMany('users', ['u1', 'u2']), ['users:u1', 'users:u2']);
  t.equal(calls.length, 3, 'a later turn is a later batch');
});

t.test('read batcher: a turn with more reads than the bound is split into bounded batches', async (t) => {
  const { readerOf, calls } = recordingReaders();
  const reads = new ReadBatcher(readerOf);
  const count = readBatchKeysMax * 2 + 3;
  const answers = await Promise.all(Array.from({ length: count }, (_, i) => reads.get('inodes', `k${i}`)));
  t.same(answers, Array.from({ length: count }, (_, i) => `inodes:k${i}`));
  t.same(calls.map((c) => c.keys.length), [readBatchKeysMax, readBatchKeysMax, 3]);
});

t.test('read batcher: a failed getMany rejects the reads it carried, and only those', async (t) => {
  const reads = new ReadBatcher((name) => ({
    getMany: async (keys) => (name === 'inodes' ? Promise.reject(new Error('disk')) : keys.map(() => 1)),
  }));
  const [a, b, c] = await Promise.allSettled([reads.get('inodes', 'a'), reads.get('inodes', 'b'), reads.get('children', 'c')]);
  t.equal(a?.status, 'rejected');
  t.equal(b?.status, 'rejected');
  t.same(c, { status: 'fulfilled', value: 1 });
});

t.test('read batcher: through the metastore, coalesced reads see exactly what LevelDB holds', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'cairn-read-batch-'));
  const store = await Metastore.open(dir);
  t.teardown(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });
  await store.sub.users.put(u64(7), { id: 7, name: 'g', tier: 'standard', quotaBytes: 1, usedBytes: 0, admin: false, homeId: 9, createdAt: 0 });
  await store.sub.userNames.put('g', 7);
  const before = store.readStats.batches;
  const [user, id, none] = await Promise.all([store.get('users', u64(7)), store.get('userNames', 'g'), store.get('users', u64(8))]);
  t.equal(user?.name, 'g');
  t.equal(id, 7);
  t.equal(none, undefined);
  t.equal(store.readStats.batches - before, 2, 'one getMany for each of the two sublevels');
});

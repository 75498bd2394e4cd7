// The record cache on its own: what it remembers, what it refuses to remember (a value loaded
// before a commit of the same key), and that it never holds more entries than its bound.
import t from 'tap';
import { miss, RecordCache } from '../../../src/namenode/metastore/record-cache.js';
import { childKey, u64 } from '../../../src/namenode/metastore/keys.js';

/** A load that resolves when the test says so, to interleave commits with it. */
function deferredLoad<V>(): { load: () => Promise<V | undefined>; finish: (value: V | undefined) => void } {
  let finish: (value: V | undefined) => void = () => undefined;
  const promise = new Promise<V | undefined>((resolve) => (finish = resolve));
  return { load: () => promise, finish };
}

t.test('record cache: a miss loads once, then the value (or its absence) is served from memory', async (t) => {
  const cache = new RecordCache(100);
  let loads = 0;
  const load = async () => ((loads += 1), 7);
  t.equal(await cache.read('children', childKey(1, 'a/'), load), 7);
  t.equal(await cache.read('children', childKey(1, 'a/'), load), 7);
  t.equal(loads, 1, 'second read is a hit');
  t.equal(await cache.read('children', childKey(1, 'b/'), async () => ((loads += 1), undefined)), undefined);
  t.equal(await cache.read('children', childKey(1, 'b/'), async () => ((loads += 1), 9)), undefined, 'absence is remembered too');
  t.equal(loads, 2);
  t.same(cache.stats, { size: 2, hits: 2, misses: 2, staleFills: 0 });
});

t.test('record cache: a load that a commit overtakes is not stored, so the cache never goes back in time', async (t) => {
  const cache = new RecordCache(100);
  const key = u64(5);
  const old = { id: 5, name: 'old' };
  const slow = deferredLoad<typeof old>();
  const reading = cache.read('inodes', key, slow.load);
  cache.commit([{ name: 'inodes', key, value: { id: 5, name: 'new' } }]);
  slow.finish(old);
  t.same(await reading, old, 'the reader that started before the commit gets what it read');
  t.same(cache.peek('inodes', key), { id: 5, name: 'new' }, 'the cache keeps the committed value');
  t.equal(cache.stats.staleFills, 1);
});

t.test('record cache: readMany answers in order, loading only the unknown keys in one call', async (t) => {
  const cache = new RecordCache(100);
  cache.commit([{ name: 'children', key: childKey(1, 'x/'), value: 11 }]);
  const asked: Buffer[][] = [];
  const keys = [childKey(1, 'w/'), childKey(1, 'x/'), childKey(1, 'y')];
  const answers = await cache.readMany<number>('children', keys, async (missing) => {
    asked.push(missing as Buffer[]);
    return [undefined, 13];
  });
  t.same(answers, [undefined, 11, 13]);
  t.equal(asked.length, 1, 'one load for all misses');
  t.same(asked[0]?.map((k) => k.toString('latin1')), [keys[0], keys[2]].map((k) => k?.toString('latin1')));
  const again = await cache.readMany('children', keys, async () => {
    t.fail('no second load');
    return [];
  });
  t.same(again, [undefined, 11, 13]);
});

t.test('record cache: a failed load stores nothing and the next read tries again', async (t) => {
  const cache = new RecordCache(100);
  await t.rejects(cache.read('inodes', u64(1), async () => Promise.reject(new Error('disk'))), /disk/);
  t.equal(cache.peek('inodes', u64(1)), miss, 'still a miss');
  t.equal(await cache.read('inodes', u64(1), async () => 3), 3);
});

t.test('record cache: cached records are frozen, so no reader can change what others see', async (t) => {
  const cache = new RecordCache(100);
  cache.commit([{ name: 'inodes', key: u64(2), value: { id: 2, name: 'a' } }]);
  const inode = await cache.read<{ name: string }>('inodes', u64(2), async () => undefined);
  t.throws(() => {
    if (inode) inode.name = 'b';
  }, TypeError);
});

t.test('record cache: eviction keeps the size within the bound and keeps what is read often', async (t) => {
  const bound = 64;
  const cache = new RecordCache(bound);
  const hot = u64(1);
  cache.commit([{ name: 'inodes', key: hot, value: { id: 1 } }]);
  let maxSize = 0;
  for (let i = 2; i < 5_000; i++) {
    if (i % 2 === 0) cache.commit([{ name: 'inodes', key: u64(i), value: { id: i } }]);
    else await cache.read('children', childKey(i, 'n'), async () => undefined);
    await cache.read('inodes', hot, async () => {
      t.fail('the hot entry stays cached');
      return undefined;
    });
    maxSize = Math.max(maxSize, cache.stats.size);
  }
  t.equal(maxSize, bound, 'fills up to the bound and never past it');
  t.same(cache.peek('inodes', hot), { id: 1 });
  t.equal([...cache.entries()].length, bound);
});

t.test('record cache: only sublevels written through the edit log are cached', async (t) => {
  const cache = new RecordCache(100);
  cache.commit([{ name: 'replicas', key: Buffer.from('b'), value: 1 }, { name: 'journal', key: u64(1), value: {} }]);
  t.equal(cache.stats.size, 0);
  t.equal(RecordCache.caches('inodes') && RecordCache.caches('children'), true);
  t.equal(RecordCache.caches('replicas'), false);
});

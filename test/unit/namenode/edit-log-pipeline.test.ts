// The edit writer's group commit, pipelined: a burst on an idle disk is cut so the first
// acknowledgements need not wait for the whole burst; while a batch is being synced the next
// group is prepared on top of it (seeing its writes) and grows as large as the wait allows;
// batches reach LevelDB one at a time, in txid order; and when a batch fails, the group
// prepared on top of it is refused without being written.
import t from 'tap';
import { editGroupMax } from '../../../src/common/constants.js';
import { code } from '../../harness/error-code.js';
import { CairnError } from '../../../src/common/errors.js';
import { childKey } from '../../../src/namenode/metastore/keys.js';
import { idleDiskGroupMax } from '../../../src/namenode/journal/edit-log.js';
import { waitFor } from '../../harness/wait-for.js';
import { cacheSnapshot, holdBatches, incoherentEntries, openNamespace } from './fixtures/namespace.js';


t.test('edit log: a burst on an idle disk goes out as a small first batch, the rest in the next', async (t) => {
  const ns = await openNamespace(t);
  const groupsBefore = ns.log.stats.groups;
  const burst = 20;
  await Promise.all(Array.from({ length: burst }, (_, i) => ns.namespace.mkdir(ns.admin, `/home/admin/g${i}`, false)));
  t.equal(ns.log.stats.groups - groupsBefore, 2, `${idleDiskGroupMax} at once, the other ${burst - idleDiskGroupMax} prepared meanwhile`);
  t.equal((await ns.namespace.list(ns.admin, '/home/admin', '', 100)).entries.length, burst);
});

t.test('edit log: while a batch syncs, the next group sees its writes and grows past the idle-disk size', async (t) => {
  const ns = await openNamespace(t);
  const gate = holdBatches(ns.store);
  const held = gate.held;
  const acked: number[] = [];
  const mkdir = (path: string) => ns.namespace.mkdir(ns.admin, path, false).then((e) => (acked.push(e.inode.id), e));
  const first = mkdir('/home/admin/a');
  await waitFor(() => held.length === 1, 5000, () => held.length);
  const later = [mkdir('/home/admin/a/b'), ...Array.from({ length: 3 * idleDiskGroupMax }, (_, i) => mkdir(`/home/admin/x${i}`))];
  await new Promise((resolve) => setTimeout(resolve, 50));
  t.equal(held.length, 1, 'no second batch while the first is in flight');
  held[0]?.release();
  await first;
  await waitFor(() => held.length === 2, 5000, () => held.length);
  gate.open();
  const made = await Promise.all(later);
  t.equal(made[0]?.inode.parentId, (await first).inode.id, 'a/b was validated against the in-flight a');
  t.ok((held[1]?.operations ?? 0) > idleDiskGroupMax * 3, 'all the later edits shared the second batch');
  t.ok(3 * idleDiskGroupMax + 1 <= editGroupMax, 'the test stays within one group');
  t.same(acked, [...acked].sort((x, y) => x - y), 'acknowledged in txid (= inode id) order');
  t.same(await incoherentEntries(ns.store), []);
});

t.test('edit log: a failed batch refuses the group prepared on top of it, which never reaches the disk', async (t) => {
  const ns = await openNamespace(t);
  await ns.namespace.mkdir(ns.admin, '/home/admin/kept', false);
  const before = cacheSnapshot(ns.store);
  const { held } = holdBatches(ns.store);
  const first = code(ns.namespace.mkdir(ns.admin, '/home/admin/lost', false));
  await waitFor(() => held.length === 1, 5000, () => held.length);
  const second = code(ns.namespace.mkdir(ns.admin, '/home/admin/lost/inside', false));
  await new Promise((resolve) => setTimeout(resolve, 50));
  held[0]?.release(new Error('injected: fsync failed'));
  t.equal(await first, 'IO_ERROR', 'the failed batch is not acknowledged');
  t.equal(await second, 'IO_ERROR', 'the group prepared on top of it is refused');
  t.equal(held.length, 1, 'the second group was never written');
  t.equal(await code(ns.namespace.mkdir(ns.admin, '/home/admin/after', false)), 'IO_ERROR', 'the log stays refused');
  t.same(await incoherentEntries(ns.store), [], 'the cache still equals LevelDB');
  t.notOk(cacheSnapshot(ns.store).some((line) => line.includes('"lost"') || line.includes('"inside"')), 'nothing of either group is cached');
  t.ok(before.every((line) => cacheSnapshot(ns.store).includes(line)), 'what was cached before is unchanged');
  t.equal(await code(ns.namespace.stat(ns.admin, '/home/admin/lost')), 'NOT_FOUND');
  t.equal((await ns.namespace.stat(ns.admin, '/home/admin/kept')).inode.name, 'kept');
});

t.test('edit log: a refusal decided on an edit still in flight is delivered only once that edit is durable', async (t) => {
  // mkdir -p of a folder another caller is making: the second prepare sees the first's in-flight
  // folder and refuses (ALREADY_EXISTS), and mkdir -p then looks the folder up. Told before the
  // folder was durable, it would find nothing (NOT_FOUND) — or after a crash, never find it.
  const ns = await openNamespace(t);
  const { held } = holdBatches(ns.store);
  const first = ns.namespace.mkdir(ns.admin, '/home/admin/p/q', true);
  await waitFor(() => held.length === 1, 5000, () => held.length);
  let secondSettled = false;
  const second = ns.namespace.mkdir(ns.admin, '/home/admin/p/q', true).finally(() => (secondSettled = true));
  const refusedEarly = code(ns.log.submit(async (reader) => {
    if (await reader.get('children', childKey((await ns.namespace.stat(ns.admin, '/home/admin')).inode.id, 'p/'))) throw new CairnError('ALREADY_EXISTS', 'p is in flight');
    throw new Error('p should be visible to a prepare step');
  }));
  await new Promise((resolve) => setTimeout(resolve, 50));
  t.notOk(secondSettled, 'the second mkdir -p waits while the folder it saw is not durable');
  held[0]?.release();
  const [made, again] = await Promise.all([first, second]);
  t.equal(again.inode.id, made.inode.id, 'then it answers the folder the first one made');
  t.equal(await refusedEarly, 'ALREADY_EXISTS', 'a refusal reaches its caller as it was decided');
});

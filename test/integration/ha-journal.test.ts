// The quorum journal with three real namenodes and a real ZooKeeper: one active, standbys that
// hold every acknowledged edit, failover to a standby that serves what the old active
// acknowledged, and a namenode that rejoins and catches up.
import { join } from 'node:path';
import t from 'tap';
import { Metastore } from '../../src/namenode/metastore/metastore.js';
import { HaCluster } from '../harness/ha-cluster.js';
import { waitFor } from '../harness/wait-for.js';

const mkdir = (path: string) => ({ path, parents: true, implicit: false });

t.test('three namenodes: one active, edits on a majority, failover keeps them', async (t) => {
  const cluster = await HaCluster.start();
  t.teardown(() => cluster.stop());
  const active = await cluster.active();
  const client = cluster.client();
  for (let i = 0; i < 20; i++) await client.call('Mkdir', mkdir(`/home/admin/d${i}`));
  const standbys = cluster.namenodes.filter((n) => n !== undefined && n !== active);
  t.equal(standbys.length, 2);
  t.ok(standbys.every((n) => !n?.active), 'exactly one active');
  // Every acknowledged edit is durable on a majority: at least one standby has all of them already.
  const acknowledged = await active.lastTxid();
  const held = await Promise.all(standbys.map((n) => n?.lastTxid()));
  t.ok(held.some((txid) => (txid ?? 0) >= acknowledged), 'a standby holds every acknowledged edit');
  await waitFor(async () => (await Promise.all(standbys.map((n) => n?.lastTxid()))).every((txid) => txid === acknowledged), 5000);

  const first = cluster.indexOf(active);
  await cluster.stopNamenode(first);
  const next = await cluster.active();
  t.not(cluster.indexOf(next), first, 'a standby took over');
  const listed = await client.call('List', { path: '/home/admin', limit: 100, after: '' } as never) as { entries: Array<{ name: string }> };
  t.equal(listed.entries.filter((e) => e.name.startsWith('d')).length, 20, 'every acknowledged edit is there');
  await client.call('Mkdir', mkdir('/home/admin/after-failover'));

  // The old active returns as a standby and catches up.
  const back = await cluster.startNamenode(first);
  t.notOk(back.active);
  await waitFor(async () => (await back.lastTxid()) === (await next.lastTxid()), 10_000);
  t.pass('the returning namenode caught up');
});

t.test('a namenode behind a trimmed journal copies a snapshot, then follows', async (t) => {
  // Records stay while a remembered request id points to them: short-lived request ids let them go.
  const cluster = await HaCluster.start({ config: { journalRetainTxids: 5, retryCacheMs: 300 } });
  t.teardown(() => cluster.stop());
  const active = await cluster.active();
  const client = cluster.client();
  const behind = cluster.namenodes.findIndex((n) => n !== undefined && n !== active);
  const before = await cluster.namenodes[behind]?.lastTxid() ?? 0;
  await cluster.stopNamenode(behind);
  for (let i = 0; i < 30; i++) await client.call('Mkdir', mkdir(`/home/admin/t${i}`));
  let trimmed = 0;
  await waitFor(async () => (trimmed += await active.trimJournal()) >= 25, 10_000, () => trimmed); // past the records it lacks
  const back = await cluster.startNamenode(behind);
  await waitFor(async () => (await back.lastTxid()) === (await active.lastTxid()), 10_000);
  await client.call('Mkdir', mkdir('/home/admin/later'));
  await waitFor(async () => (await back.lastTxid()) === (await active.lastTxid()), 10_000);
  const last = await back.lastTxid();
  await cluster.stopNamenode(behind);
  const store = await Metastore.open(join(cluster.dir, `nn${behind}`, 'meta'));
  t.teardown(() => store.close());
  const [first] = (await store.sub.journal.values({ limit: 1 }).all()) as Array<{ txid: number }>;
  t.ok(first !== undefined && first.txid > before + 1, `its journal starts after the gap (${before} → ${first?.txid}): the state came from a snapshot`);
  t.equal((await store.sub.journal.values({ reverse: true, limit: 1 }).all() as Array<{ txid: number }>)[0]?.txid, last, 'and it went on applying batches');
  t.ok(await store.sub.inodes.values().all().then((all) => (all as Array<{ name: string }>).some((i) => i.name === 't29')), 'with the edits it missed');
});

t.test('with two of three namenodes down writes fail cleanly; when one returns they resume, nothing lost', async (t) => {
  const cluster = await HaCluster.start();
  t.teardown(() => cluster.stop());
  const active = await cluster.active();
  const client = cluster.client();
  await client.call('Mkdir', mkdir('/home/admin/kept'));
  const standbys = cluster.namenodes.map((n, i) => (n !== undefined && n !== active ? i : -1)).filter((i) => i >= 0);
  for (const i of standbys) await cluster.stopNamenode(i);
  const refused = await client.call('Mkdir', mkdir('/home/admin/lonely')).then(() => 'OK', (err: { code?: string }) => err.code);
  t.ok(refused === 'UNAVAILABLE' || refused === 'NOT_ACTIVE', `a write without a majority fails: ${refused}`);
  await cluster.startNamenode(standbys[0] as number);
  await waitFor(async () => (await client.call('Mkdir', mkdir('/home/admin/resumed')).then(() => true, () => false)), 20_000);
  const listed = await client.call('List', { path: '/home/admin', limit: 100, after: '' } as never) as { entries: Array<{ name: string }> };
  const names = listed.entries.map((e) => e.name);
  t.ok(names.includes('kept') && names.includes('resumed'), `acknowledged edits are there: ${names.join(',')}`);
});

t.test('a graceful failover under load loses no acknowledged edit', async (t) => {
  const cluster = await HaCluster.start();
  t.teardown(() => cluster.stop());
  const active = await cluster.active();
  const client = cluster.client();
  const acknowledged: string[] = [];
  let stop = false;
  const writers = Array.from({ length: 4 }, async (_, w) => {
    for (let i = 0; !stop; i++) {
      const name = `w${w}-${i}`;
      if (await client.call('Mkdir', mkdir(`/home/admin/${name}`)).then(() => true, () => false)) acknowledged.push(name);
    }
  });
  await waitFor(async () => acknowledged.length >= 20, 10_000);
  const target = cluster.addresses.find((a) => a !== active.rpcAddress) as string;
  const status = await client.admin('HaFailover', { to: target });
  t.equal(status.active, target, 'the named standby is the active now');
  const after = acknowledged.length;
  await waitFor(async () => acknowledged.length >= after + 20, 10_000);
  stop = true;
  await Promise.all(writers);
  const listed = await client.call('List', { path: '/home/admin', limit: 10_000, after: '' } as never) as { entries: Array<{ name: string }> };
  const names = new Set(listed.entries.map((e) => e.name));
  t.same(acknowledged.filter((name) => !names.has(name)), [], `all ${acknowledged.length} acknowledged edits are there`);
  t.notOk(active.active, 'the old active stepped down');
});

t.test('without ZooKeeper the active steps down before its session could expire; nothing acknowledges writes', async (t) => {
  const cluster = await HaCluster.start();
  t.teardown(() => cluster.stop());
  await cluster.active();
  const client = cluster.client();
  await client.call('Mkdir', mkdir('/home/admin/before'));
  const lost = Date.now();
  await cluster.zk.stop();
  await waitFor(async () => cluster.namenodes.every((n) => !n?.active), 1000); // the session timeout is 1 s
  t.ok(Date.now() - lost < 1000, `no namenode serves ${Date.now() - lost} ms after ZooKeeper went (session timeout 1000 ms)`);
  const refused = await client.call('Mkdir', mkdir('/home/admin/after')).then(() => 'OK', (err: { code?: string }) => err.code);
  t.ok(refused === 'NOT_ACTIVE' || refused === 'UNAVAILABLE', `a write is refused: ${refused}`);
});

// The quorum journal with three real namenodes and a real ZooKeeper: one active, standbys that
// hold every acknowledged edit, failover to a standby that serves what the old active
// acknowledged, and a namenode that rejoins and catches up.
import t from 'tap';
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

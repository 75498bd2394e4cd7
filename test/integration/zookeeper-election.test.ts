// The ZooKeeper pieces of high availability against a real ZooKeeper (Debian's, standalone,
// tickTime 500 ms): the promise session maps ZooKeeper's failures onto Cairn codes; of several
// namenode candidates exactly one leads, and when it goes — its session closed, or it leaves —
// exactly the next in line leads; epochs taken concurrently are all different and increasing.
import t from 'tap';
import { ZkSession } from '../../src/common/zookeeper.js';
import { currentLeader, LeaderElection } from '../../src/namenode/ha/election.js';
import { takeEpoch } from '../../src/namenode/ha/epoch.js';
import { code } from '../harness/error-code.js';
import { waitFor } from '../harness/wait-for.js';
import { startZooKeeper } from '../harness/zookeeper.js';

const zk = await startZooKeeper();
t.teardown(() => zk.stop());
const session = () => ZkSession.connect(zk.connect, { sessionTimeoutMs: 2000, connectTimeoutMs: 10_000 });

t.test('zookeeper session: create, compare-and-set, children, remove; failures as Cairn codes', async (t) => {
  const s = await session();
  t.teardown(() => s.close());
  await s.ensurePath('/t/basics');
  t.equal(await s.create('/t/basics/a', Buffer.from('one'), 'persistent'), '/t/basics/a');
  t.equal(await code(s.create('/t/basics/a', Buffer.from('two'), 'persistent')), 'ALREADY_EXISTS');
  t.equal(await code(s.create('/t/missing/a', Buffer.alloc(0), 'persistent')), 'NOT_FOUND', 'no parent');
  const node = await s.get('/t/basics/a');
  t.equal(node?.data.toString(), 'one');
  const version = await s.set('/t/basics/a', Buffer.from('two'), node?.version ?? -2);
  t.equal(await code(s.set('/t/basics/a', Buffer.from('three'), node?.version ?? -2)), 'REVISION_CONFLICT', 'a stale version loses');
  t.equal((await s.get('/t/basics/a'))?.data.toString(), 'two', 'and changes nothing');
  t.equal((await s.get('/t/basics/a'))?.version, version);
  t.equal(await s.get('/t/basics/none'), undefined);
  t.same((await s.children('/t/basics')).sort(), ['a']);
  await s.remove('/t/basics/a');
  await s.remove('/t/basics/a');
  t.notOk(await s.exists('/t/basics/a'), 'removed, and removing again is fine');
  const other = await session();
  await other.create('/t/basics/eph', Buffer.alloc(0), 'ephemeral');
  t.ok(await s.exists('/t/basics/eph'));
  other.close();
  await waitFor(async () => !(await s.exists('/t/basics/eph')), 5000);
  t.pass('an ephemeral node goes with its session');
  t.equal(await code(ZkSession.connect('127.0.0.1:1', { sessionTimeoutMs: 2000, connectTimeoutMs: 500 })), 'UNAVAILABLE', 'no server: UNAVAILABLE');
});

t.test('election: one leader among three; when it goes, exactly the next in line leads', async (t) => {
  const root = '/t/cluster-a';
  const sessions = await Promise.all([session(), session(), session()]);
  t.teardown(() => sessions.forEach((s) => s.close()));
  const led: string[] = [];
  const elections = sessions.map((s, i) => new LeaderElection(s, root, `nn${i}`, () => led.push(`nn${i}`)));
  for (const election of elections) await election.join();
  t.same(led, ['nn0'], 'the first to join leads, alone');
  t.equal(await currentLeader(sessions[1] as ZkSession, root), 'nn0', 'everyone can see who leads');

  (sessions[0] as ZkSession).close();
  await waitFor(() => led.length === 2, 10_000, () => led);
  t.same(led, ['nn0', 'nn1'], 'the leader\'s session ended: the next in line leads');
  t.notOk(elections[2]?.leading, 'the third still waits');
  t.equal(await currentLeader(sessions[2] as ZkSession, root), 'nn1');

  await elections[1]?.leave();
  await waitFor(() => led.length === 3, 10_000, () => led);
  t.same(led, ['nn0', 'nn1', 'nn2'], 'a leader that leaves hands over to the next');
  t.equal(await currentLeader(sessions[2] as ZkSession, root), 'nn2');
});

t.test('epochs: taken concurrently by several namenodes, all different and increasing', async (t) => {
  const sessions = await Promise.all([session(), session(), session()]);
  t.teardown(() => sessions.forEach((s) => s.close()));
  const taken = await Promise.all(Array.from({ length: 12 }, (_, i) => takeEpoch(sessions[i % 3] as ZkSession, '/t/cluster-b')));
  t.same([...taken].sort((a, b) => a - b), Array.from({ length: 12 }, (_, i) => i + 1), 'epochs 1 to 12, each taken once');
  t.equal(await takeEpoch(sessions[0] as ZkSession, '/t/cluster-b'), 13, 'the next is one higher');
});

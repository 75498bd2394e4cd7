// What breaks: the active namenode is frozen (SIGSTOP) until its ZooKeeper session expires and
// another takes over, then resumed (SIGCONT). What must hold: the old active commits nothing — a
// call it took while frozen is not acknowledged and its edit appears nowhere — then it steps
// down and rejoins as a standby that catches up (DESIGN §10, invariants 1 and 7).
import t from 'tap';
import { callUnary, channelOptions, insecure, loadProtos, metadataWith } from '../../src/common/grpc.js';
import { HaProcesses } from '../harness/ha-processes.js';
import { waitFor } from '../harness/wait-for.js';

const mkdir = (path: string) => ({ path, parents: true, implicit: false });

t.test('fault: a frozen active is fenced, steps down and rejoins as a standby', async (t) => {
  const group = await HaProcesses.start();
  t.teardown(() => group.stop());
  const first = await group.activeIndex();
  const client = group.client();
  for (let i = 0; i < 10; i++) await client.call('Mkdir', mkdir(`/home/admin/before${i}`));

  const frozen = group.processes[first];
  frozen?.kill('SIGSTOP');
  // A call that reaches only the frozen active (a bare gRPC call: no client failover to follow a
  // refusal elsewhere): it waits in its socket until the process resumes.
  const direct = new (loadProtos().namenode.cairn.namenode.ClientService)(group.addresses[first] as string, insecure, channelOptions);
  t.teardown(() => direct.close());
  const pending = callUnary(direct, direct.Mkdir, mkdir('/home/admin/while-frozen'), metadataWith({ authorization: `Bearer ${group.adminToken}` }), 30_000)
    .then(() => 'OK', (err: { code?: string }) => err.code ?? 'ERROR');
  const next = await group.activeIndex(first);
  t.not(next, first, 'another namenode took over while the active was frozen');
  await group.client([group.addresses[next] as string]).call('Mkdir', mkdir('/home/admin/on-the-new-active'));

  frozen?.kill('SIGCONT');
  const outcome = await pending;
  t.not(outcome, 'OK', `the resumed old active acknowledged nothing (${outcome})`);
  const listed = await group.client([group.addresses[next] as string]).call('List', { path: '/home/admin', limit: 100, after: '' } as never) as { entries: Array<{ name: string }> };
  const names = listed.entries.map((e) => e.name);
  t.notOk(names.includes('while-frozen'), 'its edit was committed nowhere');
  t.ok(names.includes('on-the-new-active') && names.includes('before9'), 'the acknowledged edits are all there');

  await waitFor(async () => {
    const status = await group.client([group.addresses[next] as string]).admin('HaStatus', {});
    const old = status.namenodes.find((n) => n.address === group.addresses[first]);
    const active = status.namenodes.find((n) => n.address === group.addresses[next]);
    return old?.role === 'standby' && old.lastTxid === active?.lastTxid;
  }, 20_000);
  t.pass('the old active rejoined as a standby and caught up');
});

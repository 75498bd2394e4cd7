// `cairn admin gc` and `cairn admin fsck --audit`, run in-process as the entry point runs them,
// against a real cluster. What must hold: gc prints exactly its contract's keys and refuses
// non-admins and safemode; the audit finds no drift in a namespace that went through uploads,
// re-uploads, trash and purges — and when a stored count is tampered with behind the namenode's
// back, it names that block and exits 1.
import t from 'tap';
import { randomBytes } from 'node:crypto';
import { adminCommand } from '../../src/cli/admin-commands.js';
import { fsCommand } from '../../src/cli/fs-commands.js';
import { MiB } from '../../src/common/constants.js';
import { blockKey } from '../../src/namenode/metastore/keys.js';
import { MiniCluster } from '../harness/mini-cluster.js';
import { jsonOf, runCli } from './run-cli.js';

type Json = Record<string, unknown>;

t.test('admin gc and fsck --audit', async (t) => {
  const cluster = await MiniCluster.start({ config: { gcGraceMs: 100 } });
  t.teardown(() => cluster.stop());
  const admin = cluster.client(cluster.adminToken);
  const alice = await admin.nn.admin('UserAdd', { name: 'alice' });
  const env = () => ({ CAIRN_NAMENODE: cluster.namenode.rpcAddress, CAIRN_TOKEN: cluster.adminToken });
  const aliceEnv = () => ({ CAIRN_NAMENODE: cluster.namenode.rpcAddress, CAIRN_TOKEN: alice.token });
  const asAdmin = (argv: string[]) => runCli(adminCommand, argv, { env: env() });

  const data = randomBytes(3 * MiB);
  for (const path of ['/home/alice/a', '/home/alice/b', '/home/alice/a']) {
    t.equal((await runCli(fsCommand, ['put', '-', path], { env: aliceEnv(), stdin: data })).code, 0, `put ${path}`);
  }
  t.equal((await runCli(fsCommand, ['put', '-', '/home/alice/c'], { env: aliceEnv(), stdin: randomBytes(MiB) })).code, 0);
  t.equal((await runCli(fsCommand, ['rm', '/home/alice/b'], { env: aliceEnv() })).code, 0, 'b goes to the trash, its references kept');
  const aliceClient = cluster.client(alice.token);
  await aliceClient.nn.call('PurgeRevision', { path: '/home/alice/c', revision: 1 });

  const gc = await asAdmin(['gc', '--json']);
  t.equal(gc.code, 0);
  t.same(Object.keys(jsonOf(gc) as object).sort(), ['bytesDeleted', 'condemned', 'deleted', 'deleting', 'forgotten']);
  const text = await asAdmin(['gc']);
  t.match(text.stdout, /^condemned \d+ blocks; deleting \d+ \(.+\); forgot \d+ whose replicas are gone; \d+ still being deleted\n$/);
  const denied = await runCli(adminCommand, ['gc'], { env: aliceEnv() });
  t.equal(denied.code, 1);
  t.equal(denied.errorCode, 'PERMISSION_DENIED');
  t.equal((await asAdmin(['gc', 'extra'])).code, 2, 'gc takes no argument');

  const audited = await asAdmin(['fsck', '--audit', '--json']);
  t.equal(audited.code, 0, audited.stderr);
  const audit = (jsonOf(audited) as Json).audit as Json;
  t.same(Object.keys(audit).sort(), ['blocks', 'drift', 'driftCount', 'lists', 'unreferenced']);
  t.equal(audit.driftCount, 0);
  t.same(audit.drift, []);
  t.equal(audit.lists, 3, 'a (2 revisions), trashed b, and nothing of the purged c');
  t.match((await asAdmin(['fsck', '--audit'])).stdout, /Reference audit: 3 block lists, \d+ blocks \(\d+ unreferenced\): no drift\n$/);

  // A count changed behind the namenode's back: the audit names the block and fails.
  const [victim] = (await aliceClient.nn.call('GetFile', { path: '/home/alice/a', revision: 0, fromOffset: 0, maxBlocks: 1 })).blocks;
  if (victim === undefined) throw new Error('a has a block');
  await cluster.restartNamenode(async () => {
    const { Metastore } = await import('../../src/namenode/metastore/metastore.js');
    const { join } = await import('node:path');
    const store = await Metastore.open(join(cluster.dir, 'nn', 'meta'));
    const block = await store.sub.blocks.get(blockKey(victim.id));
    if (block === undefined) throw new Error('the block has a record');
    await store.sub.blocks.put(blockKey(victim.id), { ...block, refs: block.refs + 1 });
    await store.close();
  });
  const drifted = await runCli(adminCommand, ['fsck', '--audit'], { env: env() });
  t.equal(drifted.code, 1, 'drift fails fsck');
  t.match(drifted.stdout, new RegExp(`1 disagreements\\n  block ${victim.id}: \\d+ stored, \\d+ counted\\n$`));
  t.equal((await runCli(adminCommand, ['safemode', 'enter'], { env: env() })).code, 0);
  const inSafemode = await runCli(adminCommand, ['gc'], { env: env() });
  t.equal(inSafemode.errorCode, 'SAFE_MODE', 'no collection in safemode');
});

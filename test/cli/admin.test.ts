// `cairn admin` against a real 3-datanode cluster, run in-process: users with imported S3 keys,
// tokens that work, the datanode table with exactly the contract's keys, and the codes for
// non-admins and bad usage.
import t from 'tap';
import { adminCommand } from '../../src/cli/admin-commands.js';
import { fsCommand } from '../../src/cli/fs-commands.js';
import { MiniCluster } from '../harness/mini-cluster.js';
import { jsonOf, runCli } from './run-cli.js';

const cluster = await MiniCluster.start();
t.teardown(() => cluster.stop());
const adminEnv = { CAIRN_NAMENODE: cluster.namenode.rpcAddress, CAIRN_TOKEN: cluster.adminToken };
const asAdmin = (argv: string[]) => runCli(adminCommand, argv, { env: adminEnv });
const envOf = (token: string) => ({ CAIRN_NAMENODE: cluster.namenode.rpcAddress, CAIRN_TOKEN: token });
const sortedKeys = (value: unknown) => Object.keys(value as object).sort();

const accessKey = 'AKIACAIRNTEST0000001';
const secretKey = 'imported-secret-key-0123456789';

t.test('admin user add --json imports the given S3 keys and returns a working token', async (t) => {
  const run = await asAdmin(['user', 'add', 'migrated', '--tier', 'premium', '--quota', '2GiB', '--access-key', accessKey, '--secret-key', secretKey, '--json']);
  t.equal(run.code, 0, run.stderr);
  const made = jsonOf(run) as Record<string, string>;
  t.same(sortedKeys(made), ['accessKeyId', 'name', 'secretAccessKey', 'token']);
  t.match(made, { name: 'migrated', accessKeyId: accessKey, secretAccessKey: secretKey });
  const quota = jsonOf(await runCli(fsCommand, ['quota', '--json'], { env: envOf(made.token ?? '') }));
  t.same(quota, { user: 'migrated', tier: 'premium', quotaBytes: 2 * 1024 ** 3, usedBytes: 0 }, 'the token is the new user, with the given tier and quota');

  const again = await asAdmin(['user', 'add', 'migrated']);
  t.equal(again.code, 1);
  t.equal(again.errorCode, 'ALREADY_EXISTS');
  const human = await asAdmin(['user', 'add', 'plain']);
  t.equal(human.code, 0, human.stderr);
  t.match(human.stdout, /^name: plain\ntoken: cn1_\S+\naccessKeyId: \S+\nsecretAccessKey: \S+\n$/, 'human output: one field per line');
});

t.test('admin user ls and user token', async (t) => {
  const users = jsonOf(await asAdmin(['user', 'ls', '--json'])) as Array<Record<string, unknown>>;
  for (const user of users) t.same(sortedKeys(user), ['admin', 'createdAt', 'name', 'quotaBytes', 'tier', 'usedBytes']);
  t.match(users.find((u) => u.name === 'admin'), { admin: true });
  t.match(users.find((u) => u.name === 'migrated'), { admin: false, tier: 'premium', quotaBytes: 2 * 1024 ** 3, usedBytes: 0 });

  const run = await asAdmin(['user', 'token', 'migrated', '--json']);
  t.equal(run.code, 0, run.stderr);
  const issued = jsonOf(run) as Record<string, string>;
  t.same(sortedKeys(issued), ['name', 'token']);
  const whoami = jsonOf(await runCli(fsCommand, ['quota', '--json'], { env: envOf(issued.token ?? '') }));
  t.match(whoami, { user: 'migrated' }, 'the new token works');
  t.equal((await asAdmin(['user', 'token', 'nobody'])).errorCode, 'NOT_FOUND');
});

t.test('admin datanodes --json: three live nodes with exactly the contract keys', async (t) => {
  const run = await asAdmin(['datanodes', '--json']);
  t.equal(run.code, 0, run.stderr);
  const nodes = jsonOf(run) as Array<Record<string, unknown>>;
  t.equal(nodes.length, 3);
  for (const node of nodes) {
    t.same(sortedKeys(node), ['address', 'blocks', 'capacity', 'free', 'id', 'lastHeartbeatMsAgo', 'rack', 'state', 'used']);
    t.equal(node.state, 'live');
    t.match(node.address, /^127\.0\.0\.1:\d+$/);
  }
  const table = await asAdmin(['datanodes']);
  t.equal(table.stdout.trim().split('\n').length, 4, 'a header and one row per node');
});

t.test('admin report: counts and the datanode table', async (t) => {
  const report = jsonOf(await asAdmin(['report', '--json'])) as Record<string, unknown>;
  t.same(sortedKeys(report), [
    'blockBytes', 'blocks', 'chunking', 'clusterId', 'datanodes', 'files', 'folders', 'health', 'lastTxid', 'pendingReplications', 'replication',
    'replicationQueue', 'safemode', 'users',
  ]);
  t.same(sortedKeys(report.health), ['asOfMs', 'blocks', 'corruptReplicas', 'missing', 'overReplicated', 'underReplicated']);
  t.equal(report.safemode, false, 'a fresh cluster with no blocks is not in safe mode');
  t.equal((report.datanodes as unknown[]).length, 3);
  t.ok(Number(report.users) >= 3, 'admin, migrated and plain');
  const human = await asAdmin(['report']);
  t.match(human.stdout, /datanodes:\s+3 live of 3/);
  t.match(human.stdout, /safe mode:\s+OFF\n/);
  t.match(human.stdout, /block health:\s+0 missing, /);
});

t.test('admin: refused for a user, usage errors exit 2', async (t) => {
  const plainToken = (await cluster.client(cluster.adminToken).nn.admin('UserToken', { name: 'plain' })).token;
  const denied = await runCli(adminCommand, ['datanodes'], { env: envOf(plainToken) });
  t.equal(denied.code, 1);
  t.equal(denied.errorCode, 'PERMISSION_DENIED');
  const help = await asAdmin([]);
  t.equal(help.code, 0);
  t.match(help.stdout, /cairn admin user add NAME/);
  for (const argv of [['nosuch'], ['user'], ['user', 'add'], ['user', 'add', 'x', '--tier', 'gold'], ['user', 'add', 'x', '--access-key', accessKey], ['user', 'add', 'x', '--quota', 'lots']]) {
    const run = await asAdmin(argv);
    t.equal(run.code, 2, `admin ${argv.join(' ')}`);
    t.equal(run.errorCode, 'USAGE', `admin ${argv.join(' ')}: USAGE`);
  }
});

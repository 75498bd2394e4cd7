// `cairn admin ha` against a real namenode that runs without ZooKeeper: status answers as the
// active of epoch 0 with exactly CLI.md's keys, failover is refused with INVALID_ARGUMENT (exit
// 2) and changes nothing. Also the `--zk` settings every command takes: a bad connect string is a
// usage error (exit 2) from the flag, CAIRN_ZK or a config file, before any server starts, and
// the connection's location comes whole from the first source that names one.
import t from 'tap';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adminCommand } from '../../src/cli/admin-commands.js';
import { connectionSettings } from '../../src/cli/connection.js';
import { fsCommand } from '../../src/cli/fs-commands.js';
import { datanodeCommand, gatewayCommand, namenodeCommand } from '../../src/cli/server-commands.js';
import { MiniCluster } from '../harness/mini-cluster.js';
import { jsonOf, runCli } from './run-cli.js';

const cluster = await MiniCluster.start({ datanodes: 1 });
t.teardown(() => cluster.stop());
const adminEnv = { CAIRN_NAMENODE: cluster.namenode.rpcAddress, CAIRN_TOKEN: cluster.adminToken };
const asAdmin = (argv: string[]) => runCli(adminCommand, argv, { env: adminEnv });

t.test('admin ha status on a namenode without HA: the active of epoch 0, exactly the contract keys', async (t) => {
  await cluster.client(cluster.adminToken).nn.call('Mkdir', { path: '/home/admin-ha-probe', parents: true });
  const run = await asAdmin(['ha', 'status', '--json']);
  t.equal(run.code, 0, run.stderr);
  const status = jsonOf(run) as { epoch: number; active: string; namenodes: Array<Record<string, unknown>> };
  t.same(Object.keys(status), ['epoch', 'active', 'namenodes']);
  t.equal(status.epoch, 0);
  t.equal(status.active, cluster.namenode.rpcAddress, 'active is the rpcAddress of its server.json');
  t.equal(status.namenodes.length, 1);
  const [self] = status.namenodes;
  t.same(Object.keys(self ?? {}), ['address', 'role', 'lastTxid']);
  t.match(self, { address: cluster.namenode.rpcAddress, role: 'active' });
  const report = await cluster.client(cluster.adminToken).nn.admin('Report', {});
  t.equal(self?.lastTxid, report.lastTxid, 'lastTxid is the namenode\'s newest txid');
  t.ok(report.lastTxid > 0);

  const human = await asAdmin(['ha', 'status']);
  t.equal(human.code, 0, human.stderr);
  t.match(human.stdout, new RegExp(`^epoch 0, active ${cluster.namenode.rpcAddress.replace(/\./g, '\\.')}\n\nNAMENODE +ROLE +LAST TXID\n${cluster.namenode.rpcAddress.replace(/\./g, '\\.')} +active +${report.lastTxid}\n$`));
});

t.test('admin ha failover without HA: INVALID_ARGUMENT, exit 2, nothing changes', async (t) => {
  const before = await cluster.client(cluster.adminToken).nn.admin('Report', {});
  for (const argv of [['ha', 'failover'], ['ha', 'failover', '--to', cluster.namenode.rpcAddress], ['ha', 'failover', '--json']]) {
    const run = await asAdmin(argv);
    t.equal(run.code, 2, `admin ${argv.join(' ')}: ${run.stderr}`);
    t.equal(run.errorCode, 'INVALID_ARGUMENT');
    t.equal(run.stdout, '', 'nothing on stdout');
  }
  const after = jsonOf(await asAdmin(['ha', 'status', '--json']));
  t.same(after, { epoch: 0, active: cluster.namenode.rpcAddress, namenodes: [{ address: cluster.namenode.rpcAddress, role: 'active', lastTxid: before.lastTxid }] }, 'still the active; no edit was made');
});

t.test('admin ha: usage errors exit 2, a user is refused', async (t) => {
  for (const argv of [['ha'], ['ha', 'promote'], ['ha', 'status', 'extra'], ['ha', 'failover', '--to', 'not an address'], ['ha', 'failover', '--to', 'a:1,b:2'], ['ha', 'failover', '--to']]) {
    const run = await asAdmin(argv);
    t.equal(run.code, 2, `admin ${argv.join(' ')}`);
    t.equal(run.errorCode, 'USAGE', `admin ${argv.join(' ')}: USAGE`);
  }
  const help = await asAdmin(['ha', 'status', '--help']);
  t.equal(help.code, 0);
  t.match(help.stdout, /cairn admin ha status/);
  const user = (await cluster.client(cluster.adminToken).nn.admin('UserAdd', { name: 'ha-user', tier: 'standard' })).token;
  for (const argv of [['ha', 'status'], ['ha', 'failover']]) {
    const denied = await runCli(adminCommand, argv, { env: { CAIRN_NAMENODE: cluster.namenode.rpcAddress, CAIRN_TOKEN: user } });
    t.equal(denied.code, 1);
    t.equal(denied.errorCode, 'PERMISSION_DENIED', `admin ${argv.join(' ')} needs an admin`);
  }
});

const badZk = ['localhost', 'h:1/a//b', 'h:1/bad path', 'h:99999x', 'h:1,,h:2'];

t.test('client commands: a bad --zk or CAIRN_ZK is a usage error (exit 2)', async (t) => {
  for (const zk of badZk) {
    const flag = await runCli(fsCommand, ['ls', '--zk', zk], { env: { CAIRN_TOKEN: 'x' } });
    t.equal(flag.code, 2, `--zk ${JSON.stringify(zk)}`);
    t.equal(flag.errorCode, 'USAGE');
    const env = await runCli(adminCommand, ['ha', 'status'], { env: { CAIRN_ZK: zk, CAIRN_TOKEN: 'x' } });
    t.equal(env.errorCode, 'USAGE', `CAIRN_ZK=${JSON.stringify(zk)}`);
  }
  const none = await runCli(fsCommand, ['ls'], { env: { CAIRN_TOKEN: 'x' } });
  t.equal(none.errorCode, 'USAGE', 'no namenode and no zk');
});

t.test('connection settings: the location comes whole from the first source naming one', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'cairn-conn-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const envFile = join(dir, 'client.env');
  await writeFile(envFile, 'CAIRN_ZK=127.0.0.1:2181/file\nCAIRN_NAMENODE=f1:7070,f2:7070\nCAIRN_TOKEN=file-token\n');
  t.same(connectionSettings({ 'env-file': envFile }, {}), { namenodes: ['f1:7070', 'f2:7070'], zk: '127.0.0.1:2181/file', token: 'file-token' });
  t.same(connectionSettings({ 'env-file': envFile }, { CAIRN_ZK: 'e:2181/env', CAIRN_TOKEN: 'env-token' }), { namenodes: [], zk: 'e:2181/env', token: 'env-token' },
    'the environment names a location: the file\'s namenodes are not mixed in');
  t.same(connectionSettings({ namenode: 'n:7070', 'env-file': envFile }, { CAIRN_ZK: 'e:2181/env' }), { namenodes: ['n:7070'], zk: undefined, token: 'file-token' },
    'a --namenode flag wins over CAIRN_ZK; the token still comes from the file');
  t.same(connectionSettings({ zk: 'z1:1,z2:2/c', token: 't' }, { CAIRN_NAMENODE: 'e:7070' }), { namenodes: [], zk: 'z1:1,z2:2/c', token: 't' });
});

t.test('servers: a bad zk from any source exits 2 before anything starts', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'cairn-zkflag-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const config = join(dir, 'bad.yaml');
  await writeFile(config, 'zk: "h:1/bad path"\n');
  const runs = [
    { what: 'namenode --zk', run: () => runCli(namenodeCommand, ['--data', join(dir, 'nn1'), '--rpc-port', '0', '--http-port', '0', '--zk', 'nohost'], { env: {} }), data: join(dir, 'nn1') },
    { what: 'namenode CAIRN_ZK', run: () => runCli(namenodeCommand, ['--data', join(dir, 'nn2'), '--rpc-port', '0', '--http-port', '0'], { env: { CAIRN_ZK: 'h:1/a//b' } }), data: join(dir, 'nn2') },
    { what: 'namenode config zk', run: () => runCli(namenodeCommand, ['--data', join(dir, 'nn3'), '--rpc-port', '0', '--http-port', '0', '--config', config], { env: {} }), data: join(dir, 'nn3') },
    { what: 'datanode --zk', run: () => runCli(datanodeCommand, ['--data', join(dir, 'dn'), '--rpc-port', '0', '--http-port', '0', '--zk', 'h:1,,h:2'], { env: {} }), data: join(dir, 'dn') },
    { what: 'gateway --zk', run: () => runCli(gatewayCommand, ['--port', '0', '--zk', 'h:x/cairn', '--data', join(dir, 'gw')], { env: {} }), data: join(dir, 'gw') },
  ];
  for (const { what, run, data } of runs) {
    const result = await run();
    t.equal(result.code, 2, `${what}: ${result.stderr}`);
    t.equal(result.errorCode, 'USAGE', what);
    t.notOk(existsSync(data), `${what}: no data dir was made`);
  }
  for (const command of [datanodeCommand, gatewayCommand]) {
    const args = command === datanodeCommand ? ['--data', join(dir, 'dn2'), '--rpc-port', '0', '--http-port', '0'] : ['--port', '0'];
    const result = await runCli(command, args, { env: { CAIRN_CLUSTER_SECRET: 'a-cluster-secret-of-some-length' } });
    t.equal(result.errorCode, 'USAGE', 'a datanode or gateway with neither --namenode nor --zk');
  }
});

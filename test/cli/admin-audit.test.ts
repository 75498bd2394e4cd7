// `cairn admin audit` against a real cluster: every audited action (user add, quota, token issue
// and revoke-all, key add and revoke, user rm) appears once, in order, with its actor, subject and
// details; `--user` filters by actor or subject, a removed user's name included; the JSON contract
// holds; no secret or token hash ever appears; the log survives a namenode restart; refusals
// (non-admin, unknown user, bad flags) print nothing. Grants are made with `fs share`/`fs unshare`.
import t from 'tap';
import { hashToken } from '../../src/common/auth.js';
import { adminCommand } from '../../src/cli/admin-commands.js';
import { fsCommand } from '../../src/cli/fs-commands.js';
import { MiniCluster } from '../harness/mini-cluster.js';
import { jsonOf, runCli, type CliRun } from './run-cli.js';

const cluster = await MiniCluster.start({ datanodes: 1 });
t.teardown(() => cluster.stop());
const envOf = (token: string) => ({ CAIRN_NAMENODE: cluster.namenode.rpcAddress, CAIRN_TOKEN: token });
const asAdmin = (argv: string[]) => runCli(adminCommand, argv, { env: envOf(cluster.adminToken) });
type Made = Record<string, string>;
interface Record_ {
  txid: number;
  at: string;
  by: string | null;
  action: string;
  user: string;
  [detail: string]: unknown;
}
const audit = async (...argv: string[]) => jsonOf(await asAdmin(['audit', ...argv, '--json'])) as Record_[];

/** Setup steps outside any test (an assertion there would end the root test early, and stop the cluster). */
async function succeeds(run: Promise<CliRun>): Promise<void> {
  const done = await run;
  if (done.code !== 0) throw new Error(`setup step failed: ${done.stderr}`);
}

const secrets: string[] = [];
const kim = jsonOf(await asAdmin(['user', 'add', 'kim', '--tier', 'premium', '--quota', '2G', '--json'])) as Made;
const lee = jsonOf(await asAdmin(['user', 'add', 'lee', '--json'])) as Made;
await succeeds(asAdmin(['user', 'quota', 'kim', '3G']));
const kimOwn = jsonOf(await runCli(adminCommand, ['user', 'token', 'kim', '--json'], { env: envOf(kim.token ?? '') })) as Made;
const rotated = jsonOf(await asAdmin(['user', 'token', 'kim', '--revoke-all', '--json'])) as Made;
const imported = jsonOf(await asAdmin(['user', 'keys', 'kim', '--add', '--access-key', 'KIMAUDIT00000001', '--secret-key', 'kim-audit-secret-000001', '--json'])) as Made;
await succeeds(asAdmin(['user', 'keys', 'kim', '--revoke', kim.accessKeyId ?? '']));
const fsAs = (token: string, argv: string[]) => runCli(fsCommand, argv, { env: envOf(token) });
await succeeds(fsAs(rotated.token ?? '', ['mkdir', 'box']));
await succeeds(fsAs(rotated.token ?? '', ['share', 'box', 'lee', '--role', 'viewer']));
await succeeds(fsAs(cluster.adminToken, ['share', '/home/kim/box', 'lee', '--role', 'editor']));
await succeeds(fsAs(rotated.token ?? '', ['unshare', '/home/kim/box', 'lee']));
await succeeds(asAdmin(['user', 'rm', 'lee']));
for (const made of [kim, lee, kimOwn, rotated, imported]) {
  for (const secret of [made.token, made.secretAccessKey]) if (secret) secrets.push(secret, hashToken(secret));
}

const expected = [
  { by: 'admin', action: 'user.add', user: 'kim', tier: 'premium', quotaBytes: 2 * 1024 ** 3, accessKeyId: kim.accessKeyId },
  { by: 'admin', action: 'user.add', user: 'lee', tier: 'standard', quotaBytes: 15 * 1024 ** 3, accessKeyId: lee.accessKeyId },
  { by: 'admin', action: 'user.quota', user: 'kim', quotaBytes: 3 * 1024 ** 3 },
  { by: 'kim', action: 'token.issue', user: 'kim' },
  { by: 'admin', action: 'tokens.revoke', user: 'kim', tokens: 2 },
  { by: 'admin', action: 'key.add', user: 'kim', accessKeyId: 'KIMAUDIT00000001' },
  { by: 'admin', action: 'key.revoke', user: 'kim', accessKeyId: kim.accessKeyId },
  { by: 'kim', action: 'share', user: 'lee', role: 'viewer', path: '/home/kim/box' },
  { by: 'admin', action: 'share', user: 'lee', role: 'editor', path: '/home/kim/box' },
  { by: 'kim', action: 'unshare', user: 'lee', path: '/home/kim/box' },
  { by: 'admin', action: 'user.remove', user: 'lee', items: 1 },
];

const withoutTime = (records: Record_[]) => records.map(({ txid: _txid, at: _at, ...rest }) => rest);

t.test('audit lists every audited action in order, with actor, subject and details', async (t) => {
  const records = await audit();
  t.same(withoutTime(records), expected, 'exactly these records, with exactly these keys');
  t.ok(records.every((r, i) => i === 0 || r.txid > (records[i - 1]?.txid ?? 0)), 'oldest first, by txid');
  t.ok(records.every((r) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(r.at) && Math.abs(Date.parse(r.at) - Date.now()) < 60_000), 'ISO times, now');

  const human = await asAdmin(['audit']);
  t.equal(human.code, 0, human.stderr);
  const lines = human.stdout.trim().split('\n');
  t.match(lines[0], /^TIME\s+BY\s+ACTION\s+USER\s+DETAILS$/);
  t.equal(lines.length, expected.length + 1, 'a header and one row per record');
  t.match(lines[1], /^\S+Z\s+admin\s+user\.add\s+kim\s+tier=premium quota=2(\.0)? GiB key=\S+$/);
  t.match(lines[5], /admin\s+tokens\.revoke\s+kim\s+tokens=2$/);
  t.match(lines[8], /kim\s+share\s+lee\s+role=viewer path=\/home\/kim\/box$/);
  t.match(lines[11], /admin\s+user\.remove\s+lee\s+items=1$/);
  for (const output of [human.stdout, (await asAdmin(['audit', '--json'])).stdout]) {
    for (const secret of secrets) t.notOk(output.includes(secret), 'no secret or token hash in the output');
  }
});

t.test('audit --user lists records where the user acts or is acted on, a removed user too', async (t) => {
  t.same(withoutTime(await audit('--user', 'kim')), expected.filter((r) => r.user === 'kim' || r.by === 'kim'));
  t.same(withoutTime(await audit('--user', 'lee')), expected.filter((r) => r.user === 'lee' || r.by === 'lee'), 'lee was removed: his name still finds his records');
  t.same(withoutTime(await audit('--user', 'admin')), expected.filter((r) => r.by === 'admin'));
});

t.test('audit refusals print nothing', async (t) => {
  const cases: Array<[string, string[], number, string]> = [
    [cluster.adminToken, ['audit', '--user', 'nobody', '--json'], 1, 'NOT_FOUND'],
    [rotated.token ?? '', ['audit'], 1, 'PERMISSION_DENIED'],
    [cluster.adminToken, ['audit', 'extra'], 2, 'USAGE'],
    [cluster.adminToken, ['audit', '--user'], 2, 'USAGE'],
  ];
  for (const [token, argv, code, errorCode] of cases) {
    const run = await runCli(adminCommand, argv, { env: envOf(token) });
    t.match({ code: run.code, errorCode: run.errorCode, stdout: run.stdout }, { code, errorCode, stdout: '' }, argv.join(' '));
  }
});

t.test('the audit log pages, and survives a namenode restart', async (t) => {
  const before = await audit();
  const admin = cluster.client(cluster.adminToken);
  const first = (await admin.nn.admin('Audit', { user: '', afterTxid: 0, limit: 3 })).records;
  const second = (await admin.nn.admin('Audit', { user: '', afterTxid: first[2]?.txid ?? 0, limit: 100 })).records;
  t.same([...first, ...second].map((r) => r.txid), before.map((r) => r.txid), 'a page follows on from the last txid of the one before');
  await cluster.restartNamenode();
  t.same(await audit(), before, 'the same records after a restart');
});

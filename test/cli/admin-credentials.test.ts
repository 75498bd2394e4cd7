// `cairn admin user keys` and `user token --revoke-all` against a real cluster with an S3
// gateway: key pairs listed without secrets, added (generated or imported) and revoked; a revoked
// key refused by a real S3 client right after revocation, though the gateway cached its session;
// revoked tokens refused at once; and the refusals (non-admin, unknown user, bad flags) change nothing.
import t from 'tap';
import { ListBucketsCommand } from '@aws-sdk/client-s3';
import { adminCommand } from '../../src/cli/admin-commands.js';
import { signSessionToken, verifySession } from '../../src/common/auth.js';
import { fsCommand } from '../../src/cli/fs-commands.js';
import { sdkClient, startS3Cluster } from '../harness/s3-cluster.js';
import { jsonOf, runCli } from './run-cli.js';

const { cluster, gateway } = await startS3Cluster(t);
const envOf = (token: string) => ({ CAIRN_NAMENODE: cluster.namenode.rpcAddress, CAIRN_TOKEN: token });
const asAdmin = (argv: string[]) => runCli(adminCommand, argv, { env: envOf(cluster.adminToken) });
const s3 = (accessKeyId: string, secretAccessKey: string) => sdkClient(t, gateway, { accessKeyId, secretAccessKey });
const keysOf = async (name: string) => jsonOf(await asAdmin(['user', 'keys', name, '--json'])) as Array<{ accessKeyId: string; createdAt: string }>;

const made = jsonOf(await asAdmin(['user', 'add', 'kim', '--json'])) as Record<string, string>;

t.test('user keys lists, adds and revokes key pairs; a revoked key stops working at once', async (t) => {
  const first = await keysOf('kim');
  t.same(first.map((k) => k.accessKeyId), [made.accessKeyId]);
  t.same(Object.keys(first[0] ?? {}).sort(), ['accessKeyId', 'createdAt'], 'never a secret');

  const imported = await asAdmin(['user', 'keys', 'kim', '--add', '--access-key', 'KIMIMPORTED00001', '--secret-key', 'kim-imported-secret-0001', '--json']);
  t.equal(imported.code, 0, imported.stderr);
  t.same(jsonOf(imported), { name: 'kim', accessKeyId: 'KIMIMPORTED00001', secretAccessKey: 'kim-imported-secret-0001' });
  const generated = jsonOf(await asAdmin(['user', 'keys', 'kim', '--add', '--json'])) as Record<string, string>;
  t.match(generated, { name: 'kim', accessKeyId: /^CK[0-9A-F]{18}$/, secretAccessKey: /^\S{30,}$/ });
  t.same((await keysOf('kim')).map((k) => k.accessKeyId).sort(), [made.accessKeyId, 'KIMIMPORTED00001', generated.accessKeyId].sort());
  const human = await asAdmin(['user', 'keys', 'kim']);
  t.equal(human.stdout.trim().split('\n').length, 4, 'a header and one row per key');
  t.notMatch(human.stdout, made.secretAccessKey ?? '', 'no secret in the table');

  const original = s3(made.accessKeyId ?? '', made.secretAccessKey ?? '');
  const importedClient = s3('KIMIMPORTED00001', 'kim-imported-secret-0001');
  await original.send(new ListBucketsCommand({}));
  await importedClient.send(new ListBucketsCommand({})); // the gateway now holds a session for each key

  const revoked = await asAdmin(['user', 'keys', 'kim', '--revoke', made.accessKeyId ?? '', '--json']);
  t.equal(revoked.code, 0, revoked.stderr);
  t.same((jsonOf(revoked) as Array<{ accessKeyId: string }>).map((k) => k.accessKeyId).sort(), ['KIMIMPORTED00001', generated.accessKeyId].sort(), 'prints the keys left');
  await t.rejects(original.send(new ListBucketsCommand({})), { name: 'InvalidAccessKeyId' }, 'the revoked key is refused on its very next request');
  await t.rejects(s3(made.accessKeyId ?? '', made.secretAccessKey ?? '').send(new ListBucketsCommand({})), { name: 'InvalidAccessKeyId' }, 'and in a new session');
  await importedClient.send(new ListBucketsCommand({})); // the user's other keys still work
  await s3(generated.accessKeyId ?? '', generated.secretAccessKey ?? '').send(new ListBucketsCommand({}));
  t.equal((await asAdmin(['user', 'keys', 'kim', '--revoke', made.accessKeyId ?? ''])).errorCode, 'NOT_FOUND', 'a key revoked already');
});

t.test('user keys refusals change nothing', async (t) => {
  const before = await keysOf('kim');
  const other = jsonOf(await asAdmin(['user', 'add', 'lee', '--json'])) as Record<string, string>;
  const cases: Array<[string[], number, string]> = [
    [['user', 'keys', 'kim', '--add', '--revoke', 'X'], 2, 'USAGE'],
    [['user', 'keys', 'kim', '--access-key', 'KIMIMPORTED00002', '--secret-key', 'kim-imported-secret-0002'], 2, 'USAGE'],
    [['user', 'keys', 'kim', '--add', '--access-key', 'KIMIMPORTED00002'], 2, 'USAGE'],
    [['user', 'keys', 'kim', '--revoke', ''], 2, 'USAGE'],
    [['user', 'keys', 'kim', '--bogus'], 2, 'USAGE'],
    [['user', 'keys', 'kim', '--add', '--access-key', 'short', '--secret-key', 'kim-imported-secret-0002'], 2, 'INVALID_ARGUMENT'],
    [['user', 'keys', 'kim', '--add', '--access-key', other.accessKeyId ?? '', '--secret-key', 'kim-imported-secret-0002'], 1, 'ALREADY_EXISTS'],
    [['user', 'keys', 'kim', '--revoke', other.accessKeyId ?? ''], 1, 'NOT_FOUND'],
    [['user', 'keys', 'nobody'], 1, 'NOT_FOUND'],
    [['user', 'keys', 'nobody', '--add'], 1, 'NOT_FOUND'],
  ];
  for (const [argv, code, errorCode] of cases) {
    const run = await asAdmin(argv);
    t.match({ code: run.code, errorCode: run.errorCode }, { code, errorCode }, argv.join(' '));
  }
  for (const argv of [['user', 'keys', 'kim'], ['user', 'keys', 'kim', '--add'], ['user', 'keys', 'kim', '--revoke', before[0]?.accessKeyId ?? '']]) {
    const run = await runCli(adminCommand, argv, { env: envOf(made.token ?? '') });
    t.equal(run.errorCode, 'PERMISSION_DENIED', `non-admin: ${argv.join(' ')}`);
  }
  t.same(await keysOf('kim'), before, 'nothing changed');
  t.equal((await keysOf('lee')).length, 1);
});

t.test('user token --revoke-all: every old token fails at once, the new one works', async (t) => {
  const whoami = async (token: string) => runCli(fsCommand, ['quota', '--json'], { env: envOf(token) });
  const second = jsonOf(await asAdmin(['user', 'token', 'kim', '--json'])) as Record<string, string>;
  t.match(jsonOf(await whoami(made.token ?? '')), { user: 'kim' }, 'the first token is in use (cached by the namenode)');
  t.match(jsonOf(await whoami(second.token ?? '')), { user: 'kim' });
  const lee = jsonOf(await asAdmin(['user', 'token', 'lee', '--json'])) as Record<string, string>;

  t.equal((await runCli(adminCommand, ['user', 'token', 'kim', '--revoke-all'], { env: envOf(made.token ?? '') })).errorCode, 'PERMISSION_DENIED', 'a user may not revoke');
  t.equal((await asAdmin(['user', 'token', 'nobody', '--revoke-all'])).errorCode, 'NOT_FOUND');
  t.equal((await asAdmin(['user', 'token', 'kim', '--revoke-all', 'extra'])).code, 2);
  t.match(jsonOf(await whoami(made.token ?? '')), { user: 'kim' }, 'refused revocations revoked nothing');

  const run = await asAdmin(['user', 'token', 'kim', '--revoke-all', '--json']);
  t.equal(run.code, 0, run.stderr);
  const fresh = jsonOf(run) as Record<string, string>;
  for (const old of [made.token, second.token]) t.equal((await whoami(old ?? '')).errorCode, 'UNAUTHENTICATED', 'a revoked token fails at once');
  t.match(jsonOf(await whoami(fresh.token ?? '')), { user: 'kim' }, 'the new token works');
  t.match(jsonOf(await whoami(lee.token ?? '')), { user: 'lee' }, 'other users keep theirs');
  await s3('KIMIMPORTED00001', 'kim-imported-secret-0001').send(new ListBucketsCommand({})); // tokens only: keys untouched
});

t.test('a session token names its access key under the MAC', async (t) => {
  const token = signSessionToken('s'.repeat(20), 7, 2000, 'KEYA000000000001');
  t.same(verifySession('s'.repeat(20), token, 1000), { userId: 7, accessKeyId: 'KEYA000000000001' });
  t.throws(() => verifySession('s'.repeat(20), token.replace('KEYA', 'KEYB'), 1000), { code: 'UNAUTHENTICATED' }, 'another key');
  t.throws(() => verifySession('s'.repeat(20), token.slice(0, token.lastIndexOf('.')), 1000), { code: 'UNAUTHENTICATED' }, 'the key cut off');
  t.throws(() => verifySession('s'.repeat(20), `${token}.x`, 1000), { code: 'UNAUTHENTICATED' }, 'a part too many');
});

// `cairn admin user rm` against a real cluster with an S3 gateway: the user's home, their buckets
// and their trash go to the admin's trash (listed by `fs trash ls`, restorable, readable), their
// token and S3 keys are refused at once (by a real S3 client too, though the gateway had a session),
// nothing of theirs is deleted (every block still referenced, no drift), the name can be given
// again, refusals change nothing, and a retried UserRemove is applied once.
import t from 'tap';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as grpc from '@grpc/grpc-js';
import { CreateBucketCommand, ListBucketsCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { adminCommand } from '../../src/cli/admin-commands.js';
import { fsCommand } from '../../src/cli/fs-commands.js';
import { callUnary, channelOptions, insecure, loadProtos, metadataWith } from '../../src/common/grpc.js';
import { newRequestId, requestIdHeader } from '../../src/common/request-id.js';
import { auditNamespace } from '../harness/namespace-audit.js';
import { auditReferences } from '../harness/reference-audit.js';
import { sdkClient, startS3Cluster } from '../harness/s3-cluster.js';
import { jsonOf, runCli } from './run-cli.js';

const { cluster, gateway } = await startS3Cluster(t);
const localDir = await mkdtemp(join(tmpdir(), 'cairn-cli-user-rm-'));
t.teardown(() => rm(localDir, { recursive: true, force: true }));
const envOf = (token: string) => ({ CAIRN_NAMENODE: cluster.namenode.rpcAddress, CAIRN_TOKEN: token });
const asAdmin = (argv: string[]) => runCli(adminCommand, argv, { env: envOf(cluster.adminToken) });
const fsAs = (token: string, argv: string[]) => runCli(fsCommand, argv, { env: envOf(token), cwd: localDir });
const s3 = (accessKeyId: string, secretAccessKey: string) => sdkClient(t, gateway, { accessKeyId, secretAccessKey });
type Made = Record<string, string>;
const addUser = async (name: string) => jsonOf(await asAdmin(['user', 'add', name, '--json'])) as Made;
const userNames = async () => (jsonOf(await asAdmin(['user', 'ls', '--json'])) as Array<{ name: string }>).map((u) => u.name).sort();
const adminTrash = async () => (jsonOf(await fsAs(cluster.adminToken, ['trash', 'ls', '--json'])) as Array<{ path: string }>).map((e) => e.path).sort();

const data = randomBytes(300 * 1024);
await writeFile(join(localDir, 'a.bin'), data);
await writeFile(join(localDir, 'old.bin'), randomBytes(100 * 1024));

t.test('user rm: home, buckets and trash to the admin\'s trash; credentials refused at once; nothing deleted', async (t) => {
  const bob = await addUser('bob');
  const carl = await addUser('carl');
  const bobKey = jsonOf(await asAdmin(['user', 'keys', 'bob', '--add', '--json'])) as Made;
  t.equal((await fsAs(bob.token ?? '', ['put', 'a.bin', 'a.bin'])).code, 0);
  t.equal((await fsAs(bob.token ?? '', ['put', 'old.bin', 'old.bin'])).code, 0);
  t.equal((await fsAs(bob.token ?? '', ['rm', 'old.bin'])).code, 0);
  const bobS3 = s3(bob.accessKeyId ?? '', bob.secretAccessKey ?? '');
  await bobS3.send(new CreateBucketCommand({ Bucket: 'bobs' }));
  await bobS3.send(new PutObjectCommand({ Bucket: 'bobs', Key: 'dir/k', Body: data }));
  await s3(carl.accessKeyId ?? '', carl.secretAccessKey ?? '').send(new CreateBucketCommand({ Bucket: 'carls' }));

  // Refusals change nothing.
  const usersBefore = await userNames();
  const refusals: Array<[string, string[], number, string]> = [
    [cluster.adminToken, ['user', 'rm', 'admin'], 1, 'PERMISSION_DENIED'],
    [cluster.adminToken, ['user', 'rm', 'nobody'], 1, 'NOT_FOUND'],
    [carl.token ?? '', ['user', 'rm', 'bob'], 1, 'PERMISSION_DENIED'],
    [bob.token ?? '', ['user', 'rm', 'bob'], 1, 'PERMISSION_DENIED'],
    [cluster.adminToken, ['user', 'rm'], 2, 'USAGE'],
    [cluster.adminToken, ['user', 'rm', 'bob', 'carl'], 2, 'USAGE'],
  ];
  for (const [token, argv, code, errorCode] of refusals) {
    const run = await runCli(adminCommand, argv, { env: envOf(token) });
    t.match({ code: run.code, errorCode: run.errorCode, stdout: run.stdout }, { code, errorCode, stdout: '' }, argv.join(' '));
  }
  const refusedAdmin = await asAdmin(['user', 'rm', 'admin']);
  t.match(refusedAdmin.stderr, /admins cannot be removed/, 'says why');
  t.same(await userNames(), usersBefore, 'every user is still there');
  t.equal((await fsAs(bob.token ?? '', ['cat', 'a.bin'])).stdoutBytes.equals(data), true, 'bob still works');
  t.same(await adminTrash(), [], "the admin's trash is empty");

  const removed = await asAdmin(['user', 'rm', 'bob', '--json']);
  t.equal(removed.code, 0, removed.stderr);
  t.same(jsonOf(removed), { name: 'bob', trashed: ['/home/bob', '/buckets/bobs'] });

  t.equal((await fsAs(bob.token ?? '', ['ls'])).errorCode, 'UNAUTHENTICATED', 'his token is refused at once');
  await t.rejects(bobS3.send(new ListBucketsCommand({})), { name: 'InvalidAccessKeyId' }, 'his S3 key too, though the gateway had a session');
  await t.rejects(s3(bobKey.accessKeyId ?? '', bobKey.secretAccessKey ?? '').send(new ListBucketsCommand({})), { name: 'InvalidAccessKeyId' }, 'and his other key');
  t.same(await userNames(), usersBefore.filter((n) => n !== 'bob'));
  t.same(await adminTrash(), ['/buckets/bobs', '/home/bob', '/home/bob/old.bin'], "his home, his bucket and his trash are in the admin's trash");
  t.equal((await fsAs(cluster.adminToken, ['stat', '/buckets/carls'])).code, 0, "carl's bucket stays");
  t.equal((await fsAs(cluster.adminToken, ['stat', '/home/bob'])).errorCode, 'NOT_FOUND');

  // The admin restores them; every byte is there.
  for (const path of ['/home/bob', '/home/bob/old.bin', '/buckets/bobs']) {
    const restored = await fsAs(cluster.adminToken, ['trash', 'restore', path]);
    t.equal(restored.code, 0, restored.stderr);
  }
  t.ok((await fsAs(cluster.adminToken, ['cat', '/home/bob/a.bin'])).stdoutBytes.equals(data), 'the admin reads his file');
  t.ok((await fsAs(cluster.adminToken, ['cat', '/buckets/bobs/dir/k'])).stdoutBytes.equals(data), 'and his object');
  t.equal((await fsAs(cluster.adminToken, ['cat', '/home/bob/old.bin'])).stdoutBytes.length, 100 * 1024, 'and what he had trashed');
  // His restored home holds the name: a new bob would need it moved away first.
  t.equal((await asAdmin(['user', 'add', 'bob'])).errorCode, 'ALREADY_EXISTS');
});

t.test('user rm: the name can be given again; the old home then cannot be restored over the new one', async (t) => {
  const dana = await addUser('dana');
  t.equal((await fsAs(dana.token ?? '', ['put', 'a.bin', 'a.bin'])).code, 0);
  const human = await asAdmin(['user', 'rm', 'dana']);
  t.equal(human.code, 0, human.stderr);
  t.equal(human.stdout, "removed dana; in your trash now (cairn fs trash ls):\n  /home/dana\n");
  const again = await addUser('dana');
  t.equal((await fsAs(again.token ?? '', ['ls', '--json'])).stdout.trim(), '[]', 'a fresh, empty home');
  t.equal((await fsAs(cluster.adminToken, ['trash', 'restore', '/home/dana'])).errorCode, 'ALREADY_EXISTS');
  t.equal((await fsAs(dana.token ?? '', ['ls'])).errorCode, 'UNAUTHENTICATED', 'the old token does not work for the new dana');
  // The admin empties the trash: the removed dana's file is purged without anyone to charge.
  t.equal((await fsAs(cluster.adminToken, ['trash', 'empty'])).code, 0);
  t.same(await adminTrash(), []);
});

t.test('user rm: a retried UserRemove is applied once and answered alike', async (t) => {
  await addUser('erik');
  const Service = loadProtos().namenode.cairn.namenode.AdminService;
  const client = new Service(cluster.namenode.rpcAddress, insecure, channelOptions) as unknown as grpc.Client & Record<string, never>;
  t.teardown(() => client.close());
  const id = newRequestId();
  const send = () => callUnary<object, Record<string, unknown>>(client, client.UserRemove, { name: 'erik' }, metadataWith({ authorization: `Bearer ${cluster.adminToken}`, [requestIdHeader]: id }), 10_000);
  const first = await send();
  const retry = await send();
  t.same(first, { name: 'erik', trashed: ['/home/erik'] });
  t.same(retry, first, 'the retry is answered as the first call was');
  t.same((await adminTrash()).filter((p) => p === '/home/erik'), ['/home/erik'], 'one removal, one item in the trash');
  const audit = jsonOf(await asAdmin(['audit', '--user', 'erik', '--json'])) as Array<{ action: string }>;
  t.same(audit.map((r) => r.action), ['user.add', 'user.remove'], 'one removal in the audit log');
});

t.test('after all this: the namespace hangs together and every reference is counted', async (t) => {
  const { namespace, references } = await cluster.inspectMetastore(async (store) => ({ namespace: await auditNamespace(store), references: await auditReferences(store) }));
  t.same(namespace, []);
  t.same(references.drift, []);
});

// `cairn fs trash ls | restore | empty` against a real cluster, run in-process as the entry point
// runs it: JSON outputs have exactly their documented keys, `trash empty` purges the caller's
// own trash only (others' stays), and what it purged cannot be restored (exit 1, NOT_FOUND).
import t from 'tap';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fsCommand } from '../../src/cli/fs-commands.js';
import { MiniCluster } from '../harness/mini-cluster.js';
import { jsonOf, runCli } from './run-cli.js';

const cluster = await MiniCluster.start();
t.teardown(() => cluster.stop());
const admin = cluster.client(cluster.adminToken);
const erin = await admin.nn.admin('UserAdd', { name: 'erin' });
const frank = await admin.nn.admin('UserAdd', { name: 'frank' });
const localDir = await mkdtemp(join(tmpdir(), 'cairn-cli-trash-'));
t.teardown(() => rm(localDir, { recursive: true, force: true }));

function fs(token: string, argv: string[]) {
  return runCli(fsCommand, argv, { env: { CAIRN_NAMENODE: cluster.namenode.rpcAddress, CAIRN_TOKEN: token }, cwd: localDir });
}

const sortedKeys = (value: unknown) => Object.keys(value as object).sort();

t.test('fs trash ls, restore and empty', async (t) => {
  const local = join(localDir, 'note.txt');
  await writeFile(local, 'a note of 24 bytes......');
  t.equal((await fs(erin.token, ['mkdir', 'box'])).code, 0);
  for (const name of ['one.txt', 'two.txt', 'box/three.txt']) {
    t.equal((await fs(erin.token, ['put', local, name])).code, 0);
  }
  t.equal((await fs(frank.token, ['put', local, 'mine.txt'])).code, 0);
  for (const path of ['one.txt', 'two.txt']) t.equal((await fs(erin.token, ['rm', path])).code, 0);
  t.equal((await fs(erin.token, ['rm', '-r', 'box'])).code, 0);
  t.equal((await fs(frank.token, ['rm', 'mine.txt'])).code, 0);

  const listed = jsonOf(await fs(erin.token, ['trash', 'ls', '--json'])) as Array<Record<string, unknown>>;
  t.same(listed.map((e) => e.path).sort(), ['/home/erin/box', '/home/erin/one.txt', '/home/erin/two.txt']);
  t.same(sortedKeys(listed[0]), ['name', 'path', 'revision', 'size', 'trashedAt', 'type']);
  const human = await fs(erin.token, ['trash', 'ls']);
  t.match(human.stdout, /^TRASHED\s+TYPE\s+SIZE\s+PATH\n/, 'a table with a header');
  t.match(human.stdout, /dir\s+-\s+\/home\/erin\/box/);

  const restored = await fs(erin.token, ['trash', 'restore', 'two.txt']);
  t.equal(restored.code, 0, restored.stderr);
  t.equal(restored.stdout, 'restored /home/erin/two.txt\n');

  const emptied = await fs(erin.token, ['trash', 'empty', '--json']);
  t.equal(emptied.code, 0, emptied.stderr);
  t.same(jsonOf(emptied), { items: 2, files: 2, bytes: 48 }, 'one.txt and box (with three.txt): two items, two files of 24 bytes');
  t.same(jsonOf(await fs(erin.token, ['trash', 'ls', '--json'])), [], "erin's trash is empty");
  t.equal((jsonOf(await fs(frank.token, ['trash', 'ls', '--json'])) as unknown[]).length, 1, "frank's trash is untouched");
  const gone = await fs(erin.token, ['trash', 'restore', 'one.txt']);
  t.equal(gone.code, 1);
  t.equal(gone.errorCode, 'NOT_FOUND', 'a purged item cannot be restored');
  t.equal((await fs(erin.token, ['cat', 'two.txt'])).stdout, 'a note of 24 bytes......', 'the restored file was left alone');
  t.same(jsonOf(await fs(erin.token, ['quota', '--json'])), { user: 'erin', tier: 'standard', quotaBytes: 16106127360, usedBytes: 24 }, 'usage is paid back');

  const again = await fs(frank.token, ['trash', 'empty']);
  t.equal(again.code, 0, again.stderr);
  t.equal(again.stdout, 'purged 1 item(s) from the trash: 1 file(s), 24 B\n');
  const nothing = await fs(frank.token, ['trash', 'empty']);
  t.equal(nothing.stdout, 'purged 0 item(s) from the trash: 0 file(s), 0 B\n', 'an empty trash empties fine');
});

t.test('fs trash: bad usage exits 2', async (t) => {
  for (const argv of [['trash', 'empty', 'extra'], ['trash', 'empty', '--bogus'], ['trash', 'purge'], ['trash', 'restore']]) {
    const run = await fs(erin.token, argv);
    t.equal(run.code, 2, `fs ${argv.join(' ')}`);
    t.equal(run.errorCode, 'USAGE');
  }
});

// Quotas through the `cairn` commands against a real cluster, run in-process as the entry point
// runs them: `admin user quota NAME SIZE` takes effect at once and `fs quota` / `admin user ls`
// show it; a put that exceeds the quota by one block fails cleanly (exit 1, QUOTA_EXCEEDED,
// refused before any block was sent when the size is known, nothing changed); trashed files still
// count, and after `fs rm` and `fs trash empty` the user can upload again. Bad input exits 2.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { adminCommand } from '../../src/cli/admin-commands.js';
import { fsCommand } from '../../src/cli/fs-commands.js';
import { MiniCluster } from '../harness/mini-cluster.js';
import { jsonOf, runCli } from './run-cli.js';

const cluster = await MiniCluster.start();
t.teardown(() => cluster.stop());
const admin = cluster.client(cluster.adminToken);
const gina = await admin.nn.admin('UserAdd', { name: 'gina' });
const localDir = await mkdtemp(join(tmpdir(), 'cairn-cli-quota-'));
t.teardown(() => rm(localDir, { recursive: true, force: true }));

const envOf = (token: string) => ({ CAIRN_NAMENODE: cluster.namenode.rpcAddress, CAIRN_TOKEN: token });
const asAdmin = (argv: string[]) => runCli(adminCommand, argv, { env: envOf(cluster.adminToken) });
const fs = (argv: string[], stdin?: Buffer) => runCli(fsCommand, argv, { env: envOf(gina.token), cwd: localDir, ...(stdin ? { stdin } : {}) });
const quota = async () => jsonOf(await fs(['quota', '--json'])) as { quotaBytes: number; usedBytes: number };
/** What a refused put must leave as it was: the files, their revisions, the usage, open sessions. */
const snapshot = async () => ({ ls: jsonOf(await fs(['ls', '--json'])), quota: await quota(), uploads: jsonOf(await fs(['uploads', '--json'])) });

const MiB = 1024 * 1024;
/** One block's worth past the quota: at least the smallest block CDC cuts (128 KiB). */
const oneBlock = 128 * 1024;

t.test('admin user quota: takes effect at once, shown by fs quota and admin user ls', async (t) => {
  const set = await asAdmin(['user', 'quota', 'gina', '1M', '--json']);
  t.equal(set.code, 0, set.stderr);
  t.same(jsonOf(set), { name: 'gina', tier: 'standard', quotaBytes: MiB, usedBytes: 0 });
  t.same(await quota(), { user: 'gina', tier: 'standard', quotaBytes: MiB, usedBytes: 0 }, 'fs quota shows the new quota');
  const listed = jsonOf(await asAdmin(['user', 'ls', '--json'])) as Array<{ name: string; quotaBytes: number; usedBytes: number }>;
  t.match(listed.find((u) => u.name === 'gina'), { quotaBytes: MiB, usedBytes: 0 }, 'admin user ls shows it');
  const human = await asAdmin(['user', 'quota', 'gina', '1MiB']);
  t.equal(human.stdout, 'gina: quota 1.0 MiB, 0 B used\n');

  for (const argv of [['user', 'quota', 'gina'], ['user', 'quota', 'gina', 'lots'], ['user', 'quota', 'gina', '0'], ['user', 'quota', 'gina', '1G', 'x']]) {
    const run = await asAdmin(argv);
    t.equal(run.code, 2, `admin ${argv.join(' ')}: exit 2`);
    t.equal(run.errorCode, 'USAGE', `admin ${argv.join(' ')}: USAGE`);
  }
  const missing = await asAdmin(['user', 'quota', 'nosuch', '1G']);
  t.same([missing.code, missing.errorCode], [1, 'NOT_FOUND']);
  const denied = await runCli(adminCommand, ['user', 'quota', 'gina', '1T'], { env: envOf(gina.token) });
  t.same([denied.code, denied.errorCode], [1, 'PERMISSION_DENIED'], 'only an admin sets quotas');
  t.equal((await quota()).quotaBytes, MiB, 'the refused calls changed nothing');
});

t.test('over quota by one block: fails cleanly; after rm and trash empty the upload goes through', async (t) => {
  const first = join(localDir, 'first.bin');
  await writeFile(first, randomBytes(600_000));
  const put = await fs(['put', first, 'first.bin', '--json']);
  t.equal(put.code, 0, put.stderr);
  t.equal((await quota()).usedBytes, 600_000);

  const second = join(localDir, 'second.bin');
  const secondBytes = MiB - 600_000 + oneBlock;
  await writeFile(second, randomBytes(secondBytes));
  const before = await snapshot();
  const refused = await fs(['put', second, 'second.bin', '--json']);
  t.equal(refused.code, 1);
  t.equal(refused.errorCode, 'QUOTA_EXCEEDED');
  t.match(refused.stderr, /refused before any block was sent/, 'the known size is refused up front: bytesUploaded 0');
  t.equal(refused.stdout, '', 'no JSON for a failed put');
  t.same(await snapshot(), before, 'nothing changed');

  const piped = await fs(['put', '-', 'second.bin'], randomBytes(secondBytes));
  t.same([piped.code, piped.errorCode], [1, 'QUOTA_EXCEEDED'], 'stdin (size not known): the commit refuses');
  t.match(piped.stderr, new RegExp(`the ${secondBytes} bytes sent are released`));
  t.same(await snapshot(), before, 'nothing changed');

  t.equal((await fs(['rm', 'first.bin'])).code, 0);
  t.equal((await quota()).usedBytes, 600_000, 'a trashed file still counts');
  t.equal((await fs(['put', second, 'second.bin'])).errorCode, 'QUOTA_EXCEEDED', 'so the upload is still refused');
  const emptied = await fs(['trash', 'empty', '--json']);
  t.equal(emptied.code, 0, emptied.stderr);
  t.equal((await quota()).usedBytes, 0, 'trash empty pays the usage back');

  const again = await fs(['put', second, 'second.bin', '--json']);
  t.equal(again.code, 0, again.stderr);
  t.match(jsonOf(again), { path: '/home/gina/second.bin', revision: 1, size: secondBytes });
  t.equal((await quota()).usedBytes, secondBytes);

  const lowered = await asAdmin(['user', 'quota', 'gina', '512K']);
  t.equal(lowered.code, 0, lowered.stderr);
  const small = join(localDir, 'small.bin');
  await writeFile(small, 'x');
  t.equal((await fs(['put', small, 'small.bin'])).errorCode, 'QUOTA_EXCEEDED', 'a quota lowered below the usage refuses the next byte at once');
  t.equal((await fs(['cat', 'second.bin'])).stdoutBytes.length, secondBytes, 'and keeps what is stored');
});

// `cairn fs` against a real 3-datanode cluster, run in-process as the entry point runs it: bytes
// round-trip through local temp files and stdin/stdout, JSON outputs have exactly the keys of
// CLI.md, and failures exit with the contract's codes and `cairn: CODE: …` lines.
import t from 'tap';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { fsCommand } from '../../src/cli/fs-commands.js';
import { MiB } from '../../src/common/constants.js';
import { MiniCluster } from '../harness/mini-cluster.js';
import { jsonOf, runCli, type CliEnv } from './run-cli.js';

const cluster = await MiniCluster.start();
t.teardown(() => cluster.stop());
const admin = cluster.client(cluster.adminToken);
const alice = await admin.nn.admin('UserAdd', { name: 'alice' });
const env = { CAIRN_NAMENODE: cluster.namenode.rpcAddress, CAIRN_TOKEN: alice.token };
const localDir = await mkdtemp(join(tmpdir(), 'cairn-cli-fs-'));
t.teardown(() => rm(localDir, { recursive: true, force: true }));

function fs(argv: string[], options: Partial<CliEnv> = {}) {
  return runCli(fsCommand, argv, { env, cwd: localDir, ...options });
}

async function localFile(name: string, data: Buffer): Promise<string> {
  const path = join(localDir, name);
  await writeFile(path, data);
  return path;
}

const sortedKeys = (value: unknown) => Object.keys(value as object).sort();

t.test('fs put/get: a random multi-block file round-trips byte for byte through local files', async (t) => {
  const data = randomBytes(3 * MiB + 12345);
  const source = await localFile('big.bin', data);
  t.equal((await fs(['mkdir', '-p', 'docs/in'])).code, 0, 'mkdir -p of a relative path');

  const put = await fs(['put', source, 'docs/big.bin', '--json']);
  t.equal(put.code, 0, put.stderr);
  const putResult = jsonOf(put) as Record<string, number | string>;
  t.same(sortedKeys(putResult), ['blocks', 'blocksDeduplicated', 'blocksUploaded', 'bytesUploaded', 'path', 'revision', 'seconds', 'size']);
  t.match(putResult, { path: '/home/alice/docs/big.bin', revision: 1, size: data.length, bytesUploaded: data.length, blocksDeduplicated: 0 });
  t.ok(Number(putResult.blocks) > 1, 'a 3 MiB file spans several blocks');

  const out = join(localDir, 'big.out');
  const get = await fs(['get', '/home/alice/docs/big.bin', out, '--json']);
  t.equal(get.code, 0, get.stderr);
  const getResult = jsonOf(get);
  t.same(sortedKeys(getResult), ['blocks', 'path', 'revision', 'seconds', 'size']);
  t.match(getResult, { path: '/home/alice/docs/big.bin', revision: 1, size: data.length, blocks: putResult.blocks });
  t.ok((await readFile(out)).equals(data), 'the downloaded file is byte for byte the uploaded one');
  t.same((await readdir(localDir)).filter((n) => n.includes('.cairn-part-')), [], 'no temp file is left behind');

  const again = await fs(['put', source, 'docs/in']);
  t.equal(again.code, 0, again.stderr);
  t.match(again.stdout, /^\/home\/alice\/docs\/in\/big\.bin revision 1 /, 'an existing remote folder receives the file under its local name');
  const intoDir = join(localDir, 'downloads');
  await mkdir(intoDir);
  const human = await fs(['get', 'docs/in/big.bin', intoDir]);
  t.equal(human.code, 0, human.stderr);
  t.match(human.stdout, /revision 1 -> .*downloads\/big\.bin/, 'one human line names where the file went');
  t.ok((await readFile(join(intoDir, 'big.bin'))).equals(data), 'an existing local folder receives the file under its remote name');
});

t.test('fs get: a failed download leaves neither the target nor a temp file', async (t) => {
  const target = join(localDir, 'never.bin');
  const run = await fs(['get', 'docs/no-such-file', target]);
  t.equal(run.code, 1);
  t.equal(run.errorCode, 'NOT_FOUND');
  const names = await readdir(localDir);
  t.notOk(names.includes('never.bin'), 'no target file');
  t.same(names.filter((n) => n.includes('.cairn-part-')), [], 'the temp file was removed');
});

t.test('fs put from stdin, then get and cat to stdout', async (t) => {
  const data = randomBytes(700 * 1024 + 3);
  const put = await fs(['put', '-', 'piped.bin', '--json'], { stdin: Readable.from([data.subarray(0, 1000), data.subarray(1000)]) });
  t.equal(put.code, 0, put.stderr);
  t.match(jsonOf(put), { path: '/home/alice/piped.bin', size: data.length, revision: 1 });
  const cat = await fs(['cat', 'piped.bin']);
  t.equal(cat.code, 0, cat.stderr);
  t.ok(cat.stdoutBytes.equals(data), 'cat writes exactly the bytes');
  const get = await fs(['get', '/home/alice/piped.bin', '-']);
  t.equal(get.code, 0, get.stderr);
  t.ok(get.stdoutBytes.equals(data), "get to '-' writes exactly the bytes and nothing else");
  const folder = await fs(['put', '-', 'docs/'], { stdin: Buffer.from('x') });
  t.equal(folder.code, 2, 'stdin into a folder has no file name');
});

t.test('fs ls: names, -l, -R and --json', async (t) => {
  t.equal((await fs(['mkdir', '-p', 'tree/sub/deeper'])).code, 0);
  const a = await localFile('a.txt', Buffer.from('alpha\n'));
  t.equal((await fs(['put', a, 'tree/a.txt'])).code, 0);
  t.equal((await fs(['put', a, 'tree/sub/b.txt'])).code, 0);

  t.equal((await fs(['ls', 'tree'])).stdout, 'a.txt\nsub/\n', 'names, folders marked with /');
  t.equal((await fs(['ls', '-R', 'tree'])).stdout, 'a.txt\nsub/\nsub/b.txt\nsub/deeper/\n', 'depth first, paths below the listed folder');
  const long = (await fs(['ls', '-l', '/home/alice/tree'])).stdout.trim().split('\n');
  t.equal(long.length, 2);
  t.match(long[0], /^file\s+6\s+1\s+\d{4}-\d\d-\d\dT[\d:.]+Z\s+a\.txt$/, '-l: type, size, revision, modified, name');
  t.match(long[1], /^dir\s+-\s+-\s+\S+Z\s+sub\/$/);

  const listed = jsonOf(await fs(['ls', 'tree', '-R', '--json'])) as Array<Record<string, unknown>>;
  t.same(listed.map((e) => e.path), ['/home/alice/tree/a.txt', '/home/alice/tree/sub', '/home/alice/tree/sub/b.txt', '/home/alice/tree/sub/deeper']);
  for (const entry of listed) t.same(sortedKeys(entry), ['modifiedAt', 'name', 'path', 'revision', 'size', 'type']);
  t.match(listed[0], { name: 'a.txt', type: 'file', size: 6, revision: 1 });
  t.equal(new Date(String(listed[0]?.modifiedAt)).toISOString(), listed[0]?.modifiedAt, 'modifiedAt is an ISO-8601 string');
  t.equal((await fs(['ls', 'tree/sub/deeper', '--json'])).stdout, '[]\n', 'an empty folder is an empty array');
  const home = jsonOf(await fs(['ls', '--json'])) as Array<Record<string, unknown>>;
  t.ok(home.some((e) => e.path === '/home/alice/tree'), 'ls without PATH lists the home folder');
});

t.test('fs stat, revisions after two puts, and restore', async (t) => {
  const v1 = Buffer.from('first version\n');
  const v2 = Buffer.from('second, longer version\n');
  t.equal((await fs(['put', await localFile('v1', v1), 'notes.txt'])).code, 0);
  t.equal((await fs(['put', await localFile('v2', v2), 'notes.txt'])).code, 0);

  const stat = jsonOf(await fs(['stat', 'notes.txt', '--json']));
  t.same(sortedKeys(stat), ['blocks', 'modifiedAt', 'owner', 'path', 'revision', 'size', 'type']);
  t.match(stat, { path: '/home/alice/notes.txt', type: 'file', size: v2.length, revision: 2, owner: 'alice', blocks: 1 });

  const revisions = jsonOf(await fs(['revisions', 'notes.txt', '--json'])) as Array<Record<string, unknown>>;
  t.same(revisions.map((r) => r.revision), [2, 1], 'newest first');
  for (const r of revisions) t.same(sortedKeys(r), ['author', 'createdAt', 'md5', 'revision', 'size']);
  t.match(revisions[1], { size: v1.length, author: 'alice', md5: createHash('md5').update(v1).digest('hex') });

  const restore = await fs(['restore', 'notes.txt', '--revision', '1']);
  t.equal(restore.code, 0, restore.stderr);
  t.match(restore.stdout, /revision 1 restored as revision 3/);
  t.ok((await fs(['cat', 'notes.txt'])).stdoutBytes.equals(v1), 'the newest revision now has the old bytes');
  t.ok((await fs(['cat', 'notes.txt', '--revision', '2'])).stdoutBytes.equals(v2), 'older revisions stay readable');
  const missing = await fs(['restore', 'notes.txt', '--revision', '99']);
  t.equal(missing.code, 1);
  t.equal(missing.errorCode, 'NO_SUCH_REVISION');
});

t.test('fs mv renames and moves into an existing folder', async (t) => {
  t.equal((await fs(['put', await localFile('m', Buffer.from('m')), 'moving.txt'])).code, 0);
  t.equal((await fs(['mv', 'moving.txt', 'moved.txt'])).code, 0);
  t.equal((await fs(['stat', 'moving.txt'])).errorCode, 'NOT_FOUND', 'the old name is gone');
  t.equal((await fs(['mkdir', 'box'])).code, 0);
  t.equal((await fs(['mv', '/home/alice/moved.txt', 'box'])).code, 0);
  t.equal((jsonOf(await fs(['stat', 'box/moved.txt', '--json'])) as { size: number }).size, 1);
});

t.test('fs rm: to the trash and back; a non-empty folder needs -r', async (t) => {
  t.equal((await fs(['put', await localFile('r', Buffer.from('rm me')), 'doomed.txt'])).code, 0);
  t.equal((await fs(['rm', 'doomed.txt'])).code, 0, 'a file needs no -r');
  t.equal((await fs(['stat', 'doomed.txt'])).errorCode, 'NOT_FOUND');
  const trash = jsonOf(await fs(['trash', 'ls', '--json'])) as Array<Record<string, unknown>>;
  t.ok(Array.isArray(trash));
  t.ok(trash.some((e) => e.path === '/home/alice/doomed.txt' && e.type === 'file'), 'trash ls lists it');
  t.equal((await fs(['trash', 'restore', 'doomed.txt'])).code, 0);
  t.equal((await fs(['cat', 'doomed.txt'])).stdout, 'rm me', 'restored with its content');

  t.equal((await fs(['mkdir', '-p', 'full/inner'])).code, 0);
  const refused = await fs(['rm', 'full']);
  t.equal(refused.code, 1);
  t.equal(refused.errorCode, 'DIRECTORY_NOT_EMPTY');
  t.equal((await fs(['stat', 'full/inner'])).code, 0, 'the refused folder is untouched');
  t.equal((await fs(['rm', 'full/inner'])).code, 0, 'an empty folder needs no -r');
  t.equal((await fs(['mkdir', 'full/again'])).code, 0);
  t.equal((await fs(['rm', '-r', 'full'])).code, 0);
  t.equal((await fs(['stat', 'full'])).errorCode, 'NOT_FOUND');
});

t.test('fs put --if-revision: a stale expectation is refused and the file stays as it was', async (t) => {
  const v1 = await localFile('c1', Buffer.from('one'));
  const v2 = await localFile('c2', Buffer.from('two'));
  const v3 = await localFile('c3', Buffer.from('three'));
  t.equal((await fs(['put', v1, 'contended.txt', '--if-revision', '0'])).code, 0, '0: the file must not exist yet');
  t.equal((await fs(['put', v2, 'contended.txt', '--if-revision', '1'])).code, 0);
  const stale = await fs(['put', v3, 'contended.txt', '--if-revision', '1']);
  t.equal(stale.code, 1);
  t.equal(stale.errorCode, 'REVISION_CONFLICT');
  t.equal((await fs(['cat', 'contended.txt'])).stdout, 'two', 'the file is unchanged');
  t.equal((jsonOf(await fs(['stat', 'contended.txt', '--json'])) as { revision: number }).revision, 2);
});

t.test('fs usage: help exits 0, bad usage exits 2', async (t) => {
  const help = await fs([]);
  t.equal(help.code, 0);
  t.match(help.stdout, /cairn fs put LOCAL REMOTE/);
  t.match(help.stdout, /relative to your home folder/);
  t.equal((await fs(['put', '--help'])).code, 0);
  for (const argv of [['nosuch'], ['put', 'onlyone'], ['ls', '--bogus'], ['restore', 'x'], ['get', 'a', 'b', '--revision', 'two'], ['get', 'a', '-', '--json'], ['trash']]) {
    const run = await fs(argv);
    t.equal(run.code, 2, `fs ${argv.join(' ')}`);
    t.equal(run.errorCode, 'USAGE', `fs ${argv.join(' ')}: USAGE`);
  }
  const later = await fs(['du']);
  t.equal(later.code, 1);
  t.equal(later.errorCode, 'UNAVAILABLE', 'commands of later issues say so');
});

t.test('fs connection: a missing token exits 2, a wrong token exits 1 UNAUTHENTICATED', async (t) => {
  const missing = await fs(['ls'], { env: { CAIRN_NAMENODE: cluster.namenode.rpcAddress } });
  t.equal(missing.code, 2);
  t.equal(missing.errorCode, 'USAGE');
  const wrong = await fs(['ls', '/home/alice'], { env: { CAIRN_NAMENODE: cluster.namenode.rpcAddress, CAIRN_TOKEN: 'cn1_forged' } });
  t.equal(wrong.code, 1);
  t.equal(wrong.errorCode, 'UNAUTHENTICATED');
  t.equal(wrong.stdout, '', 'nothing on stdout');
  const flag = await fs(['ls', '--token', alice.token, '--namenode', cluster.namenode.rpcAddress], { env: {} });
  t.equal(flag.code, 0, 'flags work without the environment');
});

t.test('fs quota --json shows the caller and what they use', async (t) => {
  const quinn = await admin.nn.admin('UserAdd', { name: 'quinn', tier: 'premium' });
  const quinnEnv = { CAIRN_NAMENODE: cluster.namenode.rpcAddress, CAIRN_TOKEN: quinn.token };
  t.equal((await fs(['put', await localFile('q', randomBytes(5000)), 'q.bin'], { env: quinnEnv })).code, 0);
  const quota = jsonOf(await fs(['quota', '--json'], { env: quinnEnv }));
  t.same(sortedKeys(quota), ['quotaBytes', 'tier', 'usedBytes', 'user']);
  t.match(quota, { user: 'quinn', tier: 'premium', usedBytes: 5000 });
  t.ok((quota as { quotaBytes: number }).quotaBytes > 5000);
});

t.test('fs cat and get: an output that fails ends the command with IO_ERROR, not success or a hang', async (t) => {
  t.equal((await fs(['put', await localFile('small', Buffer.from('tiny')), 'small.txt'])).code, 0);
  for (const argv of [['cat', 'docs/big.bin'], ['cat', 'small.txt'], ['get', 'small.txt', '-']]) {
    const broken = new Writable({
      write(_chunk, _encoding, done) {
        setImmediate(() => done(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' })));
      },
    });
    const run = await fs(argv, { stdout: broken });
    t.equal(run.code, 1, `fs ${argv.join(' ')}`);
    t.equal(run.errorCode, 'IO_ERROR', `fs ${argv.join(' ')}: IO_ERROR`);
  }
});

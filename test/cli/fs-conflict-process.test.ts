// `cairn fs put --if-revision N` as operators' scripts run it: the real binary in child processes
// against an in-process cluster. A stale, premature or future expectation exits 1 with one
// `cairn: REVISION_CONFLICT: …` line on stderr and nothing on stdout (not even with --json), and
// leaves the file as it was; two processes racing with the same expectation end with exactly
// one new revision, the winner's bytes, and the loser told REVISION_CONFLICT. A number that is
// not a revision at all is bad usage (exit 2), never taken for another one.
import t from 'tap';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fsCommand } from '../../src/cli/fs-commands.js';
import { MiB } from '../../src/common/constants.js';
import { sha256Hex } from '../../src/common/hashing.js';
import { runCairn, type RunResult } from '../harness/cli-process.js';
import { MiniCluster, readBack } from '../harness/mini-cluster.js';
import { seededRandomBytes } from '../harness/sync-fixtures.js';
import { runCli } from './run-cli.js';

const cluster = await MiniCluster.start({ config: { chunking: 'cdc' } });
t.teardown(() => cluster.stop());
const alice = await cluster.client(cluster.adminToken).nn.admin('UserAdd', { name: 'alice' });
const env = { CAIRN_NAMENODE: cluster.namenode.rpcAddress, CAIRN_TOKEN: alice.token };
const localDir = await mkdtemp(join(tmpdir(), 'cairn-cli-conflict-'));
t.teardown(() => rm(localDir, { recursive: true, force: true }));

async function localFile(name: string, data: Buffer): Promise<string> {
  const path = join(localDir, name);
  await writeFile(path, data);
  return path;
}

const cairn = (args: string[]) => runCairn(args, env);
const errorCode = (run: RunResult) => /^cairn: ([A-Z_]+): /m.exec(run.stderr)?.[1];
// What the file holds is checked with the client library: quicker than more processes.
const library = cluster.client(alice.token);
const newest = async (path: string) => (await library.nn.call('Stat', { path: `/home/alice/${path}` })).revision;
const content = async (path: string) => sha256Hex(await readBack(library, `/home/alice/${path}`));

t.test('fs put --if-revision: stale, premature and future expectations exit 1 with REVISION_CONFLICT and change nothing', async (t) => {
  const v1 = seededRandomBytes('conflict-v1', 1000);
  const v2 = seededRandomBytes('conflict-v2', 2 * MiB + 5);
  const v3 = seededRandomBytes('conflict-v3', 3000);
  const created = await cairn(['fs', 'put', await localFile('v1', v1), 'doc.bin', '--if-revision', '0', '--json']);
  t.equal(created.code, 0, `--if-revision 0 creates the file ${created.stderr}`);
  t.match(JSON.parse(created.stdout), { path: '/home/alice/doc.bin', revision: 1 }, 'as revision 1');
  const second = await cairn(['fs', 'put', await localFile('v2', v2), 'doc.bin', '--if-revision', '1', '--json']);
  t.equal(second.code, 0, `--if-revision 1 on revision 1 succeeds ${second.stderr}`);
  t.match(JSON.parse(second.stdout), { revision: 2, size: v2.length }, 'as revision 2');

  const v3File = await localFile('v3', v3);
  const cases = [
    ['1', 'stale: the file moved on to revision 2', []], ['1', 'stale', ['--json']], ['0', 'the file must not exist, but does', ['--json']], ['3', 'a revision that does not exist yet', []],
  ] as const;
  for (const [expectation, why, extra] of cases) {
    const refused = await cairn(['fs', 'put', v3File, 'doc.bin', '--if-revision', expectation, ...extra]);
    const label = `--if-revision ${expectation} ${extra.join(' ')}(${why})`;
    t.equal(refused.code, 1, `${label}: exit 1`);
    t.equal(errorCode(refused), 'REVISION_CONFLICT', `${label}: REVISION_CONFLICT`);
    t.match(refused.stderr, /^cairn: REVISION_CONFLICT: [^\n]+\n$/, `${label}: one line on stderr`);
    t.equal(refused.stdout, '', `${label}: nothing on stdout`);
  }
  t.equal(await newest('doc.bin'), 2, 'no refused put made a revision');
  t.equal(await content('doc.bin'), sha256Hex(v2), 'the file still has revision 2\'s bytes');
  const uploads = await cluster.inspectMetastore(async (store) => store.sub.uploads.keys().all());
  t.same(uploads, [], 'no refused put left its upload session open');
  await cluster.waitForDatanodes(3);
});

// Parsing fails before anything connects: run in-process (the same command code, no process start-up).
t.test('fs put --if-revision, fs get --revision: a number that is not a revision is bad usage and changes nothing', async (t) => {
  const file = await localFile('usage', Buffer.from('not stored'));
  const fs = (argv: string[]) => runCli(fsCommand, argv, { env, cwd: localDir });
  // 4294967297 = 2^32 + 1: as a uint32 on the wire it would be revision 1.
  for (const bad of ['-1', 'two', '1.5', '4294967297', '99999999999999999999']) {
    for (const argv of [['put', file, 'doc.bin', '--if-revision', bad], ['get', 'doc.bin', join(localDir, 'out'), '--revision', bad]]) {
      const run = await fs(argv);
      t.same({ code: run.code, error: run.errorCode }, { code: 2, error: 'USAGE' }, `fs ${argv[0]} ${argv.slice(3).join(' ')}: exit 2 USAGE`);
    }
  }
  t.equal(await newest('doc.bin'), 2, 'the file is unchanged');
});

t.test('fs put --if-revision: two processes racing with the same expectation make exactly one revision', async (t) => {
  for (let round = 0; round < 2; round++) {
    const before = await newest('doc.bin');
    const contents = [seededRandomBytes(`race-${round}-a`, 3 * MiB + round), seededRandomBytes(`race-${round}-b`, 2 * MiB + 7 * round)];
    const files = await Promise.all(contents.map((data, i) => localFile(`race-${round}-${i}`, data)));
    const runs = await Promise.all(files.map((file) => cairn(['fs', 'put', file, 'doc.bin', '--if-revision', String(before), '--json'])));
    const winners = runs.flatMap((run, i) => (run.code === 0 ? [i] : []));
    t.equal(winners.length, 1, `round ${round}: exactly one put wins (exits ${runs.map((r) => r.code).join(', ')})`);
    const winner = winners[0] ?? 0;
    const loser = runs[1 - winner] as RunResult;
    t.equal(loser.code, 1, `round ${round}: the other exits 1`);
    t.equal(errorCode(loser), 'REVISION_CONFLICT', `round ${round}: with REVISION_CONFLICT (${loser.stderr.trim()})`);
    t.match(JSON.parse(runs[winner]?.stdout ?? ''), { revision: before + 1, size: contents[winner]?.length }, `round ${round}: the winner made revision ${before + 1}`);
    t.equal(await newest('doc.bin'), before + 1, `round ${round}: and no other revision exists`);
    t.equal(await content('doc.bin'), sha256Hex(contents[winner] as Buffer), `round ${round}: the file has the winner's bytes`);
  }
});

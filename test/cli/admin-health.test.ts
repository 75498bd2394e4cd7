// `cairn admin fsck | safemode | decommission | recommission` against a real 4-datanode cluster
// (R=3), run in-process as the entry point runs them. What must hold: fsck counts exactly what was
// put and prints exactly the contract's keys; safe mode refuses writes (SAFE_MODE, exit 1) until
// it is left, and `safemode wait` gives up with TIMEOUT; a decommissioned node is drained while
// every block keeps R good replicas elsewhere, and comes back live; bad usage exits 2, an unknown
// node 1 with NOT_FOUND; and when every replica is gone, fsck still prints its report, says
// CORRUPT and exits 1.
import t from 'tap';
import { randomBytes } from 'node:crypto';
import { adminCommand } from '../../src/cli/admin-commands.js';
import { fsCommand } from '../../src/cli/fs-commands.js';
import { MiB } from '../../src/common/constants.js';
import { MiniCluster } from '../harness/mini-cluster.js';
import { waitFor } from '../harness/wait-for.js';
import { jsonOf, runCli, type CliRun } from './run-cli.js';

const cluster = await MiniCluster.start({ datanodes: 4 });
t.teardown(() => cluster.stop());
const admin = cluster.client(cluster.adminToken);
const alice = await admin.nn.admin('UserAdd', { name: 'alice' });
const adminEnv = { CAIRN_NAMENODE: cluster.namenode.rpcAddress, CAIRN_TOKEN: cluster.adminToken };
const aliceEnv = { CAIRN_NAMENODE: cluster.namenode.rpcAddress, CAIRN_TOKEN: alice.token };
const asAdmin = (argv: string[]) => runCli(adminCommand, argv, { env: adminEnv });
const adminJson = async (argv: string[]) => jsonOf(await asAdmin([...argv, '--json'])) as Record<string, unknown>;
const sortedKeys = (value: unknown) => Object.keys(value as object).sort();

type Json = Record<string, unknown>;
const fsckKeys = ['blocks', 'corruptReplicas', 'datanodes', 'files', 'missing', 'overReplicated', 'revisions', 'status', 'underReplicated'];
const fileKeys = ['blocks', 'corruptReplicas', 'missing', 'path', 'revision', 'size', 'status', 'underReplicated'];
const blockKeys = ['corrupt', 'decommissioning', 'id', 'live', 'locations', 'offset', 'size', 'state'];
const datanodeKeys = ['address', 'blocks', 'capacity', 'free', 'id', 'lastHeartbeatMsAgo', 'rack', 'state', 'used'];

/** Puts random bytes (never deduplicated) from stdin as alice; returns `fs put --json`. */
async function put(path: string, bytes: number): Promise<{ run: CliRun; blocks: number }> {
  const run = await runCli(fsCommand, ['put', '-', path, '--json'], { env: aliceEnv, stdin: randomBytes(bytes) });
  const blocks = run.code === 0 ? Number((jsonOf(run) as Json).blocks) : 0;
  return { run, blocks };
}

async function fsckJson(argv: string[]): Promise<{ run: CliRun; json: Json }> {
  const run = await asAdmin(['fsck', ...argv, '--json']);
  return { run, json: jsonOf(run) as Json };
}

// The namespace every test sees: docs/a.bin (several blocks), docs/c.txt (two revisions), b.bin.
const mkdir = await runCli(fsCommand, ['mkdir', '-p', '/home/alice/docs'], { env: aliceEnv });
if (mkdir.code !== 0) throw new Error(`setup mkdir failed: ${mkdir.stderr}`);
const a = await put('/home/alice/docs/a.bin', MiB);
const c1 = await put('/home/alice/docs/c.txt', 500);
const c2 = await put('/home/alice/docs/c.txt', 700);
const b = await put('/home/alice/b.bin', 1000);
for (const { run } of [a, c1, c2, b]) if (run.code !== 0) throw new Error(`setup put failed: ${run.stderr}`);
const totalBlocks = a.blocks + c1.blocks + c2.blocks + b.blocks;

t.test('fsck --json on a healthy cluster: exact keys, HEALTHY, exit 0, the counts of what was put', async (t) => {
  t.ok(a.blocks > 1, 'a 1 MiB file spans several blocks');
  // Commit needs 2 replicas; the third may still be on its way, so wait until every block has R.
  await waitFor(async () => (await fsckJson([])).json.underReplicated === 0, 10_000, async () => (await fsckJson([])).json);
  const { run, json } = await fsckJson([]);
  t.equal(run.code, 0, run.stderr);
  t.same(sortedKeys(json), fsckKeys, 'no details without --files/--blocks');
  t.match(json, { status: 'HEALTHY', files: 3, revisions: 4, blocks: totalBlocks, underReplicated: 0, overReplicated: 0, missing: 0, corruptReplicas: 0 });
  t.same(json.datanodes, { live: 4, stale: 0, dead: 0, decommissioning: 0 });

  const sub = await fsckJson(['/home/alice/docs']);
  t.equal(sub.run.code, 0, sub.run.stderr);
  t.match(sub.json, { status: 'HEALTHY', files: 2, revisions: 3, blocks: a.blocks + c1.blocks + c2.blocks, missing: 0 }, 'a sub-path counts the blocks of its revisions');

  const human = await asAdmin(['fsck']);
  t.equal(human.code, 0, human.stderr);
  t.match(human.stdout, /^Status: HEALTHY$/m);
  t.match(human.stdout, new RegExp(`^ Total files: +3 \\(4 revisions\\)$`, 'm'));
  t.match(human.stdout, new RegExp(`^ Total blocks: +${totalBlocks}$`, 'm'));
  t.match(human.stdout, /^The filesystem under path '\/' is HEALTHY$/m);

  // report's health is the monitor's last pass, which may predate the third replicas: wait for one after them.
  let report: Json = {};
  await waitFor(async () => {
    report = await adminJson(['report']);
    const health = report.health as Json;
    return Number(health.asOfMs) > 0 && health.blocks === totalBlocks && health.underReplicated === 0;
  }, 10_000, () => report);
  t.match(report, { safemode: false, health: { blocks: totalBlocks, missing: 0, overReplicated: 0, corruptReplicas: 0 } }, 'report shows the monitor\'s last pass');
  t.type(report.replicationQueue, 'number');
  t.type(report.pendingReplications, 'number');
});

t.test('fsck PATH --files --blocks: one detail per file revision, with its blocks and their locations', async (t) => {
  const addresses = ((await adminJson(['datanodes'])) as unknown as Json[]).map((d) => d.address);
  const files = await fsckJson(['/home/alice/docs', '--files']);
  t.equal(files.run.code, 0, files.run.stderr);
  const fileDetails = files.json.details as Json[];
  for (const detail of fileDetails) t.same(sortedKeys(detail), fileKeys, '--files: no blockList');
  t.same([...new Set(fileDetails.map((d) => d.path))].sort(), ['/home/alice/docs/a.bin', '/home/alice/docs/c.txt']);

  const { run, json } = await fsckJson(['/home/alice/docs', '--files', '--blocks']);
  t.equal(run.code, 0, run.stderr);
  const details = json.details as Json[];
  for (const detail of details) t.same(sortedKeys(detail), [...fileKeys, 'blockList'].sort());
  t.ok(details.some((d) => d.path === '/home/alice/docs/c.txt' && d.revision === 2 && d.size === 700), 'the newest revision of c.txt');
  const aDetail = details.find((d) => d.path === '/home/alice/docs/a.bin');
  t.match(aDetail, { revision: 1, size: MiB, blocks: a.blocks, underReplicated: 0, missing: 0, corruptReplicas: 0, status: 'HEALTHY' });
  const blockList = (aDetail?.blockList ?? []) as Json[];
  t.equal(blockList.length, a.blocks);
  let offset = 0;
  for (const block of blockList) {
    t.same(sortedKeys(block), blockKeys);
    t.match(block, { offset, live: 3, decommissioning: 0, corrupt: 0, state: 'ok' });
    const locations = block.locations as string[];
    t.equal(new Set(locations).size, 3, 'three distinct datanodes hold a good replica');
    for (const location of locations) t.ok(addresses.includes(location), `${location} is a datanode address of admin datanodes`);
    offset += Number(block.size);
  }
  t.equal(offset, MiB, 'the blocks cover the file, in order');

  const human = await asAdmin(['fsck', '/home/alice/docs/a.bin', '--files', '--blocks']);
  t.equal(human.code, 0, human.stderr);
  t.match(human.stdout, new RegExp(`^/home/alice/docs/a\\.bin revision 1, 1\\.0 MiB, ${a.blocks} block\\(s\\): HEALTHY$`, 'm'));
  t.match(human.stdout, /^ {2}0\. \S+ offset=0 len=\d+ live=3 ok \[127\.0\.0\.1:\d+, 127\.0\.0\.1:\d+, 127\.0\.0\.1:\d+\]$/m);
  t.match(human.stdout, /^The filesystem under path '\/home\/alice\/docs\/a\.bin' is HEALTHY$/m);
});

t.test('safemode: enter refuses writes with SAFE_MODE, wait gives up with TIMEOUT, leave lets writes in again', async (t) => {
  const off = await asAdmin(['safemode', 'get', '--json']);
  t.equal(off.code, 0, off.stderr);
  t.same(sortedKeys(jsonOf(off)), ['manual', 'on', 'reportedBlocks', 'threshold', 'totalBlocks']);
  t.match(jsonOf(off), { on: false, manual: false });
  t.equal((await asAdmin(['safemode', 'get'])).stdout, 'Safe mode is OFF\n');

  const enter = await asAdmin(['safemode', 'enter']);
  t.equal(enter.code, 0, enter.stderr);
  t.match(enter.stdout, /^Safe mode is ON\n {2}\d+ of \d+ blocks reported .*entered by an operator/);
  t.match(await adminJson(['safemode', 'get']), { on: true, manual: true });
  const refused = await put('/home/alice/refused.bin', 100);
  t.equal(refused.run.code, 1);
  t.equal(refused.run.errorCode, 'SAFE_MODE');
  const read = await runCli(fsCommand, ['cat', '/home/alice/b.bin'], { env: aliceEnv });
  t.equal(read.code, 0, `reads still work in safe mode: ${read.stderr}`);
  t.equal(read.stdoutBytes.length, 1000);

  const timedOut = await asAdmin(['safemode', 'wait', '--timeout', '300ms']);
  t.equal(timedOut.code, 1);
  t.equal(timedOut.errorCode, 'TIMEOUT');
  t.equal(timedOut.stdout, '', 'nothing on stdout when the wait gives up');

  const leave = await asAdmin(['safemode', 'leave']);
  t.equal(leave.code, 0, leave.stderr);
  t.equal(leave.stdout, 'Safe mode is OFF\n');
  const waited = await asAdmin(['safemode', 'wait', '--timeout', '10s']);
  t.equal(waited.code, 0, waited.stderr);
  t.equal(waited.stdout, 'Safe mode is OFF\n');
  t.match(await adminJson(['safemode', 'wait']), { on: false, manual: false });
  const accepted = await put('/home/alice/accepted.bin', 100);
  t.equal(accepted.run.code, 0, accepted.run.stderr);
});

t.test('decommission --wait drains one of 4 datanodes while every block keeps R replicas; recommission brings it back', async (t) => {
  const before = (await adminJson(['datanodes'])) as unknown as Json[];
  const target = before.find((d) => Number(d.blocks) > 0) ?? before[0];
  if (target === undefined) throw new Error('no datanode');
  const done = await asAdmin(['decommission', String(target.id), '--wait', '--timeout', '60s', '--json']);
  t.equal(done.code, 0, done.stderr);
  const state = jsonOf(done) as Json;
  t.same(sortedKeys(state), datanodeKeys, 'the shape of one admin datanodes --json element');
  t.match(state, { id: target.id, address: target.address, state: 'decommissioned' });

  const after = (await adminJson(['datanodes'])) as unknown as Json[];
  t.equal(after.find((d) => d.id === target.id)?.state, 'decommissioned', 'admin datanodes shows it decommissioned');
  t.same(after.filter((d) => d.id !== target.id).map((d) => d.state), ['live', 'live', 'live']);
  const { run, json } = await fsckJson([]);
  t.equal(run.code, 0, run.stderr);
  t.match(json, { status: 'HEALTHY', underReplicated: 0, missing: 0 }, 'every block has R good replicas on the in-service nodes');
  t.match(json.datanodes, { live: 3 });

  const again = await asAdmin(['decommission', String(target.address), '--wait', '--timeout', '10s']);
  t.equal(again.code, 0, `decommissioning a decommissioned node by address is a no-op: ${again.stderr}`);
  t.match(again.stdout, new RegExp(`^datanode ${String(target.id)} \\(${String(target.address)}, rack \\S+\\): decommissioned, \\d+ blocks\\n$`));

  const back = await asAdmin(['recommission', String(target.address)]);
  t.equal(back.code, 0, back.stderr);
  t.match(back.stdout, new RegExp(`^datanode ${String(target.id)} \\(${String(target.address)}, rack \\S+\\): live, \\d+ blocks\\n$`));
  const nodes = (await adminJson(['datanodes'])) as unknown as Json[];
  t.same(nodes.map((d) => d.state), ['live', 'live', 'live', 'live'], 'admin datanodes shows it live again');
});

t.test('admin health commands: bad usage exits 2, unknown nodes NOT_FOUND, --audit finds no drift, help, non-admins refused', async (t) => {
  const usageErrors = [
    ['safemode'], ['safemode', 'bogus'], ['safemode', 'get', 'enter'], ['safemode', 'get', '--timeout', '1s'], ['safemode', 'wait', '--timeout', 'soon'],
    ['safemode', 'wait', '--timeout', '0s'], ['decommission'], ['decommission', 'a', 'b'], ['decommission', 'x', '--timeout', '5s'],
    ['decommission', 'x', '--wait', '--timeout', '5 parsecs'], ['recommission'], ['recommission', 'x', '--wait'], ['fsck', '/', '/x'],
    ['fsck', 'relative/path'], ['fsck', '--bogus'],
  ];
  for (const argv of usageErrors) {
    const run = await asAdmin(argv);
    t.equal(run.code, 2, `admin ${argv.join(' ')}: exit 2`);
    t.equal(run.errorCode, 'USAGE', `admin ${argv.join(' ')}: USAGE`);
  }
  for (const argv of [['decommission', 'no-such-node'], ['decommission', '127.0.0.1:1', '--wait'], ['recommission', 'no-such-node'], ['fsck', '/no/such/path']]) {
    const run = await asAdmin(argv);
    t.equal(run.code, 1, `admin ${argv.join(' ')}: exit 1`);
    t.equal(run.errorCode, 'NOT_FOUND', `admin ${argv.join(' ')}: NOT_FOUND`);
  }
  const audit = await asAdmin(['fsck', '--audit', '--json']);
  t.equal(audit.code, 0, 'fsck --audit finds no drift');
  t.equal(((JSON.parse(audit.stdout) as { audit: { driftCount: number } }).audit).driftCount, 0);
  for (const [argv, usage] of [[['fsck', '--help'], 'cairn admin fsck'], [['safemode', '-h'], 'cairn admin safemode'], [['decommission', '--help'], 'cairn admin decommission']] as const) {
    const help = await asAdmin([...argv]);
    t.equal(help.code, 0);
    t.ok(help.stdout.startsWith(`usage: ${usage}`), `${argv.join(' ')} prints its usage`);
  }
  for (const argv of [['fsck'], ['safemode', 'enter'], ['decommission', 'x']]) {
    const denied = await runCli(adminCommand, argv, { env: aliceEnv });
    t.equal(denied.errorCode, 'PERMISSION_DENIED', `admin ${argv.join(' ')} as a user`);
  }
});

t.test('fsck after every datanode is gone: CORRUPT, exit 1, the report printed all the same', async (t) => {
  for (let i = 0; i < 4; i++) await cluster.stopDatanode(i);
  await waitFor(async () => ((await adminJson(['datanodes'])) as unknown as Json[]).every((d) => d.state === 'dead'), 10_000, () => adminJson(['datanodes']));
  const { run, json } = await fsckJson([]);
  t.equal(run.code, 1, 'exit 1 when CORRUPT');
  t.equal(run.errorCode, undefined, 'a CORRUPT verdict is a report, not an error line');
  t.same(sortedKeys(json), fsckKeys);
  t.match(json, { status: 'CORRUPT', datanodes: { live: 0, dead: 4 } });
  t.ok(Number(json.missing) > 0, 'blocks with no readable replica are missing');
  t.equal(json.missing, json.blocks, 'with every datanode gone, every block is missing');

  const human = await asAdmin(['fsck', '/home/alice/docs', '--files']);
  t.equal(human.code, 1);
  t.match(human.stdout, /^\/home\/alice\/docs\/a\.bin revision 1, 1\.0 MiB, \d+ block\(s\): CORRUPT \(\d+ missing/m);
  t.match(human.stdout, /^Status: CORRUPT$/m);
  t.match(human.stdout, /^The filesystem under path '\/home\/alice\/docs' is CORRUPT$/m);
});

// Authorization benchmark (issue 7): what grants cost on the metadata path. An in-process cluster
// (test/harness/mini-cluster.ts: the namenode and one datanode in this process, real gRPC over
// loopback, real LevelDB) holds `/home/alice/d1/…/d20/f`, a 4 KiB file. "Without grants": alice,
// the owner, stats it and asks for its block locations (GetFile, which issues a read token).
// "With grants": bob, who reaches it only through grants on several levels of the chain — d3
// viewer, d8 editor, d15 viewer — with grants to other users on those and other levels, so the
// inodes along the path carry several grants each. The machine's own limit in the same run: a
// no-op RPC (WhoAmI) over the same connections. N concurrent callers, each with its own client,
// run every phase for a fixed time; the phases alternate order over the rounds.
//
//   npm run bench -- auth [--callers 16] [--seconds 3] [--rounds 4]
//
// Target: with grants ≥ 80 % of without. Results go to bench/results/auth.md.
import { writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import type { CairnClient } from '../src/client/cairn-client.js';
import { MiniCluster, bufferSource } from '../test/harness/mini-cluster.js';

const depth = 20;
const folders = Array.from({ length: depth }, (_, i) => `d${i + 1}`);
const filePath = `/home/alice/${folders.join('/')}/f`;
const folderAt = (level: number) => `/home/alice/${folders.slice(0, level).join('/')}`;
/** [level, user, role]: bob's own grants first, then other users' on the same and other levels. */
const grants: Array<[number, string, 'viewer' | 'editor']> = [
  [3, 'bob', 'viewer'], [8, 'bob', 'editor'], [15, 'bob', 'viewer'],
  [3, 'carol', 'viewer'], [3, 'dave', 'editor'], [5, 'erin', 'editor'], [8, 'carol', 'viewer'], [8, 'erin', 'viewer'],
  [12, 'dave', 'viewer'], [15, 'carol', 'editor'], [15, 'dave', 'viewer'], [18, 'erin', 'viewer'], [20, 'carol', 'viewer'],
];
const others = ['carol', 'dave', 'erin'];

type Op = 'stat' | 'getfile' | 'noop';
interface Phase { name: string; who: 'alice' | 'bob'; op: Op }
const phases: Phase[] = [
  { name: 'stat, owner (no grants)', who: 'alice', op: 'stat' },
  { name: 'stat, via grants', who: 'bob', op: 'stat' },
  { name: 'get-block-locations, owner (no grants)', who: 'alice', op: 'getfile' },
  { name: 'get-block-locations, via grants', who: 'bob', op: 'getfile' },
  { name: 'WhoAmI (no-op RPC: the limit)', who: 'alice', op: 'noop' },
];

interface Tally { ops: number; errors: number; seconds: number }

export async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { callers: { type: 'string' }, seconds: { type: 'string' }, rounds: { type: 'string' } } });
  const callers = Number(values.callers ?? 16);
  const seconds = Number(values.seconds ?? 3);
  const rounds = Number(values.rounds ?? 4);
  if (!(callers >= 1 && seconds > 0 && rounds >= 1)) throw new Error('need --callers ≥ 1, --seconds > 0, --rounds ≥ 1');
  const started = performance.now();
  const loadBefore = loadavg();
  const cluster = await MiniCluster.start({ datanodes: 1, config: { replicationFactor: 1, minReplicasToCommit: 1 } });
  try {
    const admin = cluster.client(cluster.adminToken);
    const tokens = { alice: (await admin.nn.admin('UserAdd', { name: 'alice' })).token, bob: (await admin.nn.admin('UserAdd', { name: 'bob' })).token };
    for (const name of others) await admin.nn.admin('UserAdd', { name });
    const alice = cluster.client(tokens.alice);
    await alice.nn.call('Mkdir', { path: folderAt(depth), parents: true });
    await alice.put(bufferSource(randomBytes(4096)), filePath);
    for (const [level, user, role] of grants) await alice.nn.call('Share', { path: folderAt(level), user, role });
    // The "with grants" figures count only if bob gets in by those grants and by nothing else.
    const bob = cluster.client(tokens.bob);
    await bob.nn.call('Stat', { path: filePath });
    await alice.nn.call('Mkdir', { path: `${folderAt(2)}/unshared`, parents: false });
    if (await bob.nn.call('Stat', { path: `${folderAt(2)}/unshared` }).then(() => true, () => false)) throw new Error('bob reaches a folder nobody shared with him');
    const pools = { alice: clients(cluster, tokens.alice, callers), bob: clients(cluster, tokens.bob, callers) };
    for (const phase of phases) await measure(pools[phase.who], phase.op, 0.5); // warm-up: connections, caches, JIT
    const tallies = new Map<string, Tally>(phases.map((p) => [p.name, { ops: 0, errors: 0, seconds: 0 }]));
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? phases : [...phases].reverse();
      for (const phase of order) {
        const result = await measure(pools[phase.who], phase.op, seconds);
        const tally = tallies.get(phase.name);
        if (tally) Object.assign(tally, { ops: tally.ops + result.ops, errors: tally.errors + result.errors, seconds: tally.seconds + result.seconds });
      }
    }
    const report = formatReport({ callers, seconds, rounds, tallies, loadBefore, loadAfter: loadavg(), totalSeconds: (performance.now() - started) / 1000 });
    process.stdout.write(report);
    await writeFile(new URL('./results/auth.md', import.meta.url), report);
  } finally {
    await cluster.stop();
  }
}

function clients(cluster: MiniCluster, token: string, count: number): CairnClient[] {
  return Array.from({ length: count }, () => cluster.client(token));
}

async function measure(pool: CairnClient[], op: Op, seconds: number): Promise<Tally> {
  const t0 = performance.now();
  const deadline = t0 + seconds * 1000;
  let ops = 0;
  let errors = 0;
  await Promise.all(pool.map(async (client) => {
    while (performance.now() < deadline) {
      try {
        if (op === 'stat') await client.nn.call('Stat', { path: filePath });
        else if (op === 'getfile') await client.nn.call('GetFile', { path: filePath, revision: 0, fromOffset: 0, maxBlocks: 1 });
        else await client.nn.call('WhoAmI', {});
        ops += 1;
      } catch {
        errors += 1;
      }
    }
  }));
  return { ops, errors, seconds: (performance.now() - t0) / 1000 };
}

interface Report {
  callers: number; seconds: number; rounds: number; tallies: Map<string, Tally>;
  loadBefore: number[]; loadAfter: number[]; totalSeconds: number;
}

function formatReport(r: Report): string {
  const rate = (name: string) => {
    const tally = r.tallies.get(name);
    return tally && tally.seconds > 0 ? tally.ops / tally.seconds : 0;
  };
  const fmt = (n: number, digits = 0) => n.toFixed(digits);
  const limit = rate('WhoAmI (no-op RPC: the limit)');
  const pairs: Array<[string, string, string]> = [
    ['stat', 'stat, owner (no grants)', 'stat, via grants'],
    ['get-block-locations (GetFile)', 'get-block-locations, owner (no grants)', 'get-block-locations, via grants'],
  ];
  const rows = pairs.map(([what, without, withGrants]) => {
    const ratio = rate(withGrants) / Math.max(rate(without), 1e-9);
    return `| ${what} | ${fmt(rate(without))} | ${fmt(rate(withGrants))} | ${fmt(ratio * 100)} % | ${ratio >= 0.8 ? 'PASS' : 'FAIL'} | ${fmt(limit)} (${fmt((rate(without) / limit) * 100)} % / ${fmt((rate(withGrants) / limit) * 100)} %) |`;
  });
  const errors = [...r.tallies.values()].reduce((sum, t) => sum + t.errors, 0);
  const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' / ');
  const perLevel = new Map<number, number>();
  for (const [level] of grants) perLevel.set(level, (perLevel.get(level) ?? 0) + 1);
  return [
    `# Authorization benchmark — ${new Date().toISOString()}`,
    '',
    `Machine: ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'} — 2 cores shared by the namenode, the datanode and the callers, which all run in this one process (an in-process mini cluster, real gRPC over loopback, real LevelDB); other work on the machine shows in the load average (1/5/15 min: ${load(r.loadBefore)} at the start, ${load(r.loadAfter)} at the end).`,
    `Path: \`/home/alice/d1/…/d${depth}/f\` (${depth} folders below alice's home, a 4 KiB file). Without grants: alice, the owner. With grants: bob, reaching it through his grants on d3 (viewer), d8 (editor) and d15 (viewer); ${grants.length} grants in all on ${perLevel.size} levels (${[...perLevel].sort((a, b) => a[0] - b[0]).map(([level, n]) => `d${level}: ${n}`).join(', ')}), to bob, ${others.join(', ')}.`,
    `${r.callers} concurrent callers, one client each; every phase ${r.seconds} s per round, ${r.rounds} rounds alternating the phase order (after a 0.5 s warm-up each); ops/s over all rounds. Errors: ${errors}.`,
    '',
    '| operation | ops/s without grants (owner) | ops/s with grants | with / without | target ≥ 80 % | no-op RPC limit, ops/s (without / with as % of it) |',
    '|---|---|---|---|---|---|',
    ...rows,
    '',
    `The whole benchmark took ${fmt(r.totalSeconds, 1)} s.`,
    '',
  ].join('\n');
}

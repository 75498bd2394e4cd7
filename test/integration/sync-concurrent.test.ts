// Concurrent writers of one file (DESIGN §6): each upload is a session with its own block list,
// and a commit turns one whole list into one revision, so writers racing without an expectation
// end as one revision each — every revision exactly one writer's bytes, never a mix — and
// writers racing with the same `expectedRevision` end with exactly one winner, the others
// refused with REVISION_CONFLICT, their sessions aborted and nothing of theirs referenced.
// Rounds vary sizes (empty, one block, many blocks) and overlap: unrelated contents, edits of one
// base (most blocks shared, and in flight in several sessions at once), a shared prefix with
// different tails, identical contents. With `atCommit`, every writer holds back its commit until
// all have stored their blocks: the race is then decided by the commit's check, not the begin's.
// Randomised: the seed is printed; replay with TEST_SEED. Three clients of one user, 3 datanodes, R=2.
import { randomInt } from 'node:crypto';
import t from 'tap';
import { random } from '../../src/common/clock.js';
import type { CairnClient } from '../../src/client/cairn-client.js';
import type { PutResult } from '../../src/client/uploader.js';
import { KiB, MiB } from '../../src/common/constants.js';
import { CairnError } from '../../src/common/errors.js';
import { sha256Hex } from '../../src/common/hashing.js';
import { MiniCluster, bufferSource, readBack } from '../harness/mini-cluster.js';
import { auditReferences } from '../harness/reference-audit.js';
import { patientLiveness, seededRandomBytes } from '../harness/sync-fixtures.js';

const seed = Number(process.env.TEST_SEED ?? randomInt(1, 2 ** 31));
t.comment(`seed ${seed} (replay with TEST_SEED=${seed})`);

/** Whole numbers below `below`, from the seeded generator every randomised test uses: replayable with TEST_SEED. */
function generator(seed: number): (below: number) => number {
  const next = random(seed);
  return (below) => Math.floor(next() * below);
}
const next = generator(seed);

const shapes = ['unrelated', 'edits of one base', 'shared prefix', 'identical'] as const;
type Shape = (typeof shapes)[number];

/** The contents `writers` writers put in one round: sizes from empty to several MiB, overlapping as `shape` says. */
function contentsFor(round: number, shape: Shape, writers: number): Buffer[] {
  const sizes = [0, 1, 100 * KiB, 700 * KiB, 2 * MiB, 5 * MiB];
  const size = () => {
    const picked = sizes[next(sizes.length)] as number;
    return picked < KiB ? picked : picked + next(50_000);
  };
  const bytes = (tag: string, length: number) => seededRandomBytes(`${seed}:${round}:${tag}`, length);
  const base = bytes('base', Math.max(size(), 3 * MiB));
  return Array.from({ length: writers }, (_, w) => {
    switch (shape) {
      case 'unrelated': return bytes(`w${w}`, size());
      case 'identical': return base;
      case 'shared prefix': return Buffer.concat([base.subarray(0, 2 * MiB + next(MiB)), bytes(`tail${w}`, next(2 * MiB))]);
      case 'edits of one base': {
        const at = next(base.length);
        return w % 2 === 0
          ? Buffer.concat([base.subarray(0, at), bytes(`insert${w}`, 1 + next(64)), base.subarray(at)])
          : Buffer.concat([base.subarray(0, at), bytes(`over${w}`, 10), base.subarray(at + 10)]);
      }
    }
  });
}

/** Lets every writer reach its commit before any commits (or fails the round if one never arrives). */
function commitBarrier(parties: number): { beforeCommit: () => Promise<Record<string, string>>; fail: () => void } {
  let arrived = 0;
  let open: () => void = () => undefined;
  let shut: (err: Error) => void = () => undefined;
  const opened = new Promise<void>((resolve, reject) => ((open = resolve), (shut = reject)));
  opened.catch(() => undefined);
  return {
    beforeCommit: async () => {
      arrived += 1;
      if (arrived === parties) open();
      await opened;
      return {};
    },
    fail: () => shut(new Error('a writer failed before its commit')),
  };
}

async function putAll(writers: CairnClient[], contents: Buffer[], path: string, options: { expectedRevision?: number; atCommit: boolean }) {
  const barrier = options.atCommit ? commitBarrier(writers.length) : undefined;
  return Promise.allSettled(writers.map(async (client, w) => {
    try {
      return await client.put(bufferSource(contents[w] as Buffer, 256 * KiB), path, {
        ...(options.expectedRevision === undefined ? {} : { expectedRevision: options.expectedRevision }),
        ...(barrier ? { beforeCommit: barrier.beforeCommit } : {}),
      });
    } catch (err) {
      barrier?.fail();
      throw err;
    }
  }));
}

const cluster = await MiniCluster.start({ datanodes: 3, config: { chunking: 'cdc', replicationFactor: 2, minReplicasToCommit: 2, ...patientLiveness } });
t.teardown(() => cluster.stop());
const { token } = await cluster.client(cluster.adminToken).nn.admin('UserAdd', { name: 'alice' });
const clients = [cluster.client(token), cluster.client(token), cluster.client(token)];
const reader = clients[0] as CairnClient;
const revisionsOf = async (path: string) => (await reader.nn.call('Revisions', { path })).revisions;

t.test('concurrent puts without an expectation: one revision per writer, each exactly one writer\'s bytes', async (t) => {
  const path = '/home/alice/shared-without-expectation.bin';
  let revisionsBefore = 0;
  for (let round = 0; round < 8; round++) {
    const shape = shapes[round % shapes.length] as Shape;
    const writers = clients.slice(0, 2 + (round % 2));
    const contents = contentsFor(round, shape, writers.length);
    const label = `round ${round} (${shape}, ${writers.length} writers, ${contents.map((c) => c.length).join('/')} B, ${round >= 4 ? 'racing at commit' : 'free'})`;
    const results = await putAll(writers, contents, path, { atCommit: round >= 4 });
    const puts = results.map((r) => (r.status === 'fulfilled' ? r.value : undefined));
    t.same(results.map((r) => r.status), writers.map(() => 'fulfilled'), `${label}: every put succeeds ${results.map((r) => (r.status === 'rejected' ? String(r.reason) : '')).join(' ')}`);
    const numbers = puts.map((p) => p?.revision ?? 0).sort((a, b) => a - b);
    t.same(numbers, writers.map((_, i) => revisionsBefore + 1 + i), `${label}: the puts made revisions ${numbers.join(', ')}, one each`);
    const listed = await revisionsOf(path);
    t.equal(listed.length, revisionsBefore + writers.length, `${label}: and no other revision exists`);
    for (const [w, put] of puts.entries()) {
      if (!put) continue;
      const content = contents[w] as Buffer;
      t.equal(sha256Hex(await readBack(reader, path, put.revision)), sha256Hex(content), `${label}: revision ${put.revision} is writer ${w}'s bytes, byte for byte`);
      t.match(listed.find((r) => r.revision === put.revision), { size: content.length, md5: put.md5Hex }, `${label}: revision ${put.revision} records writer ${w}'s size and md5`);
    }
    revisionsBefore += writers.length;
  }
});

t.test('concurrent puts with the same expectation: exactly one wins, the others get REVISION_CONFLICT', async (t) => {
  const path = '/home/alice/shared-with-expectation.bin';
  for (let round = 0; round < 8; round++) {
    const shape = shapes[round % shapes.length] as Shape;
    const contents = contentsFor(100 + round, shape, clients.length);
    const before = round === 0 ? 0 : (await reader.nn.call('Stat', { path })).revision;
    const atCommit = round % 2 === 1;
    const label = `round ${round} (${shape}, --if-revision ${before}${before === 0 ? ': the file must not exist' : ''}, ${atCommit ? 'racing at commit' : 'free'})`;
    const results = await putAll(clients, contents, path, { expectedRevision: before, atCommit });
    const winners = results.flatMap((r, w) => (r.status === 'fulfilled' ? [{ w, put: r.value as PutResult }] : []));
    const refusals = results.flatMap((r) => (r.status === 'rejected' ? [r.reason instanceof CairnError ? r.reason.code : String(r.reason)] : []));
    t.equal(winners.length, 1, `${label}: exactly one put wins`);
    t.same(refusals, clients.slice(1).map(() => 'REVISION_CONFLICT'), `${label}: every other put is refused with REVISION_CONFLICT`);
    const winner = winners[0];
    if (!winner) continue;
    t.equal(winner.put.revision, before + 1, `${label}: the winner made revision ${before + 1}`);
    t.equal((await revisionsOf(path)).length, before + 1, `${label}: no loser made a revision`);
    t.equal(sha256Hex(await readBack(reader, path)), sha256Hex(contents[winner.w] as Buffer), `${label}: the newest revision is the winner's bytes`);
  }
});

t.test('concurrent restores and copies onto one file: each reports the revision it made, with that revision\'s size and ETag', async (t) => {
  const path = '/home/alice/shared-without-expectation.bin';
  const sources = (await revisionsOf(path)).filter((r) => r.revision <= 6);
  const before = (await reader.nn.call('Stat', { path })).revision;
  const restored = await Promise.all(sources.map((r, i) => (clients[i % clients.length] as CairnClient).nn.call('Restore', { path, revision: r.revision })));
  t.same(restored.map((r) => r.revision).sort((a, b) => a - b), sources.map((_, i) => before + 1 + i), 'one new revision per restore');
  for (const [i, reply] of restored.entries()) {
    const source = sources[i];
    t.match(reply, { size: source?.size, etag: source?.md5 }, `the restore of revision ${source?.revision} reports revision ${reply.revision} with its size and ETag`);
    t.equal((await reader.nn.call('Revisions', { path })).revisions.find((r) => r.revision === reply.revision)?.md5, source?.md5, `revision ${reply.revision} holds revision ${source?.revision}'s content`);
  }
  const copies = await Promise.all(sources.map((r, i) => (clients[i % clients.length] as CairnClient).nn.call('CopyFile', {
    src: path, srcRevision: r.revision, dst: '/home/alice/copied.bin', expectedRevision: 0, hasExpectedRevision: false, metadata: {}, replaceMetadata: false,
  })));
  t.same(copies.map((c) => c.revision).sort((a, b) => a - b), sources.map((_, i) => i + 1), 'one revision of the copy per copy');
  const copyRevisions = await revisionsOf('/home/alice/copied.bin');
  for (const [i, reply] of copies.entries()) {
    t.match(reply, { size: sources[i]?.size, etag: sources[i]?.md5 }, `the copy of revision ${sources[i]?.revision} reports revision ${reply.revision} with its size and ETag`);
    t.equal(copyRevisions.find((r) => r.revision === reply.revision)?.md5, sources[i]?.md5, `copy revision ${reply.revision} holds that content`);
  }
});

t.test('after the races: no session is left open and every reference count agrees with the namespace', async (t) => {
  const { drift, uploads } = await cluster.inspectMetastore(async (store) => ({ ...(await auditReferences(store)), uploads: await store.sub.uploads.keys().all() }));
  t.same(uploads, [], 'refused and committed sessions are all closed');
  t.same(drift, [], 'block and user-block reference counts match what the revisions hold');
});

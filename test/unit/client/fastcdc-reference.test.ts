// FastCDC's cut search is unrolled for speed (src/client/fastcdc.ts); this pins it to the plain
// one-byte-at-a-time loop of the FastCDC paper, which it must match at every start and end: on
// random bytes (cuts in both the hard and the easy region, at every position modulo the unroll),
// on text (low entropy), and on runs of one byte value (no cut at all: the block is as long as it
// may be). The golden vectors pin whole files; this pins the function on thousands of windows.
import { randomInt } from 'node:crypto';
import t from 'tap';
import { random } from '../../../src/common/clock.js';
import { cdcAverageBytes, cdcMaxBytes, cdcMinBytes, cutPoint, gearTable } from '../../../src/client/fastcdc.js';
import { goldenInputs, seededBytes } from './fastcdc-inputs.js';

const maskHard = 0xfffff000 | 0;
const maskEasy = 0xffff0000 | 0;

/** The textbook loop: one hash, one byte, one check at a time. */
function referenceCutPoint(data: Uint8Array, start: number, end: number): number {
  const limit = Math.min(end - start, cdcMaxBytes);
  if (limit <= cdcMinBytes) return limit;
  let hash = 0;
  for (let i = start + cdcMinBytes; i < start + limit; i++) {
    hash = ((hash << 1) + (gearTable[data[i] as number] as number)) | 0;
    const mask = i < start + cdcAverageBytes ? maskHard : maskEasy;
    if ((hash & mask) === 0) return i - start + 1;
  }
  return limit;
}

/** Whole numbers below `below`, from the seeded generator every randomised test uses: replayable with TEST_SEED. */
function generator(seed: number): (below: number) => number {
  const next = random(seed);
  return (below) => Math.floor(next() * below);
}

const seed = Number(process.env.TEST_SEED ?? randomInt(1, 2 ** 31));
t.comment(`seed ${seed} (replay with TEST_SEED=${seed})`);

const inputs: Record<string, Buffer> = {
  random: seededBytes('reference', 6 * cdcMaxBytes),
  text: (goldenInputs['text-6MiB'] as () => Buffer)(),
  log: (goldenInputs['log-5MiB'] as () => Buffer)(),
  'one byte value': Buffer.alloc(3 * cdcMaxBytes, 0x61),
};

t.test('cut points: the unrolled search finds exactly the cut of the plain loop, in every window', async (t) => {
  const next = generator(seed);
  const spans = [cdcMinBytes, cdcAverageBytes, cdcMaxBytes, cdcMaxBytes + cdcMinBytes];
  for (const [name, data] of Object.entries(inputs)) {
    let mismatches = 0;
    const lengths = new Map<string, number>();
    for (let round = 0; round < 400; round++) {
      const start = next(data.length - 1);
      // Ends around every threshold, and anywhere: short blocks, stream ends in either region, full blocks.
      const span = (spans[round % spans.length] as number) - 64 + next(128 + (round % 5 === 0 ? cdcMaxBytes : 0));
      const end = Math.min(data.length, start + Math.max(1, span));
      const got = cutPoint(data, start, end);
      const want = referenceCutPoint(data, start, end);
      if (got !== want && mismatches++ < 5) t.fail(`${name}: window [${start}, ${end}) cuts at ${got}, the plain loop at ${want}`);
      const kind = want === end - start ? 'to the end' : want === cdcMaxBytes ? 'maximum' : want <= cdcAverageBytes ? 'hard region' : 'easy region';
      lengths.set(kind, (lengths.get(kind) ?? 0) + 1);
    }
    t.equal(mismatches, 0, `${name}: 400 windows agree (${[...lengths].map(([k, n]) => `${k} ${n}`).join(', ')})`);
  }
});

t.test('cut points: random bytes cut in both regions, at every position modulo the unroll', async (t) => {
  const data = inputs.random as Buffer;
  const seen = { hard: 0, easy: 0, residues: new Set<number>() };
  const disagree: number[] = [];
  for (let start = 0; start + cdcMaxBytes <= data.length; start += 4099) {
    const cut = cutPoint(data, start, data.length);
    if (cut !== referenceCutPoint(data, start, data.length)) disagree.push(start);
    if (cut < cdcMaxBytes) {
      seen[cut <= cdcAverageBytes ? 'hard' : 'easy'] += 1;
      seen.residues.add((cut - cdcMinBytes) % 4);
    }
  }
  t.same(disagree, [], 'every block start agrees with the plain loop');
  t.ok(seen.hard > 0 && seen.easy > 0, `cuts in the hard region (${seen.hard}) and in the easy region (${seen.easy})`);
  t.same([...seen.residues].sort(), [0, 1, 2, 3], 'cuts at each of the four positions of an unrolled step');
});

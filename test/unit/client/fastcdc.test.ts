// FastCDC: the cut points of committed inputs never drift (golden vectors), whatever pieces the
// stream arrives in; every block but the last is 128 KiB–1 MiB, 400 KiB on average; and an edit
// changes only the blocks around it.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import t from 'tap';
import { CdcChunker, cdcMaxBytes, cdcMinBytes } from '../../../src/client/fastcdc.js';
import { goldenInputs, seededBytes } from './fastcdc-inputs.js';

const golden = JSON.parse(readFileSync(new URL('./fixtures/fastcdc-golden.json', import.meta.url), 'utf8')) as Record<string, { bytes: number; sha256: string; cuts: number[] }>;

async function chunksOf(data: Buffer, pieceBytes: number): Promise<Buffer[]> {
  async function* pieces() {
    for (let at = 0; at < data.length; at += pieceBytes) yield data.subarray(at, at + pieceBytes);
  }
  const out: Buffer[] = [];
  for await (const chunk of new CdcChunker().chunks(pieces())) out.push(chunk);
  return out;
}

function cutsOf(chunks: Buffer[]): number[] {
  let at = 0;
  return chunks.map((c) => (at += c.length));
}

const idOf = (chunk: Buffer) => createHash('sha256').update(chunk).digest('hex');

t.test('golden vectors: the committed cut points, for any piece size', async (t) => {
  t.same(Object.keys(golden).sort(), Object.keys(goldenInputs).sort(), 'a vector for every input');
  for (const [name, make] of Object.entries(goldenInputs)) {
    const data = make();
    const expected = golden[name];
    t.equal(createHash('sha256').update(data).digest('hex'), expected?.sha256, `${name}: the generated input is the one the vector was made from`);
    for (const pieceBytes of [data.length, 65_536, 77_777, 1_048_577]) {
      const chunks = await chunksOf(data, pieceBytes);
      t.same(cutsOf(chunks), expected?.cuts, `${name} in pieces of ${pieceBytes} B`);
      t.ok(Buffer.concat(chunks).equals(data), `${name}: the blocks are the input`);
    }
  }
});

t.test('block sizes: 128 KiB to 1 MiB but the last, 400 KiB on average', async (t) => {
  const data = seededBytes('sizes', 64 * 1024 * 1024);
  const chunks = await chunksOf(data, 65_536);
  const sizes = chunks.map((c) => c.length);
  t.ok(sizes.slice(0, -1).every((s) => s >= cdcMinBytes && s <= cdcMaxBytes), 'every block but the last within bounds');
  const average = data.length / chunks.length / 1024;
  t.ok(average > 360 && average < 440, `average ${average.toFixed(1)} KiB is about 400 KiB`);
});

t.test('locality: an insert or an overwrite changes only the blocks around it', async (t) => {
  const data = seededBytes('edit', 24 * 1024 * 1024);
  const before = new Set((await chunksOf(data, 65_536)).map(idOf));
  const middle = 12 * 1024 * 1024 + 12_345;
  const inserted = Buffer.concat([data.subarray(0, middle), Buffer.from([0x42]), data.subarray(middle)]);
  const insertNew = (await chunksOf(inserted, 65_536)).filter((c) => !before.has(idOf(c)));
  t.ok(insertNew.length >= 1 && insertNew.length <= 2, `inserting 1 byte makes ${insertNew.length} new block(s)`);
  const overwritten = Buffer.from(data);
  overwritten[middle] = (overwritten[middle] ?? 0) ^ 0xff;
  const overwriteNew = (await chunksOf(overwritten, 65_536)).filter((c) => !before.has(idOf(c)));
  t.ok(overwriteNew.length >= 1 && overwriteNew.length <= 2, `overwriting 1 byte makes ${overwriteNew.length} new block(s)`);
  const appended = Buffer.concat([data, seededBytes('tail', 3 * 1024 * 1024)]);
  const appendNew = (await chunksOf(appended, 65_536)).filter((c) => !before.has(idOf(c)));
  t.ok(appendNew.length <= 10, `appending 3 MiB makes ${appendNew.length} new blocks, only at the end`);
});

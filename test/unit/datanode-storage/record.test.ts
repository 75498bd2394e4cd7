// The record header: what it encodes reads back, and anything damaged is refused with a reason.
import t from 'tap';
import { initHashing, xxh64 } from '../../../src/common/hashing.js';
import { decodeRecordHeader, encodeRecordHeader, RecordKind, recordHeaderBytes, type RecordHeader } from '../../../src/datanode/storage/record.js';

await initHashing();

const header: RecordHeader = { kind: RecordKind.block, blockId: Buffer.alloc(32, 0xab), payloadBytes: 4096, payloadChecksum: xxh64(Buffer.alloc(4096)) };

t.test('record: a header round-trips', async (t) => {
  const encoded = encodeRecordHeader(header);
  t.equal(encoded.length, recordHeaderBytes);
  t.equal(encoded.subarray(0, 4).toString('latin1'), 'CRN1');
  t.same(decodeRecordHeader(encoded), { ok: true, header });
});

t.test('record: every single-bit flip in a header is detected', async (t) => {
  const encoded = encodeRecordHeader(header);
  let detected = 0;
  for (let bit = 0; bit < recordHeaderBytes * 8; bit += 1) {
    const damaged = Buffer.from(encoded);
    damaged[bit >> 3] = (damaged[bit >> 3] ?? 0) ^ (1 << (bit & 7));
    if (!decodeRecordHeader(damaged).ok) detected += 1;
  }
  t.equal(detected, recordHeaderBytes * 8);
});

t.test('record: damaged headers are refused with a reason', async (t) => {
  t.match(decodeRecordHeader(encodeRecordHeader(header).subarray(0, 10)), { ok: false, reason: /short/ });
  const badMagic = encodeRecordHeader(header);
  badMagic.write('XXXX', 0, 'latin1');
  t.match(decodeRecordHeader(badMagic), { ok: false, reason: /magic/ });
  t.match(decodeRecordHeader(Buffer.alloc(recordHeaderBytes)), { ok: false, reason: /magic/ }, 'zeroes are not a record');
});

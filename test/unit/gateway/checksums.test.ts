// Checksums as S3 shows them: the five x-amz-checksum algorithms and MD5 against published check
// values and against what the real AWS SDK computes, S3's rules for checksum headers, composite
// checksums, and CRC combination (crc(a‖b) from crc(a), crc(b) and len(b)) for all three CRCs.
import { randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { Crc32c } from '@aws-crypto/crc32c';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Crc64Nvme } from '@aws-sdk/crc64-nvme';
import t from 'tap';
import { captureEndpoint } from '../../harness/s3-endpoint.js';
import {
  algorithmOfHeaderName, assertDigestMatches, checksumAlgorithms, checksumFromHeaders, checksumHeaderName, combineCrc, compositeChecksum,
  contentMd5FromHeaders, type CrcAlgorithm, digestOf, fullObjectCrc, multipartEtag, newChecksum, parseChecksumAlgorithm, parseChecksumType,
  parseChecksumValue,
} from '../../../src/gateway/checksums.js';

const seed = Number(process.env.TEST_SEED ?? Math.floor(Math.random() * 1_000_000));
const crcs: CrcAlgorithm[] = ['CRC32', 'CRC32C', 'CRC64NVME'];

/** mulberry32: a small seeded generator, so a failing split can be replayed with TEST_SEED. */
function random(seedValue: number): () => number {
  let state = seedValue >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = state;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

function randomBuffer(next: () => number, length: number): Buffer {
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i++) out[i] = Math.floor(next() * 256);
  return out;
}

t.test('check values: "123456789" gives the catalogued CRC-32, CRC-32C and CRC-64/NVME and the known hashes', async (t) => {
  const input = Buffer.from('123456789');
  const expected: Record<string, string> = {
    CRC32: 'cbf43926', CRC32C: 'e3069283', CRC64NVME: 'ae8b14860a799888',
    SHA1: 'f7c3bc1d808e04732adf679965ccc34ca7ae3441', SHA256: '15e2b0d3c33891ebb0f1ef609ec419420c20e320ce94c65fbc8c3312448eb225',
    MD5: '25f9e794323b453885f5181f1b624d0b',
  };
  for (const [algorithm, hex] of Object.entries(expected)) {
    t.equal((await digestOf(algorithm as 'CRC32', input)).toString('hex'), hex, algorithm);
  }
  t.equal((await digestOf('CRC32', Buffer.alloc(0))).toString('hex'), '00000000', 'the CRC of nothing is zero (init = final xor)');
});

t.test('check values: the AWS documentation examples of trailing checksums', async (t) => {
  // sigv4-streaming-trailers: 66,560 bytes of 'a' carry x-amz-checksum-crc32c:sOO8/Q==.
  t.equal((await digestOf('CRC32C', Buffer.alloc(66_560, 'a'))).toString('base64'), 'sOO8/Q==');
  // The unsigned-trailer example: 17,408 bytes of 'a' carry x-amz-checksum-crc32:s3SFCQ==.
  t.equal((await digestOf('CRC32', Buffer.alloc(17_408, 'a'))).toString('base64'), 's3SFCQ==');
});

t.test(`incremental: any split of the input gives the one-shot digest (seed ${seed}; replay with TEST_SEED)`, async (t) => {
  const next = random(seed);
  const data = randomBuffer(next, 10_000);
  for (const algorithm of [...checksumAlgorithms, 'MD5' as const]) {
    const whole = await digestOf(algorithm, data);
    const checksum = newChecksum(algorithm);
    for (let pos = 0; pos < data.length;) {
      const length = Math.floor(next() * 700);
      checksum.update(data.subarray(pos, pos + length));
      pos += length;
    }
    t.same(await checksum.digest(), whole, algorithm);
    t.equal(checksum.algorithm, algorithm);
  }
});

t.test(`CRCs: the same values as @aws-crypto/crc32c and @aws-sdk/crc64-nvme for any length and offset (seed ${seed}; replay with TEST_SEED)`, async (t) => {
  const next = random(seed + 3);
  for (let round = 0; round < 200; round++) {
    const data = randomBuffer(next, Math.floor(next() * 300)).subarray(Math.floor(next() * 3));
    const c32c = new Crc32c();
    c32c.update(data);
    const c64 = new Crc64Nvme();
    c64.update(data);
    const ours32c = (await digestOf('CRC32C', data)).readUInt32BE();
    const ours64 = await digestOf('CRC64NVME', data);
    if (ours32c !== c32c.digest() >>> 0 || !ours64.equals(Buffer.from(await c64.digest()))) {
      t.fail(`a CRC differs for ${data.length} bytes: ${data.toString('hex')}`);
      return;
    }
  }
  t.pass('200 random inputs of 0…300 bytes at odd offsets');
});

t.test(`combine: crc(a‖b) from crc(a), crc(b) and len(b) for random splits (seed ${seed}; replay with TEST_SEED)`, async (t) => {
  const next = random(seed + 1);
  for (const algorithm of crcs) {
    for (let round = 0; round < 40; round++) {
      const total = round < 3 ? [0, 1, 2][round] ?? 0 : Math.floor(next() * 5000);
      const data = randomBuffer(next, total);
      const split = round === 3 ? 0 : round === 4 ? total : Math.floor(next() * (total + 1));
      const [a, b] = [data.subarray(0, split), data.subarray(split)];
      const combined = combineCrc(algorithm, await digestOf(algorithm, a), await digestOf(algorithm, b), b.length);
      if (!combined.equals(await digestOf(algorithm, data))) {
        t.fail(`${algorithm}: combine wrong for ${total} bytes split at ${split}`);
        return;
      }
    }
    t.pass(`${algorithm}: 40 splits, empty halves included`);
  }
});

t.test('combine: full-object CRCs of multipart uploads, large part lengths included', async (t) => {
  const next = random(seed + 2);
  for (const algorithm of crcs) {
    const parts = [3000, 3000, 3000, 17, 1].map((length) => randomBuffer(next, length));
    const checksums = await Promise.all(parts.map((part) => digestOf(algorithm, part)));
    const full = fullObjectCrc(algorithm, parts.map((part, i) => ({ checksum: checksums[i] as Buffer, lengthBytes: part.length })));
    t.same(full, await digestOf(algorithm, Buffer.concat(parts)), `${algorithm}: five parts, the same length repeated`);
    t.same(fullObjectCrc(algorithm, [{ checksum: checksums[0] as Buffer, lengthBytes: 3000 }]), checksums[0], 'one part is itself');
  }
  // Long parts: "head" followed by 64 MiB of zeros, hashed straight through with zlib's running
  // CRC, against combining crc("head") with the CRC of the zeros alone.
  const zeros = Buffer.alloc(1 << 20);
  let zerosOnly = 0;
  let straight = crc32(Buffer.from('head'));
  for (let i = 0; i < 64; i++) {
    zerosOnly = crc32(zeros, zerosOnly);
    straight = crc32(zeros, straight);
  }
  const be32 = (value: number) => Buffer.from((value >>> 0).toString(16).padStart(8, '0'), 'hex');
  t.same(combineCrc('CRC32', await digestOf('CRC32', Buffer.from('head')), be32(zerosOnly), 64 << 20), be32(straight), '"head" then 64 MiB of zeros');
});

t.test('composite checksums and multipart ETags: the digest of the part digests, then -N', async (t) => {
  const parts = [Buffer.from('part one'), Buffer.from('part two'), Buffer.from('three')];
  for (const algorithm of checksumAlgorithms) {
    const digests = await Promise.all(parts.map((part) => digestOf(algorithm, part)));
    const expected = (await digestOf(algorithm, Buffer.concat(digests))).toString('base64');
    t.equal(await compositeChecksum(algorithm, digests), `${expected}-3`, algorithm);
  }
  const crcDigests = await Promise.all(parts.map((part) => digestOf('CRC32', part)));
  const viaZlib = Buffer.alloc(4);
  viaZlib.writeUInt32BE(crc32(Buffer.concat(crcDigests)) >>> 0);
  t.equal(await compositeChecksum('CRC32', crcDigests), `${viaZlib.toString('base64')}-3`, 'CRC32 composite checked with zlib itself');
  // Two parts whose MD5s are known: MD5("") and MD5("a").
  t.equal(multipartEtag(['d41d8cd98f00b204e9800998ecf8427e', '0cc175b9c0f1b6a831c399e269772661']),
    `${(await digestOf('MD5', Buffer.from('d41d8cd98f00b204e9800998ecf8427e0cc175b9c0f1b6a831c399e269772661', 'hex'))).toString('hex')}-2`);
  t.throws(() => multipartEtag([]), /assertion failed/, 'no parts is a programmer error');
});

t.test('names: header names, x-amz-sdk-checksum-algorithm and x-amz-checksum-type as S3 reads them', async (t) => {
  t.equal(checksumHeaderName('CRC64NVME'), 'x-amz-checksum-crc64nvme');
  t.equal(algorithmOfHeaderName('X-Amz-Checksum-CRC32C'), 'CRC32C', 'names are case-insensitive');
  t.equal(algorithmOfHeaderName('x-amz-checksum-mode'), undefined, 'x-amz-checksum-mode is not a checksum');
  t.equal(algorithmOfHeaderName('x-amz-checksum-md5'), undefined);
  t.equal(parseChecksumAlgorithm('crc32c', 'x-amz-sdk-checksum-algorithm'), 'CRC32C');
  t.throws(() => parseChecksumAlgorithm('MD5', 'x-amz-sdk-checksum-algorithm'), { code: 'InvalidRequest' });
  t.equal(parseChecksumType(undefined, 'CRC64NVME'), 'FULL_OBJECT', 'CRC64NVME is always full-object');
  t.equal(parseChecksumType(undefined, 'SHA256'), 'COMPOSITE');
  t.equal(parseChecksumType('full_object', 'CRC32'), 'FULL_OBJECT');
  t.throws(() => parseChecksumType('FULL_OBJECT', 'SHA1'), { code: 'InvalidRequest' }, 'SHA cannot be combined');
  t.throws(() => parseChecksumType('COMPOSITE', 'CRC64NVME'), { code: 'InvalidRequest' });
  t.throws(() => parseChecksumType('WHOLE', 'CRC32'), { code: 'InvalidRequest' });
});

t.test('headers: one well-formed checksum header; malformed, repeated or contradicting ones are refused', async (t) => {
  t.same(checksumFromHeaders({ 'x-amz-checksum-crc32': 'NhCmhg==' }), { algorithm: 'CRC32', value: Buffer.from('3610a686', 'hex') });
  t.equal(checksumFromHeaders({ 'x-amz-checksum-mode': 'ENABLED' }), undefined);
  t.throws(() => checksumFromHeaders({ 'x-amz-checksum-crc32': 'NhCmhg==', 'x-amz-checksum-sha1': 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=' }), { code: 'InvalidRequest' });
  t.throws(() => checksumFromHeaders({ 'x-amz-checksum-crc32': 'AAAAAAAA' }), { code: 'InvalidRequest' }, 'six bytes are no CRC32');
  t.throws(() => checksumFromHeaders({ 'x-amz-checksum-crc32': 'NhC*hg==' }), { code: 'InvalidRequest' }, 'not base64');
  t.throws(() => checksumFromHeaders({ 'x-amz-checksum-crc32': 'NhCmhh==' }), { code: 'InvalidRequest' }, 'non-canonical base64');
  t.throws(() => checksumFromHeaders({ 'x-amz-checksum-crc32': 'NhCmhg==', 'x-amz-sdk-checksum-algorithm': 'SHA256' }), { code: 'InvalidRequest' });
  t.same(parseChecksumValue('CRC64NVME', 'rosUhgp5mIg=', 'x-amz-checksum-crc64nvme'), Buffer.from('ae8b14860a799888', 'hex'));
  t.same(contentMd5FromHeaders({ 'content-md5': 'JfnnlDI7RTiF9RgfG2JNCw==' }), Buffer.from('25f9e794323b453885f5181f1b624d0b', 'hex'));
  t.equal(contentMd5FromHeaders({}), undefined);
  t.throws(() => contentMd5FromHeaders({ 'content-md5': 'JfnnlDI7RTiF9RgfG2JN' }), { code: 'InvalidDigest' });
  t.throws(() => assertDigestMatches('CRC32', Buffer.from('00000000', 'hex'), Buffer.from('00000001', 'hex')), { code: 'BadDigest' });
  t.throws(() => assertDigestMatches('MD5', Buffer.alloc(16), Buffer.alloc(16, 1)), { code: 'BadDigest', message: /Content-MD5/ });
  t.doesNotThrow(() => assertDigestMatches('SHA1', Buffer.alloc(20, 7), Buffer.alloc(20, 7)));
});

t.test('SDK round trip: @aws-sdk/client-s3 computes the same x-amz-checksum-* for every algorithm', async (t) => {
  const { endpoint, captured } = await captureEndpoint(t, () => ({ headers: { etag: '"0"' } }));
  const client = new S3Client({
    endpoint, region: 'us-east-1', forcePathStyle: true, maxAttempts: 1,
    credentials: { accessKeyId: 'AKTEST', secretAccessKey: 'not-a-real-secret' },
  });
  t.teardown(() => client.destroy());
  const body = randomBytes(3000);
  for (const algorithm of checksumAlgorithms) {
    await client.send(new PutObjectCommand({ Bucket: 'b', Key: 'k', Body: body, ChecksumAlgorithm: algorithm }));
    const sent = captured.at(-1)?.headers[checksumHeaderName(algorithm)];
    t.equal(sent, (await digestOf(algorithm, body)).toString('base64'), `${algorithm} as the SDK sends it`);
    t.same(checksumFromHeaders(captured.at(-1)?.headers ?? {})?.algorithm, algorithm, 'and parsed back from its headers');
  }
});

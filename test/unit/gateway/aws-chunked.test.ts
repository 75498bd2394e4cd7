// aws-chunked bodies as S3 decodes them: AWS's worked examples (signed chunks, and signed chunks
// with a signed CRC32C trailer), bodies the real AWS SDK streams (unsigned chunks with a CRC
// trailer), and every way such a body can be tampered with, cut short, overlong or malformed.
// Bodies are fed in pieces of many sizes: the framing may split anywhere.
import { createHash, createHmac } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { Readable } from 'node:stream';
import { PutObjectCommand, S3Client, type ChecksumAlgorithm as SdkChecksumAlgorithm } from '@aws-sdk/client-s3';
import t from 'tap';
import { captureEndpoint, type CapturedRequest } from '../../harness/s3-endpoint.js';
import { AwsChunkedDecoder, awsChunkedOptions, lineBytesMax, type AwsChunkedOptions } from '../../../src/gateway/auth/aws-chunked.js';
import { authenticate, deriveSigningKey, type ChunkSigning, type SignedRequest, type SigningKeyLookup } from '../../../src/gateway/auth/sigv4.js';
import { assertDigestMatches, checksumHeaderName, digestOf, parseChecksumValue, type ChecksumAlgorithm } from '../../../src/gateway/checksums.js';
import { s3Code } from '../../harness/error-code.js';

const seed = Number(process.env.TEST_SEED ?? Math.floor(Math.random() * 1_000_000));
const exampleKey = 'AKIAIOSFODNN7EXAMPLE';
const exampleSecret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const exampleTimeMs = Date.UTC(2013, 4, 24);
const exampleData = Buffer.alloc(66_560, 'a');
const emptySha256 = createHash('sha256').digest('hex');

function lookupOf(accessKeyId: string, secret: string): SigningKeyLookup {
  return async (scope) => scope.accessKeyId === accessKeyId ? { signingKey: deriveSigningKey(secret, scope.date, scope.region, scope.service), principal: 'alice' } : undefined;
}

/** Signatures published in "Transferring Payload in Multiple Chunks" and its trailer variant. */
const documented = {
  plain: {
    seed: '4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9',
    chunks: ['ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648', '0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497',
      'b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9'],
  },
  trailer: {
    seed: '106e2a8a18243abcf37539882f36619c00e2dfc72633413f02d3b74544bfeb8e',
    chunks: ['b474d8862b1487a5145d686f57f013e54db672cee1c953b3010fb58501ef5aa2', '1c1344b170168f8e65b41376b44b20fe354e373826ccbbe2c1d40a8cae51e5c7',
      '2ca2aba2005185cf7159c6277faf83795951dd77a3a99e6e65d5c9f85863f992'],
    trailerSignature: 'd81f82fc3505edab99d459891051a732e8730629a2e4a59689829ca17fe2e435',
  },
};

function exampleRequest(trailer: boolean): SignedRequest {
  const headers: IncomingHttpHeaders = {
    host: 's3.amazonaws.com', 'x-amz-date': '20130524T000000Z', 'x-amz-storage-class': 'REDUCED_REDUNDANCY', 'content-encoding': 'aws-chunked',
    'x-amz-decoded-content-length': '66560', 'content-length': '66824',
    'x-amz-content-sha256': trailer ? 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER' : 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
    authorization: `AWS4-HMAC-SHA256 Credential=${exampleKey}/20130524/us-east-1/s3/aws4_request,SignedHeaders=`
      + (trailer
        ? `content-encoding;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class;x-amz-trailer,Signature=${documented.trailer.seed}`
        : `content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class,Signature=${documented.plain.seed}`),
  };
  if (trailer) headers['x-amz-trailer'] = 'x-amz-checksum-crc32c';
  return { method: 'PUT', rawPath: '/examplebucket/chunkObject.txt', rawQuery: '', headers };
}

/** The documented body: 64 KiB and 1 KiB chunks of 'a', the final chunk, the trailer if any. */
function documentedBody(trailer: boolean): Buffer {
  const sigs = trailer ? documented.trailer.chunks : documented.plain.chunks;
  return Buffer.concat([
    Buffer.from(`10000;chunk-signature=${sigs[0]}\r\n`), exampleData.subarray(0, 65_536), Buffer.from(`\r\n400;chunk-signature=${sigs[1]}\r\n`),
    exampleData.subarray(65_536), Buffer.from(`\r\n0;chunk-signature=${sigs[2]}\r\n`),
    Buffer.from(trailer ? `x-amz-checksum-crc32c:sOO8/Q==\r\nx-amz-trailer-signature:${documented.trailer.trailerSignature}\r\n\r\n` : '\r\n'),
  ]);
}

/**
 * An independent aws-chunked encoder (signed when given a signing context), written from the
 * AWS pages; the first test proves it reproduces the documented body byte for byte.
 */
function encode(data: Buffer, chunkBytes: number, signing?: ChunkSigning, trailers: [string, string][] = [], trailerMode = trailers.length > 0): Buffer {
  const parts: Buffer[] = [];
  let previous = signing?.seedSignature ?? '';
  const sign = (kind: string, hash: string) => {
    const s = createHmac('sha256', signing?.signingKey ?? '').update([kind, signing?.amzDate, signing?.scope, previous, ...(kind.endsWith('PAYLOAD') ? [emptySha256] : []), hash].join('\n')).digest('hex');
    previous = s;
    return s;
  };
  const chunks: Buffer[] = [];
  for (let pos = 0; pos < data.length; pos += chunkBytes) chunks.push(data.subarray(pos, pos + chunkBytes));
  for (const chunk of [...chunks, Buffer.alloc(0)]) {
    const ext = signing === undefined ? '' : `;chunk-signature=${sign('AWS4-HMAC-SHA256-PAYLOAD', createHash('sha256').update(chunk).digest('hex'))}`;
    parts.push(Buffer.from(`${chunk.length.toString(16)}${ext}\r\n`), chunk, Buffer.from(chunk.length > 0 ? '\r\n' : ''));
  }
  const canonical = trailers.map(([n, v]) => `${n}:${v}\n`).join('');
  const lines = trailers.map(([n, v]) => `${n}:${v}\r\n`);
  if (signing !== undefined && trailerMode) lines.push(`x-amz-trailer-signature:${sign('AWS4-HMAC-SHA256-TRAILER', createHash('sha256').update(canonical).digest('hex'))}\r\n`);
  parts.push(Buffer.from(`${lines.join('')}\r\n`));
  return Buffer.concat(parts);
}

/** Feeds the body in pieces of the given sizes (cycled) and collects the payload and trailers. */
async function decode(body: Buffer, options: AwsChunkedOptions, pieceBytes: number[] = [body.length]): Promise<{ data: Buffer; trailers: ReadonlyMap<string, string>; pieces: number }> {
  async function* source() {
    for (let pos = 0, i = 0; pos < body.length; i++) {
      const size = Math.max(1, pieceBytes[i % pieceBytes.length] ?? 1);
      yield body.subarray(pos, pos + size);
      pos += size;
    }
  }
  const decoder = new AwsChunkedDecoder(source(), options);
  const out: Buffer[] = [];
  for await (const piece of decoder) out.push(piece);
  return { data: Buffer.concat(out), trailers: decoder.trailers, pieces: out.length };
}

async function exampleOptions(trailer: boolean): Promise<AwsChunkedOptions> {
  const req = exampleRequest(trailer);
  const auth = await authenticate(req, lookupOf(exampleKey, exampleSecret), exampleTimeMs);
  const options = auth === undefined ? undefined : awsChunkedOptions(auth.payload, req.headers);
  if (options === undefined) throw new Error('the example must be aws-chunked');
  return options;
}

const splits = [[1], [7], [100, 3, 65_000], [4096], [1 << 20]];

t.test('AWS example: signed chunks (STREAMING-AWS4-HMAC-SHA256-PAYLOAD) decode to the 66,560 bytes, however split', async (t) => {
  const options = await exampleOptions(false);
  t.match(options, { trailer: false, trailerNames: [], decodedLengthBytes: 66_560, signing: { seedSignature: documented.plain.seed, amzDate: '20130524T000000Z', scope: '20130524/us-east-1/s3/aws4_request' } });
  t.same(encode(exampleData, 65_536, options.signing), documentedBody(false), 'the test encoder reproduces the documented body');
  for (const split of splits) {
    const { data, trailers } = await decode(documentedBody(false), options, split);
    t.ok(data.equals(exampleData), `pieces of ${split.join(', ')} bytes`);
    t.equal(trailers.size, 0);
  }
});

t.test('AWS example: signed chunks with a signed trailer (…-PAYLOAD-TRAILER) give the CRC32C trailer', async (t) => {
  const options = await exampleOptions(true);
  t.match(options, { trailer: true, trailerNames: ['x-amz-checksum-crc32c'] });
  t.same(encode(exampleData, 65_536, options.signing, [['x-amz-checksum-crc32c', 'sOO8/Q==']]), documentedBody(true), 'the test encoder reproduces it');
  for (const split of splits) {
    const { data, trailers } = await decode(documentedBody(true), options, split);
    t.ok(data.equals(exampleData), `pieces of ${split.join(', ')} bytes`);
    t.same([...trailers], [['x-amz-checksum-crc32c', 'sOO8/Q==']]);
  }
  const { trailers } = await decode(documentedBody(true), options);
  const crc = parseChecksumValue('CRC32C', trailers.get('x-amz-checksum-crc32c') ?? '', 'x-amz-checksum-crc32c');
  t.doesNotThrow(() => assertDigestMatches('CRC32C', crc, Buffer.from('b0e3bcfd', 'hex')), 'the trailer is the CRC32C of the data');
});

t.test('signed chunks: tampering anywhere is SignatureDoesNotMatch', async (t) => {
  const plain = await exampleOptions(false);
  const withTrailer = await exampleOptions(true);
  const body = documentedBody(false);
  const flip = (source: Buffer, at: number, to: string) => Buffer.concat([source.subarray(0, at), Buffer.from(to), source.subarray(at + 1)]);
  t.equal(await s3Code(decode(flip(body, 200, 'b'), plain)), 'SignatureDoesNotMatch', 'a byte of the first chunk');
  t.equal(await s3Code(decode(flip(body, body.length - 200, 'b'), plain)), 'SignatureDoesNotMatch', 'a byte of the last data chunk');
  const signatureAt = body.indexOf(documented.plain.chunks[2] ?? '');
  t.equal(await s3Code(decode(flip(body, signatureAt, 'c'), plain)), 'SignatureDoesNotMatch', 'the final chunk\'s signature');
  const otherKey = { ...(plain.signing as ChunkSigning), signingKey: deriveSigningKey('another secret', '20130524', 'us-east-1', 's3') };
  t.equal(await s3Code(decode(encode(exampleData, 65_536, otherKey), plain)), 'SignatureDoesNotMatch', 'chunks signed with another key');
  const otherSeed = { ...(plain.signing as ChunkSigning), seedSignature: documented.trailer.seed };
  t.equal(await s3Code(decode(encode(exampleData, 65_536, otherSeed), plain)), 'SignatureDoesNotMatch', 'chunks chained from another request');
  t.equal(await s3Code(decode(encode(exampleData, 1024, plain.signing), plain)), 'OK', 'any chunking the signer chose is fine');
  const chunks = encode(Buffer.from('x'.repeat(1000) + 'y'.repeat(1000) + 'z'.repeat(1000)), 1000, plain.signing);
  const second = chunks.indexOf('\r\n3e8;') + 2;
  const third = chunks.indexOf('\r\n3e8;', second) + 2;
  const swapped = Buffer.concat([chunks.subarray(second, third), chunks.subarray(0, second), chunks.subarray(third)]);
  t.equal(await s3Code(decode(chunks, { ...plain, decodedLengthBytes: 3000 })), 'OK', 'three 1000-byte chunks in order');
  t.equal(await s3Code(decode(swapped, { ...plain, decodedLengthBytes: 3000 })), 'SignatureDoesNotMatch', 'the first two swapped');
  const unsignedChunk = Buffer.from(`5\r\nhello\r\n0;chunk-signature=${'0'.repeat(64)}\r\n\r\n`);
  t.equal(await s3Code(decode(unsignedChunk, { ...plain, decodedLengthBytes: 5 })), 'SignatureDoesNotMatch', 'a chunk without its signature');
  const trailerBody = documentedBody(true);
  t.equal(await s3Code(decode(flip(trailerBody, trailerBody.indexOf('sOO8') + 1, 'X'), withTrailer)), 'SignatureDoesNotMatch', 'the trailer value');
  t.equal(await s3Code(decode(flip(trailerBody, trailerBody.indexOf(documented.trailer.trailerSignature), 'e'), withTrailer)), 'SignatureDoesNotMatch', 'the trailer signature');
  const noTrailerSignature = encode(exampleData, 65_536, withTrailer.signing, [['x-amz-checksum-crc32c', 'sOO8/Q==']], false);
  t.equal(await s3Code(decode(noTrailerSignature, withTrailer)), 'SignatureDoesNotMatch', 'a trailer without x-amz-trailer-signature');
});

t.test('length and framing: short, long, cut off or malformed bodies are refused', async (t) => {
  const plain = await exampleOptions(false);
  const body = documentedBody(false);
  for (const cut of [1, 3, 90, 1100, body.length - 3]) {
    t.equal(await s3Code(decode(body.subarray(0, body.length - cut), plain)), 'IncompleteBody', `the last ${cut} bytes missing`);
  }
  t.equal(await s3Code(decode(body.subarray(0, body.length - 2), plain)), 'OK', 'only the closing blank line missing: every chunk, the last included, was verified');
  t.equal(await s3Code(decode(body, { ...plain, decodedLengthBytes: 66_561 })), 'IncompleteBody', 'a byte fewer than x-amz-decoded-content-length');
  t.equal(await s3Code(decode(body, { ...plain, decodedLengthBytes: 66_559 })), 'InvalidRequest', 'a byte more than x-amz-decoded-content-length');
  const unsigned: AwsChunkedOptions = { signing: undefined, trailer: false, trailerNames: [], decodedLengthBytes: 5 };
  t.equal(await s3Code(decode(Buffer.from('5\r\nhello\r\n0\r\n\r\n'), unsigned)), 'OK');
  t.equal(await s3Code(decode(Buffer.from('5\r\nhello\r\n0\r\n'), unsigned)), 'OK', 'the closing blank line may be missing when no trailer can follow');
  const malformed: [string, string][] = [
    ['a size that is not hex', '5x\r\nhello\r\n0\r\n\r\n'],
    ['data longer than its size', '4\r\nhello\r\n0\r\n\r\n'],
    ['no CRLF after the data', '5\r\nhelloXY0\r\n\r\n'],
    ['a chunk extension where none belongs', `5;chunk-signature=${'a'.repeat(64)}\r\nhello\r\n0\r\n\r\n`],
    ['data after the end', '5\r\nhello\r\n0\r\n\r\nmore'],
    ['a trailer where none was announced', '5\r\nhello\r\n0\r\nx-amz-checksum-crc32:NhCmhg==\r\n\r\n'],
    ['an overlong chunk header', `${'0'.repeat(lineBytesMax + 10)}5\r\nhello\r\n0\r\n\r\n`],
  ];
  for (const [name, text] of malformed) t.equal(await s3Code(decode(Buffer.from(text), unsigned)), 'InvalidRequest', name);
  t.equal(await s3Code(decode(Buffer.from('0'.repeat(lineBytesMax + 1)), unsigned, [1])), 'InvalidRequest', 'an endless header line is refused before it is held');
  t.equal(await s3Code(decode(Buffer.from('5\r\nhello\r\n0\r\n\r\n\r\n'), unsigned)), 'OK', 'a stray line end after the body is tolerated (AWS\'s own example has one)');
});

t.test('trailers: exactly those announced in x-amz-trailer, each once, a bounded number of lines', async (t) => {
  const options: AwsChunkedOptions = { signing: undefined, trailer: true, trailerNames: ['x-amz-checksum-crc32'], decodedLengthBytes: 5 };
  const body = (trailer: string) => Buffer.from(`5\r\nhello\r\n0\r\n${trailer}\r\n`);
  const ok = await decode(body('X-Amz-Checksum-CRC32: NhCmhg== \r\n'), options, [3]);
  t.same([...ok.trailers], [['x-amz-checksum-crc32', 'NhCmhg==']], 'names are case-insensitive, values trimmed');
  t.equal(await s3Code(decode(body(''), options)), 'InvalidRequest', 'the announced trailer missing');
  t.equal(await s3Code(decode(body('x-amz-checksum-sha1:AAAA\r\n'), options)), 'InvalidRequest', 'another trailer than announced');
  t.equal(await s3Code(decode(body('x-amz-checksum-crc32:NhCmhg==\r\nx-amz-checksum-crc32:NhCmhg==\r\n'), options)), 'InvalidRequest', 'the trailer twice');
  t.equal(await s3Code(decode(body('x-amz-checksum-crc32 NhCmhg==\r\n'), options)), 'InvalidRequest', 'a line without a colon');
  t.equal(await s3Code(decode(body(`x-amz-trailer-signature:${'0'.repeat(64)}\r\nx-amz-checksum-crc32:NhCmhg==\r\n`), options)), 'InvalidRequest', 'a trailer signature in unsigned mode');
  const many = Array.from({ length: 12 }, (_, i) => `x-amz-checksum-t${i}`);
  const manyLines = many.map((name) => `${name}:AAAA\r\n`).join('');
  await t.rejects(decode(body(manyLines), { ...options, trailerNames: many }), { code: 'InvalidRequest', message: /more than 8 trailer lines/ }, 'too many lines, however many were announced');
  t.equal(await s3Code(decode(Buffer.from('5\r\nhello\r\n0\r\nx-amz-checksum-crc32:NhCmhg==\r\n'), options)), 'IncompleteBody', 'no blank line after the trailer');
  t.equal(await s3Code(decode(Buffer.from('5\r\nhello\r\n0\r\n'), options)), 'IncompleteBody', 'the trailer never came');
});

t.test('options: the payload mode decides; the framing headers are checked', async (t) => {
  const signing: ChunkSigning = { signingKey: Buffer.alloc(32), seedSignature: '0'.repeat(64), amzDate: '20130524T000000Z', scope: '20130524/us-east-1/s3/aws4_request' };
  t.equal(awsChunkedOptions({ kind: 'unsigned' }, { 'content-encoding': 'aws-chunked' }), undefined, 'UNSIGNED-PAYLOAD bodies are plain');
  t.equal(awsChunkedOptions({ kind: 'sha256', sha256Hex: emptySha256 }, {}), undefined);
  t.same(awsChunkedOptions({ kind: 'streaming-unsigned-trailer' }, { 'x-amz-decoded-content-length': '12', 'x-amz-trailer': 'X-Amz-Checksum-Sha256' }),
    { signing: undefined, trailer: true, trailerNames: ['x-amz-checksum-sha256'], decodedLengthBytes: 12 });
  t.same(awsChunkedOptions({ kind: 'streaming-signed', trailer: false, signing }, { 'x-amz-decoded-content-length': '0' }), { signing, trailer: false, trailerNames: [], decodedLengthBytes: 0 });
  const refused = (headers: IncomingHttpHeaders, trailer = true) => s3Code((async () => awsChunkedOptions(trailer ? { kind: 'streaming-unsigned-trailer' } : { kind: 'streaming-signed', trailer: false, signing }, headers))());
  t.equal(await refused({}), 'MissingContentLength');
  t.equal(await refused({ 'x-amz-decoded-content-length': '-1' }), 'InvalidArgument');
  t.equal(await refused({ 'x-amz-decoded-content-length': '1', 'x-amz-trailer': 'x-amz-meta-a' }), 'InvalidRequest', 'only checksum trailers');
  t.equal(await refused({ 'x-amz-decoded-content-length': '1', 'x-amz-trailer': 'x-amz-checksum-crc32,x-amz-checksum-sha1' }), 'InvalidRequest', 'one checksum');
  t.equal(await refused({ 'x-amz-decoded-content-length': '1', 'x-amz-trailer': 'x-amz-checksum-crc32' }, false), 'InvalidRequest', 'a trailer without a trailer mode');
});

t.test(`bounded memory: payload bytes leave as they arrive, before a chunk ends (seed ${seed}; replay with TEST_SEED)`, async (t) => {
  const options: AwsChunkedOptions = { signing: undefined, trailer: false, trailerNames: [], decodedLengthBytes: 4 << 20 };
  let state = seed;
  const data = Buffer.alloc(4 << 20);
  for (let i = 0; i < data.length; i += 4) data.writeUInt32LE((state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0), i);
  const body = encode(data, 4 << 20);
  const decoder = new AwsChunkedDecoder(Readable.from(Array.from({ length: Math.ceil(body.length / 65_536) }, (_, i) => body.subarray(i * 65_536, (i + 1) * 65_536))), options);
  let pieces = 0;
  let largest = 0;
  const hash = createHash('sha256');
  for await (const piece of decoder) {
    pieces++;
    largest = Math.max(largest, piece.length);
    hash.update(piece);
  }
  t.ok(pieces >= 64 && largest <= 65_536, `one 4 MiB chunk came out in ${pieces} pieces of at most 64 KiB`);
  t.equal(hash.digest('hex'), createHash('sha256').update(data).digest('hex'));
  t.throws(() => decoder[Symbol.asyncIterator](), /assertion failed/, 'a body is read once');
  const unread = new AwsChunkedDecoder(Readable.from([]), options);
  t.throws(() => unread.trailers, /assertion failed/, 'trailers exist only after the end');
});

// --- the real SDK ---------------------------------------------------------------------------

t.test('SDK: stream bodies from @aws-sdk/client-s3 (unsigned chunks, trailing checksum) decode to the bytes sent', async (t) => {
  const { endpoint, captured } = await captureEndpoint(t);
  const secret = 'sdk-test-secret';
  const client = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, maxAttempts: 1, credentials: { accessKeyId: 'AKSDK', secretAccessKey: secret } });
  t.teardown(() => client.destroy());
  const data = Buffer.alloc(300_000);
  for (let i = 0; i < data.length; i++) data[i] = (i * 7 + (i >> 9)) & 0xff;
  const cases: [SdkChecksumAlgorithm | undefined, ChecksumAlgorithm][] = [[undefined, 'CRC32'], ['CRC32C', 'CRC32C'], ['SHA256', 'SHA256'], ['CRC64NVME', 'CRC64NVME']];
  for (const [requested, algorithm] of cases) {
    const pieces = [data.subarray(0, 1000), data.subarray(1000, 150_000), data.subarray(150_000)];
    await client.send(new PutObjectCommand({ Bucket: 'b', Key: 'k', Body: Readable.from(pieces), ContentLength: data.length, ...(requested === undefined ? {} : { ChecksumAlgorithm: requested }) }));
    const c = captured.at(-1) as CapturedRequest;
    const q = c.url.indexOf('?');
    const req: SignedRequest = { method: 'PUT', rawPath: c.url.slice(0, q), rawQuery: c.url.slice(q + 1), headers: c.headers };
    const auth = await authenticate(req, lookupOf('AKSDK', secret), Date.now());
    t.same(auth?.payload, { kind: 'streaming-unsigned-trailer' });
    const options = auth === undefined ? undefined : awsChunkedOptions(auth.payload, c.headers);
    if (options === undefined) throw new Error('the SDK must send a stream body aws-chunked');
    const name = checksumHeaderName(algorithm);
    t.same(options.trailerNames, [name], `the SDK announces ${name}`);
    const decoded = await decode(c.body, options, [1, 5000, 17, 65_536]);
    t.ok(decoded.data.equals(data), `${algorithm}: the decoded bytes are the bytes sent`);
    const sent = parseChecksumValue(algorithm, decoded.trailers.get(name) ?? '', name);
    t.same(sent, await digestOf(algorithm, data), `${algorithm}: the trailer is the checksum of the data`);
  }
  const body = (captured[0] as CapturedRequest).body;
  const options = awsChunkedOptions({ kind: 'streaming-unsigned-trailer' }, (captured[0] as CapturedRequest).headers) as AwsChunkedOptions;
  for (const cut of [1, 10, 40, 1000, body.length - 10]) t.equal(await s3Code(decode(body.subarray(0, body.length - cut), options)), 'IncompleteBody', `an SDK body cut ${cut} bytes short`);
  const tampered = Buffer.from(body);
  tampered[2000] = (tampered[2000] ?? 0) ^ 1;
  const decoded = await decode(tampered, options);
  const sent = parseChecksumValue('CRC32', decoded.trailers.get('x-amz-checksum-crc32') ?? '', 'x-amz-checksum-crc32');
  await t.rejects((async () => assertDigestMatches('CRC32', sent, await digestOf('CRC32', decoded.data)))(), { code: 'BadDigest' }, 'unsigned chunks: a flipped byte is caught by the trailing checksum');
});

// Decoder of `aws-chunked` request bodies, the framing S3 clients use to stream a payload whose
// hash they cannot know up front: `hex-size[;chunk-signature=sig]\r\n data \r\n` chunks, a final
// 0-size chunk, then trailer lines (`x-amz-checksum-crc32:…`, `x-amz-trailer-signature:…`) and a
// blank line. Three modes: STREAMING-AWS4-HMAC-SHA256-PAYLOAD (every chunk signed, the signatures
// chained from the request's), the same with -TRAILER (plus a signed trailer), and
// STREAMING-UNSIGNED-PAYLOAD-TRAILER (no signatures, a trailer).
//
// Guarantees: memory stays bounded whatever the body (payload bytes pass straight through; only
// a partial header or trailer line is held, at most `lineBytesMax`); every chunk signature and the
// trailer signature are verified; the payload is exactly `x-amz-decoded-content-length` bytes; the
// trailers are exactly those announced in `x-amz-trailer`. Payload bytes are yielded as they
// arrive and a chunk's signature is checked when the chunk ends, so the body is trustworthy only
// once iteration has completed without throwing: nothing may be committed before that.
import { createHash, createHmac, timingSafeEqual, type Hash } from 'node:crypto';
import { assert } from '../../common/assert.js';
import { algorithmOfHeaderName } from '../checksums.js';
import { S3Error } from '../s3-errors.js';
import type { ChunkSigning, Headers, PayloadMode } from './sigv4.js';

/** Longest chunk-size or trailer line (the longest real one, a signed chunk header, is ~90 bytes). */
export const lineBytesMax = 1024;
/** Trailer lines after the last chunk, the trailer signature included. */
export const trailerLinesMax = 8;

const emptySha256 = createHash('sha256').digest('hex');
const chunkSignaturePattern = /^([0-9a-fA-F]{1,16});chunk-signature=([0-9a-f]{64})$/;
const chunkSizePattern = /^[0-9a-fA-F]{1,16}$/;
const tokenPattern = /^[a-z0-9!#$%&'*+.^_`|~-]+$/;

export interface AwsChunkedOptions {
  /** The signing context of STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]; undefined for unsigned chunks. */
  signing: ChunkSigning | undefined;
  /** A trailer section follows the last chunk (the -TRAILER modes). */
  trailer: boolean;
  /** The trailers announced by `x-amz-trailer`, lower-case: each must arrive, nothing else may. */
  trailerNames: readonly string[];
  /** `x-amz-decoded-content-length`: the payload's exact length. */
  decodedLengthBytes: number;
}

/**
 * How to decode an authenticated request's body: undefined unless its payload mode is one of the
 * aws-chunked ones (the mode, which is signed, decides — not Content-Encoding). Checks the
 * headers the framing depends on.
 */
export function awsChunkedOptions(payload: PayloadMode, headers: Headers): AwsChunkedOptions | undefined {
  if (payload.kind === 'unsigned' || payload.kind === 'sha256') return undefined;
  const signing = payload.kind === 'streaming-signed' ? payload.signing : undefined;
  const trailer = payload.kind === 'streaming-unsigned-trailer' || (payload.kind === 'streaming-signed' && payload.trailer);
  const length = single(headers, 'x-amz-decoded-content-length');
  if (length === undefined) throw new S3Error('MissingContentLength', 'aws-chunked bodies need x-amz-decoded-content-length.');
  if (!/^\d{1,15}$/.test(length)) throw new S3Error('InvalidArgument', 'x-amz-decoded-content-length must be a byte count.', { ArgumentName: 'x-amz-decoded-content-length' });
  const announced = single(headers, 'x-amz-trailer');
  const trailerNames = announced === undefined ? [] : announced.split(',').map((n) => n.trim().toLowerCase()).filter((n) => n !== '');
  if (trailerNames.length > 0 && !trailer) throw new S3Error('InvalidRequest', 'x-amz-trailer needs a STREAMING-…-TRAILER x-amz-content-sha256.');
  // S3 carries exactly one kind of trailer: the object's checksum.
  if (trailerNames.length > 1 || trailerNames.some((n) => algorithmOfHeaderName(n) === undefined)) {
    throw new S3Error('InvalidRequest', 'The value specified in the x-amz-trailer header is not supported');
  }
  return { signing, trailer, trailerNames, decodedLengthBytes: Number(length) };
}

/**
 * An aws-chunked body as the payload it carries: iterate it (once) for the payload's bytes; after
 * the iteration has ended, `trailers` holds the trailer values (the trailer signature left out).
 * Use `Readable.from(decoder)` where a stream is wanted. No I/O happens before iteration starts.
 */
export class AwsChunkedDecoder implements AsyncIterable<Buffer> {
  readonly #source: AsyncIterable<Uint8Array>;
  readonly #parser: ChunkParser;
  #started = false;
  #ended = false;

  constructor(source: AsyncIterable<Uint8Array>, options: AwsChunkedOptions) {
    this.#source = source;
    this.#parser = new ChunkParser(options);
  }

  get trailers(): ReadonlyMap<string, string> {
    assert(this.#ended, 'aws-chunked trailers are read after the body has ended');
    return this.#parser.trailers;
  }

  [Symbol.asyncIterator](): AsyncIterator<Buffer> {
    assert(!this.#started, 'an aws-chunked body is read once');
    this.#started = true;
    return this.#decode();
  }

  async *#decode(): AsyncGenerator<Buffer, void, undefined> {
    for await (const input of this.#source) {
      const bytes = Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
      for (const piece of this.#parser.push(bytes)) yield piece;
    }
    this.#parser.end();
    this.#ended = true;
  }
}

type State = 'size' | 'data' | 'data-end' | 'trailer' | 'done';

/** The framing as a synchronous state machine over byte pieces of any size. */
class ChunkParser {
  readonly trailers = new Map<string, string>();
  readonly #options: AwsChunkedOptions;
  #state: State = 'size';
  /** Bytes of an unfinished line (or of a chunk's closing CRLF), copied: at most lineBytesMax. */
  #pending: Buffer = Buffer.alloc(0);
  #chunkLeftBytes = 0;
  #chunkSignature = '';
  #chunkHash: Hash | undefined;
  #previousSignature: string;
  #decodedBytes = 0;
  #trailerLines: string[] = [];
  #trailerSignature: string | undefined;

  constructor(options: AwsChunkedOptions) {
    this.#options = options;
    this.#previousSignature = options.signing?.seedSignature ?? '';
  }

  /** Consumes one piece of the body; returns the payload bytes in it (views, not copies). */
  push(input: Buffer): Buffer[] {
    const out: Buffer[] = [];
    const data = this.#pending.length === 0 ? input : Buffer.concat([this.#pending, input]);
    let pos = 0;
    while (pos < data.length && this.#state !== 'done') {
      if (this.#state === 'data') {
        const take = Math.min(this.#chunkLeftBytes, data.length - pos);
        const piece = data.subarray(pos, pos + take);
        this.#chunkHash?.update(piece);
        out.push(piece);
        pos += take;
        this.#chunkLeftBytes -= take;
        this.#decodedBytes += take;
        if (this.#chunkLeftBytes === 0) this.#state = 'data-end';
      } else if (this.#state === 'data-end') {
        if (data.length - pos < 2) break;
        if (data[pos] !== 0x0d || data[pos + 1] !== 0x0a) throw framing('chunk data must end with CRLF where its size says');
        pos += 2;
        this.#verifyChunk();
        this.#state = 'size';
      } else {
        const lf = data.indexOf(0x0a, pos);
        if (lf < 0 || lf - pos > lineBytesMax) {
          if (data.length - pos > lineBytesMax) throw framing(`a chunk header or trailer line longer than ${lineBytesMax} bytes`);
          break;
        }
        const end = lf > pos && data[lf - 1] === 0x0d ? lf - 1 : lf;
        const line = data.toString('latin1', pos, end);
        pos = lf + 1;
        if (this.#state === 'size') this.#chunkHeader(line);
        else this.#trailerLine(line);
      }
    }
    // After the blank line that ends the body, only line ends may follow (some clients add one).
    if (this.#state === 'done' && data.subarray(pos).some((byte) => byte !== 0x0d && byte !== 0x0a)) throw framing('data after the end of the aws-chunked body');
    this.#pending = this.#state === 'done' ? Buffer.alloc(0) : Buffer.from(data.subarray(pos));
    return out;
  }

  /** The source ended: the body must have ended too. */
  end(): void {
    // The blank line after the last chunk may be missing when no trailer can follow.
    const bareEnd = this.#state === 'trailer' && this.#pending.length === 0 && this.#trailerLines.length === 0
      && this.#trailerSignature === undefined && this.#options.trailerNames.length === 0 && !(this.#options.trailer && this.#options.signing !== undefined);
    if (bareEnd) this.#finishTrailers();
    else if (this.#state !== 'done') {
      throw new S3Error('IncompleteBody', 'The request body ended before the aws-chunked encoding did: the client did not send all of it.');
    }
  }

  #chunkHeader(line: string): void {
    const signed = this.#options.signing !== undefined;
    const match = signed ? chunkSignaturePattern.exec(line) : chunkSizePattern.exec(line);
    if (match === null) {
      if (signed && chunkSizePattern.test(line)) throw mismatch('a chunk without its chunk-signature');
      throw framing('malformed chunk header');
    }
    const sizeBytes = Number.parseInt(match[1] ?? line, 16);
    const leftBytes = this.#options.decodedLengthBytes - this.#decodedBytes;
    if (sizeBytes > leftBytes) throw new S3Error('InvalidRequest', 'The aws-chunked body carries more than x-amz-decoded-content-length bytes.');
    this.#chunkSignature = match[2] ?? '';
    this.#chunkHash = signed ? createHash('sha256') : undefined;
    if (sizeBytes > 0) {
      this.#chunkLeftBytes = sizeBytes;
      this.#state = 'data';
      return;
    }
    this.#verifyChunk(); // the final chunk is signed like any other
    if (leftBytes > 0) {
      throw new S3Error('IncompleteBody', `The aws-chunked body ended ${leftBytes} bytes short of x-amz-decoded-content-length.`);
    }
    this.#state = 'trailer';
  }

  #verifyChunk(): void {
    const signing = this.#options.signing;
    if (signing === undefined) return;
    const chunkSha256 = (this.#chunkHash ?? createHash('sha256')).digest('hex');
    const stringToSign = ['AWS4-HMAC-SHA256-PAYLOAD', signing.amzDate, signing.scope, this.#previousSignature, emptySha256, chunkSha256].join('\n');
    if (!signatureMatches(signing.signingKey, stringToSign, this.#chunkSignature)) throw mismatch('a chunk signature does not match its data');
    this.#previousSignature = this.#chunkSignature;
  }

  #trailerLine(line: string): void {
    if (line === '') {
      this.#finishTrailers();
      this.#state = 'done';
      return;
    }
    if (!this.#options.trailer) throw framing('data after the last chunk');
    if (this.#trailerLines.length + (this.#trailerSignature === undefined ? 0 : 1) >= trailerLinesMax) throw framing(`more than ${trailerLinesMax} trailer lines`);
    const colon = line.indexOf(':');
    const name = line.slice(0, Math.max(colon, 0)).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (colon < 0 || !tokenPattern.test(name)) throw framing('malformed trailer line');
    if (name === 'x-amz-trailer-signature') {
      if (this.#options.signing === undefined || this.#trailerSignature !== undefined) throw framing('unexpected x-amz-trailer-signature');
      this.#trailerSignature = value;
      return;
    }
    if (!this.#options.trailerNames.includes(name)) throw new S3Error('InvalidRequest', `The trailer ${name} was not announced in x-amz-trailer.`);
    if (this.trailers.has(name)) throw framing(`trailer ${name} sent twice`);
    this.trailers.set(name, value);
    this.#trailerLines.push(`${name}:${value}\n`);
  }

  #finishTrailers(): void {
    const missing = this.#options.trailerNames.filter((name) => !this.trailers.has(name));
    if (missing.length > 0) throw new S3Error('InvalidRequest', `x-amz-trailer announced ${missing.join(', ')}, which the body did not carry.`);
    const signing = this.#options.signing;
    if (signing === undefined || !this.#options.trailer) return;
    if (this.#trailerSignature === undefined) throw mismatch('the trailer has no x-amz-trailer-signature');
    const trailerSha256 = createHash('sha256').update(this.#trailerLines.join('')).digest('hex');
    const stringToSign = ['AWS4-HMAC-SHA256-TRAILER', signing.amzDate, signing.scope, this.#previousSignature, trailerSha256].join('\n');
    if (!signatureMatches(signing.signingKey, stringToSign, this.#trailerSignature)) throw mismatch('the trailer signature does not match the trailers');
  }
}

function signatureMatches(signingKey: Buffer, stringToSign: string, provided: string): boolean {
  const expected = Buffer.from(createHmac('sha256', signingKey).update(stringToSign).digest('hex'), 'latin1');
  const given = Buffer.from(provided, 'latin1');
  return expected.length === given.length && timingSafeEqual(expected, given);
}

function mismatch(detail: string): S3Error {
  return new S3Error('SignatureDoesNotMatch', `The request signature we calculated does not match the signature you provided: ${detail}.`);
}

function framing(detail: string): S3Error {
  return new S3Error('InvalidRequest', `Malformed aws-chunked body: ${detail}.`);
}

function single(headers: Headers, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

// An object's bytes as a PUT delivers them: decoded from aws-chunked when the signed payload mode
// says so, measured, and hashed as they stream — the signed SHA-256, the x-amz-checksum-* the
// client sent (as a header or a trailer) — so that `verify`, called before the commit, can refuse
// a body that is not what the client promised (BadDigest and friends) and nothing changes.
import { createHash } from 'node:crypto';
import type { S3Request } from './s3-app.js';
import { AwsChunkedDecoder, awsChunkedOptions } from './auth/aws-chunked.js';
import {
  algorithmOfHeaderName, assertDigestMatches, checksumFromHeaders, checksumHeaderName, contentMd5FromHeaders, newChecksum, parseChecksumAlgorithm,
  parseChecksumValue, settleChecksum, type ChecksumAlgorithm,
} from './checksums.js';
import { S3Error } from './s3-errors.js';

export interface RequestBody {
  payload: AsyncIterable<Buffer>;
  /** The length the client declared (Content-Length, or aws-chunked's decoded length), which the payload must match; undefined when not known ahead (a POST form's file). */
  size?: number;
  /** After the payload was read: throws unless it is what the client promised; returns the checksum to keep. */
  verify(content: { md5Hex: string; size: number }): Promise<Record<string, string>>;
}

/**
 * `required`: the checksum a multipart upload's parts carry (its x-amz-checksum-algorithm) —
 * computed even when the client sends none; a client naming another is refused.
 */
export function requestBody(req: S3Request, sizeMax: number, required?: ChecksumAlgorithm): RequestBody {
  const headers = { ...req.headers, ...req.auth.queryHeaders };
  const chunked = awsChunkedOptions(req.auth.payload, headers);
  const decoder = chunked === undefined ? undefined : new AwsChunkedDecoder(req.raw, chunked);
  const declared = chunked?.decodedLengthBytes ?? contentLength(headers['content-length']);
  if (declared > sizeMax) throw new S3Error('EntityTooLarge', `Your proposed upload exceeds the maximum allowed size (${sizeMax} bytes)`);
  const promised = checksumFromHeaders(headers);
  const trailerAlgorithm = chunked?.trailerNames[0] === undefined ? undefined : algorithmOfHeaderName(chunked.trailerNames[0]);
  const sdkAlgorithm = typeof headers['x-amz-sdk-checksum-algorithm'] === 'string' ? parseChecksumAlgorithm(headers['x-amz-sdk-checksum-algorithm'], 'x-amz-sdk-checksum-algorithm') : undefined;
  const named = promised?.algorithm ?? trailerAlgorithm ?? sdkAlgorithm;
  if (required !== undefined && named !== undefined && named !== required) {
    throw new S3Error('InvalidRequest', `Checksum Type mismatch occurred, expected checksum Type: ${required.toLowerCase()}, actual checksum Type: ${named.toLowerCase()}`);
  }
  const algorithm: ChecksumAlgorithm | undefined = named ?? required;
  const checksum = algorithm === undefined ? undefined : newChecksum(algorithm);
  const sha256 = req.auth.payload.kind === 'sha256' ? newChecksum('SHA256') : undefined;
  const md5 = contentMd5FromHeaders(headers);
  let received = 0;

  async function* payload(): AsyncGenerator<Buffer> {
    for await (const piece of decoder ?? (req.raw as AsyncIterable<Buffer>)) {
      received += piece.length;
      if (received > declared) throw new S3Error('InvalidRequest', 'The body is longer than its declared length');
      checksum?.update(piece);
      sha256?.update(piece);
      yield piece;
    }
    if (received < declared) throw new S3Error('IncompleteBody', 'You did not provide the number of bytes specified by the Content-Length HTTP header.');
  }

  return {
    payload: payload(),
    size: declared,
    async verify(content) {
      if (sha256 !== undefined && req.auth.payload.kind === 'sha256' && (await sha256.digest()).toString('hex') !== req.auth.payload.sha256Hex) {
        throw new S3Error('XAmzContentSHA256Mismatch', 'The provided \'x-amz-content-sha256\' header does not match what was computed.');
      }
      if (md5 !== undefined) assertDigestMatches('MD5', md5, Buffer.from(content.md5Hex, 'hex'));
      if (checksum === undefined || algorithm === undefined) return {};
      return settleChecksum(algorithm, checksum, promised?.value ?? trailerValue(decoder, algorithm));
    },
  };
}

/** A small body (an XML request) read whole, with its length and any checksum the client sent verified. */
export async function readBody(req: S3Request, sizeMax: number): Promise<Buffer> {
  const body = requestBody(req, sizeMax);
  const pieces: Buffer[] = [];
  for await (const piece of body.payload) pieces.push(piece);
  const bytes = Buffer.concat(pieces);
  await body.verify({ md5Hex: createHash('md5').update(bytes).digest('hex'), size: bytes.length });
  return bytes;
}

function trailerValue(decoder: AwsChunkedDecoder | undefined, algorithm: ChecksumAlgorithm): Buffer | undefined {
  const name = checksumHeaderName(algorithm);
  const value = decoder?.trailers.get(name);
  return value === undefined ? undefined : parseChecksumValue(algorithm, value, name);
}

function contentLength(value: string | string[] | undefined): number {
  if (typeof value !== 'string' || !/^\d{1,15}$/.test(value)) throw new S3Error('MissingContentLength', 'You must provide the Content-Length HTTP header.');
  return Number(value);
}


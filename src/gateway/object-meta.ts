// What an S3 object carries besides its bytes, kept as the revision's metadata (a string map the
// namenode stores as given): the content headers S3 keeps, user metadata (`x-amz-meta-*`) and
// checksums. Also the read-side rules that depend only on that: ETags, conditional requests
// (RFC 9110 as S3 applies them) and byte ranges.
import { S3Error } from './s3-errors.js';

/** Content headers S3 stores with an object and returns on GET and HEAD. */
export const storedHeaders = ['content-type', 'cache-control', 'content-disposition', 'content-encoding', 'content-language', 'expires'] as const;
/** S3's limit on user metadata: names and values together, in bytes. */
export const userMetaBytesMax = 2048;
export const defaultContentType = 'binary/octet-stream';
const userMetaPrefix = 'x-amz-meta-';
const userMetaNamePattern = /^x-amz-meta-[a-z0-9!#$%&'*+.^_`|~-]+$/;

type Headers = Record<string, string | string[] | undefined>;

function single(headers: Headers, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

/**
 * Write options Cairn does not implement, by header name or prefix, with the values that ask for
 * nothing special: any other value is refused (501), never silently dropped.
 */
const unsupportedOptions: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['x-amz-acl', ['private', 'bucket-owner-full-control']], ['x-amz-grant-', []], ['x-amz-storage-class', ['STANDARD']], ['x-amz-tagging', []],
  ['x-amz-website-redirect-location', []], ['x-amz-server-side-encryption', []], ['x-amz-object-lock-', []],
];

/**
 * The metadata a write (PutObject, CopyObject with REPLACE, CreateMultipartUpload, a POST form)
 * asks to keep; NotImplemented for an option Cairn would otherwise ignore (ACLs, tags, storage
 * classes, encryption, object lock).
 */
export function metaFromRequest(headers: Headers): Record<string, string> {
  for (const [name, raw] of Object.entries(headers)) {
    const rule = unsupportedOptions.find(([prefix]) => name.startsWith(prefix));
    if (rule !== undefined && raw !== undefined && !rule[1].includes(single(headers, name) ?? '')) throw new S3Error('NotImplemented', `${name} is not supported by Cairn`);
  }
  const meta: Record<string, string> = {};
  for (const name of storedHeaders) {
    let value = single(headers, name);
    // aws-chunked is how the body travelled, not how the object is encoded.
    if (name === 'content-encoding' && value !== undefined) value = value.split(',').map((v) => v.trim()).filter((v) => v !== '' && v !== 'aws-chunked').join(',');
    if (value !== undefined && value !== '') meta[name] = value;
  }
  meta['content-type'] ??= defaultContentType;
  let userBytes = 0;
  for (const [name, raw] of Object.entries(headers)) {
    if (!name.startsWith(userMetaPrefix) || raw === undefined) continue;
    if (!userMetaNamePattern.test(name)) throw new S3Error('InvalidArgument', `bad user metadata name ${JSON.stringify(name.slice(0, 100))}`);
    const value = single(headers, name) ?? '';
    userBytes += Buffer.byteLength(name) - userMetaPrefix.length + Buffer.byteLength(value);
    meta[name] = value;
  }
  if (userBytes > userMetaBytesMax) throw new S3Error('MetadataTooLarge', `user metadata of ${userBytes} bytes; at most ${userMetaBytesMax}`);
  return meta;
}

/** The response headers of an object's metadata: content headers, user metadata, checksums (when asked). */
export function headersFromMeta(meta: Record<string, string>, withChecksums: boolean): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(meta)) {
    if ((storedHeaders as readonly string[]).includes(name) || name.startsWith(userMetaPrefix)) out[name] = value;
    else if (withChecksums && name.startsWith('x-amz-checksum-')) out[name] = value;
  }
  return out;
}

/** The ETag as S3 quotes it: the content MD5, or what the commit recorded (multipart: MD5 of the part MD5s, `-N`). */
export function etagOf(md5Hex: string, meta: Record<string, string>): string {
  return `"${meta.etag ?? md5Hex}"`;
}

export type Precondition = 'ok' | 'not-modified' | 'failed';

/** If-Match / If-None-Match / If-Modified-Since / If-Unmodified-Since, in S3's order of precedence. */
export function evaluateConditions(headers: Headers, object: { etag: string; lastModifiedMs: number }, method: 'GET' | 'HEAD' | 'PUT'): Precondition {
  const ifMatch = single(headers, 'if-match');
  const ifNoneMatch = single(headers, 'if-none-match');
  const ifModifiedSince = parseHttpDate(single(headers, 'if-modified-since'));
  const ifUnmodifiedSince = parseHttpDate(single(headers, 'if-unmodified-since'));
  const seconds = Math.floor(object.lastModifiedMs / 1000);
  if (ifMatch !== undefined) {
    if (!matchesAny(ifMatch, object.etag)) return 'failed';
  } else if (ifUnmodifiedSince !== undefined && seconds > ifUnmodifiedSince) {
    return 'failed';
  }
  if (ifNoneMatch !== undefined) {
    if (matchesAny(ifNoneMatch, object.etag)) return method === 'PUT' ? 'failed' : 'not-modified';
  } else if (ifModifiedSince !== undefined && method !== 'PUT' && seconds <= ifModifiedSince) {
    return 'not-modified';
  }
  return 'ok';
}

function matchesAny(list: string, etag: string): boolean {
  const bare = etag.replace(/^"|"$/g, '');
  return list.split(',').some((candidate) => {
    const c = candidate.trim().replace(/^W\//, '').replace(/^"|"$/g, '');
    return c === '*' || c === bare;
  });
}

/** Seconds since the epoch of an HTTP date; undefined when absent or unparsable (S3 then ignores it). */
function parseHttpDate(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
}

/**
 * A single `bytes=` range of an object of `size` bytes, as [start, end) — bounded, open
 * (`bytes=10-`) and suffix (`bytes=-10`) forms. Undefined when there is no usable Range header
 * (S3 ignores malformed and multi-range headers and answers the whole object); InvalidRange when
 * the range starts beyond the end.
 */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | undefined {
  if (header === undefined) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (match === null) return undefined;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return undefined;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0) throw new S3Error('InvalidRange', 'The requested range is not satisfiable', { RangeRequested: header, ActualObjectSize: String(size) });
    return { start: Math.max(0, size - suffix), end: size };
  }
  const start = Number(first);
  const end = last === '' ? size : Math.min(size, Number(last) + 1);
  if (last !== '' && Number(last) < start) return undefined;
  if (start >= size) throw new S3Error('InvalidRange', 'The requested range is not satisfiable', { RangeRequested: header, ActualObjectSize: String(size) });
  return { start, end };
}

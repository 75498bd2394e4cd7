// AWS Signature Version 4 as S3 checks it, in the Authorization header and in presigned URLs.
// The gateway never sees a secret: it asks `lookup` for the signing key of the request's
// credential scope (one access key, day, region and service), which the namenode derives.
// Guarantees: a request is `Authenticated` only if its signature matches one computed here over
// the request as received (method, path as sent, every query parameter, every signed header and
// the payload hash or streaming mode), inside S3's time limits; every x-amz-* header it carries
// is covered by the signature; signatures are compared in constant time; errors carry S3's codes
// and never a secret or a signing key. Requests without credentials return undefined (anonymous);
// SigV2, SigV4a and session tokens are refused, never let through. The payload itself is checked
// later by whoever reads the body (a sha256, or aws-chunked signatures with `PayloadMode`).
// POST policy uploads (post-policy.ts) reuse the credential parsing, key lookup and comparison.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { S3Error } from '../s3-errors.js';

export { deriveSigningKey } from '../../common/auth.js';

export const signingAlgorithm = 'AWS4-HMAC-SHA256';
/** S3 accepts requests dated up to 15 minutes away from its clock (and presigned URLs so far ahead). */
export const clockSkewMaxMs = 15 * 60 * 1000;
/** The longest life of a presigned URL: 7 days. */
export const presignedExpiresMaxSeconds = 604_800;
const authorizationBytesMax = 4096;
const signedHeadersMax = 64;
const queryParamsMax = 256;

export type Headers = Record<string, string | string[] | undefined>;

export interface SignedRequest {
  method: string;
  /** The path exactly as received, still percent-encoded, without the query. */
  rawPath: string;
  /** The query exactly as received, without '?'. */
  rawQuery: string;
  /**
   * Node's lower-cased headers. Node joins repeated headers with ', ' where SigV4 joins with ',':
   * pass `IncomingMessage.headersDistinct` to verify requests that repeat a signed header.
   */
  headers: Headers;
}

export interface CredentialScope {
  accessKeyId: string;
  /** YYYYMMDD */
  date: string;
  region: string;
  service: string;
}

export type SigningKeyLookup = (scope: CredentialScope) => Promise<{ signingKey: Buffer; principal: string } | undefined>;

/** What aws-chunked needs to verify chunk and trailer signatures, which chain from the request's. */
export interface ChunkSigning {
  signingKey: Buffer;
  seedSignature: string;
  /** The request's timestamp, YYYYMMDD'T'HHMMSS'Z'. */
  amzDate: string;
  /** `date/region/service/aws4_request` */
  scope: string;
}

/** How the body is protected: its hash was signed, it is aws-chunked (signed or not), or nothing. */
export type PayloadMode =
  | { kind: 'unsigned' }
  | { kind: 'sha256'; sha256Hex: string }
  | { kind: 'streaming-signed'; trailer: boolean; signing: ChunkSigning }
  | { kind: 'streaming-unsigned-trailer' };

export interface Authenticated {
  principal: string;
  accessKeyId: string;
  scope: CredentialScope;
  presigned: boolean;
  payload: PayloadMode;
  /**
   * Presigned URLs carry request headers as x-amz-* query parameters (the SDKs "hoist" them, e.g.
   * `x-amz-checksum-mode`, `x-amz-meta-*`); S3 treats them as headers. Names lower-cased, the
   * authentication parameters left out. Empty for header-signed requests.
   */
  queryHeaders: Record<string, string>;
}

export interface AuthenticateOptions {
  /** When set, credentials scoped to another region are refused, as S3 refuses them. */
  region?: string;
}

/** Where the credentials came from: the Authorization header, a presigned URL, or a POST form (post-policy.ts). */
export type Mechanism = 'header' | 'query' | 'form';

const unsignedPayload = 'UNSIGNED-PAYLOAD';
const presignParams = ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Date', 'X-Amz-Expires', 'X-Amz-SignedHeaders', 'X-Amz-Signature'] as const;
/** Any of these in the query makes the request a presigned one (and a broken one if others are missing). */
const presignMarkers = ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Signature'];
export const unsupportedMechanism = 'The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.';

/**
 * The identity behind a request, or undefined when it carries no credentials at all. Throws an
 * S3Error for anything else that is not a valid, current SigV4 signature.
 */
export async function authenticate(req: SignedRequest, lookup: SigningKeyLookup, nowMs: number, options: AuthenticateOptions = {}): Promise<Authenticated | undefined> {
  const authorization = single(req.headers, 'authorization');
  const query = parseQuery(req.rawQuery);
  const hasQuery = (name: string) => query.some(([n]) => n === name);
  const presigned = presignMarkers.some(hasQuery);
  const sigV2Query = hasQuery('AWSAccessKeyId') || hasQuery('Signature');
  if ([authorization !== undefined, presigned, sigV2Query].filter(Boolean).length > 1) {
    throw new S3Error('InvalidArgument', 'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter '
      + 'or the Authorization header should be specified', { ArgumentName: 'Authorization' });
  }
  if (single(req.headers, 'x-amz-security-token') !== undefined || hasQuery('X-Amz-Security-Token')) throw sessionTokenRefused();
  const context: Context = { lookup, nowMs, options };
  if (authorization !== undefined) return headerAuth(req, query, authorization, context);
  if (presigned) return queryAuth(req, query, context);
  if (sigV2Query) throw new S3Error('InvalidRequest', unsupportedMechanism);
  return undefined;
}

interface Context {
  lookup: SigningKeyLookup;
  nowMs: number;
  options: AuthenticateOptions;
}

async function headerAuth(req: SignedRequest, query: [string, string][], authorization: string, { lookup, nowMs, options }: Context): Promise<Authenticated> {
  const parts = parseAuthorizationHeader(authorization);
  const scope = parseCredential(parts.credential, 'header', options);
  const signedHeaders = parseSignedHeaders(parts.signedHeaders, 'header');
  const { amzDate, timeMs } = requestTime(req.headers, signedHeaders);
  if (scope.date !== amzDate.slice(0, 8)) throw malformed('header', 'Invalid credential date. Date is not the same as X-Amz-Date.');
  if (Math.abs(nowMs - timeMs) > clockSkewMaxMs) {
    throw new S3Error('RequestTimeTooSkewed', 'The difference between the request time and the current time is too large.', {
      RequestTime: amzDate, ServerTime: new Date(nowMs).toISOString(), MaxAllowedSkewMilliseconds: String(clockSkewMaxMs),
    });
  }
  const contentSha256 = single(req.headers, 'x-amz-content-sha256');
  if (contentSha256 === undefined) throw new S3Error('InvalidRequest', 'Missing required header for this request: x-amz-content-sha256');
  const mode = payloadMode(contentSha256);
  assertAmzHeadersSigned(req.headers, signedHeaders);
  const key = await lookupKey(lookup, scope);
  const signature = verifySignature(req, { query, signedHeaders, payloadHash: contentSha256, provided: parts.signature, amzDate, scope, signingKey: key.signingKey });
  const payload: PayloadMode = mode.kind === 'streaming-signed'
    ? { kind: 'streaming-signed', trailer: mode.trailer, signing: { signingKey: key.signingKey, seedSignature: signature, amzDate, scope: scopeString(scope) } }
    : mode;
  return { principal: key.principal, accessKeyId: scope.accessKeyId, scope, presigned: false, payload, queryHeaders: {} };
}

async function queryAuth(req: SignedRequest, query: [string, string][], { lookup, nowMs, options }: Context): Promise<Authenticated> {
  const param = (name: (typeof presignParams)[number]): string => {
    const values = query.filter(([n]) => n === name);
    if (values.length !== 1) {
      throw new S3Error('AuthorizationQueryParametersError', 'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, '
        + 'X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.');
    }
    return values[0][1];
  };
  const algorithm = param('X-Amz-Algorithm');
  if (algorithm === 'AWS4-ECDSA-P256-SHA256') throw new S3Error('InvalidRequest', unsupportedMechanism);
  if (algorithm !== signingAlgorithm) throw new S3Error('AuthorizationQueryParametersError', 'X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"');
  const scope = parseCredential(param('X-Amz-Credential'), 'query', options);
  const amzDate = param('X-Amz-Date');
  const timeMs = parseAmzDate(amzDate);
  if (timeMs === undefined) throw new S3Error('AuthorizationQueryParametersError', 'X-Amz-Date must be in the ISO8601 Long Format "yyyyMMdd\'T\'HHmmss\'Z\'"');
  const expiresSeconds = parseExpires(param('X-Amz-Expires'));
  const signedHeaders = parseSignedHeaders(param('X-Amz-SignedHeaders'), 'query');
  const provided = param('X-Amz-Signature');
  if (scope.date !== amzDate.slice(0, 8)) throw malformed('query', 'Invalid credential date. Date is not the same as X-Amz-Date.');
  if (timeMs - nowMs > clockSkewMaxMs) {
    throw new S3Error('AccessDenied', 'Request is not yet valid', { 'X-Amz-Date': amzDate, ServerTime: new Date(nowMs).toISOString() });
  }
  const expiresAtMs = timeMs + expiresSeconds * 1000;
  if (nowMs > expiresAtMs) {
    throw new S3Error('AccessDenied', 'Request has expired', {
      'X-Amz-Expires': String(expiresSeconds), Expires: new Date(expiresAtMs).toISOString(), ServerTime: new Date(nowMs).toISOString(),
    });
  }
  // The signed payload line: X-Amz-Content-Sha256 when the URL names one, a signed header when
  // the signer kept it as a header, else UNSIGNED-PAYLOAD (the SDKs' default for presigning).
  const queryHash = query.find(([n]) => n === 'X-Amz-Content-Sha256')?.[1];
  const headerHash = single(req.headers, 'x-amz-content-sha256');
  const payloadHash = queryHash ?? (signedHeaders.includes('x-amz-content-sha256') ? headerHash : undefined) ?? unsignedPayload;
  let mode = payloadMode(payloadHash);
  // An unsigned payload may still be sent aws-chunked or with a hash to check: the (unsigned)
  // header says how to read it; nothing unsigned can claim signed chunks.
  if (mode.kind === 'unsigned' && headerHash !== undefined) mode = payloadMode(headerHash);
  if (mode.kind === 'streaming-signed') throw new S3Error('InvalidRequest', 'signed aws-chunked payloads need the Authorization header, not a presigned URL');
  assertAmzHeadersSigned(req.headers, signedHeaders);
  const key = await lookupKey(lookup, scope);
  const signed = query.filter(([n]) => n !== 'X-Amz-Signature');
  verifySignature(req, { query: signed, signedHeaders, payloadHash, provided, amzDate, scope, signingKey: key.signingKey });
  const queryHeaders: Record<string, string> = {};
  for (const [name, value] of query) {
    const lower = name.toLowerCase();
    if (lower.startsWith('x-amz-') && !isAuthParam(lower)) queryHeaders[lower] = value;
  }
  return { principal: key.principal, accessKeyId: scope.accessKeyId, scope, presigned: true, payload: mode, queryHeaders };
}

/** Cairn issues no session credentials, so a request carrying a session token is refused, never let through. */
export function sessionTokenRefused(): S3Error {
  // TODO(issue 4): S3 answers InvalidToken; Cairn issues no session credentials, so every token is unknown.
  return new S3Error('InvalidArgument', 'session tokens (x-amz-security-token) are not supported; sign with an access key', { ArgumentName: 'x-amz-security-token' });
}

function isAuthParam(lowerName: string): boolean {
  return presignParams.some((p) => p.toLowerCase() === lowerName) || lowerName === 'x-amz-content-sha256' || lowerName === 'x-amz-security-token';
}

// --- parsing --------------------------------------------------------------------------------

function parseAuthorizationHeader(value: string): { credential: string; signedHeaders: string; signature: string } {
  const space = value.indexOf(' ');
  const scheme = space < 0 ? value : value.slice(0, space);
  if (scheme === 'AWS' || scheme === 'AWS4-ECDSA-P256-SHA256') throw new S3Error('InvalidRequest', unsupportedMechanism);
  if (scheme !== signingAlgorithm) throw new S3Error('InvalidArgument', 'Unsupported Authorization Type', { ArgumentName: 'Authorization' });
  const threeParts = 'the authorization header requires three components: Credential, SignedHeaders, and Signature.';
  if (value.length > authorizationBytesMax) throw malformed('header', threeParts);
  const fields = new Map<string, string>();
  for (const field of value.slice(space + 1).split(',')) {
    const eq = field.indexOf('=');
    const name = field.slice(0, Math.max(eq, 0)).trim();
    if (eq < 0 || fields.has(name) || !['Credential', 'SignedHeaders', 'Signature'].includes(name)) throw malformed('header', threeParts);
    fields.set(name, field.slice(eq + 1).trim());
  }
  const credential = fields.get('Credential');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (credential === undefined || signedHeaders === undefined || signature === undefined) throw malformed('header', threeParts);
  return { credential, signedHeaders, signature };
}

/** `AKID/YYYYMMDD/region/s3/aws4_request` as a credential scope; errors as S3 words them for the mechanism. */
export function parseCredential(value: string, mechanism: Mechanism, options: AuthenticateOptions = {}): CredentialScope {
  const parts = value.split('/');
  const [accessKeyId = '', date = '', region = '', service = '', terminator = ''] = parts;
  const prefix = mechanism === 'header' ? '' : `Error parsing the X-Amz-Credential ${mechanism === 'query' ? 'parameter' : 'field'}; `;
  if (parts.length !== 5 || !/^[\x21-\x7e]{1,128}$/.test(accessKeyId) || !/^\d{8}$/.test(date) || !/^[A-Za-z0-9_-]{1,64}$/.test(region)) {
    throw malformed(mechanism, `${prefix}the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".`);
  }
  if (service !== 's3') throw malformed(mechanism, `${prefix}incorrect service "${printable(service)}". This endpoint belongs to "s3".`);
  if (terminator !== 'aws4_request') throw malformed(mechanism, `${prefix}incorrect terminal "${printable(terminator)}". This endpoint uses "aws4_request".`);
  if (options.region !== undefined && region !== options.region) {
    throw malformed(mechanism, `${prefix}the region '${region}' is wrong; expecting '${options.region}'`, { Region: options.region });
  }
  return { accessKeyId, date, region, service };
}

function parseSignedHeaders(value: string, mechanism: Mechanism): string[] {
  const names = value.split(';');
  const valid = names.length <= signedHeadersMax && new Set(names).size === names.length && names.every((n) => /^[a-z0-9!#$%&'*+.^_`|~-]+$/.test(n));
  if (!valid) throw malformed(mechanism, 'SignedHeaders must be distinct lower-case header names separated by ";".');
  if (!names.includes('host')) throw malformed(mechanism, 'the host header must be signed.');
  return names;
}

/** The request's timestamp: x-amz-date, else the Date header (then in the string to sign as YYYYMMDD'T'HHMMSS'Z'). */
function requestTime(headers: Headers, signedHeaders: string[]): { amzDate: string; timeMs: number } {
  const invalid = () => new S3Error('AccessDenied', 'AWS authentication requires a valid Date or x-amz-date header');
  const xAmzDate = single(headers, 'x-amz-date');
  if (xAmzDate !== undefined) {
    const timeMs = parseAmzDate(xAmzDate);
    if (timeMs === undefined) throw invalid();
    return { amzDate: xAmzDate, timeMs };
  }
  const date = single(headers, 'date');
  const timeMs = date === undefined || date.length > 64 ? Number.NaN : Date.parse(date);
  if (!Number.isFinite(timeMs)) throw invalid();
  if (!signedHeaders.includes('date')) throw new S3Error('AccessDenied', 'There were headers present in the request which were not signed', { HeadersNotSigned: 'date' });
  return { amzDate: new Date(timeMs).toISOString().replace(/[-:]|\.\d{3}/g, ''), timeMs };
}

/** Milliseconds of a YYYYMMDD'T'HHMMSS'Z' timestamp; undefined when it is not one (or not a real date). */
export function parseAmzDate(value: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (m === null) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number);
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const back = new Date(ms);
  // Date.UTC rolls 20130231 over to March; S3 refuses such dates.
  return back.getUTCMonth() === month - 1 && back.getUTCDate() === day && hour < 24 && minute < 60 && second < 60 ? ms : undefined;
}

function parseExpires(value: string): number {
  if (!/^-?\d{1,10}$/.test(value)) throw new S3Error('AuthorizationQueryParametersError', 'X-Amz-Expires should be a number');
  const seconds = Number(value);
  if (seconds < 1) throw new S3Error('AuthorizationQueryParametersError', 'X-Amz-Expires must be at least 1 second');
  if (seconds > presignedExpiresMaxSeconds) {
    throw new S3Error('AuthorizationQueryParametersError', `X-Amz-Expires must be less than a week (in seconds) that is ${presignedExpiresMaxSeconds}`);
  }
  return seconds;
}

type ModeWithoutSigning = Exclude<PayloadMode, { kind: 'streaming-signed' }> | { kind: 'streaming-signed'; trailer: boolean };

function payloadMode(contentSha256: string): ModeWithoutSigning {
  switch (contentSha256) {
    case unsignedPayload: return { kind: 'unsigned' };
    case 'STREAMING-UNSIGNED-PAYLOAD-TRAILER': return { kind: 'streaming-unsigned-trailer' };
    case 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD': return { kind: 'streaming-signed', trailer: false };
    case 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER': return { kind: 'streaming-signed', trailer: true };
    case 'STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD':
    case 'STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER':
      throw new S3Error('InvalidRequest', unsupportedMechanism);
  }
  if (/^[0-9a-fA-F]{64}$/.test(contentSha256)) return { kind: 'sha256', sha256Hex: contentSha256.toLowerCase() };
  throw new S3Error('InvalidArgument', 'x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, '
    + 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER or a valid sha256 value.', { ArgumentName: 'x-amz-content-sha256' });
}

/** Query parameters decoded as the handlers decode them (URLSearchParams), so what is signed is what runs. */
function parseQuery(rawQuery: string): [string, string][] {
  const params = [...new URLSearchParams(rawQuery)];
  if (params.length > queryParamsMax) throw new S3Error('InvalidArgument', `at most ${queryParamsMax} query parameters`, { ArgumentName: 'query' });
  return params;
}

// --- checks ---------------------------------------------------------------------------------

/** S3 refuses x-amz-* headers outside the signature; x-amz-content-sha256 is signed anyway as the payload line. */
function assertAmzHeadersSigned(headers: Headers, signedHeaders: string[]): void {
  const unsigned = Object.keys(headers)
    .filter((name) => name.startsWith('x-amz-') && name !== 'x-amz-content-sha256' && headers[name] !== undefined && !signedHeaders.includes(name));
  if (unsigned.length > 0) {
    throw new S3Error('AccessDenied', 'There were headers present in the request which were not signed', { HeadersNotSigned: unsigned.slice(0, 16).join(', ') });
  }
}

/** The signing key and principal of a scope; InvalidAccessKeyId when the key is unknown. */
export async function lookupKey(lookup: SigningKeyLookup, scope: CredentialScope): Promise<{ signingKey: Buffer; principal: string }> {
  const key = await lookup(scope);
  if (key === undefined) {
    throw new S3Error('InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.', { AWSAccessKeyId: scope.accessKeyId });
  }
  return key;
}

/**
 * Checks the signature against the canonical request with the path as sent and, when a client
 * sent a path spelled differently from AWS's encoding of the same key (e.g. a raw '!' or '('),
 * with that encoding too: both name the same resource, so accepting either gives away nothing.
 * Returns the (lower-case) signature, the seed of chunk signatures.
 */
interface SignatureInputs {
  query: [string, string][];
  signedHeaders: string[];
  payloadHash: string;
  provided: string;
  amzDate: string;
  scope: CredentialScope;
  signingKey: Buffer;
}

function verifySignature(req: SignedRequest, { query, signedHeaders, payloadHash, provided, amzDate, scope, signingKey }: SignatureInputs): string {
  const rawPath = req.rawPath === '' ? '/' : req.rawPath;
  const paths = [rawPath];
  const reencoded = reencodePath(rawPath);
  if (reencoded !== undefined && reencoded !== rawPath) paths.push(reencoded);
  const canonicalQuery = query.map(([n, v]) => [uriEncode(n), uriEncode(v)] as const)
    .sort(([n1, v1], [n2, v2]) => (n1 < n2 ? -1 : n1 > n2 ? 1 : v1 < v2 ? -1 : v1 > v2 ? 1 : 0))
    .map(([n, v]) => `${n}=${v}`).join('&');
  const canonicalHeaders = signedHeaders.map((name) => `${name}:${canonicalHeaderValue(req.headers[name])}\n`).join('');
  let first: { canonicalRequest: string; stringToSign: string } | undefined;
  for (const path of paths) {
    const canonicalRequest = [req.method, path, canonicalQuery, canonicalHeaders, signedHeaders.join(';'), payloadHash].join('\n');
    const stringToSign = [signingAlgorithm, amzDate, scopeString(scope), sha256Hex(canonicalRequest)].join('\n');
    if (signatureMatches(signingKey, stringToSign, provided)) return provided;
    first ??= { canonicalRequest, stringToSign };
  }
  throw new S3Error('SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your key and signing method.', {
    AWSAccessKeyId: scope.accessKeyId, StringToSign: first?.stringToSign ?? '', SignatureProvided: printable(provided), CanonicalRequest: first?.canonicalRequest ?? '',
  });
}

/** Whether `provided` is the hex HMAC-SHA256 of `stringToSign` under `signingKey`, compared in constant time. */
export function signatureMatches(signingKey: Buffer, stringToSign: string, provided: string): boolean {
  const expected = Buffer.from(createHmac('sha256', signingKey).update(stringToSign).digest('hex'), 'latin1');
  const providedBytes = Buffer.from(provided, 'latin1');
  return expected.length === providedBytes.length && timingSafeEqual(expected, providedBytes);
}

/** Header values as SigV4 canonicalises them: trimmed, inner runs of spaces as one, repeats joined by ','. */
function canonicalHeaderValue(value: string | string[] | undefined): string {
  const values = value === undefined ? [''] : Array.isArray(value) ? value : [value];
  return values.map((v) => v.trim().replace(/\s+/g, ' ')).join(',');
}

/** AWS's URI encoding: every byte but A-Z a-z 0-9 - . _ ~ as %XX (upper-case hex), UTF-8. */
export function uriEncode(value: string, keepSlash = false): string {
  const encoded = encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return keepSlash ? encoded.replace(/%2F/g, '/') : encoded;
}

function reencodePath(rawPath: string): string | undefined {
  try {
    return uriEncode(decodeURIComponent(rawPath), true);
  } catch {
    return undefined; // malformed %-escapes or lone surrogates: only the path as sent can match
  }
}

export function scopeString(scope: CredentialScope): string {
  return `${scope.date}/${scope.region}/${scope.service}/aws4_request`;
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function single(headers: Headers, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

function malformed(mechanism: Mechanism, detail: string, fields: Record<string, string> = {}): S3Error {
  switch (mechanism) {
    case 'header': return new S3Error('AuthorizationHeaderMalformed', `The authorization header is malformed; ${detail}`, fields);
    case 'query': return new S3Error('AuthorizationQueryParametersError', detail, fields);
    case 'form': return new S3Error('InvalidArgument', detail, { ArgumentName: 'x-amz-credential', ...fields });
  }
}

/** Client-supplied text echoed in an error: bounded and printable. */
export function printable(value: string): string {
  return value.slice(0, 128).replace(/[^\x20-\x7e]/g, '?');
}

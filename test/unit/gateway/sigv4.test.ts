// SigV4 verification as S3 does it: AWS's published examples (header auth and presigned URL),
// requests made by the real AWS SDK (its client over HTTP, its presigner used with plain fetch,
// and @smithy/signature-v4 directly), S3's time rules, and every way a request can be malformed,
// tampered with, or use an auth scheme we refuse. No secret may appear in any error.
import { createHash, createHmac } from 'node:crypto';
import { Readable } from 'node:stream';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { SignatureV4 } from '@smithy/signature-v4';
import type { SourceData } from '@smithy/types';
import t, { type Test } from 'tap';
import { captureEndpoint, type CapturedRequest } from '../../harness/s3-endpoint.js';
import { authenticate, deriveSigningKey, type CredentialScope, type SignedRequest, type SigningKeyLookup } from '../../../src/gateway/auth/sigv4.js';
import { S3Error } from '../../../src/gateway/s3-errors.js';
import { s3Code } from '../../harness/error-code.js';

// The credentials and time of AWS's examples.
const exampleKey = 'AKIAIOSFODNN7EXAMPLE';
const exampleSecret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const exampleTimeMs = Date.UTC(2013, 4, 24);
const emptySha256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const minuteMs = 60_000;

/** A lookup that knows one key, as the namenode would answer; it records the scopes it was asked for. */
function lookupOf(accessKeyId: string, secret: string, principal = 'alice'): SigningKeyLookup & { asked: CredentialScope[] } {
  const asked: CredentialScope[] = [];
  const lookup = async (scope: CredentialScope) => {
    asked.push(scope);
    return scope.accessKeyId === accessKeyId ? { signingKey: deriveSigningKey(secret, scope.date, scope.region, scope.service), principal } : undefined;
  };
  return Object.assign(lookup, { asked });
}
const exampleLookup = lookupOf(exampleKey, exampleSecret);

async function error(promise: Promise<unknown>): Promise<S3Error> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof S3Error) return err;
    throw err;
  }
  throw new Error('expected an S3Error');
}

function authorization(signedHeaders: string, signature: string, credential = `${exampleKey}/20130524/us-east-1/s3/aws4_request`): string {
  return `AWS4-HMAC-SHA256 Credential=${credential},SignedHeaders=${signedHeaders},Signature=${signature}`;
}

// "Example: GET Object" of Signature Calculations for the Authorization Header.
function exampleGet(): SignedRequest {
  return {
    method: 'GET', rawPath: '/test.txt', rawQuery: '',
    headers: {
      host: 'examplebucket.s3.amazonaws.com', range: 'bytes=0-9', 'x-amz-content-sha256': emptySha256, 'x-amz-date': '20130524T000000Z',
      authorization: authorization('host;range;x-amz-content-sha256;x-amz-date', 'f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41'),
    },
  };
}

// Authenticating Requests: Using Query Parameters, the example GET.
const examplePresignedQuery = 'X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request'
  + '&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host'
  + '&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404';
function examplePresigned(rawQuery = examplePresignedQuery): SignedRequest {
  return { method: 'GET', rawPath: '/test.txt', rawQuery, headers: { host: 'examplebucket.s3.amazonaws.com' } };
}

/**
 * An independent signer for requests no SDK makes (Date header only, repeated headers): it takes
 * the canonical pieces as given, so it shares no code with the verifier. Checked below against
 * AWS's GET example before it is trusted.
 */
function signCanonical(o: { method: string; path: string; query: string; headers: [string, string][]; payload: string; amzDate: string; secret?: string }): string {
  const canonicalRequest = [o.method, o.path, o.query, o.headers.map(([n, v]) => `${n}:${v}\n`).join(''), o.headers.map(([n]) => n).join(';'), o.payload].join('\n');
  const stringToSign = ['AWS4-HMAC-SHA256', o.amzDate, `${o.amzDate.slice(0, 8)}/us-east-1/s3/aws4_request`, createHash('sha256').update(canonicalRequest).digest('hex')].join('\n');
  return createHmac('sha256', deriveSigningKey(o.secret ?? exampleSecret, o.amzDate.slice(0, 8), 'us-east-1', 's3')).update(stringToSign).digest('hex');
}

t.test('AWS examples: the four documented header-signed requests authenticate', async (t) => {
  const get = await authenticate(exampleGet(), exampleLookup, exampleTimeMs);
  t.same(get, {
    principal: 'alice', accessKeyId: exampleKey, scope: { accessKeyId: exampleKey, date: '20130524', region: 'us-east-1', service: 's3' },
    presigned: false, payload: { kind: 'sha256', sha256Hex: emptySha256 }, queryHeaders: {},
  });
  t.same(exampleLookup.asked.at(-1), { accessKeyId: exampleKey, date: '20130524', region: 'us-east-1', service: 's3' }, 'the lookup gets the scope, never a secret');

  const putHash = '44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072'; // SHA-256 of "Welcome to Amazon S3."
  const put = await authenticate({
    method: 'PUT', rawPath: '/test%24file.text', rawQuery: '',
    headers: {
      host: 'examplebucket.s3.amazonaws.com', date: 'Fri, 24 May 2013 00:00:00 GMT', 'x-amz-date': '20130524T000000Z', 'x-amz-storage-class': 'REDUCED_REDUNDANCY',
      'x-amz-content-sha256': putHash,
      authorization: authorization('date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class', '98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd'),
    },
  }, exampleLookup, exampleTimeMs);
  t.same(put?.payload, { kind: 'sha256', sha256Hex: putHash }, 'PUT Object: the payload hash is handed on to be checked against the body');

  const bucketHeaders = (signature: string) => ({
    host: 'examplebucket.s3.amazonaws.com', 'x-amz-content-sha256': emptySha256, 'x-amz-date': '20130524T000000Z',
    authorization: authorization('host;x-amz-content-sha256;x-amz-date', signature),
  });
  const lifecycle = { method: 'GET', rawPath: '/', rawQuery: 'lifecycle', headers: bucketHeaders('fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543') };
  t.equal(await s3Code(authenticate(lifecycle, exampleLookup, exampleTimeMs)), 'OK', 'GET Bucket Lifecycle: a valueless parameter');
  const list = { method: 'GET', rawPath: '/', rawQuery: 'max-keys=2&prefix=J', headers: bucketHeaders('34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7') };
  t.equal(await s3Code(authenticate(list, exampleLookup, exampleTimeMs)), 'OK', 'GET Bucket (List Objects): parameters in order');
  t.equal(await s3Code(authenticate({ ...list, rawQuery: 'prefix=J&max-keys=2' }, exampleLookup, exampleTimeMs)), 'OK', 'in any order: the canonical query sorts them');
  t.equal(await s3Code(authenticate({ ...list, rawQuery: 'max-keys=3&prefix=J' }, exampleLookup, exampleTimeMs)), 'SignatureDoesNotMatch', 'a changed value is caught');
});

t.test('AWS example: the documented presigned URL authenticates until it expires, not before its date', async (t) => {
  const auth = await authenticate(examplePresigned(), exampleLookup, exampleTimeMs + 3600_000);
  t.equal(auth?.presigned, true);
  t.same(auth?.payload, { kind: 'unsigned' }, 'presigned URLs sign UNSIGNED-PAYLOAD');
  t.equal(await s3Code(authenticate(examplePresigned(), exampleLookup, exampleTimeMs + 86_400_000)), 'OK', 'valid through its last second');
  const expired = await error(authenticate(examplePresigned(), exampleLookup, exampleTimeMs + 86_400_000 + 1000));
  t.equal(expired.code, 'AccessDenied');
  t.equal(expired.message, 'Request has expired');
  t.equal(expired.fields.Expires, '2013-05-25T00:00:00.000Z');
  t.equal(await s3Code(authenticate(examplePresigned(), exampleLookup, exampleTimeMs - 14 * minuteMs)), 'OK', 'a clock 14 minutes behind is within the skew');
  const early = await error(authenticate(examplePresigned(), exampleLookup, exampleTimeMs - 16 * minuteMs));
  t.match(early, { code: 'AccessDenied', message: 'Request is not yet valid' }, 'dated 16 minutes in the future');
  const tampered = examplePresigned(examplePresignedQuery.replace('X-Amz-Expires=86400', 'X-Amz-Expires=604800'));
  t.equal(await s3Code(authenticate(tampered, exampleLookup, exampleTimeMs)), 'SignatureDoesNotMatch', 'the expiry is signed: it cannot be stretched');
  const extra = examplePresigned(`${examplePresignedQuery}&response-content-type=text%2Fhtml`);
  t.equal(await s3Code(authenticate(extra, exampleLookup, exampleTimeMs)), 'SignatureDoesNotMatch', 'nor can parameters be added');
});

t.test('presigned: malformed query authentication is AuthorizationQueryParametersError', async (t) => {
  const replace = (from: string, to: string) => examplePresigned(examplePresignedQuery.replace(from, to));
  const cases: [string, SignedRequest][] = [
    ['X-Amz-Expires 0', replace('X-Amz-Expires=86400', 'X-Amz-Expires=0')],
    ['X-Amz-Expires beyond a week', replace('X-Amz-Expires=86400', 'X-Amz-Expires=604801')],
    ['X-Amz-Expires negative', replace('X-Amz-Expires=86400', 'X-Amz-Expires=-5')],
    ['X-Amz-Expires not a number', replace('X-Amz-Expires=86400', 'X-Amz-Expires=day')],
    ['X-Amz-Expires missing', replace('&X-Amz-Expires=86400', '')],
    ['X-Amz-Signature missing', replace(/&X-Amz-Signature=[0-9a-f]+/.exec(examplePresignedQuery)?.[0] ?? '', '')],
    ['X-Amz-Date repeated', examplePresigned(`${examplePresignedQuery}&X-Amz-Date=20130524T000000Z`)],
    ['X-Amz-Date malformed', replace('X-Amz-Date=20130524T000000Z', 'X-Amz-Date=2013-05-24T00:00:00Z')],
    ['X-Amz-Date impossible', replace('X-Amz-Date=20130524T000000Z', 'X-Amz-Date=20130231T000000Z')],
    ['another algorithm', replace('X-Amz-Algorithm=AWS4-HMAC-SHA256', 'X-Amz-Algorithm=AWS4-HMAC-SHA1')],
    ['a credential date other than X-Amz-Date', replace('X-Amz-Date=20130524T000000Z', 'X-Amz-Date=20130525T000000Z')],
    ['another service', replace('%2Fs3%2F', '%2Fsts%2F')],
    ['a wrong terminator', replace('aws4_request', 'aws5_request')],
    ['host not signed', replace('X-Amz-SignedHeaders=host', 'X-Amz-SignedHeaders=range')],
  ];
  for (const [name, req] of cases) t.equal(await s3Code(authenticate(req, exampleLookup, exampleTimeMs)), 'AuthorizationQueryParametersError', name);
  t.equal(await s3Code(authenticate(replace('AKIAIOSFODNN7EXAMPLE%2F', 'AKIAUNKNOWN%2F'), exampleLookup, exampleTimeMs)), 'InvalidAccessKeyId');
  t.equal(await s3Code(authenticate(replace('X-Amz-Algorithm=AWS4-HMAC-SHA256', 'X-Amz-Algorithm=AWS4-ECDSA-P256-SHA256'), exampleLookup, exampleTimeMs)), 'InvalidRequest', 'SigV4a is refused');
});

t.test('header auth: a 15-minute clock-skew window either way', async (t) => {
  for (const [offsetMinutes, expected] of [[14, 'OK'], [-14, 'OK'], [16, 'RequestTimeTooSkewed'], [-16, 'RequestTimeTooSkewed']] as const) {
    t.equal(await s3Code(authenticate(exampleGet(), exampleLookup, exampleTimeMs + offsetMinutes * minuteMs)), expected, `server clock ${offsetMinutes} minutes off`);
  }
  const skewed = await error(authenticate(exampleGet(), exampleLookup, exampleTimeMs + 3600_000));
  t.same(skewed.fields, { RequestTime: '20130524T000000Z', ServerTime: '2013-05-24T01:00:00.000Z', MaxAllowedSkewMilliseconds: '900000' });
});

t.test('header auth: any change to what was signed is SignatureDoesNotMatch, and errors hold no secret', async (t) => {
  const mutations: [string, (r: SignedRequest) => void][] = [
    ['method', (r) => (r.method = 'DELETE')],
    ['path', (r) => (r.rawPath = '/test.txu')],
    ['an added query parameter', (r) => (r.rawQuery = 'versionId=3')],
    ['a signed header', (r) => (r.headers.range = 'bytes=0-99')],
    ['the host', (r) => (r.headers.host = 'otherbucket.s3.amazonaws.com')],
    ['a signed header removed', (r) => delete r.headers.range],
    ['the payload hash', (r) => (r.headers['x-amz-content-sha256'] = 'UNSIGNED-PAYLOAD')],
    ['the signature', (r) => (r.headers.authorization = String(r.headers.authorization).replace('Signature=f0', 'Signature=f1'))],
    ['a short signature', (r) => (r.headers.authorization = String(r.headers.authorization).replace(/Signature=.*/, 'Signature=f0e8'))],
    ['an upper-case signature', (r) => (r.headers.authorization = String(r.headers.authorization).replace(/Signature=.*/, (s) => s.toUpperCase().replace('SIGNATURE', 'Signature')))],
    ['the signed header list', (r) => (r.headers.authorization = String(r.headers.authorization).replace('host;range;', 'host;'))],
  ];
  for (const [name, mutate] of mutations) {
    const req = exampleGet();
    mutate(req);
    t.equal(await s3Code(authenticate(req, exampleLookup, exampleTimeMs)), 'SignatureDoesNotMatch', name);
  }
  const wrongSecret = await error(authenticate(exampleGet(), lookupOf(exampleKey, 'another-secret'), exampleTimeMs));
  t.equal(wrongSecret.code, 'SignatureDoesNotMatch', 'a key derived from another secret');
  t.match(wrongSecret.fields, { AWSAccessKeyId: exampleKey, SignatureProvided: /^f0e8bd/ });
  t.match(wrongSecret.fields.CanonicalRequest, /^GET\n\/test\.txt\n\nhost:examplebucket/, 'the canonical request is shown, as S3 shows it');
  const everything = `${wrongSecret.message} ${JSON.stringify(wrongSecret.fields)}`;
  for (const secret of ['another-secret', exampleSecret]) {
    t.notOk(everything.includes(secret), 'the secret is nowhere in the error');
    t.notOk(everything.includes(deriveSigningKey(secret, '20130524', 'us-east-1', 's3').toString('hex')), 'nor the signing key');
  }
});

t.test('header auth: malformed Authorization headers, credential scopes and payload headers', async (t) => {
  const withAuthorization = (value: string) => {
    const req = exampleGet();
    req.headers.authorization = value;
    return authenticate(req, exampleLookup, exampleTimeMs);
  };
  const signed = 'host;range;x-amz-content-sha256;x-amz-date';
  const sig = 'f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41';
  const malformed: [string, string][] = [
    ['no SignedHeaders', `AWS4-HMAC-SHA256 Credential=${exampleKey}/20130524/us-east-1/s3/aws4_request, Signature=${sig}`],
    ['an unknown component', `${authorization(signed, sig)}, Extra=1`],
    ['a repeated component', `${authorization(signed, sig)}, Signature=${sig}`],
    ['a four-part credential', authorization(signed, sig, `${exampleKey}/20130524/us-east-1/aws4_request`)],
    ['a bad credential date', authorization(signed, sig, `${exampleKey}/2013-05-24/us-east-1/s3/aws4_request`)],
    ['a credential date other than x-amz-date', authorization(signed, sig, `${exampleKey}/20130523/us-east-1/s3/aws4_request`)],
    ['another service', authorization(signed, sig, `${exampleKey}/20130524/us-east-1/iam/aws4_request`)],
    ['a wrong terminator', authorization(signed, sig, `${exampleKey}/20130524/us-east-1/s3/aws4_requests`)],
    ['host not signed', authorization('range;x-amz-content-sha256;x-amz-date', sig)],
    ['upper-case signed header names', authorization('Host;range;x-amz-content-sha256;x-amz-date', sig)],
    ['a repeated signed header', authorization('host;host;range;x-amz-content-sha256;x-amz-date', sig)],
    ['too many signed headers', authorization(Array.from({ length: 70 }, (_, i) => `h${i}`).join(';'), sig)],
    ['an oversized header', authorization(signed, sig.repeat(80))],
  ];
  for (const [name, value] of malformed) t.equal(await s3Code(withAuthorization(value)), 'AuthorizationHeaderMalformed', name);

  const regional = await error(authenticate(exampleGet(), exampleLookup, exampleTimeMs, { region: 'eu-west-1' }));
  t.match(regional, { code: 'AuthorizationHeaderMalformed', fields: { Region: 'eu-west-1' } }, 'another region than the gateway\'s');
  t.equal(await s3Code(authenticate(exampleGet(), exampleLookup, exampleTimeMs, { region: 'us-east-1' })), 'OK', 'the gateway\'s own region');

  const withHeaders = (change: Record<string, string | undefined>) => {
    const req = exampleGet();
    Object.assign(req.headers, change);
    return authenticate(req, exampleLookup, exampleTimeMs);
  };
  const missingHash = await error(withHeaders({ 'x-amz-content-sha256': undefined }));
  t.match(missingHash, { code: 'InvalidRequest', message: 'Missing required header for this request: x-amz-content-sha256' });
  t.equal(await s3Code(withHeaders({ 'x-amz-content-sha256': 'SIGNED-PAYLOAD' })), 'InvalidArgument', 'an unknown payload mode');
  t.equal(await s3Code(withHeaders({ 'x-amz-content-sha256': 'STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD' })), 'InvalidRequest', 'SigV4a streaming');
  t.equal(await s3Code(withHeaders({ 'x-amz-date': '20130524 000000' })), 'AccessDenied', 'a malformed x-amz-date');
  t.equal(await s3Code(withHeaders({ 'x-amz-date': undefined })), 'AccessDenied', 'no date at all');
  t.equal(await s3Code(withHeaders({ 'x-amz-date': '20130524T000001Z' })), 'SignatureDoesNotMatch', 'the timestamp is signed');
});

t.test('auth schemes: anonymous passes as undefined; SigV2, SigV4a, two mechanisms and tokens are refused', async (t) => {
  t.equal(await authenticate({ method: 'GET', rawPath: '/b/k', rawQuery: 'list-type=2', headers: { host: 'h' } }, exampleLookup, exampleTimeMs), undefined);
  const v2Header = { method: 'GET', rawPath: '/b/k', rawQuery: '', headers: { host: 'h', authorization: 'AWS AKIAIOSFODNN7EXAMPLE:frJIUN8DYpKDtOLCwo//yllqDzg=' } };
  const v2 = await error(authenticate(v2Header, exampleLookup, exampleTimeMs));
  t.match(v2, { code: 'InvalidRequest', message: /Please use AWS4-HMAC-SHA256/ }, 'SigV2 in the header');
  const v2Query = { method: 'GET', rawPath: '/b/k', rawQuery: 'AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Expires=1141889120&Signature=vjbyPxybdZaNmGa%2ByT272YEAiv4%3D', headers: { host: 'h' } };
  t.equal(await s3Code(authenticate(v2Query, exampleLookup, exampleTimeMs)), 'InvalidRequest', 'SigV2 in the query');
  const v4a = { ...v2Header, headers: { host: 'h', authorization: 'AWS4-ECDSA-P256-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/s3/aws4_request, SignedHeaders=host, Signature=3045' } };
  t.equal(await s3Code(authenticate(v4a, exampleLookup, exampleTimeMs)), 'InvalidRequest', 'SigV4a');
  t.equal(await s3Code(authenticate({ ...v2Header, headers: { host: 'h', authorization: 'Bearer cn1_x' } }, exampleLookup, exampleTimeMs)), 'InvalidArgument', 'another scheme');
  const both = exampleGet();
  both.rawQuery = examplePresignedQuery;
  t.match(await error(authenticate(both, exampleLookup, exampleTimeMs)), { code: 'InvalidArgument', fields: { ArgumentName: 'Authorization' } }, 'header and query auth at once');
  const token = exampleGet();
  token.headers['x-amz-security-token'] = 'FQoGZXIvYXdzE';
  t.equal(await s3Code(authenticate(token, exampleLookup, exampleTimeMs)), 'InvalidArgument', 'session tokens: Cairn issues none');
  const untouched = lookupOf(exampleKey, exampleSecret);
  for (const req of [v2Header, v2Query, v4a, both, token]) await s3Code(authenticate(req, untouched, exampleTimeMs));
  t.equal(untouched.asked.length, 0, 'no refused scheme reached the key lookup');
});

t.test('header auth: x-amz-* headers outside the signature are refused, as S3 refuses them', async (t) => {
  const req = exampleGet();
  req.headers['x-amz-meta-injected'] = 'yes';
  req.headers['x-amz-copy-source'] = '/other/key';
  const refused = await error(authenticate(req, exampleLookup, exampleTimeMs));
  t.match(refused, { code: 'AccessDenied', message: 'There were headers present in the request which were not signed' });
  t.equal(refused.fields.HeadersNotSigned, 'x-amz-meta-injected, x-amz-copy-source');
  const presigned = examplePresigned();
  presigned.headers['x-amz-acl'] = 'public-read';
  t.match(await error(authenticate(presigned, exampleLookup, exampleTimeMs)), { code: 'AccessDenied', fields: { HeadersNotSigned: 'x-amz-acl' } }, 'presigned URLs too');
  const unrelated = exampleGet();
  unrelated.headers['user-agent'] = 'curl';
  unrelated.headers['x-amzn-trace-id'] = 'Root=1';
  t.equal(await s3Code(authenticate(unrelated, exampleLookup, exampleTimeMs)), 'OK', 'other unsigned headers are allowed');
});

t.test('header auth: the Date header stands in for x-amz-date; repeated headers join with commas', async (t) => {
  const date = 'Fri, 24 May 2013 00:00:00 GMT';
  const signature = signCanonical({ method: 'GET', path: '/test.txt', query: '', headers: [['host', 'examplebucket.s3.amazonaws.com'], ['range', 'bytes=0-9'], ['x-amz-content-sha256', emptySha256], ['x-amz-date', '20130524T000000Z']], payload: emptySha256, amzDate: '20130524T000000Z' });
  t.equal(signature, 'f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41', 'the test signer reproduces AWS\'s example first');
  const headers: [string, string][] = [['date', date], ['host', 'h'], ['x-amz-content-sha256', emptySha256]];
  const dated = {
    method: 'GET', rawPath: '/b/k', rawQuery: '',
    headers: { date, host: 'h', 'x-amz-content-sha256': emptySha256, authorization: authorization('date;host;x-amz-content-sha256', signCanonical({ method: 'GET', path: '/b/k', query: '', headers, payload: emptySha256, amzDate: '20130524T000000Z' })) },
  };
  t.equal(await s3Code(authenticate(dated, exampleLookup, exampleTimeMs)), 'OK');
  t.equal(await s3Code(authenticate(dated, exampleLookup, exampleTimeMs + 20 * minuteMs)), 'RequestTimeTooSkewed', 'and is held to the skew window');
  const unsignedDate = { ...dated, headers: { ...dated.headers, authorization: authorization('host;x-amz-content-sha256', 'ab'.repeat(32)) } };
  t.match(await error(authenticate(unsignedDate, exampleLookup, exampleTimeMs)), { code: 'AccessDenied', fields: { HeadersNotSigned: 'date' } }, 'it must be signed');

  const multi: [string, string][] = [['host', 'h'], ['x-amz-content-sha256', emptySha256], ['x-amz-date', '20130524T000000Z'], ['x-amz-meta-tags', 'a,b c']];
  const repeated = {
    method: 'PUT', rawPath: '/b/k', rawQuery: '',
    headers: {
      host: 'h', 'x-amz-content-sha256': emptySha256, 'x-amz-date': '20130524T000000Z', 'x-amz-meta-tags': ['  a ', 'b    c'],
      authorization: authorization('host;x-amz-content-sha256;x-amz-date;x-amz-meta-tags', signCanonical({ method: 'PUT', path: '/b/k', query: '', headers: multi, payload: emptySha256, amzDate: '20130524T000000Z' })),
    },
  };
  t.equal(await s3Code(authenticate(repeated, exampleLookup, exampleTimeMs)), 'OK', 'headersDistinct values: trimmed, spaces collapsed, joined by ","');
});

t.test('query encoding: "+" means space as the handlers read it; paths may be sent less encoded than signed', async (t) => {
  const headers: [string, string][] = [['host', 'h'], ['x-amz-content-sha256', emptySha256], ['x-amz-date', '20130524T000000Z']];
  const request = (rawPath: string, rawQuery: string, signedPath: string, signedQuery: string): SignedRequest => ({
    method: 'GET', rawPath, rawQuery,
    headers: { host: 'h', 'x-amz-content-sha256': emptySha256, 'x-amz-date': '20130524T000000Z', authorization: authorization('host;x-amz-content-sha256;x-amz-date', signCanonical({ method: 'GET', path: signedPath, query: signedQuery, headers, payload: emptySha256, amzDate: '20130524T000000Z' })) },
  });
  t.equal(await s3Code(authenticate(request('/b', 'prefix=a+b', '/b', 'prefix=a%20b'), exampleLookup, exampleTimeMs)), 'OK', '"+" is a space');
  t.equal(await s3Code(authenticate(request('/b', 'prefix=a+b', '/b', 'prefix=a%2Bb'), exampleLookup, exampleTimeMs)), 'SignatureDoesNotMatch', 'so a signed "%2B" cannot be turned into a space');
  t.equal(await s3Code(authenticate(request('/b', 'b=2&a=&a=1&c=%7E%2a', '/b', 'a=&a=1&b=2&c=~%2A'), exampleLookup, exampleTimeMs)), 'OK', 'repeated names sorted by value, empty values, AWS escapes');
  t.equal(await s3Code(authenticate(request('/b/it!s(1)', '', '/b/it%21s%281%29', ''), exampleLookup, exampleTimeMs)), 'OK', 'a path sent with raw !()');
  t.equal(await s3Code(authenticate(request('/b/%E2%82%AC', '', '/b/%E2%82%AC', ''), exampleLookup, exampleTimeMs)), 'OK', 'UTF-8 as sent');
  t.equal(await s3Code(authenticate(request('/b/%zz', '', '/b/%zz', ''), exampleLookup, exampleTimeMs)), 'OK', 'a malformed escape only matches as sent');
  t.equal(await s3Code(authenticate(request('/b/a%2Fb', '', '/b/a/c', ''), exampleLookup, exampleTimeMs)), 'SignatureDoesNotMatch');
});

// --- the real SDK ---------------------------------------------------------------------------

/** A capture endpoint that answers ListObjectsV2 with an empty listing and anything else with 200. */
function captureServer(t: Test): ReturnType<typeof captureEndpoint> {
  return captureEndpoint(t, (req) => ({
    headers: { etag: '"d41d8cd98f00b204e9800998ecf8427e"', 'content-type': 'application/xml' },
    body: req.url.includes('list-type=2') ? '<ListBucketResult><Name>b</Name><IsTruncated>false</IsTruncated><KeyCount>0</KeyCount></ListBucketResult>' : '',
  }));
}

function signedRequestOf(c: CapturedRequest): SignedRequest {
  const q = c.url.indexOf('?');
  return { method: c.method, rawPath: q < 0 ? c.url : c.url.slice(0, q), rawQuery: q < 0 ? '' : c.url.slice(q + 1), headers: c.headers };
}

const sdkKey = 'AKCAIRNTEST0000001';
const sdkSecret = 'cairn-test-secret/with+odd=chars';
const sdkLookup = lookupOf(sdkKey, sdkSecret, 'bob');

function sdkClient(endpoint: string, region = 'us-east-1'): S3Client {
  return new S3Client({ endpoint, region, forcePathStyle: true, maxAttempts: 1, credentials: { accessKeyId: sdkKey, secretAccessKey: sdkSecret } });
}

t.test('SDK: @aws-sdk/client-s3 requests authenticate, awkward keys and parameters included', async (t) => {
  const { endpoint, captured } = await captureServer(t);
  const client = sdkClient(endpoint);
  t.teardown(() => client.destroy());
  const key = 'dir one/ü+x!(1)*~%20 \'quoted\'.txt';
  await client.send(new PutObjectCommand({ Bucket: 'b', Key: key, Body: Buffer.from('hello'), ContentType: 'text/plain', Metadata: { colour: 'blue  green' } }));
  await client.send(new GetObjectCommand({ Bucket: 'b', Key: key, Range: 'bytes=0-1', ResponseContentDisposition: 'attachment; filename="a b.txt"' }));
  await client.send(new ListObjectsV2Command({ Bucket: 'b', Prefix: 'dir one/ü+', Delimiter: '/', StartAfter: 'a&b=c', MaxKeys: 7 }));
  await client.send(new PutObjectCommand({ Bucket: 'b', Key: 'stream', Body: Readable.from([Buffer.alloc(70_000, 1)]), ContentLength: 70_000 }));
  t.equal(captured.length, 4);
  const [put, get, list, stream] = await Promise.all(captured.map((c) => authenticate(signedRequestOf(c), sdkLookup, Date.now())));
  t.equal(put?.principal, 'bob');
  t.same(put?.payload, { kind: 'sha256', sha256Hex: createHash('sha256').update('hello').digest('hex') }, 'a Buffer body: its SHA-256 is signed');
  t.same(get?.payload, { kind: 'sha256', sha256Hex: emptySha256 });
  t.equal(list?.accessKeyId, sdkKey);
  t.same(stream?.payload, { kind: 'streaming-unsigned-trailer' }, 'a stream body: aws-chunked with a trailing checksum');
  for (const c of captured) {
    const tampered = signedRequestOf(c);
    tampered.rawQuery = tampered.rawQuery === '' ? 'acl' : `${tampered.rawQuery}&acl`;
    t.equal(await s3Code(authenticate(tampered, sdkLookup, Date.now())), 'SignatureDoesNotMatch', `${c.method} ${c.url.slice(0, 40)}: an added parameter is caught`);
  }
  t.equal(await s3Code(authenticate(signedRequestOf(captured[0] as CapturedRequest), lookupOf(sdkKey, 'wrong'), Date.now())), 'SignatureDoesNotMatch');
  t.equal(await s3Code(authenticate(signedRequestOf(captured[0] as CapturedRequest), sdkLookup, Date.now(), { region: 'eu-central-1' })), 'AuthorizationHeaderMalformed');
});

t.test('SDK: presigned GET and PUT URLs from @aws-sdk/s3-request-presigner, used with plain fetch', async (t) => {
  const { endpoint, captured } = await captureServer(t);
  const client = sdkClient(endpoint);
  t.teardown(() => client.destroy());
  const key = 'photos/été 2024/a+b (1).jpg';
  const getUrl = await getSignedUrl(client, new GetObjectCommand({ Bucket: 'b', Key: key, ResponseContentType: 'image/jpeg' }), { expiresIn: 300 });
  const putUrl = await getSignedUrl(client, new PutObjectCommand({ Bucket: 'b', Key: key, Metadata: { camera: 'x100' } }), { expiresIn: 60 });
  await fetch(getUrl);
  await fetch(putUrl, { method: 'PUT', body: 'jpeg bytes', headers: { 'content-type': 'image/jpeg' } });
  const [get, put] = captured.map(signedRequestOf) as [SignedRequest, SignedRequest];
  const getAuth = await authenticate(get, sdkLookup, Date.now());
  t.match(getAuth, { principal: 'bob', presigned: true, payload: { kind: 'unsigned' } });
  const putAuth = await authenticate(put, sdkLookup, Date.now());
  t.equal(putAuth?.presigned, true);
  t.equal(putAuth?.queryHeaders['x-amz-meta-camera'], 'x100', 'hoisted headers are handed on as headers');
  t.notOk(Object.keys(putAuth?.queryHeaders ?? {}).some((n) => n === 'x-amz-signature' || n === 'x-amz-credential'), 'the auth parameters are not');
  t.equal(await s3Code(authenticate(put, sdkLookup, Date.now() + 61_000)), 'AccessDenied', 'the PUT URL dies after its 60 seconds');
  t.equal(await s3Code(authenticate({ ...get, method: 'DELETE' }, sdkLookup, Date.now())), 'SignatureDoesNotMatch', 'a GET URL cannot delete');
  t.equal(await s3Code(authenticate({ ...put, rawPath: put.rawPath.replace('photos', 'other') }, sdkLookup, Date.now())), 'SignatureDoesNotMatch', 'nor name another key');
});

t.test('SDK: @smithy/signature-v4 signs and presigns at a fixed time, as the SDKs do', async (t) => {
  class Sha256 {
    readonly #hash: ReturnType<typeof createHash> | ReturnType<typeof createHmac>;
    constructor(secret?: SourceData) {
      this.#hash = secret === undefined ? createHash('sha256') : createHmac('sha256', toBuffer(secret));
    }
    update(data: SourceData): void {
      this.#hash.update(toBuffer(data));
    }
    async digest(): Promise<Uint8Array> {
      return this.#hash.digest();
    }
  }
  const signer = new SignatureV4({ service: 's3', region: 'eu-west-3', sha256: Sha256, uriEscapePath: false, applyChecksum: false, credentials: { accessKeyId: sdkKey, secretAccessKey: sdkSecret } });
  const signingDate = new Date('2025-06-01T12:00:00Z');
  const nowMs = signingDate.getTime();
  const request = {
    method: 'POST', protocol: 'http:', hostname: 'gw.local', port: 9000, path: '/b/k%20%2B',
    query: { delete: '', 'x-id': 'DeleteObjects', tag: ['z', 'a'] },
    headers: { host: 'gw.local:9000', 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD', 'content-type': ' application/xml ', 'x-amz-meta-note': 'two  spaces' },
  };
  const signed = await signer.sign(request, { signingDate });
  const asReceived = (r: typeof signed, query: string): SignedRequest => ({
    method: r.method, rawPath: r.path, rawQuery: query,
    headers: Object.fromEntries(Object.entries(r.headers).map(([n, v]) => [n.toLowerCase(), v])),
  });
  const auth = await authenticate(asReceived(signed, 'delete&x-id=DeleteObjects&tag=z&tag=a'), sdkLookup, nowMs);
  t.match(auth, { scope: { region: 'eu-west-3' }, payload: { kind: 'unsigned' } });
  // As @aws-sdk/s3-request-presigner does: UNSIGNED-PAYLOAD, hoisted into the query with x-amz-meta-*.
  const presignHeaders = { host: 'gw.local:9000', 'x-amz-meta-note': 'n', 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' };
  const presignedReq = await signer.presign({ ...request, headers: presignHeaders }, { signingDate, expiresIn: 900 });
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(presignedReq.query ?? {})) for (const v of [value ?? ''].flat()) query.append(name, v);
  const rawQuery = query.toString().replace(/\+/g, '%20');
  const presignedAuth = await authenticate(asReceived(presignedReq, rawQuery), sdkLookup, nowMs + 899_000);
  t.match(presignedAuth, { presigned: true, queryHeaders: { 'x-amz-meta-note': 'n' } });
  t.equal(await s3Code(authenticate(asReceived(presignedReq, rawQuery), sdkLookup, nowMs + 901_000)), 'AccessDenied', 'expired after 900 s');
});

function toBuffer(data: SourceData): Buffer {
  if (typeof data === 'string') return Buffer.from(data);
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}

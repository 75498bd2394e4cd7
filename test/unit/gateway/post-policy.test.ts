// The POST policy checker (src/gateway/auth/post-policy.ts): forms signed by the real AWS SDK's
// createPresignedPost and by hand, every condition kind, expiry, extra fields, case-insensitive
// names, and every way a form's signature or policy can be missing, malformed or tampered with.
import { createHmac } from 'node:crypto';
import t from 'tap';
import { S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import {
  authenticatePost, checkPolicy, formFields, parsePolicy, policyBytesMax, type FormFields, type PostPolicy,
} from '../../../src/gateway/auth/post-policy.js';
import { deriveSigningKey, type CredentialScope, type SigningKeyLookup } from '../../../src/gateway/auth/sigv4.js';
import { S3Error } from '../../../src/gateway/s3-errors.js';

const accessKeyId = 'AKIAIOSFODNN7EXAMPLE';
const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const signedAtMs = Date.UTC(2026, 0, 15, 12, 0, 0);
const amzDate = '20260115T120000Z';
const credential = `${accessKeyId}/20260115/us-east-1/s3/aws4_request`;
const minuteMs = 60_000;

const lookup: SigningKeyLookup = async (scope: CredentialScope) =>
  scope.accessKeyId === accessKeyId ? { signingKey: deriveSigningKey(secret, scope.date, scope.region, scope.service), principal: 'alice' } : undefined;

async function failure(promise: Promise<unknown> | (() => unknown)): Promise<S3Error> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (err) {
    if (err instanceof S3Error) return err;
    throw err;
  }
  throw new Error('expected an S3Error');
}

function base64(document: unknown): string {
  return Buffer.from(JSON.stringify(document)).toString('base64');
}

/** A form signed by hand: the policy `document`, the auth fields, then `extra` fields. */
function signedForm(document: unknown, extra: Record<string, string> = {}): FormFields {
  const policy = base64(document);
  const signingKey = deriveSigningKey(secret, '20260115', 'us-east-1', 's3');
  return formFields(Object.entries({
    policy, 'x-amz-algorithm': 'AWS4-HMAC-SHA256', 'x-amz-credential': credential, 'x-amz-date': amzDate,
    'x-amz-signature': createHmac('sha256', signingKey).update(policy).digest('hex'), ...extra,
  }));
}

const authConditions = [{ 'x-amz-algorithm': 'AWS4-HMAC-SHA256' }, { 'x-amz-credential': credential }, { 'x-amz-date': amzDate }];

/** Checks `fields` against a policy of `conditions` (plus the auth fields' own) in bucket `photos`. */
function check(conditions: unknown[], fields: Record<string, string>, options: { bucket?: string; nowMs?: number; expiration?: string } = {}) {
  const policy = parsePolicy(base64({ expiration: options.expiration ?? '2026-01-15T13:00:00Z', conditions: [...authConditions, ...conditions] }));
  const form = signedForm({}, fields);
  return checkPolicy(policy, { fields: form, bucket: options.bucket ?? 'photos', nowMs: options.nowMs ?? signedAtMs + minuteMs, signedAtMs });
}

t.test('post policy: a form made by the AWS SDK authenticates and satisfies its policy', async (t) => {
  const client = new S3Client({ endpoint: 'http://127.0.0.1:9', region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId, secretAccessKey: secret } });
  t.teardown(() => client.destroy());
  const { fields } = await createPresignedPost(client as unknown as Parameters<typeof createPresignedPost>[0], {
    Bucket: 'photos', Key: 'user/alice/${filename}', Expires: 600,
    Conditions: [['content-length-range', 1, 1024], ['starts-with', '$Content-Type', 'image/']], Fields: { 'Content-Type': 'image/png' },
  });
  const form = formFields(Object.entries(fields));
  const now = Date.now();
  const identity = await authenticatePost(form, lookup, now);
  t.equal(identity?.principal, 'alice');
  t.equal(identity?.scope.region, 'us-east-1');
  const range = checkPolicy(parsePolicy(form.get('policy') ?? ''), { fields: form, bucket: 'photos', nowMs: now, signedAtMs: identity?.signedAtMs ?? 0 });
  t.same(range, { min: 1, max: 1024 }, 'the content-length-range is handed back to enforce while streaming');
  t.equal((await failure(authenticatePost(formFields(Object.entries({ ...fields, 'X-Amz-Signature': '0'.repeat(64) })), lookup, now))).code, 'SignatureDoesNotMatch');
  const otherBucket = await failure(() => checkPolicy(parsePolicy(form.get('policy') ?? ''), { fields: form, bucket: 'other', nowMs: now, signedAtMs: now }));
  t.equal(otherBucket.code, 'InvalidArgument', 'the SDK sends the bucket as a field: it must name the request\'s bucket');
});

t.test('post policy: signatures', async (t) => {
  const document = { expiration: '2026-01-15T13:00:00Z', conditions: authConditions };
  const form = signedForm(document);
  t.equal((await authenticatePost(form, lookup, signedAtMs))?.accessKeyId, accessKeyId, 'a signature over the base64 policy with the scope\'s key');
  const tampered = new Map(form);
  tampered.set('policy', base64({ ...document, expiration: '2027-01-01T00:00:00Z' }));
  const error = await failure(authenticatePost(tampered, lookup, signedAtMs));
  t.equal(error.code, 'SignatureDoesNotMatch', 'a changed policy under the old signature');
  t.equal(error.fields.AWSAccessKeyId, accessKeyId);
  t.notMatch(JSON.stringify(error), /wJalr/, 'no secret in the error');
  const withoutPolicy = new Map(form);
  withoutPolicy.delete('policy');
  t.equal(await authenticatePost(withoutPolicy, lookup, signedAtMs), undefined, 'no policy: anonymous');
  const withoutSignature = new Map(form);
  withoutSignature.delete('x-amz-signature');
  t.equal(await authenticatePost(withoutSignature, lookup, signedAtMs), undefined, 'no signature: anonymous');
  const upper = formFields([...form].map(([name, value]) => [name.toUpperCase(), value]));
  t.equal((await authenticatePost(upper, lookup, signedAtMs))?.principal, 'alice', 'field names in any case');

  const variant = async (change: Record<string, string | undefined>) => {
    const fields = new Map(form);
    for (const [name, value] of Object.entries(change)) {
      if (value === undefined) fields.delete(name);
      else fields.set(name, value);
    }
    return failure(authenticatePost(fields, lookup, signedAtMs));
  };
  t.equal((await variant({ 'x-amz-credential': `AKIAUNKNOWN/20260115/us-east-1/s3/aws4_request` })).code, 'InvalidAccessKeyId');
  t.equal((await variant({ 'x-amz-credential': 'garbage' })).code, 'InvalidArgument');
  t.equal((await variant({ 'x-amz-credential': `${accessKeyId}/20260115/us-east-1/ec2/aws4_request` })).code, 'InvalidArgument');
  t.equal((await variant({ 'x-amz-credential': undefined })).code, 'InvalidArgument');
  t.equal((await variant({ 'x-amz-algorithm': 'AWS4-HMAC-SHA1' })).code, 'InvalidArgument');
  t.equal((await variant({ 'x-amz-algorithm': 'AWS4-ECDSA-P256-SHA256' })).code, 'InvalidRequest', 'SigV4a is refused');
  t.equal((await variant({ 'x-amz-date': '2026-01-15' })).code, 'InvalidArgument');
  t.equal((await variant({ 'x-amz-date': '20260116T120000Z' })).message, 'Invalid credential date. Date is not the same as X-Amz-Date.');
  t.equal((await variant({ awsaccesskeyid: accessKeyId, signature: 'v2' })).code, 'InvalidRequest', 'SigV2 forms are refused');
  t.equal((await variant({ 'x-amz-security-token': 'token' })).code, 'InvalidArgument', 'session tokens are refused');
  t.equal((await failure(authenticatePost(form, lookup, signedAtMs - 20 * minuteMs))).message, 'Request is not yet valid', 'signed in the future');
});

t.test('post policy: field names are case-insensitive and may not repeat', async (t) => {
  const fields = formFields([['Content-Type', 'image/png'], ['X-Amz-Meta-Colour', 'blue']]);
  t.same([...fields], [['content-type', 'image/png'], ['x-amz-meta-colour', 'blue']]);
  t.equal((await failure(() => formFields([['key', 'a'], ['KEY', 'b']]))).code, 'InvalidArgument', 'a name given twice is refused');
  t.same(check([['eq', '$CONTENT-TYPE', 'image/png'], { 'X-AMZ-META-COLOUR': 'blue' }], { 'Content-Type': 'image/png', 'x-amz-meta-colour': 'blue' }), { min: 0, max: Infinity },
    'condition names in any case match field names in any case');
});

t.test('post policy: every kind of condition', async (t) => {
  const denied = async (conditions: unknown[], fields: Record<string, string>, options = {}) => {
    const error = await failure(() => check(conditions, fields, options));
    t.equal(error.code, 'AccessDenied');
    return error.message;
  };
  // eq, as a list and as an object
  t.ok(check([['eq', '$key', 'a.txt']], { key: 'a.txt' }));
  t.equal(await denied([['eq', '$key', 'a.txt']], { key: 'b.txt' }), 'Invalid according to Policy: Policy Condition failed: ["eq", "$key", "a.txt"]');
  t.ok(check([{ key: 'a.txt' }], { key: 'a.txt' }));
  t.equal(await denied([{ key: 'a.txt' }], { key: 'a.txt2' }), 'Invalid according to Policy: Policy Condition failed: ["eq", "$key", "a.txt"]');
  // starts-with, on the key and on other fields
  t.ok(check([['starts-with', '$key', 'user/alice/']], { key: 'user/alice/${filename}' }), 'conditions see the key as sent, before ${filename}');
  t.match(await denied([['starts-with', '$key', 'user/alice/']], { key: 'user/bob/x' }), /\["starts-with", "\$key", "user\/alice\/"\]/);
  t.ok(check([['starts-with', '$Content-Type', 'image/']], { 'content-type': 'image/jpeg' }));
  await denied([['starts-with', '$Content-Type', 'image/']], { 'content-type': 'text/html' });
  t.ok(check([['starts-with', '$x-amz-meta-tag', '']], { 'x-amz-meta-tag': 'anything' }), 'an empty prefix allows any value');
  t.ok(check([['starts-with', '$x-amz-meta-tag', '']], {}), 'and also its absence: a missing field counts as ""');
  await denied([['starts-with', '$x-amz-meta-uuid', '14']], { 'x-amz-meta-uuid': '99' });
  t.ok(check([{ 'x-amz-meta-uuid': '14365123651274' }], { 'x-amz-meta-uuid': '14365123651274' }));
  await denied([{ 'x-amz-meta-uuid': '14365123651274' }], {}, {});
  t.ok(check([{ success_action_status: '201' }], { success_action_status: '201' }));
  await denied([['eq', '$success_action_status', '201']], { success_action_status: '200' });
  t.ok(check([['starts-with', '$success_action_redirect', 'https://app.example/']], { success_action_redirect: 'https://app.example/done' }));
  await denied([['starts-with', '$success_action_redirect', 'https://app.example/']], { success_action_redirect: 'https://evil.example/' });
  // the bucket is the request's, whether or not the form names it
  t.ok(check([{ bucket: 'photos' }], {}));
  t.ok(check([['starts-with', '$bucket', 'pho']], { bucket: 'photos' }));
  await denied([{ bucket: 'photos' }], {}, { bucket: 'other' });
  t.equal((await failure(() => check([{ bucket: 'photos' }], { bucket: 'other' }))).code, 'InvalidArgument', 'a bucket field that names another bucket');
  // content-length-range: every range applies
  t.same(check([['content-length-range', 10, 100]], {}), { min: 10, max: 100 });
  t.same(check([['content-length-range', '10', '100'], ['content-length-range', 0, 50]], {}), { min: 10, max: 50 }, 'numbers as strings; ranges intersect');
  t.same(check([], {}), { min: 0, max: Infinity }, 'no range: no limit from the policy');
});

t.test('post policy: expiry', async (t) => {
  const expiration = '2026-01-15T12:30:00.000Z';
  t.ok(check([], {}, { expiration, nowMs: Date.parse(expiration) }), 'valid up to its expiration');
  const expired = await failure(() => check([], {}, { expiration, nowMs: Date.parse(expiration) + 1 }));
  t.equal(expired.code, 'AccessDenied');
  t.equal(expired.message, 'Invalid according to Policy: Policy expired.');
  t.ok(check([], {}, { expiration: '2026-01-22T12:00:00+00:00' }), 'a week after X-Amz-Date, with an offset');
  t.match((await failure(() => check([], {}, { expiration: '2026-01-22T12:00:01Z' }))).message, /at most 604800 seconds after X-Amz-Date/, 'not longer');
});

t.test('post policy: every field but the exempt ones needs a condition', async (t) => {
  t.ok(check([{ key: 'k' }], { key: 'k', 'x-ignore-note': 'free', 'X-Ignore-Other': 'free' }), 'policy, x-amz-signature and x-ignore-* need none');
  const extra = await failure(() => check([{ key: 'k' }], { key: 'k', 'x-amz-meta-extra': 'v', acl: 'private' }));
  t.equal(extra.code, 'AccessDenied');
  t.equal(extra.message, 'Invalid according to Policy: Extra input fields: x-amz-meta-extra, acl');
  t.match((await failure(() => check([], { key: 'k' }))).message, /Extra input fields: key/);
  t.match((await failure(() => check([['content-length-range', 0, 5]], { 'content-type': 'a' }))).message, /Extra input fields: content-type/, 'a length range covers no field');
  const auth = await failure(() => checkPolicy(parsePolicy(base64({ expiration: '2026-01-15T13:00:00Z', conditions: [] })), {
    fields: signedForm({}), bucket: 'photos', nowMs: signedAtMs, signedAtMs,
  }));
  t.equal(auth.message, 'Invalid according to Policy: Extra input fields: x-amz-algorithm, x-amz-credential, x-amz-date', 'the auth fields need conditions too');
});

t.test('post policy: malformed policy documents', async (t) => {
  const invalid = async (policy: string) => {
    const error = await failure(() => parsePolicy(policy));
    t.equal(error.code, 'InvalidPolicyDocument', policy.slice(0, 60));
    return error.message;
  };
  const ok: PostPolicy = parsePolicy(base64({ expiration: '2026-01-15T13:00:00Z', conditions: [] }));
  t.equal(ok.expirationMs, Date.UTC(2026, 0, 15, 13));
  await invalid('not base64!');
  t.equal(await invalid(Buffer.from('{"expiration":').toString('base64')), 'Invalid Policy: Invalid JSON.');
  await invalid(base64([1, 2]));
  t.equal(await invalid(base64({ conditions: [] })), 'Invalid Policy: Policy missing expiration.');
  t.equal(await invalid(base64({ expiration: '2026-01-15T13:00:00Z' })), 'Invalid Policy: Policy missing conditions.');
  await invalid(base64({ expiration: 'tomorrow', conditions: [] }));
  await invalid(base64({ expiration: 1768482000000, conditions: [] }));
  await invalid(base64({ expiration: '2026-01-15T13:00:00Z', conditions: {} }));
  for (const condition of [
    ['eq', 'key', 'no-dollar'], ['eq', '$key'], ['eq', '$key', 5], ['matches', '$key', '.*'], ['content-length-range', 10, 5], ['content-length-range', -1, 5],
    ['content-length-range', 1.5, 5], {}, { key: 5 }, 'key', null,
  ]) {
    await invalid(base64({ expiration: '2026-01-15T13:00:00Z', conditions: [condition] }));
  }
  const huge = 'A'.repeat(policyBytesMax + 4);
  t.equal((await failure(() => parsePolicy(huge))).code, 'MaxPostPreDataLengthExceededError', `a policy over ${policyBytesMax} bytes`);
  t.ok(parsePolicy(`${base64({ expiration: '2026-01-15T13:00:00Z', conditions: [] }).slice(0, 20)}\n${base64({ expiration: '2026-01-15T13:00:00Z', conditions: [] }).slice(20)}`),
    'base64 wrapped over lines');
});

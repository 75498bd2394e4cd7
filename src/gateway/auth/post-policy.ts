// S3's POST policy (browser uploads, SigV4): who signed a form, and whether the form is one the
// signer allowed. A form carries a base64 JSON policy — an expiration and a list of conditions on
// the form's fields — and `x-amz-signature`, the HMAC-SHA256 of that base64 text under the SigV4
// signing key of the form's `x-amz-credential` scope. Pure apart from the injected key lookup.
//
// Guarantees:
// - Field names compare case-insensitively (S3's rule); a name given twice is refused, so the
//   value a condition checked is the value that is used.
// - A form is authenticated only if its signature matches, in constant time, one computed here
//   with the scope's signing key (sigv4.ts parses the scope and looks the key up). A form without
//   a policy or a signature is anonymous (undefined); SigV2 forms and session tokens are refused.
// - A policy is accepted only if it has not expired, expires at most 7 days after it was signed
//   (Cairn's limit, as for presigned URLs), every condition holds, and every form field except
//   `policy`, `x-amz-signature`, `file` and `x-ignore-*` is named by an `eq` or `starts-with`
//   condition. A field the form does not have counts as ''. Conditions see fields as sent, so
//   `key` before `${filename}` is replaced: the replacement can only extend what follows it.
// - `content-length-range` conditions are returned (intersected) for the caller to enforce while
//   the file streams: only the bytes themselves can show the length.
// - Errors carry S3's codes and messages (AccessDenied "Invalid according to Policy: …",
//   InvalidPolicyDocument, SignatureDoesNotMatch) and never a signing key.
import { KiB } from '../../common/constants.js';
import { S3Error } from '../s3-errors.js';
import {
  clockSkewMaxMs, lookupKey, parseAmzDate, parseCredential, presignedExpiresMaxSeconds, printable, sessionTokenRefused, signatureMatches, signingAlgorithm,
  unsupportedMechanism, type CredentialScope, type SigningKeyLookup,
} from './sigv4.js';

/** S3's limit on the policy document, base64 as sent. */
export const policyBytesMax = 20 * KiB;
/** The longest a policy may outlive its signature: a week, the limit of presigned URLs. */
export const policyLifetimeMaxMs = presignedExpiresMaxSeconds * 1000;

/** A form's fields by lower-case name. */
export type FormFields = ReadonlyMap<string, string>;

export type PolicyCondition =
  | { op: 'eq' | 'starts-with'; /** lower-case, without '$' */ field: string; value: string; /** as S3 quotes it in errors */ text: string }
  | { op: 'content-length-range'; min: number; max: number; text: string };

export interface PostPolicy {
  expirationMs: number;
  conditions: readonly PolicyCondition[];
}

/** Bytes the file may have, both ends included. */
export interface LengthRange {
  min: number;
  max: number;
}

export interface PostIdentity {
  principal: string;
  accessKeyId: string;
  scope: CredentialScope;
  /** The form's x-amz-date. */
  signedAtMs: number;
}

/** Fields that need no condition: the signature's own, the file, and those S3 lets forms add freely. */
const exemptFields = new Set(['policy', 'x-amz-signature', 'file']);
const exemptPrefix = 'x-ignore-';

/** The fields of a form, names lower-cased; InvalidArgument when one is given twice. */
export function formFields(entries: Iterable<readonly [string, string]>): FormFields {
  const fields = new Map<string, string>();
  for (const [name, value] of entries) {
    const lower = name.toLowerCase();
    if (fields.has(lower)) throw new S3Error('InvalidArgument', `The form field ${printable(name)} is given more than once`, { ArgumentName: printable(name) });
    fields.set(lower, value);
  }
  return fields;
}

/**
 * Who signed the form, or undefined when it carries no policy or no signature (anonymous).
 * Throws an S3Error for every other form that is not validly signed.
 */
export async function authenticatePost(fields: FormFields, lookup: SigningKeyLookup, nowMs: number): Promise<PostIdentity | undefined> {
  if (fields.has('awsaccesskeyid') || fields.has('signature')) throw new S3Error('InvalidRequest', unsupportedMechanism);
  const policy = fields.get('policy');
  const signature = fields.get('x-amz-signature');
  if (policy === undefined || signature === undefined) return undefined;
  if (fields.has('x-amz-security-token')) throw sessionTokenRefused();
  const algorithm = requiredField(fields, 'x-amz-algorithm');
  if (algorithm === 'AWS4-ECDSA-P256-SHA256') throw new S3Error('InvalidRequest', unsupportedMechanism);
  if (algorithm !== signingAlgorithm) throw new S3Error('InvalidArgument', 'X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"', { ArgumentName: 'x-amz-algorithm' });
  const scope = parseCredential(requiredField(fields, 'x-amz-credential'), 'form');
  const amzDate = requiredField(fields, 'x-amz-date');
  const signedAtMs = parseAmzDate(amzDate);
  if (signedAtMs === undefined) throw new S3Error('InvalidArgument', 'X-Amz-Date must be in the ISO8601 Long Format "yyyyMMdd\'T\'HHmmss\'Z\'"', { ArgumentName: 'x-amz-date' });
  if (scope.date !== amzDate.slice(0, 8)) throw new S3Error('InvalidArgument', 'Invalid credential date. Date is not the same as X-Amz-Date.', { ArgumentName: 'x-amz-date' });
  if (signedAtMs - nowMs > clockSkewMaxMs) throw new S3Error('AccessDenied', 'Request is not yet valid', { 'X-Amz-Date': amzDate, ServerTime: new Date(nowMs).toISOString() });
  const key = await lookupKey(lookup, scope);
  if (!signatureMatches(key.signingKey, policy, signature)) {
    throw new S3Error('SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your key and signing method.', {
      AWSAccessKeyId: scope.accessKeyId, StringToSign: printable(policy), SignatureProvided: printable(signature),
    });
  }
  return { principal: key.principal, accessKeyId: scope.accessKeyId, scope, signedAtMs };
}

/** A field the form must have: InvalidArgument, as S3 words it, when it is missing. */
export function requiredField(fields: FormFields, name: string): string {
  const value = fields.get(name);
  if (value === undefined) throw new S3Error('InvalidArgument', `Bucket POST must contain a field named '${name}'. If it is specified, please check the order of the fields.`, { ArgumentName: name });
  return value;
}

/** The policy document of a form: base64 JSON with `expiration` and `conditions`; InvalidPolicyDocument otherwise. */
export function parsePolicy(policyBase64: string): PostPolicy {
  if (policyBase64.length > policyBytesMax) {
    throw new S3Error('MaxPostPreDataLengthExceededError', `Your POST request fields preceding the upload file were too large: the policy is at most ${policyBytesMax} bytes.`);
  }
  const compact = policyBase64.replace(/\s+/g, '');
  if (compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) throw invalidPolicy('the policy is not base64');
  let document: unknown;
  try {
    document = JSON.parse(Buffer.from(compact, 'base64').toString('utf8'));
  } catch {
    throw invalidPolicy('Invalid JSON.');
  }
  if (!isObject(document)) throw invalidPolicy('the policy is not a JSON object');
  const { expiration, conditions } = document;
  if (expiration === undefined) throw invalidPolicy('Policy missing expiration.');
  if (conditions === undefined) throw invalidPolicy('Policy missing conditions.');
  if (!Array.isArray(conditions)) throw invalidPolicy('conditions must be a list');
  return { expirationMs: parseExpiration(expiration), conditions: conditions.flatMap(parseCondition) };
}

/**
 * Checks a form against its (authenticated) policy at `nowMs`; returns the file lengths the
 * policy allows. `bucket` is the request's bucket, the value `$bucket` conditions see.
 */
export function checkPolicy(policy: PostPolicy, form: { fields: FormFields; bucket: string; nowMs: number; signedAtMs: number }): LengthRange {
  if (form.nowMs > policy.expirationMs) throw denied('Policy expired.');
  if (policy.expirationMs - form.signedAtMs > policyLifetimeMaxMs) throw denied(`Policy expiration must be at most ${presignedExpiresMaxSeconds} seconds after X-Amz-Date.`);
  const formBucket = form.fields.get('bucket');
  if (formBucket !== undefined && formBucket !== form.bucket) {
    throw new S3Error('InvalidArgument', 'The form field bucket names another bucket than the request', { ArgumentName: 'bucket' });
  }
  const valueOf = (field: string) => (field === 'bucket' ? form.bucket : (form.fields.get(field) ?? ''));
  const range: LengthRange = { min: 0, max: Number.POSITIVE_INFINITY };
  const covered = new Set<string>();
  for (const condition of policy.conditions) {
    if (condition.op === 'content-length-range') {
      range.min = Math.max(range.min, condition.min);
      range.max = Math.min(range.max, condition.max);
      continue;
    }
    covered.add(condition.field);
    const value = valueOf(condition.field);
    const holds = condition.op === 'eq' ? value === condition.value : value.startsWith(condition.value);
    if (!holds) throw denied(`Policy Condition failed: ${condition.text}`);
  }
  const extra = [...form.fields.keys()].filter((name) => !exemptFields.has(name) && !name.startsWith(exemptPrefix) && !covered.has(name));
  if (extra.length > 0) throw denied(`Extra input fields: ${extra.map(printable).join(', ')}`);
  return range;
}

// --- the policy document ---------------------------------------------------------------------

const iso8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

function parseExpiration(value: unknown): number {
  const ms = typeof value === 'string' && iso8601.test(value) ? Date.parse(value.replace(/(\.\d{3})\d+/, '$1')) : Number.NaN;
  if (!Number.isFinite(ms)) throw invalidPolicy(`Invalid 'expiration' value: '${printable(String(value))}'`);
  return ms;
}

/** One condition as written: `{"field": "value", …}` (each an exact match) or `[op, …]`. */
function parseCondition(condition: unknown): PolicyCondition[] {
  if (Array.isArray(condition)) return [parseListCondition(condition)];
  if (!isObject(condition) || Object.keys(condition).length === 0) throw invalidPolicy(`Invalid Condition: ${conditionText(condition)}`);
  return Object.entries(condition).map(([name, value]) => {
    if (typeof value !== 'string') throw invalidPolicy(`Invalid Condition: ${conditionText(condition)}`);
    return matchCondition('eq', name.toLowerCase(), value);
  });
}

function parseListCondition(condition: unknown[]): PolicyCondition {
  const invalid = () => invalidPolicy(`Invalid Condition: ${conditionText(condition)}`);
  const [op, first, second] = condition;
  if (condition.length !== 3 || typeof op !== 'string') throw invalid();
  const lowerOp = op.toLowerCase();
  if (lowerOp === 'content-length-range') {
    const min = lengthOf(first);
    const max = lengthOf(second);
    if (min === undefined || max === undefined || min > max) throw invalid();
    return { op: 'content-length-range', min, max, text: conditionText(condition) };
  }
  if (lowerOp !== 'eq' && lowerOp !== 'starts-with') throw invalidPolicy(`Invalid Condition: unknown operation ${printable(op)}`);
  if (typeof first !== 'string' || !first.startsWith('$') || first.length === 1 || typeof second !== 'string') throw invalid();
  return matchCondition(lowerOp, first.slice(1).toLowerCase(), second);
}

function matchCondition(op: 'eq' | 'starts-with', field: string, value: string): PolicyCondition {
  return { op, field, value, text: `[${[op, `$${field}`, value].map((part) => JSON.stringify(part)).join(', ')}]` };
}

/** A length bound: a non-negative integer, as a JSON number or a string of digits. */
function lengthOf(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,16}$/.test(value) ? Number(value) : Number.NaN;
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

function conditionText(condition: unknown): string {
  return printable(JSON.stringify(condition) ?? String(condition));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalidPolicy(detail: string): S3Error {
  return new S3Error('InvalidPolicyDocument', `Invalid Policy: ${detail}`);
}

function denied(reason: string): S3Error {
  return new S3Error('AccessDenied', `Invalid according to Policy: ${reason}`);
}

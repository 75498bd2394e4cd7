// S3 POST Object: an upload from a browser through an HTML form that a bucket's owner signed with
// a POST policy. The form arrives as multipart/form-data (post-form.ts); its fields are checked —
// signature, policy, key, metadata, the bucket — before a byte of the file is read
// (auth/post-policy.ts), then the file streams into the cluster through the PutObject path
// (storeFile: implicit folders, metadata, ETag, checksums). Its length is held to the policy's
// content-length-range while it streams, and the commit waits for the end of the body, so a
// refused upload stores nothing. Answers as S3 does: 204 (the default), 200, 201 with the
// PostResponse XML, or 303 to `success_action_redirect` with bucket, key and etag appended.
import type { FastifyReply } from 'fastify';
import {
  authenticatePost, checkPolicy, formFields, parsePolicy, requiredField, type FormFields, type LengthRange,
} from '../auth/post-policy.js';
import { uriEncode } from '../auth/sigv4.js';
import { checksumFromHeaders, newChecksum, parseChecksumAlgorithm, settleChecksum } from '../checksums.js';
import { objectPath } from '../keys.js';
import { metaFromRequest } from '../object-meta.js';
import { readPostForm, type PostForm } from '../post-form.js';
import type { RequestBody } from '../request-body.js';
import {
  anonymousRefused, bucketOfHost, objectBytesMax, sessionLookup, subresources, type S3Address, type S3AppDeps, type S3Request,
} from '../s3-app.js';
import { S3Error } from '../s3-errors.js';
import { postResponseXml } from '../xml.js';
import { ensureFolder, statBucket } from './buckets.js';
import { storeFile } from './objects.js';

/** Form fields that name a write option by another name than its header. */
const optionHeaders: Readonly<Record<string, string>> = { acl: 'x-amz-acl', tagging: 'x-amz-tagging' };

/** A POST to a bucket, without subresources, carrying a form: S3's browser upload. */
export function isBrowserUpload(address: S3Address): boolean {
  const type = address.headers['content-type'];
  return address.method === 'POST' && address.bucket !== '' && address.key === '' && subresources(address).length === 0
    && typeof type === 'string' && /^multipart\/form-data\s*(;|$)/i.test(type);
}

export async function postObject(deps: S3AppDeps, address: S3Address, reply: FastifyReply): Promise<FastifyReply> {
  const form = await readPostForm(address.raw, String(address.headers['content-type']));
  try {
    const fields = formFields(form.fields);
    const { req, range } = await authorise(deps, address, fields, form.file.filename);
    const { path, folder } = objectPath(req.bucket, req.key);
    if (folder) throw new S3Error('InvalidArgument', 'A key ending in / names a folder, which holds no bytes: make it with PUT', { ArgumentName: 'key' });
    const meta = metaFromRequest(Object.fromEntries([...fields].map(([name, value]) => [optionHeaders[name] ?? name, value])));
    const body = fileBody(form, fields, { min: range.min, max: Math.min(range.max, objectBytesMax) });
    await statBucket(req);
    await ensureFolder(req, path.slice(0, path.lastIndexOf('/')));
    const stored = await storeFile(req, path, body, meta);
    return answer(deps, req, fields, stored, reply);
  } catch (err) {
    form.discard();
    throw err;
  }
}

/** The request as its form's signer makes it, once the signature and the policy hold; the key with `${filename}` replaced. */
async function authorise(deps: S3AppDeps, address: S3Address, fields: FormFields, filename: string): Promise<{ req: S3Request; range: LengthRange }> {
  const { lookup, session } = sessionLookup(deps.sessions);
  const identity = await authenticatePost(fields, lookup, deps.clock.now());
  const user = session();
  if (identity === undefined || user === undefined) throw anonymousRefused();
  const policy = parsePolicy(requiredField(fields, 'policy'));
  const range = checkPolicy(policy, { fields, bucket: address.bucket, nowMs: deps.clock.now(), signedAtMs: identity.signedAtMs });
  const key = requiredField(fields, 'key').replaceAll('${filename}', filename);
  const auth = { principal: identity.principal, accessKeyId: identity.accessKeyId, scope: identity.scope, presigned: false, payload: { kind: 'unsigned' as const }, queryHeaders: {} };
  return { req: { ...address, key, auth, session: user }, range };
}

/**
 * The file part as a request body: its length held to `range` as it streams (EntityTooLarge at
 * the first byte too many), the x-amz-checksum-* of the form computed and checked, and the end
 * of the body awaited, so a body cut short after the file aborts the upload too.
 */
function fileBody(form: PostForm, fields: FormFields, range: LengthRange): RequestBody {
  const promised = checksumFromHeaders(Object.fromEntries(fields));
  const named = fields.get('x-amz-checksum-algorithm');
  const algorithm = named === undefined ? promised?.algorithm : parseChecksumAlgorithm(named, 'x-amz-checksum-algorithm');
  if (promised !== undefined && algorithm !== promised.algorithm) throw new S3Error('InvalidRequest', 'Value for x-amz-checksum-algorithm header is invalid.');
  const checksum = algorithm === undefined ? undefined : newChecksum(algorithm);
  async function* payload(): AsyncGenerator<Buffer> {
    let received = 0;
    for await (const piece of form.file.stream) {
      received += piece.length;
      if (received > range.max) throw new S3Error('EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size', { MaxSizeAllowed: String(range.max) });
      checksum?.update(piece);
      yield piece;
    }
    await form.done;
    if (received < range.min) {
      throw new S3Error('EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed size', { MinSizeAllowed: String(range.min), ProposedSize: String(received) });
    }
  }
  return {
    payload: payload(),
    verify: async () => (algorithm === undefined || checksum === undefined ? {} : settleChecksum(algorithm, checksum, promised?.value)),
  };
}

function answer(deps: S3AppDeps, req: S3Request, fields: FormFields, stored: { etag: string; checksums: Record<string, string> }, reply: FastifyReply): FastifyReply {
  const location = objectUrl(deps, req);
  void reply.header('etag', stored.etag).header('location', location);
  for (const [name, value] of Object.entries(stored.checksums)) void reply.header(name, value);
  const redirect = redirectUrl(fields.get('success_action_redirect') ?? fields.get('redirect'));
  if (redirect !== undefined) {
    redirect.searchParams.append('bucket', req.bucket);
    redirect.searchParams.append('key', req.key);
    redirect.searchParams.append('etag', stored.etag);
    return reply.code(303).header('location', redirect.href).send();
  }
  switch (fields.get('success_action_status')) {
    case '200': return reply.code(200).send();
    case '201': return reply.code(201).type('application/xml').send(postResponseXml({ location, bucket: req.bucket, key: req.key, etag: stored.etag }));
    default: return reply.code(204).send(); // S3's default, also for any other value
  }
}

/** An absolute http(s) URL to redirect to; anything else is ignored, as S3 ignores it. */
function redirectUrl(value: string | undefined): URL | undefined {
  if (value === undefined) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** The object's URL as the client addressed the bucket: virtual-host or path style. */
function objectUrl(deps: S3AppDeps, req: S3Request): string {
  const host = typeof req.headers.host === 'string' ? req.headers.host : 'localhost';
  const scheme = req.headers['x-forwarded-proto'] === 'https' ? 'https' : 'http';
  const path = bucketOfHost(host, deps.domains) === undefined ? `/${uriEncode(req.bucket)}/${uriEncode(req.key, true)}` : `/${uriEncode(req.key, true)}`;
  return `${scheme}://${host}${path}`;
}

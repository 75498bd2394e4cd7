// The S3 HTTP surface: one fastify app that authenticates every request (SigV4 in headers or a
// presigned URL; anonymous requests are refused), finds the bucket and key — in the path, or
// the bucket in the Host for virtual-host addressing (`b.<s3Domains>`) — and dispatches to the
// bucket and object handlers. The one exception is a browser upload (a multipart/form-data POST
// to a bucket), whose credentials are in its form: routes/post-object.ts authenticates it from
// there. Bodies are never parsed by fastify: object bytes stream from the socket through the
// decoders into the cluster.
// Every failure is S3's XML error body with the right status; an API we do not implement is 501
// NotImplemented, never a wrong success.
import { randomBytes } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Clock } from '../common/clock.js';
import { isCairnError } from '../common/errors.js';
import type { Logger } from '../common/logger.js';
import { authenticate, type Authenticated, type SigningKeyLookup } from './auth/sigv4.js';
import { bucketHandlers } from './routes/buckets.js';
import { objectHandlers } from './routes/objects.js';
import { isBrowserUpload, postObject } from './routes/post-object.js';
import { S3Error, toS3Error } from './s3-errors.js';
import type { Sessions, UserSession } from './sessions.js';
import { errorXml } from './xml.js';

export interface S3AppDeps {
  sessions: Sessions;
  clock: Clock;
  logger: Logger;
  region: string;
  /** Virtual-host addressing: host `b.<domain>` names bucket `b`. */
  domains: readonly string[];
}

/** One authenticated S3 request, as the handlers see it. */
export interface S3Request {
  id: string;
  /** When the gateway received it (the gateway's clock). */
  receivedAtMs: number;
  method: string;
  bucket: string;
  key: string;
  query: URLSearchParams;
  headers: FastifyRequest['headers'];
  raw: FastifyRequest['raw'];
  auth: Authenticated;
  session: UserSession;
}

/** A request as addressed, before anything says who sent it. */
export type S3Address = Omit<S3Request, 'auth' | 'session'>;

export type Handler = (req: S3Request, reply: FastifyReply) => Promise<unknown>;

/** The largest object one PUT may carry: S3's single-PUT limit, 5 GiB (larger objects need multipart). */
export const objectBytesMax = 5 * 1024 ** 3;

export function s3App(deps: S3AppDeps): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: objectBytesMax });
  // Leave every body unread: handlers stream it (objects) or read it with their own limit (XML).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_req, _payload, done) => done(null, undefined));
  const buckets = bucketHandlers(deps);
  const objects = objectHandlers(deps);

  app.route({
    method: ['GET', 'HEAD', 'PUT', 'POST', 'DELETE'],
    url: '/*',
    handler: async (request, reply) => {
      const id = randomBytes(8).toString('hex').toUpperCase();
      void reply.header('x-amz-request-id', id).header('server', 'Cairn');
      let req: S3Request | undefined;
      try {
        const address = s3Address(deps, request, id);
        if (isBrowserUpload(address)) return await postObject(deps, address, reply);
        req = await authenticated(deps, request, address);
        const handler = req.bucket === '' ? buckets.service(req) : req.key === '' ? buckets.bucket(req) : objects.object(req);
        if (handler === undefined) throw new S3Error('NotImplemented', `${req.method} with ${[...req.query.keys()].join(', ') || 'no parameters'} is not implemented`);
        return await handler(req, reply);
      } catch (err) {
        if (req !== undefined && isCairnError(err, 'UNAUTHENTICATED')) await deps.sessions.refused(req.auth.scope, req.session);
        const error = toS3Error(err);
        if (error.status >= 500) deps.logger.warn({ err, requestId: id, url: request.url.slice(0, 300) }, 'S3 request failed');
        request.raw.resume(); // drain an unread body so the connection can be reused
        if (error.code === 'NotModified') return reply.code(304).send();
        // An object read may fail after its headers were set: an error carries none of them.
        for (const name of Object.keys(reply.getHeaders())) if (name !== 'x-amz-request-id' && name !== 'server') reply.removeHeader(name);
        return reply.code(error.status).type('application/xml').send(request.method === 'HEAD' ? undefined : errorXml(error, resourceOf(request.url), id));
      }
    },
  });
  return app;
}

function s3Address(deps: S3AppDeps, request: FastifyRequest, id: string): S3Address {
  const { rawPath, rawQuery } = splitUrl(request.raw.url);
  let path: string;
  try {
    path = decodeURIComponent(rawPath.slice(1));
  } catch {
    throw new S3Error('InvalidArgument', 'The request path is not valid percent-encoded UTF-8');
  }
  const virtualBucket = bucketOfHost(request.headers.host, deps.domains);
  const [bucket = '', ...rest] = virtualBucket === undefined ? path.split('/') : [virtualBucket, path];
  return { id, receivedAtMs: deps.clock.now(), method: request.method, bucket, key: rest.join('/'), query: new URLSearchParams(rawQuery), headers: request.headers, raw: request.raw };
}

async function authenticated(deps: S3AppDeps, request: FastifyRequest, address: S3Address): Promise<S3Request> {
  const { rawPath, rawQuery } = splitUrl(request.raw.url);
  const { lookup, session } = sessionLookup(deps.sessions);
  const auth = await authenticate({ method: request.method, rawPath, rawQuery, headers: request.raw.headersDistinct }, lookup, deps.clock.now());
  const user = session();
  if (auth === undefined || user === undefined) throw anonymousRefused();
  return { ...address, auth, session: user };
}

/** The refusal of a request without credentials: every bucket is private. */
export function anonymousRefused(): S3Error {
  return new S3Error('AccessDenied', 'Access Denied: anonymous requests are not allowed');
}

/** A signing-key lookup through the gateway's sessions that keeps the session it found, for the handlers. */
export function sessionLookup(sessions: Sessions): { lookup: SigningKeyLookup; session(): UserSession | undefined } {
  let found: UserSession | undefined;
  const lookup: SigningKeyLookup = async (scope) => {
    found = await sessions.get(scope);
    return found === undefined ? undefined : { signingKey: found.signingKey, principal: found.user };
  };
  return { lookup, session: () => found };
}

function splitUrl(url = '/'): { rawPath: string; rawQuery: string } {
  const q = url.indexOf('?');
  return { rawPath: q < 0 ? url : url.slice(0, q), rawQuery: q < 0 ? '' : url.slice(q + 1) };
}

/**
 * The query parameters that pick an API (`?uploads`, `?location`, `list-type`, …): not the
 * SDKs' `x-id` operation hint, not presigning's and hoisted `X-Amz-*` headers, not `versionId`.
 */
export function subresources(req: Pick<S3Request, 'query'>): string[] {
  return [...req.query.keys()].filter((k) => k !== 'x-id' && k !== 'versionId' && !k.toLowerCase().startsWith('x-amz-'));
}

/** The bucket a virtual-host-style request names in its Host (`bucket.<domain>[:port]`), if any. */
export function bucketOfHost(host: string | undefined, domains: readonly string[]): string | undefined {
  const name = (host ?? '').replace(/:\d+$/, '').toLowerCase();
  for (const domain of domains) {
    if (name.length > domain.length + 1 && name.endsWith(`.${domain}`)) return name.slice(0, -domain.length - 1);
  }
  return undefined;
}

function resourceOf(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}

// Object calls: PutObject, GetObject (whole or one range), HeadObject and DeleteObject. Bytes
// stream between the socket and the datanodes through the client library; what S3 checks about
// a body (its SHA-256 when signed, Content-MD5, x-amz-checksum-*) is checked before the commit,
// so a bad body changes nothing. POST uploads (post-object.ts) store files through `storeFile` too.
import type { FastifyReply } from 'fastify';
import { PassThrough, Writable } from 'node:stream';
import { isCairnError } from '../../common/errors.js';
import { requestBody, type RequestBody } from '../request-body.js';
import { etagOf, evaluateConditions, headersFromMeta, metaFromRequest, parseRange } from '../object-meta.js';
import { objectPath } from '../keys.js';
import { objectBytesMax, subresources, type Handler, type S3AppDeps, type S3Request } from '../s3-app.js';
import { ensureFolder, statBucket } from './buckets.js';
import { deleteKey, deleteVersion } from './delete-key.js';
import { multipartHandler } from './multipart.js';
import { copyObject } from './copy-object.js';
import { expectedRevision, putCondition } from './conditional-put.js';
import { S3Error, noSuchKey, preconditionFailed } from '../s3-errors.js';

export function objectHandlers(_deps: S3AppDeps): { object(req: S3Request): Handler | undefined } {
  return {
    object(req) {
      if (subresources(req).length > 0) return multipartHandler(req);
      if (req.method === 'PUT') return req.headers['x-amz-copy-source'] === undefined ? putObject : copyObject;
      if (req.method === 'GET' || req.method === 'HEAD') return getObject;
      if (req.method === 'DELETE') return deleteObject;
      return undefined;
    },
  };
}

/** The ETag of empty content (a folder marker). */
const emptyEtag = '"d41d8cd98f00b204e9800998ecf8427e"';

const putObject: Handler = async (req, reply) => {
  const { path, folder } = objectPath(req.bucket, req.key);
  const meta = metaFromRequest(req.headers);
  await statBucket(req);
  await ensureFolder(req, path.slice(0, path.lastIndexOf('/')));
  if (folder) {
    const nn = req.session.client.nn;
    await nn.call('Mkdir', { path, parents: false, implicit: false }).catch(async (err: unknown) => {
      if (!isCairnError(err, 'ALREADY_EXISTS')) throw err;
      await nn.call('MarkFolder', { path, parents: false, implicit: false }); // a folder keys made: now a marker too
    });
    return reply.header('etag', emptyEtag).send();
  }
  const body = requestBody(req, objectBytesMax);
  const expected = await expectedRevision(req, path);
  const stored = await storeFile(req, path, body, meta, expected).catch((err: unknown) => {
    if (isCairnError(err, 'REVISION_CONFLICT')) throw preconditionFailed(putCondition(req));
    throw err;
  });
  for (const [name, value] of Object.entries(stored.checksums)) void reply.header(name, value);
  return reply.header('etag', stored.etag).header('x-amz-version-id', String(stored.revision)).send();
};

/**
 * Streams a body into the newest revision of the file `path` (its folder must exist), keeping
 * `meta` and the checksum the body's `verify` returns; `verify` runs before the commit, so a body
 * it refuses changes nothing. Returns the ETag, the checksum headers S3 answers with and the revision.
 */
export async function storeFile(
  req: S3Request, path: string, body: RequestBody, meta: Record<string, string>, expected?: number,
): Promise<{ etag: string; checksums: Record<string, string>; revision: number }> {
  let checksums: Record<string, string> = {};
  const put = await req.session.client.put(body.payload, path, {
    ...(expected === undefined ? {} : { expectedRevision: expected }),
    declaredSize: body.size, // over quota: refused before a byte is stored
    beforeCommit: async (content) => {
      checksums = await body.verify(content);
      return { ...meta, ...checksums };
    },
  });
  return { etag: etagOf(put.md5Hex, {}), checksums, revision: put.revision };
}

const getObject: Handler = async (req, reply) => {
  const { path } = objectPath(req.bucket, req.key);
  const client = req.session.client;
  const revision = Number(req.query.get('versionId') ?? 0);
  const { folder } = objectPath(req.bucket, req.key);
  if (folder) return getFolderMarker(req, reply, path);
  const head = await client.nn.call('GetFile', { path, revision, fromOffset: 0, maxBlocks: 1 }).catch(async (err: unknown) => {
    if (!isCairnError(err, 'NOT_FOUND') && !isCairnError(err, 'IS_A_DIRECTORY')) throw err;
    await statBucket(req); // NoSuchBucket when it is the bucket that is missing
    throw noSuchKey(req.key);
  });
  const etag = etagOf(head.md5, head.metadata);
  const lastModifiedMs = Number(head.createdAtMs);
  const condition = evaluateConditions(req.headers, { etag, lastModifiedMs }, req.method === 'HEAD' ? 'HEAD' : 'GET');
  if (condition === 'failed') throw preconditionFailed();
  void reply.header('etag', etag).header('last-modified', new Date(lastModifiedMs).toUTCString()).header('accept-ranges', 'bytes')
    .header('x-amz-version-id', String(head.revision));
  if (condition === 'not-modified') throw new S3Error('NotModified', 'Not Modified');
  const size = Number(head.size);
  const range = parseRange(req.headers.range as string | undefined, size);
  // A whole-object checksum says nothing about a range: S3 returns none with partial content.
  const withChecksums = req.headers['x-amz-checksum-mode'] === 'ENABLED' && range === undefined;
  for (const [name, value] of Object.entries(headersFromMeta(head.metadata, withChecksums))) void reply.header(name, value);
  if (range !== undefined) void reply.code(206).header('content-range', `bytes ${range.start}-${range.end - 1}/${size}`);
  const length = range === undefined ? size : range.end - range.start;
  void reply.header('content-length', String(length));
  if (req.method === 'HEAD') return reply.send();
  // The page read for the headers already locates the first block: the download starts from it when it holds the start.
  const first = head.blocks[0];
  const reuse = first === undefined || (range?.start ?? 0) < first.offset + first.size;
  const options = { revision: head.revision, ...(range === undefined ? {} : { range }), ...(reuse ? { firstPage: head } : {}) };
  if (length <= bufferedBytesMax) {
    // Small: read whole, then sent as one buffer — no stream to set up for a few KiB.
    const pieces: Buffer[] = [];
    const sink = new Writable({
      write(piece: Buffer, _encoding, done) {
        pieces.push(piece);
        done();
      },
    });
    await client.get(path, sink, options);
    return reply.send(pieces.length === 1 ? pieces[0] : Buffer.concat(pieces));
  }
  const stream = new PassThrough();
  void client.get(path, stream, options).then(
    () => stream.end(),
    (err: unknown) => stream.destroy(err instanceof Error ? err : new Error(String(err))),
  );
  return reply.send(stream);
};

/** Objects (or ranges) up to this size are read whole before the reply starts; larger ones stream. */
const bufferedBytesMax = 256 * 1024;

const deleteObject: Handler = async (req, reply) => {
  const versionId = req.query.get('versionId');
  if (versionId === null) await deleteKey(req, req.key);
  else {
    await statBucket(req);
    await deleteVersion(req, req.key, versionId);
    void reply.header('x-amz-version-id', versionId);
  }
  return reply.code(204).send();
};

/** An explicit folder read as S3 sees it: the zero-byte object `key/`. */
async function getFolderMarker(req: S3Request, reply: FastifyReply, path: string): Promise<FastifyReply> {
  const entry = await req.session.client.nn.call('Stat', { path }).catch((err: unknown) => {
    throw isCairnError(err, 'NOT_FOUND') ? noSuchKey(req.key) : err;
  });
  if (entry.type !== 'dir' || entry.implicit) throw noSuchKey(req.key);
  return reply.header('etag', emptyEtag).header('last-modified', new Date(Number(entry.createdAtMs)).toUTCString())
    .header('content-type', 'application/x-directory').header('content-length', '0').send();
}


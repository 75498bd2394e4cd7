// CopyObject (PUT with x-amz-copy-source): the destination gets a new revision that shares the
// source revision's block list — no byte moves, whatever the size. Metadata is the source's
// (COPY, the default) or the request's (REPLACE); the x-amz-copy-source-if-* conditions are
// checked against the source, and If-None-Match/If-Match against the destination at commit.
import type { GetFileReply__Output } from '../../../proto/gen/cairn/namenode/GetFileReply.js';
import { isCairnError } from '../../common/errors.js';
import { objectPath } from '../keys.js';
import { etagOf, evaluateConditions, metaFromRequest } from '../object-meta.js';
import type { Handler, S3Request } from '../s3-app.js';
import { S3Error, noSuchKey, preconditionFailed } from '../s3-errors.js';
import { copyObjectXml } from '../xml.js';
import { ensureFolder, statBucket, xml } from './buckets.js';
import { expectedRevision, putCondition } from './conditional-put.js';

export const copyObject: Handler = async (req, reply) => {
  const source = parseCopySource(String(req.headers['x-amz-copy-source']));
  const directive = String(req.headers['x-amz-metadata-directive'] ?? 'COPY').toUpperCase();
  if (directive !== 'COPY' && directive !== 'REPLACE') throw new S3Error('InvalidArgument', 'Unknown metadata directive.', { ArgumentName: 'x-amz-metadata-directive' });
  await statBucket(req);
  const src = objectPath(source.bucket, source.key);
  const dst = objectPath(req.bucket, req.key);
  if (dst.folder) throw new S3Error('InvalidArgument', 'A copy cannot make a folder marker', { ArgumentName: 'key' });
  if (src.path === dst.path && directive === 'COPY' && source.revision === 0) {
    throw new S3Error('InvalidRequest', 'This copy request is illegal because it is trying to copy an object to itself without changing the object\'s metadata, storage class, website redirect location or encryption attributes.');
  }
  const client = req.session.client;
  const head = await readCopySource(req, source);
  await ensureFolder(req, dst.path.slice(0, dst.path.lastIndexOf('/')));
  const expected = await expectedRevision(req, dst.path);
  const replace = directive === 'REPLACE';
  const metadata = replace ? { ...metaFromRequest(req.headers), ...checksumsOf(head.metadata) } : {};
  const copied = await client.nn.call('CopyFile', {
    src: src.path, srcRevision: head.revision, dst: dst.path, expectedRevision: expected ?? 0, hasExpectedRevision: expected !== undefined, metadata, replaceMetadata: replace,
  }).catch((err: unknown) => {
    if (isCairnError(err, 'REVISION_CONFLICT')) throw preconditionFailed(putCondition(req));
    throw err;
  });
  void reply.header('x-amz-version-id', String(copied.revision)).header('x-amz-copy-source-version-id', String(head.revision));
  return xml(reply, copyObjectXml({ etag: etagOf(head.md5, head.metadata).replace(/"/g, ''), modifiedAtMs: Number(copied.modifiedAtMs) }));
};

export type CopySource = ReturnType<typeof parseCopySource>;

/** The first page of the source revision a copy reads, once its x-amz-copy-source-if-* conditions held. */
export async function readCopySource(req: S3Request, source: CopySource): Promise<GetFileReply__Output> {
  const { path } = objectPath(source.bucket, source.key);
  const head = await req.session.client.nn.call('GetFile', { path, revision: source.revision, fromOffset: 0, maxBlocks: 1 }).catch((err: unknown) => {
    if (isCairnError(err, 'NOT_FOUND') || isCairnError(err, 'IS_A_DIRECTORY')) throw noSuchKey(source.key);
    throw err;
  });
  const sourceConditions = {
    'if-match': req.headers['x-amz-copy-source-if-match'], 'if-none-match': req.headers['x-amz-copy-source-if-none-match'],
    'if-modified-since': req.headers['x-amz-copy-source-if-modified-since'], 'if-unmodified-since': req.headers['x-amz-copy-source-if-unmodified-since'],
  };
  if (evaluateConditions(sourceConditions, { etag: etagOf(head.md5, head.metadata), lastModifiedMs: Number(head.createdAtMs) }, 'GET') !== 'ok') {
    throw preconditionFailed();
  }
  return head;
}

/** `bucket/key` or `/bucket/key`, URL-encoded, with an optional `?versionId=N`. */
export function parseCopySource(header: string): { bucket: string; key: string; revision: number } {
  const [rawPath = '', query = ''] = header.split('?', 2);
  let path: string;
  try {
    path = decodeURIComponent(rawPath.startsWith('/') ? rawPath.slice(1) : rawPath);
  } catch {
    throw new S3Error('InvalidArgument', 'Copy Source must mention the source bucket and key: sourcebucket/sourcekey', { ArgumentName: 'x-amz-copy-source' });
  }
  const slash = path.indexOf('/');
  if (slash <= 0 || slash === path.length - 1) throw new S3Error('InvalidArgument', 'Copy Source must mention the source bucket and key: sourcebucket/sourcekey', { ArgumentName: 'x-amz-copy-source' });
  const version = new URLSearchParams(query).get('versionId');
  const revision = version === null ? 0 : Number(version);
  if (!Number.isInteger(revision) || revision < 1 && version !== null) throw new S3Error('InvalidArgument', 'Invalid version id specified', { ArgumentName: 'versionId' });
  return { bucket: path.slice(0, slash), key: path.slice(slash + 1), revision };
}

/** The content's checksums stay true whatever the metadata directive says. */
function checksumsOf(meta: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(meta).filter(([name]) => name.startsWith('x-amz-checksum-') || name === 'etag'));
}

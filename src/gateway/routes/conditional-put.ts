// Conditional writes (PutObject, CopyObject, CompleteMultipartUpload): `If-None-Match: *` and
// `If-Match` become the revision the namenode must find newest at commit, so a writer that got
// in between makes the write fail (PreconditionFailed) instead of being overwritten.
import { isCairnError } from '../../common/errors.js';
import { etagOf, evaluateConditions } from '../object-meta.js';
import type { S3Request } from '../s3-app.js';
import { S3Error, noSuchKey, preconditionFailed } from '../s3-errors.js';

/**
 * A conditional PUT as the revision the commit must find newest: `If-None-Match: *` → none (the
 * key must not exist), `If-Match: etag` → the newest revision now, if its ETag matches. The
 * namenode checks it again at commit, so a writer that got in between makes this PUT fail.
 */
export async function expectedRevision(req: S3Request, path: string): Promise<number | undefined> {
  const ifNoneMatch = req.headers['if-none-match'];
  if (ifNoneMatch !== undefined && ifNoneMatch !== '*') throw new S3Error('NotImplemented', 'If-None-Match on PUT supports only *');
  if (ifNoneMatch === '*') return 0;
  if (req.headers['if-match'] === undefined) return undefined;
  const head = await req.session.client.nn.call('GetFile', { path, revision: 0, fromOffset: 0, maxBlocks: 1 }).catch((err: unknown) => {
    throw isCairnError(err, 'NOT_FOUND') ? noSuchKey(req.key) : err;
  });
  const etag = etagOf(head.md5, head.metadata);
  if (evaluateConditions(req.headers, { etag, lastModifiedMs: Number(head.createdAtMs) }, 'PUT') !== 'ok') throw preconditionFailed(putCondition(req));
  return head.revision;
}

/** The condition a conditional PUT named. */
export function putCondition(req: S3Request): string {
  return req.headers['if-match'] !== undefined ? 'If-Match' : 'If-None-Match';
}

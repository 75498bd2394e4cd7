// DeleteObjects (POST /bucket?delete): up to 1000 keys in one request, each deleted like
// DeleteObject (moved to the owner's trash; a missing key counts as deleted, as in S3) and
// reported in request order — only failures in quiet mode. The XML body must carry a checksum
// (Content-MD5 or x-amz-checksum-*), which is verified before anything is deleted.
import { readBody } from '../request-body.js';
import type { Handler } from '../s3-app.js';
import { S3Error, toS3Error } from '../s3-errors.js';
import { deleteBodyBytesMax, deleteResultXml, parseDelete, type DeleteOutcome } from '../xml.js';
import { statBucket, xml } from './buckets.js';
import { deleteKey, deleteVersion } from './delete-key.js';

export const deleteObjects: Handler = async (req, reply) => {
  await statBucket(req);
  const hasChecksum = req.headers['content-md5'] !== undefined || Object.keys(req.headers).some((h) => h.startsWith('x-amz-checksum-') || h === 'x-amz-sdk-checksum-algorithm');
  if (!hasChecksum) throw new S3Error('InvalidRequest', 'Missing required header for this request: Content-MD5 or x-amz-checksum-*');
  const request = parseDelete(await readBody(req, deleteBodyBytesMax));
  const outcomes: DeleteOutcome[] = [];
  for (const target of request.objects) {
    if (target.etag !== undefined || target.lastModifiedTime !== undefined || target.size !== undefined) {
      outcomes.push({ kind: 'error', key: target.key, code: 'NotImplemented', message: 'Conditional deletes are not supported yet' });
      continue;
    }
    try {
      if (target.versionId === undefined) {
        await deleteKey(req, target.key);
        outcomes.push({ kind: 'deleted', key: target.key });
      } else {
        await deleteVersion(req, target.key, target.versionId);
        outcomes.push({ kind: 'deleted', key: target.key, versionId: target.versionId });
      }
    } catch (err) {
      const error = toS3Error(err);
      outcomes.push({ kind: 'error', key: target.key, code: error.code, message: error.message });
    }
  }
  return xml(reply, deleteResultXml({ quiet: request.quiet, outcomes }));
};

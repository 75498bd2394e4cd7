// ListMultipartUploads (GET /bucket?uploads): the caller's open multipart uploads in the bucket,
// by key then initiation time, with prefix, delimiter (keys rolled up into common prefixes, each
// counted once toward max-uploads), key-marker/upload-id-marker paging and encoding-type=url.
// Pages come from the namenode's path index; a common prefix is skipped past in one call.
import { bucketPath } from '../keys.js';
import { parseMaxKeys } from '../listing.js';
import type { Handler, S3Request } from '../s3-app.js';
import { S3Error } from '../s3-errors.js';
import { listMultipartUploadsXml, type UploadListEntry } from '../xml.js';
import { checkBucket, xml } from './buckets.js';

export const listUploadsParameters = new Set(['uploads', 'prefix', 'delimiter', 'key-marker', 'upload-id-marker', 'max-uploads', 'encoding-type']);

interface Resume {
  path: string;
  uploadId: string;
  skipPrefix: boolean;
}

export const listMultipartUploads: Handler = async (req, reply) => {
  await checkBucket(req); // the namenode lists the caller's own uploads without checking the bucket's grants
  const q = req.query;
  const prefix = q.get('prefix') ?? '';
  const delimiter = q.get('delimiter') ?? '';
  const keyMarker = q.get('key-marker') ?? '';
  const uploadIdMarker = keyMarker === '' ? '' : q.get('upload-id-marker') ?? '';
  const maxUploads = parseMaxKeys(q.get('max-uploads'), 'max-uploads');
  const encoding = q.get('encoding-type');
  if (encoding !== null && encoding !== 'url') throw new S3Error('InvalidArgument', 'Invalid Encoding Method specified in Request', { ArgumentName: 'encoding-type' });
  const root = `${bucketPath(req.bucket)}/`;
  const markerIsPrefix = delimiter !== '' && keyMarker.startsWith(prefix) && keyMarker.endsWith(delimiter) && keyMarker.length > prefix.length;
  let resume: Resume = { path: keyMarker === '' ? '' : root + keyMarker, uploadId: uploadIdMarker, skipPrefix: markerIsPrefix };
  const uploads: UploadListEntry[] = [];
  const commonPrefixes: string[] = [];
  let truncated = false;
  let lastKey = '';
  let lastUploadId = '';
  while (!truncated) {
    const page = await fetchPage(req, root + prefix, resume, maxUploads + 1 - uploads.length - commonPrefixes.length);
    let restart: Resume | undefined;
    for (const upload of page.uploads) {
      const key = upload.path.slice(root.length);
      const cut = delimiter === '' ? -1 : key.indexOf(delimiter, prefix.length);
      if (uploads.length + commonPrefixes.length === maxUploads) {
        truncated = true;
        break;
      }
      if (cut >= 0) {
        const common = key.slice(0, cut + delimiter.length);
        commonPrefixes.push(common);
        [lastKey, lastUploadId] = [common, ''];
        restart = { path: root + common, uploadId: '', skipPrefix: true };
        break;
      }
      uploads.push({ key, uploadId: upload.uploadId, initiator: upload.owner, owner: upload.owner, initiatedAtMs: Number(upload.createdAtMs) });
      [lastKey, lastUploadId] = [key, upload.uploadId];
      resume = { path: upload.path, uploadId: upload.uploadId, skipPrefix: false };
    }
    if (restart !== undefined) resume = restart;
    else if (!page.truncated || maxUploads === 0) break;
  }
  return xml(reply, listMultipartUploadsXml({
    bucket: req.bucket, keyMarker, uploadIdMarker, prefix, maxUploads, isTruncated: truncated, uploads, commonPrefixes,
    ...(truncated ? { nextKeyMarker: lastKey, nextUploadIdMarker: lastUploadId } : {}),
    ...(delimiter === '' ? {} : { delimiter }), ...(encoding === 'url' ? { encodingType: 'url' as const } : {}),
  }));
};

async function fetchPage(req: S3Request, prefix: string, resume: Resume, limit: number) {
  return req.session.client.nn.call('ListUploads', {
    prefix, afterPath: resume.path, afterUploadId: resume.uploadId, skipPrefix: resume.skipPrefix, limit: Math.max(limit, 1),
  });
}

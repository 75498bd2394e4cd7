// ListObjectsV2 and ListObjects (v1): the listing engine (listing.ts) walks the bucket's folders
// through the namenode's paged List, one page per call, in S3 key order.
import { bucketPath } from '../keys.js';
import { decodeContinuationToken, encodeContinuationToken, listKeys, parseMaxKeys, type FolderSource } from '../listing.js';
import type { Handler, S3AppDeps, S3Request } from '../s3-app.js';
import { S3Error } from '../s3-errors.js';
import { listObjectsV1Xml, listObjectsV2Xml, type EncodingType } from '../xml.js';
import { statBucket, xml } from './buckets.js';

export function listObjectsHandler(_deps: S3AppDeps): Handler {
  return async (req, reply) => {
    await statBucket(req);
    const q = req.query;
    const encodingType = encodingOf(q.get('encoding-type'));
    const prefix = q.get('prefix') ?? '';
    const delimiter = q.get('delimiter') ?? '';
    const maxKeys = parseMaxKeys(q.get('max-keys'));
    const source = folderSource(req);
    if (q.get('list-type') === '2') {
      const token = q.get('continuation-token');
      const startAfter = q.get('start-after') ?? undefined;
      const resume = token !== null ? decodeContinuationToken(token) : { marker: startAfter ?? '' };
      const page = await listKeys(source, bucketPath(req.bucket), { prefix, delimiter, maxKeys, ...resume });
      const owner = q.get('fetch-owner') === 'true';
      return xml(reply, listObjectsV2Xml({
        bucket: req.bucket, prefix, ...(delimiter === '' ? {} : { delimiter }), maxKeys, isTruncated: page.isTruncated, ...(encodingType ? { encodingType } : {}),
        contents: page.objects.map((o) => ({ key: o.key, modifiedAtMs: o.modifiedAtMs, etag: o.etag, size: o.size, ...(owner ? { owner: o.owner } : {}) })),
        commonPrefixes: page.commonPrefixes,
        ...(token === null ? {} : { continuationToken: token }),
        ...(page.isTruncated && page.next !== undefined ? { nextContinuationToken: encodeContinuationToken(page.next) } : {}),
        ...(startAfter === undefined ? {} : { startAfter }),
      }));
    }
    if (q.has('list-type') && q.get('list-type') !== '1') throw new S3Error('InvalidArgument', 'Invalid list type', { ArgumentName: 'list-type' });
    const marker = q.get('marker') ?? '';
    const page = await listKeys(source, bucketPath(req.bucket), { prefix, delimiter, marker, maxKeys, markerOnly: true });
    return xml(reply, listObjectsV1Xml({
      bucket: req.bucket, prefix, ...(delimiter === '' ? {} : { delimiter }), maxKeys, isTruncated: page.isTruncated, ...(encodingType ? { encodingType } : {}),
      contents: page.objects.map((o) => ({ key: o.key, modifiedAtMs: o.modifiedAtMs, etag: o.etag, size: o.size, owner: o.owner })),
      commonPrefixes: page.commonPrefixes, marker,
      ...(page.isTruncated && delimiter !== '' && page.next !== undefined ? { nextMarker: page.next.marker } : {}),
    }));
  };
}

function encodingOf(value: string | null): EncodingType | undefined {
  if (value === null) return undefined;
  if (value !== 'url') throw new S3Error('InvalidArgument', 'Invalid Encoding Method specified in Request', { ArgumentName: 'encoding-type' });
  return 'url';
}

/** The namenode's folder listing as the listing engine's source. */
export function folderSource(req: S3Request): FolderSource {
  return {
    async list(folderPath, startAfter, limit) {
      const page = await req.session.client.nn.call('List', { path: folderPath, startAfter, limit });
      return {
        truncated: page.truncated,
        entries: page.entries.map((e) => ({
          name: e.name, folder: e.type === 'dir', implicit: e.implicit, size: Number(e.size), modifiedAtMs: Number(e.modifiedAtMs), etag: e.etag, owner: e.owner,
        })),
      };
    },
  };
}

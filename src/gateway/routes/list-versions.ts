// ListObjectVersions (GET /bucket?versions): object versions are the file's revisions, newest
// first within each key, keys (and common prefixes) in S3 order from the listing engine. A
// version id is the revision number; an explicit folder marker has the one version `null`.
// Deleted objects are in the owner's trash, not the bucket, so no delete markers are listed.
// Pages end after `max-keys` versions and prefixes; NextKeyMarker/NextVersionIdMarker continue
// inside a key's revisions when a page ends there.
import { isCairnError } from '../../common/errors.js';
import { bucketPath, objectPath } from '../keys.js';
import { compareKeys, listKeys, parseMaxKeys, type ListedObject } from '../listing.js';
import type { Handler, S3Request } from '../s3-app.js';
import { S3Error } from '../s3-errors.js';
import { listVersionsXml, type VersionListEntry } from '../xml.js';
import { statBucket, xml } from './buckets.js';
import { folderSource } from './list-objects.js';

export const listVersions: Handler = async (req, reply) => {
  await statBucket(req);
  const q = req.query;
  const prefix = q.get('prefix') ?? '';
  const delimiter = q.get('delimiter') ?? '';
  const maxKeys = parseMaxKeys(q.get('max-keys'));
  const keyMarker = q.get('key-marker') ?? '';
  const versionIdMarker = q.get('version-id-marker') ?? '';
  const encodingType = q.get('encoding-type');
  if (encodingType !== null && encodingType !== 'url') throw new S3Error('InvalidArgument', 'Invalid Encoding Method specified in Request', { ArgumentName: 'encoding-type' });
  if (versionIdMarker !== '' && keyMarker === '') throw new S3Error('InvalidArgument', 'A version-id marker cannot be specified without a key marker.', { ArgumentName: 'version-id-marker' });
  const page = new VersionPage(maxKeys);
  if (versionIdMarker !== '' && versionIdMarker !== 'null') {
    // Resuming inside a key: its revisions older than the marker come first.
    const older = (await revisionsOf(req, keyMarker)).filter((v) => Number(v.versionId) < Number(versionIdMarker));
    for (const version of older) if (!page.add(version)) break;
  }
  let marker = keyMarker;
  while (!page.full) {
    const keys = await listKeys(folderSource(req), bucketPath(req.bucket), { prefix, delimiter, marker, maxKeys: Math.min(1000, maxKeys + 1), markerOnly: true });
    for (const item of inOrder(keys.objects, keys.commonPrefixes)) {
      if (typeof item === 'string') {
        if (!page.addPrefix(item)) break;
        continue;
      }
      const versions = item.folder ? [folderVersion(item)] : await revisionsOf(req, item.key);
      for (const version of versions) if (!page.add(version)) break;
      if (page.full) break;
    }
    if (page.full || !keys.isTruncated || keys.next === undefined) break;
    marker = keys.next.marker;
  }
  return xml(reply, listVersionsXml({
    bucket: req.bucket, prefix, keyMarker, versionIdMarker, maxKeys, isTruncated: page.truncated,
    ...(delimiter === '' ? {} : { delimiter }), ...(encodingType === 'url' ? { encodingType: 'url' as const } : {}),
    ...(page.truncated ? { nextKeyMarker: page.lastKey, ...(page.lastVersionId === undefined ? {} : { nextVersionIdMarker: page.lastVersionId }) } : {}),
    entries: page.entries, commonPrefixes: page.prefixes,
  }));
};

/** Collects up to `maxKeys` versions and prefixes; one more offered marks the page truncated. */
class VersionPage {
  readonly entries: VersionListEntry[] = [];
  readonly prefixes: string[] = [];
  truncated = false;
  lastKey = '';
  lastVersionId: string | undefined;
  readonly #maxKeys: number;

  constructor(maxKeys: number) {
    this.#maxKeys = maxKeys;
  }

  get full(): boolean {
    return this.truncated;
  }

  add(version: VersionListEntry): boolean {
    if (!this.#room()) return false;
    this.entries.push(version);
    this.lastKey = version.key;
    this.lastVersionId = version.versionId;
    return true;
  }

  addPrefix(prefix: string): boolean {
    if (!this.#room()) return false;
    this.prefixes.push(prefix);
    this.lastKey = prefix;
    this.lastVersionId = undefined;
    return true;
  }

  #room(): boolean {
    if (this.entries.length + this.prefixes.length < this.#maxKeys) return true;
    this.truncated = true;
    return false;
  }
}

/** Keys and common prefixes of one listing page, merged back into S3 order. */
function inOrder(objects: readonly ListedObject[], prefixes: readonly string[]): Array<ListedObject | string> {
  const merged: Array<ListedObject | string> = [];
  let i = 0;
  let j = 0;
  while (i < objects.length || j < prefixes.length) {
    const object = objects[i];
    const prefix = prefixes[j];
    if (prefix === undefined || (object !== undefined && compareKeys(object.key, prefix) < 0)) {
      merged.push(object as ListedObject); // i < objects.length here
      i++;
    } else {
      merged.push(prefix);
      j++;
    }
  }
  return merged;
}

async function revisionsOf(req: S3Request, key: string): Promise<VersionListEntry[]> {
  const { path } = objectPath(req.bucket, key);
  // A key deleted since the listing saw it has no versions left in the bucket.
  const reply = await req.session.client.nn.call('Revisions', { path }).catch((err: unknown) => {
    if (isCairnError(err, 'NOT_FOUND')) return { revisions: [] };
    throw err;
  });
  return reply.revisions.map((r, i) => ({
    kind: 'version' as const, key, versionId: String(r.revision), isLatest: i === 0, modifiedAtMs: Number(r.createdAtMs),
    etag: r.metadata?.etag ?? r.md5, size: Number(r.size), owner: r.author,
  }));
}

function folderVersion(item: ListedObject): VersionListEntry {
  return { kind: 'version', key: item.key, versionId: 'null', isLatest: true, modifiedAtMs: item.modifiedAtMs, etag: item.etag, size: 0, owner: item.owner };
}

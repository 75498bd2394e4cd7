// Service and bucket calls: ListBuckets, CreateBucket, HeadBucket, DeleteBucket,
// GetBucketLocation and the object listings. Bucket `b` is the folder `/buckets/b`, owned by the
// user who created it and shared as any folder is (DESIGN §9): its editors and viewers use it as
// their grant allows, only its owner (or an admin) deletes it; everyone else gets AccessDenied.
// The namenode decides every access. The gateway remembers for a moment which buckets a session
// found (statBucket), but only to spare a Stat before a call the namenode checks anyway: a call
// whose only check is the bucket's Stat (HeadBucket, GetBucketLocation, ListMultipartUploads,
// the calls on an upload) always asks (checkBucket), so a revoked grant or key holds at once.
import type { FastifyReply } from 'fastify';
import type { Inode__Output } from '../../../proto/gen/cairn/namenode/Inode.js';
import { isCairnError } from '../../common/errors.js';
import { bucketPath, validateBucketName } from '../keys.js';
import { subresources, type Handler, type S3AppDeps, type S3Request } from '../s3-app.js';
import { RecentlySeen } from '../recently-seen.js';
import { S3Error, noSuchBucket } from '../s3-errors.js';
import { bucketListXml, locationXml } from '../xml.js';
import { deleteObjects } from './delete-objects.js';
import { listVersions } from './list-versions.js';
import { listMultipartUploads, listUploadsParameters } from './list-uploads.js';
import { folderSource, listObjectsHandler } from './list-objects.js';
import { listKeys } from '../listing.js';

/** Buckets read per namenode call when listing them. */
const bucketsPageMax = 1000;

export function bucketHandlers(deps: S3AppDeps): { service(req: S3Request): Handler | undefined; bucket(req: S3Request): Handler | undefined } {
  const listObjects = listObjectsHandler(deps);
  return {
    service(req) {
      return req.method === 'GET' && subresources(req).length === 0 ? listBuckets : undefined;
    },
    bucket(req) {
      const sub = subresources(req);
      if (sub.length === 0) {
        if (req.method === 'PUT') return createBucket;
        if (req.method === 'HEAD') return headBucket;
        if (req.method === 'DELETE') return deleteBucket;
        if (req.method === 'GET') return listObjects;
        return undefined;
      }
      if (req.method === 'GET' && sub.length === 1 && sub[0] === 'location') return getLocation(deps.region);
      if (req.method === 'POST' && sub.length === 1 && sub[0] === 'delete') return deleteObjects;
      if (req.method === 'GET' && sub.includes('versions') && sub.every((k) => versionListParameters.has(k))) return listVersions;
      if (req.method === 'GET' && sub.includes('uploads') && sub.every((k) => listUploadsParameters.has(k))) return listMultipartUploads;
      if (req.method === 'GET' && sub.every((k) => listParameters.has(k))) return listObjects;
      return undefined;
    },
  };
}

const versionListParameters = new Set(['versions', 'prefix', 'delimiter', 'max-keys', 'key-marker', 'version-id-marker', 'encoding-type']);
const listParameters = new Set(['list-type', 'prefix', 'delimiter', 'max-keys', 'continuation-token', 'start-after', 'fetch-owner', 'encoding-type', 'marker']);

const listBuckets: Handler = async (req, reply) => {
  const buckets: Array<{ name: string; createdAtMs: number }> = [];
  let startAfter = '';
  for (;;) {
    const page = await req.session.client.nn.call('List', { path: '/buckets', startAfter, limit: bucketsPageMax });
    // The namenode lists a user only the buckets they own or that are shared with them.
    for (const entry of page.entries) if (entry.type === 'dir') buckets.push({ name: entry.name, createdAtMs: Number(entry.createdAtMs) });
    const last = page.entries[page.entries.length - 1];
    if (!page.truncated || last === undefined) break;
    startAfter = `${last.name}/`;
  }
  return xml(reply, bucketListXml({ owner: req.session.user, buckets }));
};

const createBucket: Handler = async (req, reply) => {
  validateBucketName(req.bucket);
  req.raw.resume(); // a CreateBucketConfiguration body names a region; every region is this cluster
  try {
    await req.session.client.nn.call('Mkdir', { path: bucketPath(req.bucket), parents: false, implicit: false });
  } catch (err) {
    if (!isCairnError(err, 'ALREADY_EXISTS')) throw err;
    const mine = await req.session.client.nn.call('Stat', { path: bucketPath(req.bucket) }).then((s) => s.owner === req.session.user, () => false);
    throw mine
      ? new S3Error('BucketAlreadyOwnedByYou', 'Your previous request to create the named bucket succeeded and you already own it.', { BucketName: req.bucket })
      : new S3Error('BucketAlreadyExists', 'The requested bucket name is not available.', { BucketName: req.bucket });
  }
  return reply.header('location', `/${req.bucket}`).send();
};

const headBucket: Handler = async (req, reply) => {
  await checkBucket(req);
  return reply.header('x-amz-bucket-region', 'us-east-1').send();
};

const deleteBucket: Handler = async (req, reply) => {
  const bucket = await checkBucket(req);
  // Who may not delete it is told so whether or not it is empty. The namenode decides again when
  // it trashes the folder; this only puts its answer before BucketNotEmpty, as S3 does.
  if (bucket.owner !== req.session.user && !(await req.session.client.nn.call('WhoAmI', {})).admin) {
    throw new S3Error('AccessDenied', `Access Denied: only the owner of bucket ${req.bucket} may delete it`);
  }
  // Empty as S3 sees it: no key. Implicit folders left behind by deleted keys do not count.
  const page = await listKeys(folderSource(req), bucketPath(req.bucket), { prefix: '', delimiter: '', marker: '', maxKeys: 1 });
  if (page.objects.length > 0 || page.isTruncated) throw new S3Error('BucketNotEmpty', 'The bucket you tried to delete is not empty', { BucketName: req.bucket });
  await req.session.client.nn.call('Trash', { path: bucketPath(req.bucket) });
  bucketsSeen.forget(req.session, req.bucket);
  return reply.code(204).send();
};

function getLocation(region: string): Handler {
  return async (req, reply) => {
    await checkBucket(req);
    return xml(reply, locationXml(region === 'us-east-1' ? '' : region));
  };
}

/** Buckets each session found recently: a burst of requests to one bucket checks it once. */
const bucketsSeen = new RecentlySeen(2000, 1000);

/**
 * Checks that the bucket exists and the caller may use it, unless this session found so a moment
 * ago: only before a namenode call that checks the caller's access again (NoSuchBucket is then
 * the precise error of a missing bucket, not the only refusal).
 */
export async function statBucket(req: S3Request): Promise<void> {
  if (!bucketsSeen.has(req.session, req.bucket, req.receivedAtMs)) await checkBucket(req);
}

/** The bucket's folder, if it exists and the caller may use it now: always asks the namenode. */
export async function checkBucket(req: S3Request): Promise<Inode__Output> {
  try {
    const bucket = await req.session.client.nn.call('Stat', { path: bucketPath(req.bucket) });
    if (bucket.type !== 'dir') throw noSuchBucket(req.bucket);
    bucketsSeen.add(req.session, req.bucket, req.receivedAtMs);
    return bucket;
  } catch (err) {
    if (isCairnError(err, 'NOT_FOUND')) throw noSuchBucket(req.bucket);
    throw err;
  }
}

/** Folders each session made or found recently: a burst of PUTs into one folder makes it once. */
const foldersSeen = new RecentlySeen(2000, 10_000);

/** The folder a key lives in, made (implicitly, with its parents) when missing. */
export async function ensureFolder(req: S3Request, folder: string): Promise<void> {
  if (folder === bucketPath(req.bucket) || foldersSeen.has(req.session, folder, req.receivedAtMs)) return;
  await req.session.client.nn.call('Mkdir', { path: folder, parents: true, implicit: true });
  foldersSeen.add(req.session, folder, req.receivedAtMs);
}

export function xml(reply: FastifyReply, body: string): FastifyReply {
  return reply.type('application/xml').send(body);
}

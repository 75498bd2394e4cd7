// Quotas through the S3 gateway with the real AWS SDK: a PutObject or a multipart completion that
// would take the user over their quota answers 403 QuotaExceeded and stores nothing (no object,
// no version, usage unchanged); what fits goes through, up to the quota exactly; a quota raised
// by an admin holds for the next request; reference counts agree afterwards.
import { createHash, randomBytes } from 'node:crypto';
import t from 'tap';
import {
  AbortMultipartUploadCommand, CompleteMultipartUploadCommand, CreateBucketCommand, CreateMultipartUploadCommand, HeadObjectCommand, ListObjectVersionsCommand,
  PutObjectCommand, S3Client, UploadPartCommand,
} from '@aws-sdk/client-s3';
import { blockKey } from '../../src/namenode/metastore/keys.js';
import { auditReferences } from '../harness/reference-audit.js';
import { sdkClient, startS3Cluster } from '../harness/s3-cluster.js';

const KiB = 1024;
const sha256Hex = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** The S3 error a request ends with, as `CODE STATUS`; `OK` when it succeeds. */
async function s3Error(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'OK';
  } catch (err) {
    const failure = err as { name?: string; $metadata?: { httpStatusCode?: number } };
    return `${failure.name ?? String(err)} ${failure.$metadata?.httpStatusCode ?? '?'}`;
  }
}

t.test('s3: over quota is 403 QuotaExceeded and nothing is stored', async (t) => {
  const { cluster, gateway } = await startS3Cluster(t);
  const admin = cluster.client(cluster.adminToken);
  const keys = await admin.nn.admin('UserAdd', { name: 'hana', quotaBytes: 300 * KiB });
  const hana = cluster.client(keys.token);
  const s3 = sdkClient(t, gateway, keys);
  const used = async () => Number((await hana.nn.call('WhoAmI', {})).usedBytes);
  const versions = async () => ((await s3.send(new ListObjectVersionsCommand({ Bucket: 'quota' }))).Versions ?? []).map((v) => `${v.Key}@${v.VersionId}`);

  await s3.send(new CreateBucketCommand({ Bucket: 'quota' }));
  await s3.send(new PutObjectCommand({ Bucket: 'quota', Key: 'a', Body: randomBytes(200 * KiB) }));
  t.equal(await used(), 200 * KiB);
  const before = await versions();

  const refused = randomBytes(100 * KiB + 1); // one block: below the smallest CDC cut
  t.equal(await s3Error(s3.send(new PutObjectCommand({ Bucket: 'quota', Key: 'b', Body: refused }))), 'QuotaExceeded 403', 'one byte over: refused');
  t.equal(await s3Error(s3.send(new PutObjectCommand({ Bucket: 'quota', Key: 'a', Body: randomBytes(300 * KiB + 1) }))), 'QuotaExceeded 403', 'an overwrite too');
  t.equal(await s3Error(s3.send(new HeadObjectCommand({ Bucket: 'quota', Key: 'b' }))), 'NotFound 404', 'no object was made');
  t.same(await versions(), before, 'no version was made');
  t.equal(await used(), 200 * KiB, 'usage unchanged');

  // Multipart: parts are not usage yet; the completion, which makes the object, is refused.
  const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'quota', Key: 'm' }));
  const part = await s3.send(new UploadPartCommand({ Bucket: 'quota', Key: 'm', UploadId, PartNumber: 1, Body: randomBytes(150 * KiB) }));
  const complete = () => s3.send(new CompleteMultipartUploadCommand({ Bucket: 'quota', Key: 'm', UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] } }));
  t.equal(await s3Error(complete()), 'QuotaExceeded 403', 'completing over quota: refused');
  t.equal(await s3Error(s3.send(new HeadObjectCommand({ Bucket: 'quota', Key: 'm' }))), 'NotFound 404', 'no object was made');
  t.same(await versions(), before);
  t.equal(await used(), 200 * KiB, 'usage unchanged');

  await admin.nn.admin('SetQuota', { name: 'hana', quotaBytes: 350 * KiB });
  t.equal(await s3Error(complete()), 'OK', 'the upload stayed open: with a raised quota it completes');
  t.equal(await used(), 350 * KiB, 'up to the quota exactly');
  t.equal(await s3Error(s3.send(new PutObjectCommand({ Bucket: 'quota', Key: 'c', Body: Buffer.from('x') }))), 'QuotaExceeded 403', 'and not a byte more');

  const { UploadId: other } = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'quota', Key: 'n' }));
  await s3.send(new UploadPartCommand({ Bucket: 'quota', Key: 'n', UploadId: other, PartNumber: 1, Body: randomBytes(10 * KiB) }));
  await s3.send(new AbortMultipartUploadCommand({ Bucket: 'quota', Key: 'n', UploadId: other }));
  const { drift, refusedBlock } = await cluster.inspectMetastore(async (store) => ({
    drift: (await auditReferences(store)).drift, refusedBlock: await store.get('blocks', blockKey(sha256Hex(refused))),
  }));
  t.same(drift, [], 'reference counts agree');
  t.equal(refusedBlock, undefined, 'the refused object was refused before its block was negotiated: the namenode never heard of it');
});

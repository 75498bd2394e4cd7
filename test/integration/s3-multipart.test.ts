// Multipart uploads through the gateway with the real AWS SDK against a real in-process cluster:
// lib-storage's managed upload of a 64 MiB stream, the low-level calls with their S3 rules
// (InvalidPart, InvalidPartOrder, EntityTooSmall, re-uploaded parts, checksums), UploadPartCopy,
// ListParts / ListMultipartUploads paging, Abort, and the reaper ending abandoned uploads — with
// the namenode's reference counts audited afterwards: completing moves references, nothing leaks.
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import t, { type Test } from 'tap';
import {
  AbortMultipartUploadCommand, CompleteMultipartUploadCommand, CreateBucketCommand, CreateMultipartUploadCommand, GetObjectCommand, HeadObjectCommand,
  ListMultipartUploadsCommand, ListPartsCommand, PutObjectCommand, S3Client, UploadPartCommand, UploadPartCopyCommand,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { compositeChecksum, digestOf, multipartEtag } from '../../src/gateway/checksums.js';
import type { ConfigInput } from '../../src/common/config.js';
import { auditReferences } from '../harness/reference-audit.js';
import { startS3Cluster } from '../harness/s3-cluster.js';
import { waitFor } from '../harness/wait-for.js';

const MiB = 1024 * 1024;

async function s3Cluster(t: Test, config: ConfigInput = {}) {
  const { cluster, gateway } = await startS3Cluster(t, config);
  const admin = cluster.client(cluster.adminToken);
  const clients: S3Client[] = [];
  t.teardown(() => clients.forEach((c) => c.destroy()));
  const s3 = async (name: string) => {
    const keys = await admin.nn.admin('UserAdd', { name });
    const client = new S3Client({
      endpoint: `http://${gateway.address}`, region: 'us-east-1', forcePathStyle: true,
      credentials: { accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey },
    });
    clients.push(client);
    return client;
  };
  return { cluster, s3 };
}

async function bytesOf(body: unknown): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Uint8Array>) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

const md5 = (data: Buffer) => createHash('md5').update(data).digest('hex');

t.test('s3 multipart: lib-storage uploads a 64 MiB stream that reads back byte for byte', async (t) => {
  const { cluster, s3 } = await s3Cluster(t);
  const client = await s3('alice');
  await client.send(new CreateBucketCommand({ Bucket: 'big' }));
  const data = randomBytes(64 * MiB);
  const pieces = Readable.from((function* () {
    for (let i = 0; i < data.length; i += 256 * 1024) yield data.subarray(i, i + 256 * 1024);
  })());
  const upload = new Upload({ client, params: { Bucket: 'big', Key: 'dir/blob.bin', Body: pieces, ContentType: 'application/x-blob' }, partSize: 8 * MiB, queueSize: 4 });
  const done = await upload.done();
  const partMd5s = Array.from({ length: 8 }, (_, i) => md5(data.subarray(i * 8 * MiB, (i + 1) * 8 * MiB)));
  t.equal(done.ETag, `"${multipartEtag(partMd5s)}"`, 'the ETag is the MD5 of the part MD5s, -8');
  const got = await client.send(new GetObjectCommand({ Bucket: 'big', Key: 'dir/blob.bin' }));
  t.equal(got.ContentLength, data.length);
  t.equal(got.ContentType, 'application/x-blob', 'metadata given at creation is the object\'s');
  t.ok((await bytesOf(got.Body)).equals(data), 'the object reads back byte for byte');
  const range = await client.send(new GetObjectCommand({ Bucket: 'big', Key: 'dir/blob.bin', Range: `bytes=${8 * MiB - 10}-${8 * MiB + 9}` }));
  t.ok((await bytesOf(range.Body)).equals(data.subarray(8 * MiB - 10, 8 * MiB + 10)), 'a range across a part boundary');
  t.same((await client.send(new ListMultipartUploadsCommand({ Bucket: 'big' }))).Uploads ?? [], [], 'no upload is left open');
  const audit = await cluster.inspectMetastore(auditReferences);
  t.same(audit.drift, [], 'every reference count agrees with the lists that hold it');
});

t.test('s3 multipart: the S3 rules, re-uploaded parts, checksums, copies, listings and aborts', async (t) => {
  const { cluster, s3 } = await s3Cluster(t);
  const client = await s3('bob');
  const stranger = await s3('eve');
  await client.send(new CreateBucketCommand({ Bucket: 'parts' }));
  const create = await client.send(new CreateMultipartUploadCommand({ Bucket: 'parts', Key: 'k/obj', ChecksumAlgorithm: 'CRC32', Metadata: { colour: 'red' } }));
  const uploadId = create.UploadId ?? '';
  t.match(uploadId, /^[0-9a-f]{16}$/);
  t.equal(create.ChecksumAlgorithm, 'CRC32');
  const p1 = randomBytes(5 * MiB);
  const p2old = randomBytes(5 * MiB + 3);
  const p2 = randomBytes(5 * MiB + 1);
  const p3 = randomBytes(1000);
  const part = (n: number, body: Buffer) => client.send(new UploadPartCommand({ Bucket: 'parts', Key: 'k/obj', UploadId: uploadId, PartNumber: n, Body: body, ChecksumAlgorithm: 'CRC32' }));
  const r1 = await part(1, p1);
  await part(2, p2old);
  const r3 = await part(3, p3);
  const r2 = await part(2, p2); // replaces the first upload of part 2
  t.equal(r1.ETag, `"${md5(p1)}"`);
  t.equal(r2.ChecksumCRC32, (await digestOf('CRC32', p2)).toString('base64'), 'a part\'s checksum is returned');

  await t.rejects(stranger.send(new UploadPartCommand({ Bucket: 'parts', Key: 'k/obj', UploadId: uploadId, PartNumber: 4, Body: p3 })), { name: /AccessDenied|NoSuchUpload/ }, 'a stranger cannot add a part');
  await t.rejects(client.send(new UploadPartCommand({ Bucket: 'parts', Key: 'k/other', UploadId: uploadId, PartNumber: 4, Body: p3 })), { name: 'NoSuchUpload' }, 'an upload id is only good for its key');
  await t.rejects(client.send(new UploadPartCommand({ Bucket: 'parts', Key: 'k/obj', UploadId: uploadId, PartNumber: 10_001, Body: p3 })), { name: 'InvalidArgument' });
  await t.rejects(client.send(new UploadPartCommand({ Bucket: 'parts', Key: 'k/obj', UploadId: uploadId, PartNumber: 4, Body: p3, ChecksumAlgorithm: 'SHA256' })), { name: 'InvalidRequest' }, 'a part with another checksum algorithm is refused');

  const listed = await client.send(new ListPartsCommand({ Bucket: 'parts', Key: 'k/obj', UploadId: uploadId, MaxParts: 2 }));
  t.same(listed.Parts?.map((p) => [p.PartNumber, p.ETag, p.Size]), [[1, `"${md5(p1)}"`, p1.length], [2, `"${md5(p2)}"`, p2.length]], 'ListParts shows the newest upload of each part');
  t.equal(listed.IsTruncated, true);
  const rest = await client.send(new ListPartsCommand({ Bucket: 'parts', Key: 'k/obj', UploadId: uploadId, PartNumberMarker: listed.NextPartNumberMarker }));
  t.same(rest.Parts?.map((p) => p.PartNumber), [3]);
  t.equal(rest.IsTruncated, false);

  const complete = (parts: Array<{ PartNumber: number; ETag?: string }>) => client.send(new CompleteMultipartUploadCommand({ Bucket: 'parts', Key: 'k/obj', UploadId: uploadId, MultipartUpload: { Parts: parts } }));
  await t.rejects(complete([{ PartNumber: 1, ETag: r1.ETag }, { PartNumber: 2, ETag: `"${md5(p2old)}"` }]), { name: 'InvalidPart' }, 'a replaced part\'s ETag');
  await t.rejects(complete([{ PartNumber: 1, ETag: r1.ETag }, { PartNumber: 7, ETag: r1.ETag }]), { name: 'InvalidPart' }, 'a part never uploaded');
  await t.rejects(complete([{ PartNumber: 2, ETag: r2.ETag }, { PartNumber: 1, ETag: r1.ETag }]), { name: 'InvalidPartOrder' });
  await t.rejects(complete([{ PartNumber: 3, ETag: r3.ETag }, { PartNumber: 2, ETag: r2.ETag }]), { name: 'InvalidPartOrder' });
  await t.rejects(complete([{ PartNumber: 1, ETag: r1.ETag }, { PartNumber: 3, ETag: r3.ETag }, { PartNumber: 4, ETag: r3.ETag }]), { name: 'InvalidPart' });
  await t.rejects(client.send(new HeadObjectCommand({ Bucket: 'parts', Key: 'k/obj' })), { name: 'NotFound' }, 'a refused completion made nothing');

  const done = await complete([{ PartNumber: 1, ETag: r1.ETag }, { PartNumber: 2, ETag: r2.ETag }, { PartNumber: 3, ETag: r3.ETag }]);
  const expected = Buffer.concat([p1, p2, p3]);
  t.equal(done.ETag, `"${multipartEtag([md5(p1), md5(p2), md5(p3)])}"`);
  const composite = await compositeChecksum('CRC32', await Promise.all([p1, p2, p3].map((p) => digestOf('CRC32', p))));
  t.equal(done.ChecksumCRC32, composite, 'the composite CRC32 of the parts');
  const got = await client.send(new GetObjectCommand({ Bucket: 'parts', Key: 'k/obj', ChecksumMode: 'ENABLED' }));
  t.ok((await bytesOf(got.Body)).equals(expected), 'parts 1, 2 (re-uploaded) and 3 read back in order');
  t.same(got.Metadata, { colour: 'red' });
  t.equal(got.ETag, done.ETag);
  t.equal(got.ChecksumCRC32, composite);
  await t.rejects(complete([{ PartNumber: 1, ETag: r1.ETag }]), { name: 'NoSuchUpload' }, 'a completed upload is gone');

  // EntityTooSmall: a non-final part under 5 MiB.
  const small = await client.send(new CreateMultipartUploadCommand({ Bucket: 'parts', Key: 'small' }));
  const s1 = await client.send(new UploadPartCommand({ Bucket: 'parts', Key: 'small', UploadId: small.UploadId, PartNumber: 1, Body: p3 }));
  const s2 = await client.send(new UploadPartCommand({ Bucket: 'parts', Key: 'small', UploadId: small.UploadId, PartNumber: 2, Body: p3 }));
  await t.rejects(client.send(new CompleteMultipartUploadCommand({ Bucket: 'parts', Key: 'small', UploadId: small.UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: s1.ETag }, { PartNumber: 2, ETag: s2.ETag }] } })), { name: 'EntityTooSmall' });
  const single = await client.send(new CompleteMultipartUploadCommand({ Bucket: 'parts', Key: 'small', UploadId: small.UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: s1.ETag }] } }));
  t.equal(single.ETag, `"${multipartEtag([md5(p3)])}"`, 'one small part alone is a valid upload');

  // UploadPartCopy: ranges of an existing object, then the rest uploaded.
  const source = randomBytes(6 * MiB);
  await client.send(new PutObjectCommand({ Bucket: 'parts', Key: 'source', Body: source }));
  const copy = await client.send(new CreateMultipartUploadCommand({ Bucket: 'parts', Key: 'copied' }));
  const c1 = await client.send(new UploadPartCopyCommand({ Bucket: 'parts', Key: 'copied', UploadId: copy.UploadId, PartNumber: 1, CopySource: 'parts/source', CopySourceRange: `bytes=${MiB}-${6 * MiB - 1}` }));
  const c2 = await client.send(new UploadPartCopyCommand({ Bucket: 'parts', Key: 'copied', UploadId: copy.UploadId, PartNumber: 2, CopySource: 'parts/source', CopySourceRange: 'bytes=0-99' }));
  t.equal(c1.CopyPartResult?.ETag, `"${md5(source.subarray(MiB))}"`);
  await t.rejects(client.send(new UploadPartCopyCommand({ Bucket: 'parts', Key: 'copied', UploadId: copy.UploadId, PartNumber: 3, CopySource: 'parts/source', CopySourceRange: `bytes=0-${6 * MiB}` })), { name: 'InvalidArgument' }, 'a range past the end');
  await client.send(new CompleteMultipartUploadCommand({ Bucket: 'parts', Key: 'copied', UploadId: copy.UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: c1.CopyPartResult?.ETag }, { PartNumber: 2, ETag: c2.CopyPartResult?.ETag }] } }));
  const copied = await bytesOf((await client.send(new GetObjectCommand({ Bucket: 'parts', Key: 'copied' }))).Body);
  t.ok(copied.equals(Buffer.concat([source.subarray(MiB), source.subarray(0, 100)])), 'copied ranges read back');

  // ListMultipartUploads: order, prefix, delimiter, paging; Abort.
  const open: Record<string, string> = {};
  for (const key of ['logs/a', 'logs/b', 'x/1', 'x/2', 'y']) {
    open[key] = (await client.send(new CreateMultipartUploadCommand({ Bucket: 'parts', Key: key }))).UploadId ?? '';
  }
  const again = (await client.send(new CreateMultipartUploadCommand({ Bucket: 'parts', Key: 'y' }))).UploadId ?? '';
  const all = await client.send(new ListMultipartUploadsCommand({ Bucket: 'parts' }));
  t.same(all.Uploads?.map((u) => [u.Key, u.UploadId]), [['logs/a', open['logs/a']], ['logs/b', open['logs/b']], ['x/1', open['x/1']], ['x/2', open['x/2']], ['y', open.y], ['y', again]], 'by key, then initiation');
  const grouped = await client.send(new ListMultipartUploadsCommand({ Bucket: 'parts', Delimiter: '/' }));
  t.same(grouped.CommonPrefixes?.map((p) => p.Prefix), ['logs/', 'x/']);
  t.same(grouped.Uploads?.map((u) => u.Key), ['y', 'y']);
  const page1 = await client.send(new ListMultipartUploadsCommand({ Bucket: 'parts', MaxUploads: 3 }));
  t.equal(page1.IsTruncated, true);
  t.same([page1.NextKeyMarker, page1.NextUploadIdMarker], ['x/1', open['x/1']]);
  const page2 = await client.send(new ListMultipartUploadsCommand({ Bucket: 'parts', MaxUploads: 2, KeyMarker: page1.NextKeyMarker, UploadIdMarker: page1.NextUploadIdMarker }));
  t.same(page2.Uploads?.map((u) => [u.Key, u.UploadId]), [['x/2', open['x/2']], ['y', open.y]]);
  const page3 = await client.send(new ListMultipartUploadsCommand({ Bucket: 'parts', Delimiter: '/', MaxUploads: 1, KeyMarker: 'logs/' }));
  t.same(page3.CommonPrefixes?.map((p) => p.Prefix), ['x/'], 'a common prefix as the key marker is skipped whole');
  t.same((await client.send(new ListMultipartUploadsCommand({ Bucket: 'parts', Prefix: 'x/' }))).Uploads?.map((u) => u.Key), ['x/1', 'x/2']);
  t.same((await stranger.send(new ListMultipartUploadsCommand({ Bucket: 'parts' })).catch((e: Error) => e.name)), 'AccessDenied', 'another user\'s bucket');

  const doomed = await client.send(new UploadPartCommand({ Bucket: 'parts', Key: 'x/1', UploadId: open['x/1'], PartNumber: 1, Body: randomBytes(MiB) }));
  t.ok(doomed.ETag);
  await t.rejects(stranger.send(new AbortMultipartUploadCommand({ Bucket: 'parts', Key: 'x/1', UploadId: open['x/1'] })), { name: /AccessDenied|NoSuchUpload/ });
  await client.send(new AbortMultipartUploadCommand({ Bucket: 'parts', Key: 'x/1', UploadId: open['x/1'] }));
  await t.rejects(client.send(new ListPartsCommand({ Bucket: 'parts', Key: 'x/1', UploadId: open['x/1'] })), { name: 'NoSuchUpload' });
  await t.rejects(client.send(new AbortMultipartUploadCommand({ Bucket: 'parts', Key: 'x/1', UploadId: open['x/1'] })), { name: 'NoSuchUpload' });
  t.notOk((await client.send(new ListMultipartUploadsCommand({ Bucket: 'parts' }))).Uploads?.some((u) => u.UploadId === open['x/1']), 'an aborted upload is not listed');

  const audit = await cluster.inspectMetastore(auditReferences);
  t.same(audit.drift, [], 'every reference count agrees with the lists that hold it');
  t.ok(audit.unreferenced.size > 0, 'the replaced part and the aborted upload released their blocks');
});

t.test('s3 multipart: the reaper aborts an abandoned upload and releases its parts', async (t) => {
  const { cluster, s3 } = await s3Cluster(t, { uploadLeaseMs: 1500 });
  const client = await s3('carol');
  await client.send(new CreateBucketCommand({ Bucket: 'idle' }));
  const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket: 'idle', Key: 'left' }));
  await client.send(new UploadPartCommand({ Bucket: 'idle', Key: 'left', UploadId, PartNumber: 1, Body: randomBytes(MiB) }));
  await waitFor(async () => ((await client.send(new ListMultipartUploadsCommand({ Bucket: 'idle' }))).Uploads ?? []).length === 0, 10_000);
  await t.rejects(client.send(new ListPartsCommand({ Bucket: 'idle', Key: 'left', UploadId })), { name: 'NoSuchUpload' });
  const audit = await cluster.inspectMetastore(auditReferences);
  t.same(audit.drift, []);
  t.equal(audit.lists, 0, 'no list is left: the upload and its part were released');
  t.ok(audit.unreferenced.size >= 1, 'the part\'s blocks have no reference left');
});

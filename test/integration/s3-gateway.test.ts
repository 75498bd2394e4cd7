// The S3 gateway with the real AWS SDK (default settings: CRC32 checksums, aws-chunked stream
// bodies with trailers) against a real in-process cluster: buckets, objects, ranges, listings,
// and the errors a bad signature, a tampered body or another user's bucket get.
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import t, { type Test } from 'tap';
import {
  CopyObjectCommand, CreateBucketCommand, DeleteBucketCommand, DeleteObjectCommand, DeleteObjectsCommand, GetObjectCommand, HeadBucketCommand, HeadObjectCommand, ListBucketsCommand,
  ListObjectsCommand, ListObjectsV2Command, ListObjectVersionsCommand, PutObjectCommand, S3Client, type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { startS3Cluster } from '../harness/s3-cluster.js';

async function s3Cluster(t: Test) {
  const { cluster, gateway } = await startS3Cluster(t);
  const admin = cluster.client(cluster.adminToken);
  const clients: S3Client[] = [];
  t.teardown(() => clients.forEach((c) => c.destroy()));
  const s3 = async (name: string, extra: Partial<S3ClientConfig> = {}) => {
    const keys = await admin.nn.admin('UserAdd', { name });
    const client = new S3Client({
      endpoint: `http://${gateway.address}`, region: 'us-east-1', forcePathStyle: true,
      credentials: { accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey }, ...extra,
    });
    clients.push(client);
    return { client, keys };
  };
  return { cluster, gateway, s3 };
}

async function bytesOf(body: unknown): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Uint8Array>) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

t.test('s3: buckets and objects round trip through the AWS SDK', async (t) => {
  const { s3 } = await s3Cluster(t);
  const { client } = await s3('alice');
  await client.send(new CreateBucketCommand({ Bucket: 'photos' }));
  t.same((await client.send(new ListBucketsCommand({}))).Buckets?.map((b) => b.Name), ['photos']);
  await client.send(new HeadBucketCommand({ Bucket: 'photos' }));
  await t.rejects(client.send(new CreateBucketCommand({ Bucket: 'photos' })), { name: 'BucketAlreadyOwnedByYou' });

  await t.rejects(client.send(new PutObjectCommand({ Bucket: 'photos', Key: 'public.bin', Body: 'x', ACL: 'public-read' })), { name: 'NotImplemented' }, 'an ACL Cairn would ignore is refused');
  await t.rejects(client.send(new PutObjectCommand({ Bucket: 'photos', Key: 'public.bin', Body: 'x', Tagging: 'a=b' })), { name: 'NotImplemented' }, 'and so are tags');
  await t.rejects(client.send(new HeadObjectCommand({ Bucket: 'photos', Key: 'public.bin' })), { name: 'NotFound' }, 'a refused option stored nothing');
  await client.send(new PutObjectCommand({ Bucket: 'photos', Key: 'private.bin', Body: 'x', ACL: 'private', StorageClass: 'STANDARD' }));
  await client.send(new DeleteObjectCommand({ Bucket: 'photos', Key: 'private.bin' })); // the options that ask for nothing special are fine
  const small = randomBytes(5000);
  const put = await client.send(new PutObjectCommand({ Bucket: 'photos', Key: 'a/b/small.bin', Body: small, ContentType: 'application/x-test', Metadata: { colour: 'blue' } }));
  t.match(put.ETag, /^"[0-9a-f]{32}"$/);
  const got = await client.send(new GetObjectCommand({ Bucket: 'photos', Key: 'a/b/small.bin' }));
  t.ok((await bytesOf(got.Body)).equals(small), 'a Buffer body reads back');
  t.equal(got.ContentType, 'application/x-test');
  t.same(got.Metadata, { colour: 'blue' });
  t.equal(got.ETag, put.ETag);

  const large = randomBytes(3 * 1024 * 1024 + 77);
  await client.send(new PutObjectCommand({ Bucket: 'photos', Key: 'big file +%.bin', Body: Readable.from([large.subarray(0, 1_000_000), large.subarray(1_000_000)]), ContentLength: large.length }));
  t.ok((await bytesOf((await client.send(new GetObjectCommand({ Bucket: 'photos', Key: 'big file +%.bin' }))).Body)).equals(large), 'a stream body (aws-chunked, CRC32 trailer) reads back');
  const range = await client.send(new GetObjectCommand({ Bucket: 'photos', Key: 'big file +%.bin', Range: 'bytes=1000000-1000099' }));
  t.ok((await bytesOf(range.Body)).equals(large.subarray(1_000_000, 1_000_100)), 'a range');
  t.equal(range.ContentRange, `bytes 1000000-1000099/${large.length}`);
  const head = await client.send(new HeadObjectCommand({ Bucket: 'photos', Key: 'big file +%.bin', ChecksumMode: 'ENABLED' }));
  t.equal(head.ContentLength, large.length);
  t.ok(head.ChecksumCRC32, 'the CRC32 the SDK sent is kept and returned');

  const listed = await client.send(new ListObjectsV2Command({ Bucket: 'photos', Delimiter: '/' }));
  t.same(listed.Contents?.map((c) => c.Key), ['big file +%.bin']);
  t.same(listed.CommonPrefixes?.map((p) => p.Prefix), ['a/']);
  const all = await client.send(new ListObjectsV2Command({ Bucket: 'photos' }));
  t.same(all.Contents?.map((c) => [c.Key, c.Size]), [['a/b/small.bin', 5000], ['big file +%.bin', large.length]], 'implicit folders are not keys');

  await client.send(new DeleteObjectCommand({ Bucket: 'photos', Key: 'big file +%.bin' }));
  await t.rejects(client.send(new GetObjectCommand({ Bucket: 'photos', Key: 'big file +%.bin' })), { name: 'NoSuchKey' });
  await t.rejects(client.send(new DeleteBucketCommand({ Bucket: 'photos' })), { name: 'BucketNotEmpty' });
});

t.test('s3: a bad signature, a tampered checksum and another user\'s bucket are refused and change nothing', async (t) => {
  const { s3, gateway } = await s3Cluster(t);
  const { client: alice } = await s3('alice');
  const { client: mallory, keys } = await s3('mallory');
  await alice.send(new CreateBucketCommand({ Bucket: 'private' }));
  await alice.send(new PutObjectCommand({ Bucket: 'private', Key: 'k', Body: 'v1' }));
  const forged = new S3Client({
    endpoint: `http://${gateway.address}`, region: 'us-east-1', forcePathStyle: true,
    credentials: { accessKeyId: keys.accessKeyId, secretAccessKey: 'not-the-secret-of-this-key' },
  });
  t.teardown(() => forged.destroy());
  await t.rejects(forged.send(new ListBucketsCommand({})), { name: 'SignatureDoesNotMatch' });
  await t.rejects(mallory.send(new GetObjectCommand({ Bucket: 'private', Key: 'k' })), { name: 'AccessDenied' });
  await t.rejects(mallory.send(new PutObjectCommand({ Bucket: 'private', Key: 'k', Body: 'evil' })), { name: 'AccessDenied' });
  await t.rejects(alice.send(new PutObjectCommand({ Bucket: 'private', Key: 'k', Body: 'v2', ChecksumCRC32: 'AAAAAA==' })), { name: 'BadDigest' });
  t.equal((await bytesOf((await alice.send(new GetObjectCommand({ Bucket: 'private', Key: 'k' }))).Body)).toString(), 'v1', 'the object is unchanged');
  await t.rejects(alice.send(new PutObjectCommand({ Bucket: 'nosuchbucket', Key: 'k', Body: 'v' })), { name: 'NoSuchBucket' });
});

t.test('s3: presigned GET and PUT URLs work with plain fetch until they expire', async (t) => {
  const { s3, gateway } = await s3Cluster(t);
  // SDK v3's default (requestChecksumCalculation WHEN_SUPPORTED) signs the CRC32 of an empty body
  // into a presigned PUT URL, which S3 then refuses for any other body; presigning clients use
  // WHEN_REQUIRED, as AWS advises. The gateway answers both as S3 does.
  const { client, keys } = await s3('pete', { requestChecksumCalculation: 'WHEN_REQUIRED' });
  const defaults = new S3Client({
    endpoint: `http://${gateway.address}`, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey },
  });
  t.teardown(() => defaults.destroy());
  await client.send(new CreateBucketCommand({ Bucket: 'shared' }));
  const putUrl = await getSignedUrl(client, new PutObjectCommand({ Bucket: 'shared', Key: 'up/load.txt' }), { expiresIn: 60 });
  const put = await fetch(putUrl, { method: 'PUT', body: 'presigned body' });
  t.equal(put.status, 200, `a presigned PUT stores the object: ${put.status}`);
  const hoisted = await getSignedUrl(defaults, new PutObjectCommand({ Bucket: 'shared', Key: 'up/crc.txt' }), { expiresIn: 60 });
  t.match(hoisted, /x-amz-checksum-crc32=AAAAAA/, 'the default SDK signs an empty body\'s CRC32 into the URL');
  const badDigest = await fetch(hoisted, { method: 'PUT', body: 'not empty' });
  t.equal(badDigest.status, 400, 'such a URL refuses other bytes (BadDigest), as S3 does');
  t.match(await badDigest.text(), /<Code>BadDigest<\/Code>/);
  const getUrl = await getSignedUrl(client, new GetObjectCommand({ Bucket: 'shared', Key: 'up/load.txt' }), { expiresIn: 60 });
  const got = await fetch(getUrl);
  t.equal(await got.text(), 'presigned body', 'a presigned GET reads it');
  const tampered = await fetch(getUrl.replace('up%2Fload.txt', 'up%2Fother.txt').replace('up/load.txt', 'up/other.txt'));
  t.equal(tampered.status, 403, 'another key under the same signature is refused');
  t.match(await tampered.text(), /<Code>SignatureDoesNotMatch<\/Code>/);
  const expiring = await getSignedUrl(client, new GetObjectCommand({ Bucket: 'shared', Key: 'up/load.txt' }), { expiresIn: 1 });
  await new Promise((resolve) => setTimeout(resolve, 2100));
  const late = await fetch(expiring);
  t.equal(late.status, 403, 'an expired URL is refused');
  t.match(await late.text(), /<Code>AccessDenied<\/Code>[\s\S]*expired/);
  const anonymous = await fetch(getUrl.split('?')[0] ?? '');
  t.equal(anonymous.status, 403, 'anonymous access is refused');
});

t.test('s3: DeleteObjects, verbose and quiet; then the bucket can go', async (t) => {
  const { s3 } = await s3Cluster(t);
  const { client } = await s3('dora');
  await client.send(new CreateBucketCommand({ Bucket: 'tmp' }));
  for (const key of ['a', 'b/c', 'd e']) await client.send(new PutObjectCommand({ Bucket: 'tmp', Key: key, Body: key }));
  const verbose = await client.send(new DeleteObjectsCommand({ Bucket: 'tmp', Delete: { Objects: [{ Key: 'a' }, { Key: 'missing' }, { Key: 'bad//key' }] } }));
  t.same(verbose.Deleted?.map((d) => d.Key), ['a', 'missing'], 'deleted keys, a missing one included, in request order');
  t.same(verbose.Errors?.map((e) => [e.Key, e.Code]), [['bad//key', 'InvalidArgument']]);
  const quiet = await client.send(new DeleteObjectsCommand({ Bucket: 'tmp', Delete: { Quiet: true, Objects: [{ Key: 'b/c' }, { Key: 'd e' }] } }));
  t.equal(quiet.Deleted, undefined, 'quiet mode lists no successes');
  t.equal((await client.send(new ListObjectsV2Command({ Bucket: 'tmp' }))).KeyCount, 0, 'every key is gone');
  await client.send(new DeleteBucketCommand({ Bucket: 'tmp' }));
  t.same((await client.send(new ListBucketsCommand({}))).Buckets ?? [], [], 'deleting every key empties the bucket, which can then be deleted');
});

t.test('s3: a key may take the name of a folder whose keys were all deleted, never of one still in use', async (t) => {
  const { s3 } = await s3Cluster(t);
  const { client } = await s3('renamer');
  await client.send(new CreateBucketCommand({ Bucket: 'reuse' }));
  await client.send(new PutObjectCommand({ Bucket: 'reuse', Key: 'a/b/c', Body: 'deep' }));
  await client.send(new PutObjectCommand({ Bucket: 'reuse', Key: 'x/y', Body: 'kept' }));
  await client.send(new PutObjectCommand({ Bucket: 'reuse', Key: 'm/', Body: '' }));
  await client.send(new DeleteObjectCommand({ Bucket: 'reuse', Key: 'a/b/c' }));
  await client.send(new PutObjectCommand({ Bucket: 'reuse', Key: 'a', Body: 'now a file' }));
  t.equal((await bytesOf((await client.send(new GetObjectCommand({ Bucket: 'reuse', Key: 'a' }))).Body)).toString(), 'now a file', 'the empty implicit folders gave way');
  await t.rejects(client.send(new PutObjectCommand({ Bucket: 'reuse', Key: 'x', Body: 'no' })), { name: 'InvalidArgument' }, 'a folder holding a key does not');
  await t.rejects(client.send(new PutObjectCommand({ Bucket: 'reuse', Key: 'm', Body: 'no' })), { name: 'InvalidArgument' }, 'nor does an explicit folder (a marker object)');
  await client.send(new PutObjectCommand({ Bucket: 'reuse', Key: 'p/q/r', Body: 'src' }));
  await client.send(new DeleteObjectCommand({ Bucket: 'reuse', Key: 'p/q/r' }));
  await client.send(new CopyObjectCommand({ Bucket: 'reuse', Key: 'p', CopySource: 'reuse/x/y' }));
  t.equal((await bytesOf((await client.send(new GetObjectCommand({ Bucket: 'reuse', Key: 'p' }))).Body)).toString(), 'kept', 'a copy takes its place too');
  const listed = await client.send(new ListObjectsV2Command({ Bucket: 'reuse' }));
  t.same(listed.Contents?.map((c) => c.Key), ['a', 'm/', 'p', 'x/y']);
});

t.test('s3: listings of awkward keys page exactly like one long list, with and without a delimiter', async (t) => {
  const { s3 } = await s3Cluster(t);
  const { client } = await s3('lister');
  await client.send(new CreateBucketCommand({ Bucket: 'awkward' }));
  const keys = ['a b', 'a+b', 'a-', 'a.', 'a/b', 'a/c/d', 'a0', 'a%2Fb', 'ab/', 'ab/x', 'é/ü', 'z/😀', 'zz'];
  for (const key of keys) await client.send(new PutObjectCommand({ Bucket: 'awkward', Key: key, Body: key }));
  // A namespace cannot hold a file and a folder of one name: S3 keys `a` and `a/b` cannot both exist.
  await t.rejects(client.send(new PutObjectCommand({ Bucket: 'awkward', Key: 'a', Body: 'x' })), { name: 'InvalidArgument' }, 'a key that is also a folder is refused');
  await t.rejects(client.send(new PutObjectCommand({ Bucket: 'awkward', Key: 'a/b/c', Body: 'x' })), { name: 'InvalidArgument' }, 'and so is a key below an object');
  const utf8Sorted = [...keys].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
  const walk = async (delimiter?: string) => {
    const items: string[] = [];
    let token: string | undefined;
    do {
      const page = await client.send(new ListObjectsV2Command({ Bucket: 'awkward', MaxKeys: 2, ContinuationToken: token, ...(delimiter ? { Delimiter: delimiter } : {}) }));
      t.ok((page.KeyCount ?? 0) <= 2, 'a page holds at most max-keys items');
      items.push(...(page.Contents ?? []).map((c) => c.Key ?? ''), ...(page.CommonPrefixes ?? []).map((p) => `prefix:${p.Prefix ?? ''}`));
      token = page.NextContinuationToken;
    } while (token !== undefined);
    return items;
  };
  t.same(await walk(), utf8Sorted, 'every key once, in UTF-8 byte order, across pages of 2 (the explicit folder ab/ included)');
  const rolled = await walk('/');
  t.same(rolled.filter((i) => !i.startsWith('prefix:')).sort(), ['a b', 'a+b', 'a-', 'a.', 'a0', 'a%2Fb', 'zz'].sort(), 'keys without a / after the prefix');
  t.same(rolled.filter((i) => i.startsWith('prefix:')).sort(), ['prefix:a/', 'prefix:ab/', 'prefix:z/', 'prefix:é/'].sort(), 'and one common prefix per folder');
  const v1 = await client.send(new ListObjectsCommand({ Bucket: 'awkward', Prefix: 'a/', Marker: 'a/b' }));
  t.same(v1.Contents?.map((c) => c.Key), ['a/c/d'], 'ListObjects v1 with a prefix and a marker');
});

t.test('s3: conditional PUTs are atomic against concurrent writers', async (t) => {
  const { s3 } = await s3Cluster(t);
  const { client } = await s3('cathy');
  await client.send(new CreateBucketCommand({ Bucket: 'cond' }));
  const created = await Promise.allSettled(['one', 'two', 'three'].map((body) => client.send(new PutObjectCommand({ Bucket: 'cond', Key: 'k', Body: body, IfNoneMatch: '*' }))));
  t.equal(created.filter((r) => r.status === 'fulfilled').length, 1, 'of three racing create-only PUTs exactly one wins');
  t.ok(created.filter((r) => r.status === 'rejected').every((r) => (r.reason as Error).name === 'PreconditionFailed'), 'the others get 412 PreconditionFailed');
  const current = await client.send(new HeadObjectCommand({ Bucket: 'cond', Key: 'k' }));
  const updated = await Promise.allSettled(['x', 'y'].map((body) => client.send(new PutObjectCommand({ Bucket: 'cond', Key: 'k', Body: body, IfMatch: current.ETag }))));
  t.equal(updated.filter((r) => r.status === 'fulfilled').length, 1, 'of two racing If-Match updates of one version exactly one wins');
  const winner = await bytesOf((await client.send(new GetObjectCommand({ Bucket: 'cond', Key: 'k' }))).Body);
  t.ok(['x', 'y'].includes(winner.toString()), 'the object is one writer\'s content');
  await t.rejects(client.send(new PutObjectCommand({ Bucket: 'cond', Key: 'k', Body: 'z', IfMatch: current.ETag })), { name: 'PreconditionFailed' }, 'a stale ETag is refused');
  await t.rejects(client.send(new PutObjectCommand({ Bucket: 'cond', Key: 'nope', Body: 'z', IfMatch: '"0123"' })), { name: 'NoSuchKey' });
  const etag = (await client.send(new HeadObjectCommand({ Bucket: 'cond', Key: 'k' }))).ETag;
  const notModified = await client.send(new GetObjectCommand({ Bucket: 'cond', Key: 'k', IfNoneMatch: etag })).then(() => 200, (err: { $metadata?: { httpStatusCode?: number } }) => err.$metadata?.httpStatusCode);
  t.equal(notModified, 304, 'a GET whose If-None-Match matches is 304 Not Modified');
});

t.test('s3: CopyObject shares the blocks (no byte moves); metadata COPY or REPLACE', async (t) => {
  const { s3, cluster } = await s3Cluster(t);
  const { client } = await s3('copier');
  await client.send(new CreateBucketCommand({ Bucket: 'src' }));
  await client.send(new CreateBucketCommand({ Bucket: 'dst' }));
  const data = randomBytes(2 * 1024 * 1024 + 5);
  const put = await client.send(new PutObjectCommand({ Bucket: 'src', Key: 'orig.bin', Body: data, ContentType: 'application/x-orig', Metadata: { tag: 'one' } }));
  const admin = cluster.client(cluster.adminToken);
  const blocksBefore = (await admin.nn.admin('Fsck', { path: '/', files: false, blocks: false })).blocks;
  const copied = await client.send(new CopyObjectCommand({ Bucket: 'dst', Key: 'deep/copy.bin', CopySource: 'src/orig.bin' }));
  t.equal(copied.CopyObjectResult?.ETag, put.ETag, 'the copy has the source\'s ETag');
  t.equal((await admin.nn.admin('Fsck', { path: '/', files: false, blocks: false })).blocks, blocksBefore, 'no new block: the copy shares the source\'s');
  const got = await client.send(new GetObjectCommand({ Bucket: 'dst', Key: 'deep/copy.bin' }));
  t.ok((await bytesOf(got.Body)).equals(data), 'the copy reads back');
  t.equal(got.ContentType, 'application/x-orig', 'COPY keeps the source\'s metadata');
  t.same(got.Metadata, { tag: 'one' });
  await client.send(new CopyObjectCommand({ Bucket: 'dst', Key: 'deep/copy.bin', CopySource: 'src/orig.bin', MetadataDirective: 'REPLACE', ContentType: 'text/x-new', Metadata: { tag: 'two' } }));
  const replaced = await client.send(new HeadObjectCommand({ Bucket: 'dst', Key: 'deep/copy.bin' }));
  t.equal(replaced.ContentType, 'text/x-new', 'REPLACE takes the request\'s metadata');
  t.same(replaced.Metadata, { tag: 'two' });
  t.equal(replaced.VersionId, '2', 'each copy is a new revision of the destination');
  await t.rejects(client.send(new CopyObjectCommand({ Bucket: 'src', Key: 'orig.bin', CopySource: 'src/orig.bin' })), { name: 'InvalidRequest' }, 'a copy onto itself without changes is refused');
  await t.rejects(client.send(new CopyObjectCommand({ Bucket: 'dst', Key: 'x', CopySource: 'src/missing' })), { name: 'NoSuchKey' });
  await t.rejects(client.send(new CopyObjectCommand({ Bucket: 'dst', Key: 'y', CopySource: 'src/orig.bin', CopySourceIfMatch: '"0000"' })), { name: 'PreconditionFailed' });
});

t.test('s3: virtual-host addressing (bucket.localhost) and the DELETE of one version is not a delete of all', async (t) => {
  const { s3, gateway } = await s3Cluster(t);
  const port = gateway.address.split(':')[1] ?? '';
  const { client } = await s3('vhost', { endpoint: `http://localhost:${port}`, forcePathStyle: false });
  // The SDK names the bucket in the Host (vhost-bucket.localhost); connect to loopback whatever that resolves to.
  client.middlewareStack.add((next) => async (args) => {
    (args.request as { hostname: string }).hostname = '127.0.0.1';
    return next(args);
  }, { step: 'finalizeRequest', priority: 'low' });
  await client.send(new CreateBucketCommand({ Bucket: 'vhost-bucket' }));
  await client.send(new PutObjectCommand({ Bucket: 'vhost-bucket', Key: 'dir/file.txt', Body: 'virtual' }));
  t.equal((await bytesOf((await client.send(new GetObjectCommand({ Bucket: 'vhost-bucket', Key: 'dir/file.txt' }))).Body)).toString(), 'virtual');
  t.same((await client.send(new ListObjectsV2Command({ Bucket: 'vhost-bucket' }))).Contents?.map((c) => c.Key), ['dir/file.txt']);
  const { client: pathStyle } = await s3('pathstyle');
  await t.rejects(pathStyle.send(new HeadBucketCommand({ Bucket: 'dir' })), 'no bucket was made from the key');
});

t.test('s3: versions are revisions — ListObjectVersions pages through them, GET reads any of them', async (t) => {
  const { s3 } = await s3Cluster(t);
  const { client } = await s3('vera');
  await client.send(new CreateBucketCommand({ Bucket: 'ver' }));
  for (const body of ['one', 'two', 'three']) await client.send(new PutObjectCommand({ Bucket: 'ver', Key: 'doc.txt', Body: body }));
  await client.send(new PutObjectCommand({ Bucket: 'ver', Key: 'dir/other.txt', Body: 'x' }));
  await client.send(new PutObjectCommand({ Bucket: 'ver', Key: 'folder/', Body: '' }));
  const all = await client.send(new ListObjectVersionsCommand({ Bucket: 'ver' }));
  t.same(all.Versions?.map((v) => [v.Key, v.VersionId, v.IsLatest]), [
    ['dir/other.txt', '1', true], ['doc.txt', '3', true], ['doc.txt', '2', false], ['doc.txt', '1', false], ['folder/', 'null', true],
  ], 'every revision, newest first within a key, keys in S3 order');
  const seen: string[] = [];
  let keyMarker: string | undefined;
  let versionIdMarker: string | undefined;
  for (let pages = 0; pages < 10; pages++) {
    const page = await client.send(new ListObjectVersionsCommand({ Bucket: 'ver', MaxKeys: 2, KeyMarker: keyMarker, VersionIdMarker: versionIdMarker }));
    seen.push(...(page.Versions ?? []).map((v) => `${v.Key}@${v.VersionId}`));
    if (!page.IsTruncated) break;
    keyMarker = page.NextKeyMarker;
    versionIdMarker = page.NextVersionIdMarker;
  }
  t.same(seen, ['dir/other.txt@1', 'doc.txt@3', 'doc.txt@2', 'doc.txt@1', 'folder/@null'], 'pages of 2 continue inside a key\'s versions');
  const rolled = await client.send(new ListObjectVersionsCommand({ Bucket: 'ver', Delimiter: '/' }));
  t.same(rolled.CommonPrefixes?.map((p) => p.Prefix), ['dir/', 'folder/']);
  t.same(rolled.Versions?.map((v) => v.Key), ['doc.txt', 'doc.txt', 'doc.txt']);
  const old = await client.send(new GetObjectCommand({ Bucket: 'ver', Key: 'doc.txt', VersionId: '1' }));
  t.equal((await bytesOf(old.Body)).toString(), 'one', 'GET with a versionId reads that revision');
  t.equal(old.VersionId, '1');

  const versionsOf = async (key: string) => ((await client.send(new ListObjectVersionsCommand({ Bucket: 'ver', Prefix: key }))).Versions ?? []).map((v) => v.VersionId);
  const text = async (key: string) => (await bytesOf((await client.send(new GetObjectCommand({ Bucket: 'ver', Key: key }))).Body)).toString();
  const removed = await client.send(new DeleteObjectCommand({ Bucket: 'ver', Key: 'doc.txt', VersionId: '2' }));
  t.equal(removed.VersionId, '2');
  t.same(await versionsOf('doc.txt'), ['3', '1'], 'DeleteObject with a versionId removes that version only');
  t.equal(await text('doc.txt'), 'three');
  await client.send(new DeleteObjectCommand({ Bucket: 'ver', Key: 'doc.txt', VersionId: '3' }));
  t.equal(await text('doc.txt'), 'one', 'deleting the newest version makes the one before it current');
  t.equal((await client.send(new PutObjectCommand({ Bucket: 'ver', Key: 'doc.txt', Body: 'four' }))).VersionId, '4', 'version ids are never reused');
  await client.send(new DeleteObjectCommand({ Bucket: 'ver', Key: 'doc.txt', VersionId: '9' }));
  t.same(await versionsOf('doc.txt'), ['4', '1'], 'deleting a version that does not exist changes nothing');
  await t.rejects(client.send(new DeleteObjectCommand({ Bucket: 'ver', Key: 'doc.txt', VersionId: 'abc' })), { name: 'InvalidArgument' });
  const batch = await client.send(new DeleteObjectsCommand({ Bucket: 'ver', Delete: { Objects: [{ Key: 'doc.txt', VersionId: '4' }, { Key: 'doc.txt', VersionId: '1' }] } }));
  t.same(batch.Deleted?.map((d) => [d.Key, d.VersionId]), [['doc.txt', '4'], ['doc.txt', '1']]);
  await t.rejects(client.send(new HeadObjectCommand({ Bucket: 'ver', Key: 'doc.txt' })), { name: 'NotFound' }, 'deleting the last version removes the key');
  t.same(await versionsOf('doc.txt'), []);
  t.equal(await text('dir/other.txt'), 'x', 'other keys are untouched');
});

t.test('s3: deleting a key never takes a folder of keys with it; folder markers read as empty objects', async (t) => {
  const { s3 } = await s3Cluster(t);
  const { client } = await s3('fiona');
  await client.send(new CreateBucketCommand({ Bucket: 'fold' }));
  await client.send(new PutObjectCommand({ Bucket: 'fold', Key: 'dir/', Body: '' }));
  await client.send(new PutObjectCommand({ Bucket: 'fold', Key: 'dir/inside.txt', Body: 'keep me' }));
  await client.send(new PutObjectCommand({ Bucket: 'fold', Key: 'implicit/inside.txt', Body: 'keep me too' }));
  const marker = await client.send(new HeadObjectCommand({ Bucket: 'fold', Key: 'dir/' }));
  t.equal(marker.ContentLength, 0, 'an explicit folder is the zero-byte object dir/');
  await t.rejects(client.send(new HeadObjectCommand({ Bucket: 'fold', Key: 'implicit/' })), 'an implicit folder is not an object');
  await client.send(new DeleteObjectCommand({ Bucket: 'fold', Key: 'dir' }));
  await client.send(new DeleteObjectCommand({ Bucket: 'fold', Key: 'implicit' }));
  const keys = (await client.send(new ListObjectsV2Command({ Bucket: 'fold' }))).Contents?.map((c) => c.Key);
  t.same(keys, ['dir/', 'dir/inside.txt', 'implicit/inside.txt'], 'deleting keys `dir` and `implicit` (no such objects) changed nothing');
  await t.rejects(client.send(new GetObjectCommand({ Bucket: 'nobucket', Key: 'k' })), { name: 'NoSuchBucket' });
  await client.send(new DeleteObjectCommand({ Bucket: 'fold', Key: 'dir/' }));
  t.same((await client.send(new ListObjectsV2Command({ Bucket: 'fold' }))).Contents?.map((c) => c.Key), ['dir/inside.txt', 'implicit/inside.txt'], 'the marker of a folder with keys goes alone');
  await client.send(new PutObjectCommand({ Bucket: 'fold', Key: 'implicit/', Body: '' }));
  t.same((await client.send(new ListObjectsV2Command({ Bucket: 'fold' }))).Contents?.map((c) => c.Key), ['dir/inside.txt', 'implicit/', 'implicit/inside.txt'], 'a marker PUT on a folder keys made lists');
  await t.rejects(client.send(new PutObjectCommand({ Bucket: 'fold', Key: 'dir/inside.txt/', Body: '' })), { name: 'InvalidArgument' }, 'a marker cannot take the name of an object');
  await client.send(new PutObjectCommand({ Bucket: 'fold', Key: 'dir/', Body: '' }));
  await client.send(new DeleteObjectCommand({ Bucket: 'fold', Key: 'dir/inside.txt' }));
  await client.send(new DeleteObjectCommand({ Bucket: 'fold', Key: 'dir/' }));
  t.same((await client.send(new ListObjectsV2Command({ Bucket: 'fold' }))).Contents?.map((c) => c.Key), ['implicit/', 'implicit/inside.txt'], 'an empty folder marker deletes');
});

t.test('s3: a small object whose replicas cannot be read is an error reply, without the object\'s headers', async (t) => {
  const { cluster, s3 } = await s3Cluster(t);
  const { client } = await s3('frank');
  await client.send(new CreateBucketCommand({ Bucket: 'fragile' }));
  const body = randomBytes(3000);
  await client.send(new PutObjectCommand({ Bucket: 'fragile', Key: 'small', Body: body }));
  const url = await getSignedUrl(client, new GetObjectCommand({ Bucket: 'fragile', Key: 'small' }), { expiresIn: 600 });
  const ok = await fetch(url);
  t.ok(Buffer.from(await ok.arrayBuffer()).equals(body), 'it reads back while its datanodes run');
  for (let i = 0; i < 3; i++) await cluster.stopDatanode(i);
  const failed = await fetch(url);
  t.equal(failed.status, 503, 'no replica answers: ServiceUnavailable');
  t.equal(failed.headers.get('etag'), null, 'the object\'s ETag is not on the error');
  t.equal(failed.headers.get('x-amz-version-id'), null);
  t.equal(failed.headers.get('content-type'), 'application/xml');
  t.match(await failed.text(), /<Code>ServiceUnavailable<\/Code>/, 'and the body is the XML error, whole');
});

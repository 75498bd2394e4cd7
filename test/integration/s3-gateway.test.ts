// The S3 gateway with the real AWS SDK (default settings: CRC32 checksums, aws-chunked stream
// bodies with trailers) against a real in-process cluster: buckets, objects, ranges, listings,
// and the errors a bad signature, a tampered body or another user's bucket get.
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import t, { type Test } from 'tap';
import {
  CreateBucketCommand, DeleteBucketCommand, DeleteObjectCommand, GetObjectCommand, HeadBucketCommand, HeadObjectCommand, ListBucketsCommand,
  ListObjectsV2Command, PutObjectCommand, S3Client, type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { loadConfig } from '../../src/common/config.js';
import { Gateway } from '../../src/gateway/gateway.js';
import { MiniCluster, miniClusterSecret } from '../harness/mini-cluster.js';

async function s3Cluster(t: Test) {
  const cluster = await MiniCluster.start({ datanodes: 3 });
  t.teardown(() => cluster.stop());
  const admin = cluster.client(cluster.adminToken);
  const config = loadConfig({ flags: { host: '127.0.0.1', httpPort: 0, namenodes: [cluster.namenode.rpcAddress], clusterSecret: miniClusterSecret, logLevel: 'silent' } });
  const gateway = await Gateway.start({ config });
  t.teardown(() => gateway.stop());
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

// The S3 side of the authorization matrix (issue 7), with the real AWS SDK against a real gateway
// and cluster: every S3 operation × every kind of caller — the bucket's owner, an editor and a
// viewer it is shared with, a stranger, an anonymous request, an admin, a revoked key and an
// expired presigned URL — ends exactly as expected, and a refused call changes nothing (the
// buckets, object versions with their ETags, open uploads and their parts are as before, and
// the bytes too). Then inheritance: a grant on a bucket covers keys written later, and an
// Unshare holds for the very next request, even while the gateway's per-session caches
// remember the bucket.
//
// The gateway runs on a frozen clock: what it caches for a while (the buckets and folders a
// session found) is cached for the whole file, so nothing here passes only because a cache
// entry happened to expire.
import { createHash } from 'node:crypto';
import t, { type Test } from 'tap';
import {
  AbortMultipartUploadCommand, CompleteMultipartUploadCommand, CopyObjectCommand, CreateBucketCommand, CreateMultipartUploadCommand, DeleteBucketCommand,
  DeleteObjectCommand, GetBucketAclCommand, GetObjectCommand, HeadBucketCommand, HeadObjectCommand, ListBucketsCommand, ListMultipartUploadsCommand, ListObjectsV2Command,
  ListObjectVersionsCommand, ListPartsCommand, PutObjectCommand, S3Client, UploadPartCommand, type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { loadConfig } from '../../src/common/config.js';
import type { CairnClient } from '../../src/client/cairn-client.js';
import { Gateway } from '../../src/gateway/gateway.js';
import { s3Status, type S3ErrorCode } from '../../src/gateway/s3-errors.js';
import { MiniCluster, miniClusterSecret } from '../harness/mini-cluster.js';
import { sdkClient } from '../harness/s3-cluster.js';

/** An SDK command (the SDK's own command types do not unify; each is sent as the SDK's `send` takes it). */
type Command = object;
type SdkCommand = Parameters<S3Client['send']>[0];
type CallerName = 'owner' | 'editor' | 'viewer' | 'stranger' | 'admin' | 'anonymous' | 'revoked' | 'expired';
type Expected = 'OK' | S3ErrorCode;

interface Caller {
  name: CallerName;
  /** Sends commands (for `anonymous`: unsigned; for `expired`: the owner's, presigned long ago). */
  client: S3Client;
  /** The same credentials, presigning as AWS advises (no checksum of an empty body signed in). */
  presigner: S3Client;
  /** A bucket of the caller's own (for `anonymous`, `revoked`: the editor's; for `expired`: the owner's). */
  ownBucket: string;
}

interface Call {
  command: Command;
  /** Undoes the fixture when the call left it in place (an upload still open), so snapshots stay small. */
  cleanup?: () => Promise<unknown>;
}

interface Operation {
  name: string;
  method: 'GET' | 'HEAD' | 'PUT' | 'POST' | 'DELETE';
  /** Sent as a presigned URL (plain fetch) by every caller with a key. */
  presigned?: boolean;
  /** The body of a presigned or expired fetch. */
  body?: string;
  /** Changes state when allowed: then a refusal must change nothing, and an allowed call something. */
  mutates: boolean;
  /** The buckets whose state a call may change (beyond the bucket list). */
  watch?: (caller: Caller) => string[];
  make(caller: Caller, n: number): Promise<Call>;
  expect: Record<CallerName, Expected>;
}

const bucket = 'shared-b';
const docV1 = 'the first revision of doc.txt';
const docV2 = 'the second revision of doc.txt, newer';
/** The `expired` caller's URLs are the owner's, signed this long ago for 60 s: expired for 9 minutes. */
const longAgoMs = 10 * 60_000;

/** Who may read, and who may write: the rest of every row. */
const unauthenticated = { anonymous: 'AccessDenied', revoked: 'InvalidAccessKeyId', expired: 'AccessDenied' } as const;
const read: Record<CallerName, Expected> = { owner: 'OK', editor: 'OK', viewer: 'OK', stranger: 'AccessDenied', admin: 'OK', ...unauthenticated };
const write: Record<CallerName, Expected> = { ...read, viewer: 'AccessDenied' };

async function bytesOf(body: unknown): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Uint8Array>) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/** `OK`, or the S3 error code and status a call ended with (HEAD has no body: only its status). */
async function sdkOutcome(method: string, promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'OK';
  } catch (err) {
    const failure = err as { name?: string; $metadata?: { httpStatusCode?: number } };
    const status = failure.$metadata?.httpStatusCode ?? '?';
    return method === 'HEAD' ? String(status) : `${failure.name ?? String(err)} ${status}`;
  }
}

async function fetchOutcome(url: string, method: string, body: string | undefined): Promise<string> {
  const response = await fetch(url, { method, ...(body === undefined ? {} : { body }) });
  const text = await response.text();
  if (response.ok) return 'OK';
  if (method === 'HEAD') return String(response.status);
  return `${/<Code>([^<]+)<\/Code>/.exec(text)?.[1] ?? text.slice(0, 100)} ${response.status}`;
}

function expectedOutcome(method: string, expected: Expected): string {
  if (expected === 'OK') return 'OK';
  return method === 'HEAD' ? String(s3Status[expected]) : `${expected} ${s3Status[expected]}`;
}

async function presign(client: S3Client, command: Command, signingDate?: Date): Promise<string> {
  return getSignedUrl(client, command as Parameters<typeof getSignedUrl>[1], {
    expiresIn: 60, ...(signingDate === undefined ? {} : { signingDate }),
  });
}

async function world(t: Test) {
  const cluster = await MiniCluster.start({ datanodes: 3 });
  t.teardown(() => cluster.stop());
  const frozenMs = Date.now();
  const config = loadConfig({ flags: { host: '127.0.0.1', httpPort: 0, namenodes: [cluster.namenode.rpcAddress], clusterSecret: miniClusterSecret, logLevel: 'silent' } });
  const gateway = await Gateway.start({ config, clock: { now: () => frozenMs } });
  t.teardown(() => gateway.stop());
  const s3 = (keys: { accessKeyId: string; secretAccessKey: string }, extra: Partial<S3ClientConfig> = {}) => sdkClient(t, gateway, keys, extra);
  const both = (keys: { accessKeyId: string; secretAccessKey: string }) => ({ client: s3(keys), presigner: s3(keys, { requestChecksumCalculation: 'WHEN_REQUIRED' }) });

  const adminNative = cluster.client(cluster.adminToken);
  const natives = new Map<string, CairnClient>();
  const user = async (name: string) => {
    const keys = await adminNative.nn.admin('UserAdd', { name });
    natives.set(name, cluster.client(keys.token));
    return keys;
  };
  const [aliceKeys, bobKeys, carolKeys, daveKeys] = [await user('alice'), await user('bob'), await user('carol'), await user('dave')];
  const adminKeys = await adminNative.nn.admin('UserKeyAdd', { name: 'admin', accessKey: '', secretKey: '' });
  const native = (name: string): CairnClient => natives.get(name) ?? adminNative;

  const alice = both(aliceKeys);
  const bob = both(bobKeys);
  const carol = both(carolKeys);
  const dave = both(daveKeys);
  const admin = both(adminKeys);
  const auditor = s3(adminKeys);
  const anonymous = s3({ accessKeyId: 'ANONYMOUS0000000', secretAccessKey: 'unused-unused-unused' }, { signer: { sign: async (request) => request } });

  await alice.client.send(new CreateBucketCommand({ Bucket: bucket }));
  await alice.client.send(new PutObjectCommand({ Bucket: bucket, Key: 'doc.txt', Body: docV1 }));
  await alice.client.send(new PutObjectCommand({ Bucket: bucket, Key: 'doc.txt', Body: docV2 }));
  const share = (path: string, name: string, role: string) => native('alice').nn.call('Share', { path, user: name, role });
  await share(`/buckets/${bucket}`, 'bob', 'editor');
  await share(`/buckets/${bucket}`, 'carol', 'viewer');

  // Bob's second key, used on the shared bucket (the gateway keeps its session and remembers the
  // bucket as seen), then revoked.
  const spare = await adminNative.nn.admin('UserKeyAdd', { name: 'bob', accessKey: '', secretKey: '' });
  const revoked = both(spare);
  await revoked.client.send(new HeadBucketCommand({ Bucket: bucket }));
  await revoked.client.send(new GetObjectCommand({ Bucket: bucket, Key: 'doc.txt' }));
  await adminNative.nn.admin('UserKeyRevoke', { name: 'bob', accessKeyId: spare.accessKeyId });
  for (const [name, who] of [['alice', alice], ['bob', bob], ['carol', carol], ['dave', dave], ['admin', admin]] as const) {
    await who.client.send(new CreateBucketCommand({ Bucket: `${name}-own` }));
    await who.client.send(new PutObjectCommand({ Bucket: `${name}-own`, Key: 'mine.txt', Body: `${name}'s own` }));
  }

  const callers: Caller[] = [
    { name: 'owner', ...alice, ownBucket: 'alice-own' },
    { name: 'editor', ...bob, ownBucket: 'bob-own' },
    { name: 'viewer', ...carol, ownBucket: 'carol-own' },
    { name: 'stranger', ...dave, ownBucket: 'dave-own' },
    { name: 'admin', ...admin, ownBucket: 'admin-own' },
    { name: 'anonymous', client: anonymous, presigner: anonymous, ownBucket: 'bob-own' },
    { name: 'revoked', ...revoked, ownBucket: 'bob-own' },
    { name: 'expired', ...alice, ownBucket: 'alice-own' },
  ];

  /** Everything a call could change in `buckets`, as comparable lines. */
  const snapshot = async (buckets: string[]): Promise<string[]> => {
    const lines = ((await auditor.send(new ListBucketsCommand({}))).Buckets ?? []).map((b) => `bucket ${b.Name}`);
    for (const name of buckets) {
      if (!lines.includes(`bucket ${name}`)) continue;
      const versions = await auditor.send(new ListObjectVersionsCommand({ Bucket: name }));
      for (const v of versions.Versions ?? []) lines.push(`${name}/${v.Key}@${v.VersionId} ${v.ETag} ${v.Size}`);
      const uploads = await auditor.send(new ListMultipartUploadsCommand({ Bucket: name }));
      for (const u of uploads.Uploads ?? []) {
        const parts = await auditor.send(new ListPartsCommand({ Bucket: name, Key: u.Key, UploadId: u.UploadId }));
        lines.push(`${name}/${u.Key} upload ${u.UploadId} by ${u.Owner?.DisplayName ?? u.Owner?.ID}: ${(parts.Parts ?? []).map((p) => `${p.PartNumber}=${p.ETag}`).join(' ')}`);
      }
    }
    const doc = await auditor.send(new GetObjectCommand({ Bucket: bucket, Key: 'doc.txt' }));
    lines.push(`doc.txt sha256 ${createHash('sha256').update(await bytesOf(doc.Body)).digest('hex')}`);
    return lines;
  };

  /** Deletes every key but the fixtures' from `buckets`, so that snapshots stay small. */
  const tidy = async (buckets: string[]) => {
    for (const name of buckets) {
      const listed = await auditor.send(new ListObjectsV2Command({ Bucket: name }));
      for (const o of listed.Contents ?? []) if (o.Key !== 'doc.txt' && o.Key !== 'mine.txt') await auditor.send(new DeleteObjectCommand({ Bucket: name, Key: o.Key }));
    }
  };

  return { cluster, gateway, tidy, alice, bob, carol, dave, admin, auditor, anonymous, callers, native, share, snapshot };
}

const w = await world(t);

t.test('s3: the authorization matrix — every operation by every caller, and a refusal changes nothing', async (t) => {
  const owner = w.alice.client;
  const put = (key: string, body: string) => owner.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
  /** An upload of the owner's with one part, for the calls that try to continue it. */
  const ownersUpload = async (key: string) => {
    const { UploadId } = await owner.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }));
    const part = await owner.send(new UploadPartCommand({ Bucket: bucket, Key: key, UploadId, PartNumber: 1, Body: 'part one' }));
    const cleanup = () => owner.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId })).catch(() => undefined);
    return { UploadId, ETag: part.ETag, cleanup };
  };
  const others = { editor: 'NoSuchUpload', viewer: 'NoSuchUpload', stranger: 'AccessDenied' } as const;

  const operations: Operation[] = [
    { name: 'ListBuckets', method: 'GET', mutates: false, expect: { ...read, stranger: 'OK' }, make: async () => ({ command: new ListBucketsCommand({}) }) },
    { name: 'HeadBucket', method: 'HEAD', mutates: false, expect: read, make: async () => ({ command: new HeadBucketCommand({ Bucket: bucket }) }) },
    { name: 'ListObjectsV2', method: 'GET', mutates: false, expect: read, make: async () => ({ command: new ListObjectsV2Command({ Bucket: bucket }) }) },
    { name: 'ListObjectVersions', method: 'GET', mutates: false, expect: read, make: async () => ({ command: new ListObjectVersionsCommand({ Bucket: bucket }) }) },
    { name: 'ListMultipartUploads', method: 'GET', mutates: false, expect: read, make: async () => ({ command: new ListMultipartUploadsCommand({ Bucket: bucket }) }) },
    { name: 'GetObject', method: 'GET', mutates: false, expect: read, make: async () => ({ command: new GetObjectCommand({ Bucket: bucket, Key: 'doc.txt' }) }) },
    { name: 'GetObject versionId (an older revision)', method: 'GET', mutates: false, expect: read, make: async () => ({ command: new GetObjectCommand({ Bucket: bucket, Key: 'doc.txt', VersionId: '1' }) }) },
    { name: 'HeadObject', method: 'HEAD', mutates: false, expect: read, make: async () => ({ command: new HeadObjectCommand({ Bucket: bucket, Key: 'doc.txt' }) }) },
    { name: 'presigned GET', method: 'GET', presigned: true, mutates: false, expect: read, make: async () => ({ command: new GetObjectCommand({ Bucket: bucket, Key: 'doc.txt' }) }) },
    {
      name: 'PutObject (a new key in a new folder)', method: 'PUT', body: 'new bytes', mutates: true, expect: write,
      make: async (c, n) => ({ command: new PutObjectCommand({ Bucket: bucket, Key: `put/${c.name}-${n}/new.txt`, Body: 'new bytes' }) }),
    },
    {
      name: 'PutObject (overwriting doc.txt)', method: 'PUT', body: 'overwritten', mutates: true, expect: write,
      // doc.txt is put back for the next caller
      make: async (c) => ({ command: new PutObjectCommand({ Bucket: bucket, Key: 'doc.txt', Body: `overwritten by ${c.name}` }), cleanup: () => put('doc.txt', docV2) }),
    },
    {
      name: 'presigned PUT', method: 'PUT', presigned: true, body: 'presigned bytes', mutates: true, expect: write,
      make: async (c, n) => ({ command: new PutObjectCommand({ Bucket: bucket, Key: `presigned/${c.name}-${n}.txt`, Body: 'presigned bytes' }) }),
    },
    {
      name: 'DeleteObject', method: 'DELETE', mutates: true, expect: write,
      make: async (c, n) => {
        await put(`victim/${c.name}-${n}.txt`, 'doomed');
        return { command: new DeleteObjectCommand({ Bucket: bucket, Key: `victim/${c.name}-${n}.txt` }) };
      },
    },
    {
      // The namenode lets whoever may change a file purge one of its older revisions (editors too).
      name: 'DeleteObject versionId (an older revision)', method: 'DELETE', mutates: true, expect: write,
      make: async (c, n) => {
        await put(`versioned/${c.name}-${n}.txt`, 'old');
        await put(`versioned/${c.name}-${n}.txt`, 'new');
        return { command: new DeleteObjectCommand({ Bucket: bucket, Key: `versioned/${c.name}-${n}.txt`, VersionId: '1' }) };
      },
    },
    {
      name: 'CopyObject within the shared bucket', method: 'PUT', mutates: true, expect: write,
      make: async (c, n) => ({ command: new CopyObjectCommand({ Bucket: bucket, Key: `copy/${c.name}-${n}.txt`, CopySource: `${bucket}/doc.txt` }) }),
    },
    {
      name: 'CopyObject out of the shared bucket (into the caller\'s own)', method: 'PUT', mutates: true, expect: read,
      watch: (c) => [c.ownBucket],
      make: async (c, n) => ({ command: new CopyObjectCommand({ Bucket: c.ownBucket, Key: `from-shared-${c.name}-${n}.txt`, CopySource: `${bucket}/doc.txt` }) }),
    },
    {
      name: 'CopyObject into the shared bucket (from the caller\'s own)', method: 'PUT', mutates: true, expect: write,
      make: async (c, n) => ({ command: new CopyObjectCommand({ Bucket: bucket, Key: `copied-in/${c.name}-${n}.txt`, CopySource: `${c.ownBucket}/mine.txt` }) }),
    },
    {
      name: 'CreateMultipartUpload', method: 'POST', mutates: true, expect: write,
      make: async (c, n) => {
        const key = `mp/${c.name}-${n}.bin`;
        const cleanup = async () => {
          const open = await w.auditor.send(new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: key }));
          for (const u of open.Uploads ?? []) await w.auditor.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: u.UploadId }));
        };
        return { command: new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }), cleanup };
      },
    },
    {
      // Only an upload's owner continues it; to anyone else who may see the bucket it does not exist.
      name: 'UploadPart to the owner\'s upload', method: 'PUT', body: 'part two', mutates: true, expect: { ...write, ...others, admin: 'AccessDenied' },
      make: async (_c, n) => {
        const key = `owners-mp/part-${n}.bin`;
        const { UploadId, cleanup } = await ownersUpload(key);
        return { command: new UploadPartCommand({ Bucket: bucket, Key: key, UploadId, PartNumber: 2, Body: 'part two' }), cleanup };
      },
    },
    {
      name: 'ListParts of the owner\'s upload', method: 'GET', mutates: false, expect: { ...read, ...others },
      make: async (_c, n) => {
        const key = `owners-mp/list-${n}.bin`;
        const { UploadId, cleanup } = await ownersUpload(key);
        return { command: new ListPartsCommand({ Bucket: bucket, Key: key, UploadId }), cleanup };
      },
    },
    {
      name: 'CompleteMultipartUpload of the owner\'s upload', method: 'POST', mutates: true, expect: { ...write, ...others, admin: 'AccessDenied' },
      make: async (_c, n) => {
        const key = `owners-mp/complete-${n}.bin`;
        const { UploadId, ETag, cleanup } = await ownersUpload(key);
        return { command: new CompleteMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag }] } }), cleanup };
      },
    },
    {
      // An admin may abort anyone's upload (and so release what it holds).
      name: 'AbortMultipartUpload of the owner\'s upload', method: 'DELETE', mutates: true, expect: { ...write, ...others },
      make: async (_c, n) => {
        const key = `owners-mp/abort-${n}.bin`;
        const { UploadId, cleanup } = await ownersUpload(key);
        return { command: new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId }), cleanup };
      },
    },
    {
      name: 'DeleteBucket (empty, shared)', method: 'DELETE', mutates: true,
      expect: { ...write, editor: 'AccessDenied', viewer: 'AccessDenied' },
      watch: () => [],
      make: async (c, n) => {
        const name = `gone-${c.name}-${n}`;
        await owner.send(new CreateBucketCommand({ Bucket: name }));
        await w.share(`/buckets/${name}`, 'bob', 'editor');
        await w.share(`/buckets/${name}`, 'carol', 'viewer');
        return { command: new DeleteBucketCommand({ Bucket: name }) };
      },
    },
    {
      // Who may not delete the bucket is told so, whether or not it is empty.
      name: 'DeleteBucket (not empty, shared)', method: 'DELETE', mutates: true,
      expect: { ...write, owner: 'BucketNotEmpty', admin: 'BucketNotEmpty', editor: 'AccessDenied', viewer: 'AccessDenied' },
      make: async () => ({ command: new DeleteBucketCommand({ Bucket: bucket }) }),
    },
  ];

  let n = 0;
  for (const op of operations) {
    for (const caller of w.callers) {
      n++;
      const call = await op.make(caller, n);
      const watched = [bucket, ...(op.watch?.(caller) ?? [])];
      const before = op.mutates ? await w.snapshot(watched) : [];
      let outcome: string;
      if (caller.name === 'expired') {
        const url = await presign(caller.presigner, call.command, new Date(Date.now() - longAgoMs));
        outcome = await fetchOutcome(url, op.method, op.body);
      } else if (op.presigned && caller.name !== 'anonymous') {
        outcome = await fetchOutcome(await presign(caller.presigner, call.command), op.method, op.body);
      } else {
        outcome = await sdkOutcome(op.method, caller.client.send(call.command as SdkCommand));
      }
      const expected = op.expect[caller.name];
      t.equal(outcome, expectedOutcome(op.method, expected), `${op.name} by the ${caller.name}`);
      if (op.mutates) {
        const after = await w.snapshot(watched);
        if (expected === 'OK') t.not(after.join('\n'), before.join('\n'), `${op.name} by the ${caller.name} did something`);
        else t.same(after, before, `${op.name} refused to the ${caller.name}: nothing changed`);
      }
      await call.cleanup?.();
      if (op.mutates) await w.tidy(watched);
    }
  }

  // What ListBuckets shows: the shared bucket to its editor and viewer, never to the stranger.
  const names = async (client: S3Client) => ((await client.send(new ListBucketsCommand({}))).Buckets ?? []).map((b) => b.Name).filter((b) => !b?.startsWith('gone-'));
  t.same(await names(w.alice.client), ['alice-own', bucket]);
  t.same(await names(w.bob.client), ['bob-own', bucket], 'the editor sees the shared bucket');
  t.same(await names(w.carol.client), ['carol-own', bucket], 'the viewer too');
  t.same(await names(w.dave.client), ['dave-own'], 'the stranger sees only their own');
  t.same(await names(w.admin.client), ['admin-own', 'alice-own', 'bob-own', 'carol-own', 'dave-own', bucket], 'the admin sees every bucket');

  // The viewer reads every revision, by version id.
  const versions = (await w.carol.client.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: 'doc.txt' }))).Versions ?? [];
  t.ok(versions.length >= 2, 'the viewer lists doc.txt\'s revisions');
  const first = await w.carol.client.send(new GetObjectCommand({ Bucket: bucket, Key: 'doc.txt', VersionId: '1' }));
  t.equal((await bytesOf(first.Body)).toString(), docV1, 'and reads the first one');
});

t.test('s3: a revoked key is refused, and once the namenode refused its session the gateway forgets it', async (t) => {
  const keys = await w.native('admin').nn.admin('UserKeyAdd', { name: 'bob', accessKey: '', secretKey: '' });
  const client = sdkClient(t, w.gateway, keys);
  await client.send(new HeadBucketCommand({ Bucket: bucket }));
  t.equal(await sdkOutcome('GET', client.send(new GetBucketAclCommand({ Bucket: bucket }))), 'NotImplemented 501', 'a valid key reaches the API (which Cairn does not implement)');
  await w.native('admin').nn.admin('UserKeyRevoke', { name: 'bob', accessKeyId: keys.accessKeyId });
  t.equal(await sdkOutcome('GET', client.send(new GetObjectCommand({ Bucket: bucket, Key: 'doc.txt' }))), 'InvalidAccessKeyId 403', 'the namenode refuses the session of a revoked key');
  t.equal(await sdkOutcome('HEAD', client.send(new HeadBucketCommand({ Bucket: bucket }))), '403', 'a bucket the session saw before is no exception');
  t.equal(await sdkOutcome('GET', client.send(new GetBucketAclCommand({ Bucket: bucket }))), 'InvalidAccessKeyId 403', 'the key itself is refused now, before anything else is looked at');
});

t.test('s3: an editor\'s multipart upload is theirs alone, even in the owner\'s bucket', async (t) => {
  const key = 'editors/upload.bin';
  const { UploadId } = await w.bob.client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }));
  const part = await w.bob.client.send(new UploadPartCommand({ Bucket: bucket, Key: key, UploadId, PartNumber: 1, Body: 'the editor\'s part' }));
  const before = await w.snapshot([bucket]);
  for (const [who, client] of [['owner', w.alice.client], ['viewer', w.carol.client]] as const) {
    t.equal(await sdkOutcome('PUT', client.send(new UploadPartCommand({ Bucket: bucket, Key: key, UploadId, PartNumber: 2, Body: 'not theirs' }))), 'NoSuchUpload 404', `the ${who} cannot continue it`);
    t.equal(await sdkOutcome('GET', client.send(new ListPartsCommand({ Bucket: bucket, Key: key, UploadId }))), 'NoSuchUpload 404', `nor list its parts`);
    const complete = new CompleteMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] } });
    t.equal(await sdkOutcome('POST', client.send(complete)), 'NoSuchUpload 404', 'nor complete it');
    t.equal(await sdkOutcome('DELETE', client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId }))), 'NoSuchUpload 404', 'nor abort it');
    const listed = await client.send(new ListMultipartUploadsCommand({ Bucket: bucket }));
    t.same((listed.Uploads ?? []).map((u) => u.UploadId), [], `the ${who} is not shown it`);
  }
  t.same(await w.snapshot([bucket]), before, 'nothing changed');
  t.same(((await w.bob.client.send(new ListMultipartUploadsCommand({ Bucket: bucket }))).Uploads ?? []).map((u) => u.UploadId), [UploadId], 'its owner sees it');
  await w.bob.client.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] } }));
  t.equal((await w.native('alice').nn.call('Stat', { path: `/buckets/${bucket}/${key}` })).owner, 'alice', 'the object, made in her bucket, is the bucket owner\'s');
  const got = await w.carol.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  t.equal((await bytesOf(got.Body)).toString(), 'the editor\'s part', 'and the viewer reads it');
});

t.test('s3: a grant on a bucket covers keys written later; an Unshare holds for the very next request', async (t) => {
  const b = 'inherit-b';
  const path = `/buckets/${b}`;
  const { alice, bob, carol } = w;
  await alice.client.send(new CreateBucketCommand({ Bucket: b }));
  await w.share(path, 'carol', 'viewer');
  await w.share(path, 'bob', 'editor');
  // Written after the grants, folders deep: covered by them.
  await alice.client.send(new PutObjectCommand({ Bucket: b, Key: 'later/deep/down/x.txt', Body: 'v1' }));
  t.equal((await bytesOf((await carol.client.send(new GetObjectCommand({ Bucket: b, Key: 'later/deep/down/x.txt' }))).Body)).toString(), 'v1', 'the viewer reads a key written after the grant');
  await bob.client.send(new PutObjectCommand({ Bucket: b, Key: 'later/deep/down/x.txt', Body: 'v2' }));
  await bob.client.send(new PutObjectCommand({ Bucket: b, Key: 'by-bob/new.txt', Body: 'from the editor' }));
  t.equal((await w.native('alice').nn.call('Stat', { path: `${path}/by-bob/new.txt` })).owner, 'alice', 'what the editor creates belongs to the bucket\'s owner');
  const keys = await carol.client.send(new ListObjectsV2Command({ Bucket: b }));
  t.same((keys.Contents ?? []).map((o) => o.Key), ['by-bob/new.txt', 'later/deep/down/x.txt'], 'the viewer lists every key, the editor\'s too');
  const v1 = await carol.client.send(new GetObjectCommand({ Bucket: b, Key: 'later/deep/down/x.txt', VersionId: '1' }));
  t.equal((await bytesOf(v1.Body)).toString(), 'v1', 'and reads the older revision');

  // The viewer's session has just found the bucket, its folders and keys: the gateway remembers
  // them (for good, on this frozen clock). None of that may outlive the grant.
  await carol.client.send(new HeadBucketCommand({ Bucket: b }));
  await carol.client.send(new ListMultipartUploadsCommand({ Bucket: b }));
  const presignedGet = await presign(carol.presigner, new GetObjectCommand({ Bucket: b, Key: 'later/deep/down/x.txt' }));
  t.equal(await fetchOutcome(presignedGet, 'GET', undefined), 'OK');
  await w.native('alice').nn.call('Unshare', { path, user: 'carol', role: '' });
  const denied = 'AccessDenied 403';
  t.equal(await sdkOutcome('GET', carol.client.send(new GetObjectCommand({ Bucket: b, Key: 'later/deep/down/x.txt' }))), denied, 'GetObject: refused at once');
  t.equal(await sdkOutcome('GET', carol.client.send(new GetObjectCommand({ Bucket: b, Key: 'later/deep/down/x.txt', VersionId: '1' }))), denied, 'an older revision too');
  t.equal(await sdkOutcome('HEAD', carol.client.send(new HeadObjectCommand({ Bucket: b, Key: 'later/deep/down/x.txt' }))), '403', 'HeadObject');
  t.equal(await sdkOutcome('HEAD', carol.client.send(new HeadBucketCommand({ Bucket: b }))), '403', 'HeadBucket, though the bucket was seen just now');
  t.equal(await sdkOutcome('GET', carol.client.send(new ListObjectsV2Command({ Bucket: b }))), denied, 'ListObjectsV2');
  t.equal(await sdkOutcome('GET', carol.client.send(new ListObjectVersionsCommand({ Bucket: b }))), denied, 'ListObjectVersions');
  t.equal(await sdkOutcome('GET', carol.client.send(new ListMultipartUploadsCommand({ Bucket: b }))), denied, 'ListMultipartUploads');
  t.equal(await sdkOutcome('PUT', carol.client.send(new CopyObjectCommand({ Bucket: 'carol-own', Key: 'stolen.txt', CopySource: `${b}/later/deep/down/x.txt` }))), denied, 'CopyObject out of it');
  t.equal(await fetchOutcome(presignedGet, 'GET', undefined), denied, 'a URL presigned before the Unshare');
  t.notOk(((await carol.client.send(new ListBucketsCommand({}))).Buckets ?? []).some((x) => x.Name === b), 'ListBuckets no longer shows it');

  // The editor, with an upload open, loses the grant: nothing more goes in.
  const key = 'by-bob/parts.bin';
  const { UploadId } = await bob.client.send(new CreateMultipartUploadCommand({ Bucket: b, Key: key }));
  const part = await bob.client.send(new UploadPartCommand({ Bucket: b, Key: key, UploadId, PartNumber: 1, Body: 'part one' }));
  t.equal((await bytesOf((await bob.client.send(new GetObjectCommand({ Bucket: b, Key: 'by-bob/new.txt' }))).Body)).toString(), 'from the editor', 'the editor is unaffected by the viewer\'s Unshare');
  await w.native('alice').nn.call('Unshare', { path, user: 'bob', role: '' });
  const before = await w.snapshot([b]);
  t.equal(await sdkOutcome('PUT', bob.client.send(new PutObjectCommand({ Bucket: b, Key: 'by-bob/new.txt', Body: 'overwrite' }))), denied, 'PutObject: refused at once');
  t.equal(await sdkOutcome('PUT', bob.client.send(new PutObjectCommand({ Bucket: b, Key: 'by-bob/another.txt', Body: 'new' }))), denied, 'a new key in a folder seen just now too');
  t.equal(await sdkOutcome('DELETE', bob.client.send(new DeleteObjectCommand({ Bucket: b, Key: 'by-bob/new.txt' }))), denied, 'DeleteObject');
  t.equal(await sdkOutcome('PUT', bob.client.send(new UploadPartCommand({ Bucket: b, Key: key, UploadId, PartNumber: 2, Body: 'part two' }))), denied, 'UploadPart to the open upload');
  const complete = new CompleteMultipartUploadCommand({ Bucket: b, Key: key, UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] } });
  t.equal(await sdkOutcome('POST', bob.client.send(complete)), denied, 'CompleteMultipartUpload');
  t.same(await w.snapshot([b]), before, 'nothing changed');
});

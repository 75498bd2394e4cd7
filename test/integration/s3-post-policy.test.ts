// Browser uploads (S3 POST Object with a SigV4 POST policy) against a real cluster: forms made by
// the AWS SDK's createPresignedPost and by boto3's generate_presigned_post, sent as a browser
// sends them (multipart/form-data, the file last), read back byte for byte with their metadata;
// then every refusal a form can meet — each with S3's status and code, and nothing stored.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { promisify } from 'node:util';
import t, { type Test } from 'tap';
import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost, type PresignedPostOptions } from '@aws-sdk/s3-presigned-post';
import { startS3Cluster } from '../harness/s3-cluster.js';

const run = promisify(execFile);
/** The environment without AWS_* settings of the machine (a CA bundle, a profile) that would change what boto3 does. */
const baseEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_')));

interface Answer {
  status: number;
  headers: Headers;
  text: string;
}

async function setup(t: Test) {
  const { cluster, gateway } = await startS3Cluster(t);
  const admin = cluster.client(cluster.adminToken);
  const clients: S3Client[] = [];
  t.teardown(() => clients.forEach((c) => c.destroy()));
  const user = async (name: string) => {
    const keys = await admin.nn.admin('UserAdd', { name });
    const client = new S3Client({
      endpoint: `http://${gateway.address}`, region: 'us-east-1', forcePathStyle: true,
      credentials: { accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey },
    });
    clients.push(client);
    // The SDK's S3Client and the one createPresignedPost was built against are different releases of one class.
    const presign = (options: PresignedPostOptions) => createPresignedPost(client as unknown as Parameters<typeof createPresignedPost>[0], options);
    return { client, keys, presign };
  };
  return { gateway, user };
}

/** A browser's form: the fields in order, then the file (always last, as S3 requires). */
function formOf(fields: Record<string, string> | Array<[string, string]>, file: Buffer, filename = 'upload.bin'): FormData {
  const form = new FormData();
  for (const [name, value] of Array.isArray(fields) ? fields : Object.entries(fields)) form.append(name, value);
  form.append('file', new Blob([file]), filename);
  return form;
}

async function post(url: string, form: FormData): Promise<Answer> {
  const response = await fetch(url, { method: 'POST', body: form, redirect: 'manual' });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** The form as bytes, sent with node:http so the Host header (virtual-host addressing) and the length can be chosen. */
async function postRaw(url: string, form: FormData, options: { host?: string; cut?: number } = {}): Promise<Answer> {
  const encoded = new Request('http://form.invalid/', { method: 'POST', body: form });
  const contentType = encoded.headers.get('content-type') ?? '';
  let body = Buffer.from(await encoded.arrayBuffer());
  if (options.cut !== undefined) body = body.subarray(0, body.length - options.cut);
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, {
      method: 'POST', headers: { 'content-type': contentType, 'content-length': String(body.length), ...(options.host === undefined ? {} : { host: options.host }) },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const headers = new Headers();
        for (const [name, value] of Object.entries(res.headers)) if (typeof value === 'string') headers.set(name, value);
        resolve({ status: res.statusCode ?? 0, headers, text: Buffer.concat(chunks).toString() });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function bytesOf(body: unknown): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Uint8Array>) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

function codeOf(answer: Answer): string {
  return /<Code>([^<]*)<\/Code>/.exec(answer.text)?.[1] ?? `no error code in ${answer.status} ${answer.text.slice(0, 200)}`;
}

t.test('post policy: a form made by the AWS SDK uploads through fetch and reads back with its metadata', async (t) => {
  const { gateway, user } = await setup(t);
  const { client, presign } = await user('alice');
  await client.send(new CreateBucketCommand({ Bucket: 'photos' }));
  const data = randomBytes(3 * 1024 * 1024 + 17); // several blocks, many socket reads
  const { url, fields } = await presign({
    Bucket: 'photos', Key: 'uploads/${filename}', Expires: 300,
    Conditions: [['content-length-range', 1, 8 * 1024 * 1024], ['starts-with', '$Content-Type', 'image/']],
    Fields: { 'Content-Type': 'image/png', 'Cache-Control': 'max-age=60', 'x-amz-meta-colour': 'blue', success_action_status: '201' },
  });
  t.equal(url, `http://${gateway.address}/photos`);
  const created = await post(url, formOf(fields, data, 'holiday photo.png'));
  t.equal(created.status, 201, `201 as the form asked: ${created.text}`);
  t.match(created.text, /<PostResponse><Location>http:\/\/[^<]+\/photos\/uploads\/holiday%20photo\.png<\/Location><Bucket>photos<\/Bucket><Key>uploads\/holiday photo\.png<\/Key><ETag>&quot;[0-9a-f]{32}&quot;<\/ETag><\/PostResponse>/);
  const got = await client.send(new GetObjectCommand({ Bucket: 'photos', Key: 'uploads/holiday photo.png' }));
  t.ok((await bytesOf(got.Body)).equals(data), 'the bytes read back exactly');
  t.equal(got.ContentType, 'image/png');
  t.equal(got.CacheControl, 'max-age=60');
  t.same(got.Metadata, { colour: 'blue' });
  t.equal(got.ETag, created.headers.get('etag'), 'the ETag the POST answered');

  // Default answer (204, ETag and Location), field names in any case, a checksum, and x-ignore-* fields that need no condition.
  const second = await presign({ Bucket: 'photos', Key: 'plain.txt', Fields: { 'x-amz-checksum-algorithm': 'SHA256' } });
  const shouted = Object.entries(second.fields).map(([name, value]): [string, string] => [name === 'key' ? 'KEY' : name.toUpperCase(), value]);
  const noContent = await post(second.url, formOf([...shouted, ['x-ignore-note', 'anything']], Buffer.from('plain text')));
  t.equal(noContent.status, 204, noContent.text);
  t.match(noContent.headers.get('location'), /\/photos\/plain\.txt$/);
  t.match(noContent.headers.get('x-amz-checksum-sha256'), /^[A-Za-z0-9+/]{43}=$/, 'the checksum the form asked for');
  const head = await client.send(new HeadObjectCommand({ Bucket: 'photos', Key: 'plain.txt', ChecksumMode: 'ENABLED' }));
  t.equal(head.ChecksumSHA256, noContent.headers.get('x-amz-checksum-sha256'));
  t.equal(head.ETag, noContent.headers.get('etag'));
  t.equal(head.ContentType, 'binary/octet-stream');

  // A redirect (303 with bucket, key, etag appended), addressed virtual-host style.
  const port = gateway.address.split(':')[1] ?? '';
  const third = await presign({ Bucket: 'photos', Key: 'redirected.bin', Fields: { success_action_redirect: 'https://app.example/done?from=upload' } });
  const redirected = await postRaw(`http://${gateway.address}/`, formOf(third.fields, Buffer.from('r')), { host: `photos.localhost:${port}` });
  t.equal(redirected.status, 303, redirected.text);
  const target = new URL(redirected.headers.get('location') ?? '');
  t.equal(target.origin + target.pathname, 'https://app.example/done');
  t.same([...target.searchParams], [['from', 'upload'], ['bucket', 'photos'], ['key', 'redirected.bin'], ['etag', redirected.headers.get('etag')]]);
  t.equal((await client.send(new HeadObjectCommand({ Bucket: 'photos', Key: 'redirected.bin' }))).ContentLength, 1);
});

t.test('post policy: a form made by boto3 uploads through Python', async (t) => {
  const { gateway, user } = await setup(t);
  const { client, keys } = await user('bob');
  await client.send(new CreateBucketCommand({ Bucket: 'py-bucket' }));
  const data = randomBytes(700_000);
  const script = `
import json, sys, urllib.request
import boto3
from botocore.config import Config
args = json.load(sys.stdin)
s3 = boto3.client('s3', endpoint_url=args['endpoint'], region_name='us-east-1', aws_access_key_id=args['key'], aws_secret_access_key=args['secret'],
                  config=Config(signature_version='s3v4', s3={'addressing_style': 'path'}))
post = s3.generate_presigned_post('py-bucket', 'from-python/\${filename}',
    Fields={'Content-Type': 'text/csv', 'x-amz-meta-source': 'boto3'},
    Conditions=[{'Content-Type': 'text/csv'}, {'x-amz-meta-source': 'boto3'}, ['content-length-range', 1, 1048576]], ExpiresIn=300)
boundary = 'cairn-boundary-7d1f'
parts = []
for name, value in post['fields'].items():
    parts.append(('--%s\\r\\nContent-Disposition: form-data; name="%s"\\r\\n\\r\\n%s\\r\\n' % (boundary, name, value)).encode())
data = bytes.fromhex(args['data'])
parts.append(('--%s\\r\\nContent-Disposition: form-data; name="file"; filename="table.csv"\\r\\nContent-Type: text/csv\\r\\n\\r\\n' % boundary).encode() + data + b'\\r\\n')
parts.append(('--%s--\\r\\n' % boundary).encode())
request = urllib.request.Request(post['url'], data=b''.join(parts), method='POST', headers={'Content-Type': 'multipart/form-data; boundary=' + boundary})
with urllib.request.urlopen(request) as response:
    print(json.dumps({'status': response.status, 'etag': response.headers['ETag']}))
`;
  const child = run('python3', ['-c', script], { env: baseEnv, timeout: 60_000, maxBuffer: 1 << 20 });
  child.child.stdin?.end(JSON.stringify({ endpoint: `http://${gateway.address}`, key: keys.accessKeyId, secret: keys.secretAccessKey, data: data.toString('hex') }));
  const answer = JSON.parse((await child).stdout) as { status: number; etag: string };
  t.equal(answer.status, 204, 'boto3\'s form is accepted with the default 204');
  const got = await client.send(new GetObjectCommand({ Bucket: 'py-bucket', Key: 'from-python/table.csv' }));
  t.ok((await bytesOf(got.Body)).equals(data), 'the bytes read back exactly');
  t.equal(got.ContentType, 'text/csv');
  t.same(got.Metadata, { source: 'boto3' });
  t.equal(got.ETag, answer.etag);
});

t.test('post policy: refused forms get S3\'s status and code and store nothing', async (t) => {
  const { user } = await setup(t);
  const { client, presign } = await user('carol');
  const { presign: malloryPresign } = await user('mallory');
  await client.send(new CreateBucketCommand({ Bucket: 'inbox' }));
  const base = {
    Bucket: 'inbox', Key: 'uploads/${filename}', Expires: 300,
    Conditions: [['content-length-range', 10, 1000], ['starts-with', '$Content-Type', '']] as PresignedPostOptions['Conditions'],
  };
  const good = await presign(base);
  const small = Buffer.alloc(100, 1);
  const cases: Array<{ name: string; answer: () => Promise<Answer>; status: number; code: string; message?: RegExp }> = [
    {
      name: 'a tampered policy', status: 403, code: 'SignatureDoesNotMatch',
      answer: () => {
        const policy = Buffer.from(good.fields.Policy ?? '', 'base64').toString().replace('"uploads/"', '""');
        return post(good.url, formOf({ ...good.fields, key: 'anywhere.bin', Policy: Buffer.from(policy).toString('base64') }, small));
      },
    },
    {
      name: 'an expired policy', status: 403, code: 'AccessDenied', message: /Invalid according to Policy: Policy expired\./,
      answer: async () => post(good.url, formOf((await presign({ ...base, Expires: -1 })).fields, small)),
    },
    {
      name: 'a key outside the starts-with prefix', status: 403, code: 'AccessDenied', message: /Policy Condition failed: \[&quot;starts-with&quot;, &quot;\$key&quot;, &quot;uploads\/&quot;\]/,
      answer: () => post(good.url, formOf({ ...good.fields, key: 'elsewhere/${filename}' }, small)),
    },
    {
      name: 'a file larger than the content-length-range', status: 400, code: 'EntityTooLarge',
      answer: () => post(good.url, formOf(good.fields, randomBytes(300_000))),
    },
    {
      name: 'a file smaller than the content-length-range', status: 400, code: 'EntityTooSmall',
      answer: () => post(good.url, formOf(good.fields, Buffer.from('tiny'))),
    },
    {
      name: 'another user\'s bucket', status: 403, code: 'AccessDenied',
      answer: async () => {
        const forged = await malloryPresign(base);
        return post(forged.url, formOf(forged.fields, small));
      },
    },
    {
      name: 'an extra field no condition covers', status: 403, code: 'AccessDenied', message: /Extra input fields: x-amz-meta-extra/,
      answer: () => post(good.url, formOf({ ...good.fields, 'x-amz-meta-extra': 'sneaked in' }, small)),
    },
    {
      name: 'no policy and no signature (anonymous)', status: 403, code: 'AccessDenied',
      answer: () => post(good.url, formOf({ key: 'uploads/anon.bin' }, small)),
    },
    {
      name: 'a body cut off inside the file\'s closing boundary', status: 400, code: 'MalformedPOSTRequest',
      answer: () => postRaw(good.url, formOf(good.fields, small), { cut: 10 }),
    },
    {
      name: 'a body whose file part ended but whose form did not (no final "--")', status: 400, code: 'MalformedPOSTRequest',
      answer: () => postRaw(good.url, formOf(good.fields, small), { cut: 4 }),
    },
  ];
  for (const c of cases) {
    const answer = await c.answer();
    t.equal(answer.status, c.status, `${c.name}: status ${c.status}`);
    t.equal(codeOf(answer), c.code, `${c.name}: ${c.code}`);
    if (c.message !== undefined) t.match(answer.text, c.message, `${c.name}: the reason`);
  }
  for (const key of ['uploads/upload.bin', 'anywhere.bin', 'elsewhere/upload.bin', 'uploads/anon.bin']) {
    await t.rejects(client.send(new HeadObjectCommand({ Bucket: 'inbox', Key: key })), { name: 'NotFound' }, `${key} was not stored`);
  }
  t.equal((await client.send(new ListObjectsV2Command({ Bucket: 'inbox' }))).KeyCount, 0, 'the bucket holds no key');
  t.equal((await post(good.url, formOf(good.fields, small))).status, 204, 'the untampered form still works afterwards');
  t.equal((await client.send(new HeadObjectCommand({ Bucket: 'inbox', Key: 'uploads/upload.bin' }))).ContentLength, 100);
});

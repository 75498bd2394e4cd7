// S3's XML as the gateway writes and reads it. Builders: exact documents for a few cases, element
// order as in the S3 API reference, escaping of awkward keys, encoding-type=url; and the real
// @aws-sdk/client-s3 parsing every document, served from a throwaway HTTP server. Parsers: the
// bodies the real SDK sends (captured by such a server), and malformed, hostile or oversized
// bodies, each refused with MalformedXML.
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectsCommand,
  GetBucketLocationCommand,
  GetObjectCommand,
  ListBucketsCommand,
  ListMultipartUploadsCommand,
  ListObjectsCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  ListPartsCommand,
  S3Client,
  S3ServiceException,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3';
import { XMLParser } from 'fast-xml-parser';
import t, { type Test } from 'tap';
import { captureEndpoint, type CapturedRequest } from '../../harness/s3-endpoint.js';
import { random } from '../../../src/common/clock.js';
import { S3Error } from '../../../src/gateway/s3-errors.js';
import {
  bucketListXml,
  completeBodyBytesMax,
  completeMultipartUploadXml,
  completePartsMax,
  copyObjectXml,
  copyPartXml,
  createBucketBodyBytesMax,
  deleteBodyBytesMax,
  deleteObjectsMax,
  deleteResultXml,
  errorXml,
  initiateMultipartUploadXml,
  listMultipartUploadsXml,
  listObjectsV1Xml,
  listObjectsV2Xml,
  listPartsXml,
  listVersionsXml,
  locationXml,
  parseCompleteMultipartUpload,
  parseCreateBucketConfiguration,
  parseDelete,
  s3UrlEncode,
} from '../../../src/gateway/xml.js';

const ns = 'http://s3.amazonaws.com/doc/2006-03-01/';
const decl = '<?xml version="1.0" encoding="UTF-8"?>\n';
const t0 = Date.UTC(2009, 9, 12, 17, 50, 30, 0);
const t1 = Date.UTC(2024, 1, 29, 23, 59, 59, 123);
/** Keys that XML and URLs make hard: markup characters, whitespace at the ends, CR/LF/TAB, a control character, unicode, '+', '%'. */
const awkwardKeys = ['a&b<c>"d\'e', ' lead and trail ', 'cr\rlf\ntab\tend', 'ctrl\u0001x', 'ünï/日本/😀', '+%20%2F/x y', 'del\u007f', '\uE000'];

// ---------------------------------------------------------------------------------------------
// A throwaway S3 endpoint: answers each request with the next queued response, keeps the bodies.

async function fakeS3(t: Test): Promise<{ client: S3Client; respond(body: string, status?: number): void; requests: CapturedRequest[] }> {
  const responses: Array<{ body: string; status: number }> = [];
  const { endpoint, captured: requests } = await captureEndpoint(t, () => {
    const next = responses.shift() ?? { body: '', status: 200 };
    return { status: next.status, headers: { 'content-type': 'application/xml', 'x-amz-request-id': 'HEADER-REQ' }, body: next.body };
  });
  const client = new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    maxAttempts: 1,
  });
  t.teardown(() => client.destroy());
  return { client, requests, respond: (body, status = 200) => responses.push({ body, status }) };
}

/** The child element names of the root (or of its first `child`), in document order. */
function tagOrder(xml: string, child?: string): string[] {
  const parsed = new XMLParser({ preserveOrder: true, ignoreAttributes: true }).parse(xml) as Array<Record<string, unknown>>;
  const rootNode = parsed.find((n) => !Object.keys(n)[0]?.startsWith('?')) ?? {};
  let children = Object.values(rootNode)[0] as Array<Record<string, unknown>>;
  if (child !== undefined) children = (children.find((n) => child in n)?.[child] as Array<Record<string, unknown>>) ?? [];
  return children.map((n) => Object.keys(n)[0] ?? '').filter((name) => name !== '#text');
}

const owner = { id: '75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a', displayName: 'alice' };

// ---------------------------------------------------------------------------------------------
// Builders: exact documents

t.test('xml: exact documents as S3 writes them', async (t) => {
  const error = new S3Error('NoSuchKey', 'The specified key does not exist.', { Key: 'a&b', RequestId: 'ignored: reserved' });
  t.equal(
    errorXml(error, '/bucket/a&b', '4442587FB7D0A2F9'),
    `${decl}<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>a&amp;b</Key><Resource>/bucket/a&amp;b</Resource><RequestId>4442587FB7D0A2F9</RequestId></Error>`,
    'the error body: no namespace, S3Error.fields between Message and Resource, reserved names left out',
  );
  t.equal(
    errorXml({ code: 'InvalidArgument', message: 'x', fields: { ArgumentName: 'key', 'bad name': 'v', '<x>': 'v' } }, '/b', 'R'),
    `${decl}<Error><Code>InvalidArgument</Code><Message>x</Message><ArgumentName>key</ArgumentName><Resource>/b</Resource><RequestId>R</RequestId></Error>`,
    'fields that are not XML names are left out, never thrown on',
  );
  t.equal(
    initiateMultipartUploadXml({ bucket: 'example-bucket', key: 'example-object', uploadId: 'VXBsb2FkIElE' }),
    `${decl}<InitiateMultipartUploadResult xmlns="${ns}"><Bucket>example-bucket</Bucket><Key>example-object</Key><UploadId>VXBsb2FkIElE</UploadId></InitiateMultipartUploadResult>`,
  );
  t.equal(locationXml(''), `${decl}<LocationConstraint xmlns="${ns}"/>`, 'us-east-1 is the empty element');
  t.equal(locationXml('eu-west-1'), `${decl}<LocationConstraint xmlns="${ns}">eu-west-1</LocationConstraint>`);
  t.equal(
    copyObjectXml({ etag: '9b2cf535f27731c974343645a3985328', modifiedAtMs: t0 }),
    `${decl}<CopyObjectResult xmlns="${ns}"><LastModified>2009-10-12T17:50:30.000Z</LastModified><ETag>&quot;9b2cf535f27731c974343645a3985328&quot;</ETag></CopyObjectResult>`,
    'timestamps with milliseconds and Z, ETags quoted',
  );
  t.equal(
    listObjectsV2Xml({
      bucket: 'example-bucket',
      prefix: 'photos/2006/',
      delimiter: '/',
      maxKeys: 1000,
      isTruncated: false,
      contents: [{ key: 'photos/2006/', modifiedAtMs: t1, etag: '"d41d8cd98f00b204e9800998ecf8427e"', size: 0 }],
      commonPrefixes: ['photos/2006/February/', 'photos/2006/January/'],
    }),
    `${decl}<ListBucketResult xmlns="${ns}"><Name>example-bucket</Name><Prefix>photos/2006/</Prefix><KeyCount>3</KeyCount><MaxKeys>1000</MaxKeys><Delimiter>/</Delimiter><IsTruncated>false</IsTruncated>` +
      '<Contents><Key>photos/2006/</Key><LastModified>2024-02-29T23:59:59.123Z</LastModified><ETag>&quot;d41d8cd98f00b204e9800998ecf8427e&quot;</ETag><Size>0</Size><StorageClass>STANDARD</StorageClass></Contents>' +
      '<CommonPrefixes><Prefix>photos/2006/February/</Prefix></CommonPrefixes><CommonPrefixes><Prefix>photos/2006/January/</Prefix></CommonPrefixes></ListBucketResult>',
    'the S3 API reference example with prefix and delimiter; KeyCount counts common prefixes; a quoted ETag stays quoted once',
  );
  t.equal(
    deleteResultXml({
      quiet: true,
      outcomes: [
        { kind: 'deleted', key: 'sample1.txt' },
        { kind: 'error', key: 'sample2.txt', code: 'AccessDenied', message: 'Access Denied' },
      ],
    }),
    `${decl}<DeleteResult xmlns="${ns}"><Error><Key>sample2.txt</Key><Code>AccessDenied</Code><Message>Access Denied</Message></Error></DeleteResult>`,
    'quiet mode lists only the errors',
  );
  t.equal(deleteResultXml({ quiet: true, outcomes: [{ kind: 'deleted', key: 'a' }] }), `${decl}<DeleteResult xmlns="${ns}"></DeleteResult>`, 'and nothing when all went well');
});

t.test('xml: element order follows the S3 API reference', async (t) => {
  const v2 = listObjectsV2Xml({
    bucket: 'b',
    prefix: 'p',
    delimiter: '/',
    maxKeys: 2,
    isTruncated: true,
    continuationToken: 'tok',
    nextContinuationToken: 'next',
    startAfter: 'p0',
    encodingType: 'url',
    contents: [{ key: 'p1', modifiedAtMs: t0, etag: 'e', size: 1, owner }],
    commonPrefixes: ['p2/'],
  });
  t.same(tagOrder(v2), ['Name', 'Prefix', 'StartAfter', 'ContinuationToken', 'NextContinuationToken', 'KeyCount', 'MaxKeys', 'Delimiter', 'EncodingType', 'IsTruncated', 'Contents', 'CommonPrefixes']);
  t.same(tagOrder(v2, 'Contents'), ['Key', 'LastModified', 'ETag', 'Size', 'StorageClass', 'Owner'], 'Contents, Owner with fetch-owner');
  t.same(tagOrder(v2, 'Owner').length, 0, 'no Owner at the top level');
  const v1 = listObjectsV1Xml({ bucket: 'b', prefix: '', marker: 'm', nextMarker: 'n/', delimiter: '/', maxKeys: 1, isTruncated: true, contents: [], commonPrefixes: ['n/'] });
  t.same(tagOrder(v1), ['Name', 'Prefix', 'Marker', 'NextMarker', 'MaxKeys', 'Delimiter', 'IsTruncated', 'CommonPrefixes']);
  const versions = listVersionsXml({
    bucket: 'b',
    prefix: '',
    keyMarker: 'k',
    versionIdMarker: 'v',
    nextKeyMarker: 'k2',
    nextVersionIdMarker: 'v2',
    maxKeys: 3,
    isTruncated: true,
    entries: [
      { kind: 'version', key: 'a', versionId: '2', isLatest: true, modifiedAtMs: t1, etag: 'e', size: 5, owner },
      { kind: 'deleteMarker', key: 'b', versionId: '3', isLatest: true, modifiedAtMs: t1, owner },
      { kind: 'version', key: 'b', versionId: '2', isLatest: false, modifiedAtMs: t0, etag: 'f', size: 6 },
    ],
    commonPrefixes: [],
  });
  t.same(tagOrder(versions), ['Name', 'Prefix', 'KeyMarker', 'VersionIdMarker', 'NextKeyMarker', 'NextVersionIdMarker', 'MaxKeys', 'IsTruncated', 'Version', 'DeleteMarker', 'Version'], 'versions and delete markers interleaved in key order');
  t.same(tagOrder(versions, 'Version'), ['Key', 'VersionId', 'IsLatest', 'LastModified', 'ETag', 'Size', 'Owner', 'StorageClass']);
  t.same(tagOrder(versions, 'DeleteMarker'), ['Key', 'VersionId', 'IsLatest', 'LastModified', 'Owner']);
  const parts = listPartsXml({
    bucket: 'b',
    key: 'k',
    uploadId: 'u',
    initiator: owner,
    owner,
    partNumberMarker: 1,
    nextPartNumberMarker: 3,
    maxParts: 2,
    isTruncated: true,
    parts: [{ partNumber: 2, modifiedAtMs: t0, etag: 'e', size: 10, checksums: { crc32: 'AAAAAA==' } }],
  });
  t.same(tagOrder(parts), ['Bucket', 'Key', 'UploadId', 'Initiator', 'Owner', 'StorageClass', 'PartNumberMarker', 'NextPartNumberMarker', 'MaxParts', 'IsTruncated', 'Part']);
  t.same(tagOrder(parts, 'Part'), ['PartNumber', 'LastModified', 'ETag', 'Size', 'ChecksumCRC32']);
  const uploads = listMultipartUploadsXml({
    bucket: 'b',
    keyMarker: '',
    uploadIdMarker: '',
    nextKeyMarker: 'k',
    nextUploadIdMarker: 'u',
    delimiter: '/',
    prefix: '',
    maxUploads: 1000,
    isTruncated: false,
    uploads: [{ key: 'k', uploadId: 'u', initiator: owner, owner: 'alice', initiatedAtMs: t0 }],
    commonPrefixes: ['x/'],
  });
  t.same(tagOrder(uploads), ['Bucket', 'KeyMarker', 'UploadIdMarker', 'NextKeyMarker', 'NextUploadIdMarker', 'Delimiter', 'Prefix', 'MaxUploads', 'IsTruncated', 'Upload', 'CommonPrefixes']);
  t.same(tagOrder(uploads, 'Upload'), ['Key', 'UploadId', 'Initiator', 'Owner', 'StorageClass', 'Initiated']);
  const complete = completeMultipartUploadXml({ location: 'http://h/b/k', bucket: 'b', key: 'k', etag: 'abc-2', checksums: { sha256: 'x', crc32: 'y' }, checksumType: 'COMPOSITE' });
  t.same(tagOrder(complete), ['Location', 'Bucket', 'Key', 'ETag', 'ChecksumCRC32', 'ChecksumSHA256', 'ChecksumType']);
  t.same(tagOrder(bucketListXml({ owner, buckets: [{ name: 'b', createdAtMs: t0 }] })), ['Owner', 'Buckets']);
  t.same(tagOrder(bucketListXml({ owner, buckets: [{ name: 'b', createdAtMs: t0 }] }), 'Owner'), ['ID', 'DisplayName']);
  t.same(tagOrder(copyPartXml({ etag: 'e', modifiedAtMs: t0 })), ['LastModified', 'ETag']);
  t.same(
    tagOrder(deleteResultXml({ quiet: false, outcomes: [{ kind: 'deleted', key: 'a', versionId: '1', deleteMarker: true, deleteMarkerVersionId: '2' }, { kind: 'error', key: 'b', code: 'c', message: 'm' }, { kind: 'deleted', key: 'c' }] })),
    ['Deleted', 'Error', 'Deleted'],
    'outcomes in request order',
  );
});

t.test('xml: keys survive escaping, read back by a standard XML parser', async (t) => {
  const keys = awkwardKeys.filter((key) => !key.includes('\u0001')); // fast-xml-parser drops references to control characters
  const xml = listObjectsV2Xml({ bucket: 'b', prefix: '', maxKeys: 1000, isTruncated: false, contents: keys.map((key) => ({ key, modifiedAtMs: t0, etag: 'e', size: 1 })), commonPrefixes: [] });
  t.ok(xml.startsWith(decl), 'the declaration, then a newline');
  t.notMatch(xml.slice(decl.length), /[\r\n\t]/, 'and no raw CR, LF or TAB in the document: they are character references');
  t.ok(xml.includes('cr&#13;lf&#10;tab&#9;end'), 'as S3 escapes them');
  const parsed = new XMLParser({ trimValues: false, parseTagValue: false, htmlEntities: true, isArray: (name) => name === 'Contents' }).parse(xml) as {
    ListBucketResult: { Contents: Array<{ Key: string; ETag: string; LastModified: string }> };
  };
  t.same(parsed.ListBucketResult.Contents.map((c) => c.Key), keys);
  t.equal(parsed.ListBucketResult.Contents[0]?.ETag, '"e"');
  t.equal(parsed.ListBucketResult.Contents[0]?.LastModified, '2009-10-12T17:50:30.000Z');
});

t.test('xml: encoding-type=url encodes keys as S3 does', async (t) => {
  t.equal(s3UrlEncode('photos/2006/January/sample.jpg'), 'photos/2006/January/sample.jpg', "letters, digits, '/' and '.' stay");
  t.equal(s3UrlEncode('a b+c%d~e*f_g-h'), 'a+b%2Bc%25d%7Ee*f_g-h', "a space is '+', '+' and '%' and '~' are escaped, '*' '_' '-' stay");
  t.equal(s3UrlEncode('é😀\r\n\u0001&<'), '%C3%A9%F0%9F%98%80%0D%0A%01%26%3C', 'UTF-8 bytes, upper-case hex');
  // What clients do with it: botocore (the aws CLI) applies unquote_plus; so must this.
  const unquotePlus = (value: string): string => decodeURIComponent(value.replace(/\+/g, ' '));
  const rand = random(99);
  const alphabet = ['a', ' ', '+', '%', '/', '~', '*', 'é', '😀', '\u0001', '&', '=', '?', '#'];
  for (let i = 0; i < 500; i++) {
    const key = Array.from({ length: 1 + Math.floor(rand() * 8) }, () => alphabet[Math.floor(rand() * alphabet.length)]).join('');
    const encoded = s3UrlEncode(key);
    if (!/^[A-Za-z0-9\-_.*/%+]*$/.test(encoded) || unquotePlus(encoded) !== key) {
      t.fail(`${JSON.stringify(key)} → ${encoded}`);
      return;
    }
  }
  const xml = listObjectsV1Xml({
    bucket: 'b',
    prefix: 'a b/',
    marker: 'a b/+',
    nextMarker: 'a b/ü/',
    delimiter: '/ ',
    encodingType: 'url',
    maxKeys: 1,
    isTruncated: true,
    contents: [{ key: 'a b/+', modifiedAtMs: t0, etag: 'e', size: 1 }],
    commonPrefixes: ['a b/ü/'],
  });
  for (const fragment of ['<Prefix>a+b/</Prefix>', '<Marker>a+b/%2B</Marker>', '<NextMarker>a+b/%C3%BC/</NextMarker>', '<Delimiter>/+</Delimiter>', '<EncodingType>url</EncodingType>', '<Key>a+b/%2B</Key>', '<Prefix>a+b/%C3%BC/</Prefix>']) {
    t.ok(xml.includes(fragment), `v1 encodes ${fragment}`);
  }
  t.ok(xml.includes('<Name>b</Name>'), 'the bucket name is never encoded');
});

// ---------------------------------------------------------------------------------------------
// Builders: the real SDK reads them

t.test('sdk reads ListObjectsV2 and ListObjects', async (t) => {
  const { client, respond, requests } = await fakeS3(t);
  const contents = awkwardKeys.map((key, i) => ({ key, modifiedAtMs: t1 + i, etag: `e${i}`, size: i * 1000, owner }));
  respond(
    listObjectsV2Xml({ bucket: 'b', prefix: '', delimiter: '/', maxKeys: 9, isTruncated: true, continuationToken: 'c1', nextContinuationToken: 'c2', startAfter: ' ', contents, commonPrefixes: ['dir/', 'ünï/'] }),
  );
  const v2 = await client.send(new ListObjectsV2Command({ Bucket: 'b', Delimiter: '/', MaxKeys: 9, ContinuationToken: 'c1', StartAfter: ' ', FetchOwner: true }));
  t.same(v2.Contents?.map((c) => c.Key), awkwardKeys, 'every awkward key, exactly');
  t.same(v2.Contents?.map((c) => c.LastModified?.getTime()), contents.map((c) => c.modifiedAtMs), 'timestamps to the millisecond');
  t.same(v2.Contents?.map((c) => [c.ETag, c.Size, c.StorageClass, c.Owner?.ID, c.Owner?.DisplayName]), contents.map((c) => [`"${c.etag}"`, c.size, 'STANDARD', owner.id, 'alice']));
  t.same(v2.CommonPrefixes?.map((p) => p.Prefix), ['dir/', 'ünï/']);
  t.same([v2.Name, v2.Prefix, v2.Delimiter, v2.MaxKeys, v2.KeyCount, v2.IsTruncated, v2.ContinuationToken, v2.NextContinuationToken, v2.StartAfter], ['b', '', '/', 9, 10, true, 'c1', 'c2', ' ']);
  t.match(requests[0]?.url ?? '', /list-type=2/, 'it was a ListObjectsV2 request');

  respond(
    listObjectsV2Xml({ bucket: 'b', prefix: 'a b/', maxKeys: 1000, isTruncated: false, encodingType: 'url', contents: [{ key: 'a b/c+d%', modifiedAtMs: t0, etag: 'e', size: 0 }], commonPrefixes: [] }),
  );
  const encoded = await client.send(new ListObjectsV2Command({ Bucket: 'b', Prefix: 'a b/', EncodingType: 'url' }));
  t.same([encoded.EncodingType, encoded.Prefix, encoded.Contents?.[0]?.Key], ['url', 'a+b/', 'a+b/c%2Bd%25'], 'encoding-type=url: the SDK hands the encoded key to the application');

  respond(listObjectsV1Xml({ bucket: 'b', prefix: 'N', marker: 'Ned', nextMarker: 'Nelson', maxKeys: 1, delimiter: '/', isTruncated: true, contents: [{ key: 'Nelson', modifiedAtMs: t0, etag: 'e', size: 5, owner }], commonPrefixes: [] }));
  const v1 = await client.send(new ListObjectsCommand({ Bucket: 'b', Prefix: 'N', Marker: 'Ned', MaxKeys: 1, Delimiter: '/' }));
  t.same([v1.Marker, v1.NextMarker, v1.IsTruncated, v1.MaxKeys, v1.Contents?.[0]?.Key, v1.Contents?.[0]?.Owner?.ID], ['Ned', 'Nelson', true, 1, 'Nelson', owner.id]);
});

t.test('sdk reads ListObjectVersions, ListBuckets, GetBucketLocation', async (t) => {
  const { client, respond } = await fakeS3(t);
  respond(
    listVersionsXml({
      bucket: 'b',
      prefix: '',
      keyMarker: '',
      versionIdMarker: '',
      nextKeyMarker: 'key3',
      nextVersionIdMarker: '7',
      maxKeys: 3,
      isTruncated: true,
      entries: [
        { kind: 'version', key: awkwardKeys[0] as string, versionId: '9', isLatest: true, modifiedAtMs: t1, etag: 'e9', size: 217, owner },
        { kind: 'deleteMarker', key: 'key3', versionId: '8', isLatest: true, modifiedAtMs: t1, owner },
        { kind: 'version', key: 'key3', versionId: '7', isLatest: false, modifiedAtMs: t0, etag: 'e7', size: 1 },
      ],
      commonPrefixes: [],
    }),
  );
  const versions = await client.send(new ListObjectVersionsCommand({ Bucket: 'b', MaxKeys: 3 }));
  t.same(versions.Versions?.map((v) => [v.Key, v.VersionId, v.IsLatest, v.ETag, v.Size, v.LastModified?.getTime()]), [
    [awkwardKeys[0], '9', true, '"e9"', 217, t1],
    ['key3', '7', false, '"e7"', 1, t0],
  ]);
  t.same(versions.DeleteMarkers?.map((d) => [d.Key, d.VersionId, d.IsLatest, d.Owner?.DisplayName]), [['key3', '8', true, 'alice']]);
  t.same([versions.NextKeyMarker, versions.NextVersionIdMarker, versions.IsTruncated, versions.KeyMarker], ['key3', '7', true, '']);

  respond(bucketListXml({ owner: 'alice', buckets: [{ name: 'photos', createdAtMs: t0 }, { name: 'logs', createdAtMs: t1 }] }));
  const buckets = await client.send(new ListBucketsCommand({}));
  t.same(buckets.Buckets?.map((b) => [b.Name, b.CreationDate?.getTime()]), [['photos', t0], ['logs', t1]]);
  t.same([buckets.Owner?.ID, buckets.Owner?.DisplayName], ['alice', 'alice'], 'a user name serves as ID and DisplayName');

  respond(locationXml(''));
  t.equal((await client.send(new GetBucketLocationCommand({ Bucket: 'b' }))).LocationConstraint, undefined, 'us-east-1');
  respond(locationXml('eu-west-1'));
  t.equal((await client.send(new GetBucketLocationCommand({ Bucket: 'b' }))).LocationConstraint, 'eu-west-1');
});

t.test('sdk reads the multipart and copy results', async (t) => {
  const { client, respond } = await fakeS3(t);
  respond(initiateMultipartUploadXml({ bucket: 'b', key: awkwardKeys[2] as string, uploadId: 'up-1' }));
  const created = await client.send(new CreateMultipartUploadCommand({ Bucket: 'b', Key: 'k' }));
  t.same([created.Bucket, created.Key, created.UploadId], ['b', awkwardKeys[2], 'up-1']);

  respond(
    listPartsXml({
      bucket: 'b',
      key: 'k',
      uploadId: 'up-1',
      initiator: owner,
      owner,
      partNumberMarker: 0,
      nextPartNumberMarker: 2,
      maxParts: 2,
      isTruncated: true,
      parts: [
        { partNumber: 1, modifiedAtMs: t0, etag: 'p1', size: 5 * 1024 * 1024, checksums: { crc32: 'AAAAAA==', sha256: 'n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=' } },
        { partNumber: 2, modifiedAtMs: t1, etag: 'p2', size: 1, checksums: { crc64nvme: 'AAAAAAAAAAA=', crc32c: 'AAAAAA==', sha1: 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=' } },
      ],
    }),
  );
  const parts = await client.send(new ListPartsCommand({ Bucket: 'b', Key: 'k', UploadId: 'up-1', MaxParts: 2 }));
  t.same(parts.Parts?.map((p) => [p.PartNumber, p.ETag, p.Size, p.LastModified?.getTime(), p.ChecksumCRC32, p.ChecksumSHA256, p.ChecksumCRC64NVME, p.ChecksumCRC32C, p.ChecksumSHA1]), [
    [1, '"p1"', 5 * 1024 * 1024, t0, 'AAAAAA==', 'n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=', undefined, undefined, undefined],
    [2, '"p2"', 1, t1, undefined, undefined, 'AAAAAAAAAAA=', 'AAAAAA==', 'AAAAAAAAAAAAAAAAAAAAAAAAAAA='],
  ]);
  t.same([parts.NextPartNumberMarker, parts.PartNumberMarker, parts.MaxParts, parts.IsTruncated, parts.Initiator?.ID, parts.Owner?.DisplayName, parts.StorageClass], ['2', '0', 2, true, owner.id, 'alice', 'STANDARD']);

  respond(
    listMultipartUploadsXml({
      bucket: 'b',
      keyMarker: '',
      uploadIdMarker: '',
      nextKeyMarker: 'my-movie.m2ts',
      nextUploadIdMarker: 'up-2',
      prefix: '',
      delimiter: '/',
      maxUploads: 2,
      isTruncated: true,
      uploads: [{ key: 'my-movie.m2ts', uploadId: 'up-2', initiator: owner, owner, initiatedAtMs: t0 }],
      commonPrefixes: ['photos/'],
    }),
  );
  const uploads = await client.send(new ListMultipartUploadsCommand({ Bucket: 'b', MaxUploads: 2, Delimiter: '/' }));
  t.same(uploads.Uploads?.map((u) => [u.Key, u.UploadId, u.Initiated?.getTime(), u.Owner?.ID, u.Initiator?.DisplayName]), [['my-movie.m2ts', 'up-2', t0, owner.id, 'alice']]);
  t.same([uploads.NextKeyMarker, uploads.NextUploadIdMarker, uploads.IsTruncated, uploads.CommonPrefixes?.[0]?.Prefix], ['my-movie.m2ts', 'up-2', true, 'photos/']);

  respond(completeMultipartUploadXml({ location: 'http://127.0.0.1/b/k', bucket: 'b', key: 'k', etag: '3858f62230ac3c915f300c664312c11f-9', checksums: { crc32: 'AAAAAA==' }, checksumType: 'COMPOSITE' }));
  const completed = await client.send(new CompleteMultipartUploadCommand({ Bucket: 'b', Key: 'k', UploadId: 'up-1', MultipartUpload: { Parts: [{ PartNumber: 1, ETag: '"p1"' }] } }));
  t.same([completed.Location, completed.Bucket, completed.Key, completed.ETag, completed.ChecksumCRC32, completed.ChecksumType], ['http://127.0.0.1/b/k', 'b', 'k', '"3858f62230ac3c915f300c664312c11f-9"', 'AAAAAA==', 'COMPOSITE']);

  respond(copyObjectXml({ etag: 'c0', modifiedAtMs: t1, checksums: { sha256: 'x' } }));
  const copied = await client.send(new CopyObjectCommand({ Bucket: 'b', Key: 'k2', CopySource: 'b/k' }));
  t.same([copied.CopyObjectResult?.ETag, copied.CopyObjectResult?.LastModified?.getTime(), copied.CopyObjectResult?.ChecksumSHA256], ['"c0"', t1, 'x']);

  respond(copyPartXml({ etag: 'cp', modifiedAtMs: t0 }));
  const partCopy = await client.send(new UploadPartCopyCommand({ Bucket: 'b', Key: 'k', UploadId: 'up-1', PartNumber: 3, CopySource: 'b/src', CopySourceRange: 'bytes=0-9' }));
  t.same([partCopy.CopyPartResult?.ETag, partCopy.CopyPartResult?.LastModified?.getTime()], ['"cp"', t0]);
});

t.test('sdk reads DeleteResult and the error body', async (t) => {
  const { client, respond } = await fakeS3(t);
  respond(
    deleteResultXml({
      quiet: false,
      outcomes: [
        { kind: 'deleted', key: awkwardKeys[0] as string },
        { kind: 'deleted', key: 'v', versionId: '3', deleteMarker: true, deleteMarkerVersionId: '4' },
        { kind: 'error', key: awkwardKeys[3] as string, code: 'InvalidArgument', message: 'Object key not supported' },
      ],
    }),
  );
  const deleted = await client.send(new DeleteObjectsCommand({ Bucket: 'b', Delete: { Objects: [{ Key: 'x' }] } }));
  t.same(deleted.Deleted, [{ Key: awkwardKeys[0] }, { Key: 'v', VersionId: '3', DeleteMarker: true, DeleteMarkerVersionId: '4' }]);
  t.same(deleted.Errors, [{ Key: awkwardKeys[3], Code: 'InvalidArgument', Message: 'Object key not supported' }]);

  const error = new S3Error('NoSuchKey', 'The specified key does not exist.', { Key: awkwardKeys[0] as string });
  respond(errorXml(error, `/b/${awkwardKeys[0]}`, 'BODY-REQ'), error.status);
  const failed = await client.send(new GetObjectCommand({ Bucket: 'b', Key: 'x' })).then(
    () => undefined,
    (err: unknown) => err,
  );
  t.ok(failed instanceof S3ServiceException, 'the SDK raises a service exception');
  const exception = failed as S3ServiceException & Record<string, unknown>; // checked just above
  t.same([exception.name, exception.message, exception.$fault, exception.$metadata.httpStatusCode], ['NoSuchKey', 'The specified key does not exist.', 'client', 404]);
  t.same([exception.Key, exception.Resource, exception.RequestId], [awkwardKeys[0], `/b/${awkwardKeys[0]}`, 'BODY-REQ'], 'with every field of the body');
});

// ---------------------------------------------------------------------------------------------
// Parsers: what the real SDK sends

t.test('parsers read the bodies the SDK sends', async (t) => {
  const { client, respond, requests } = await fakeS3(t);
  const objects = awkwardKeys.map((key, i) => (i % 2 === 0 ? { Key: key } : { Key: key, VersionId: `v${i}` }));
  for (const quiet of [false, true]) {
    respond(deleteResultXml({ quiet, outcomes: [] }));
    await client.send(new DeleteObjectsCommand({ Bucket: 'b', Delete: { Objects: objects, Quiet: quiet } }));
    const body = requests[requests.length - 1]?.body ?? Buffer.alloc(0);
    const parsed = parseDelete(body);
    t.equal(parsed.quiet, quiet, `Quiet ${quiet}`);
    t.same(parsed.objects, objects.map((o) => (o.VersionId === undefined ? { key: o.Key } : { key: o.Key, versionId: o.VersionId })), 'every key exactly as given: markup, CR/LF/TAB, a raw control character, unicode');
  }
  t.match(requests[0]?.body.toString() ?? '', /cr&#x0D;lf&#x0A;tab\tend/, '(the SDK sends CR and LF as character references, TAB raw)');

  const parts = [
    { PartNumber: 1, ETag: '"a54357aff0632cce46d942af68356b38"', ChecksumCRC32: 'AAAAAA==', ChecksumCRC32C: 'BBBBBB==', ChecksumCRC64NVME: 'AAAAAAAAAAA=', ChecksumSHA1: 'CCCCCCCCCCCCCCCCCCCCCCCCCCC=', ChecksumSHA256: 'n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=' },
    { PartNumber: 2, ETag: '0c78aef83f66abc1fa1e8477f296d394' },
    { PartNumber: 10000, ETag: '"acbd18db4cc2f85cedef654fccc4a4d8-3"' },
  ];
  respond(completeMultipartUploadXml({ location: 'l', bucket: 'b', key: 'k', etag: 'e' }));
  await client.send(new CompleteMultipartUploadCommand({ Bucket: 'b', Key: 'k', UploadId: 'u', MultipartUpload: { Parts: parts } }));
  t.same(parseCompleteMultipartUpload(requests[requests.length - 1]?.body ?? Buffer.alloc(0)), [
    { partNumber: 1, etag: 'a54357aff0632cce46d942af68356b38', checksums: { crc32: 'AAAAAA==', crc32c: 'BBBBBB==', crc64nvme: 'AAAAAAAAAAA=', sha1: 'CCCCCCCCCCCCCCCCCCCCCCCCCCC=', sha256: 'n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=' } },
    { partNumber: 2, etag: '0c78aef83f66abc1fa1e8477f296d394', checksums: {} },
    { partNumber: 10000, etag: 'acbd18db4cc2f85cedef654fccc4a4d8-3', checksums: {} },
  ], 'parts in order, ETags unquoted, every checksum');

  respond('');
  await client.send(new CreateBucketCommand({ Bucket: 'bucket-one', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }));
  t.same(parseCreateBucketConfiguration(requests[requests.length - 1]?.body ?? Buffer.alloc(0)), { locationConstraint: 'eu-west-1' });
  respond('');
  await client.send(new CreateBucketCommand({ Bucket: 'bucket-two' }));
  t.same(parseCreateBucketConfiguration(requests[requests.length - 1]?.body ?? Buffer.alloc(0)), {}, 'no configuration, no body');
});

t.test('parsers: XML details handled as XML says', async (t) => {
  t.same(parseDelete('\uFEFF<?xml version="1.0"?>\n<!-- a comment --><Delete><Object><Key><![CDATA[a&amp;<b>]]></Key></Object></Delete>').objects, [{ key: 'a&amp;<b>' }], 'a BOM, a comment, CDATA taken literally');
  t.same(parseDelete('<Delete><Object><Key>a\r\nb\rc</Key></Object></Delete>').objects, [{ key: 'a\nb\nc' }], 'raw line ends normalise to LF…');
  t.same(parseDelete('<Delete><Object><Key>a&#13;&#10;b&#xD;</Key></Object></Delete>').objects, [{ key: 'a\r\nb\r' }], '…while referenced CRs survive');
  t.same(parseDelete('<Delete><Object><Key>&lt;&gt;&amp;&quot;&apos;&#x1F600;&#233;</Key></Object></Delete>').objects, [{ key: '<>&"\'😀é' }], 'the five entities and numeric references');
  t.same(parseDelete('<s3:Delete xmlns:s3="http://s3.amazonaws.com/doc/2006-03-01/"><s3:Object><s3:Key>k</s3:Key></s3:Object></s3:Delete>').objects, [{ key: 'k' }], 'a namespace prefix');
  t.same(parseDelete('<Delete>\n  <Object>\n    <Key>  spaced  </Key>\n    <Unknown>x</Unknown>\n  </Object>\n</Delete>').objects, [{ key: '  spaced  ' }], 'indentation ignored, key whitespace kept, unknown elements ignored');
  t.same(
    parseDelete('<Delete><Quiet> TRUE </Quiet><Object><Key>k</Key><ETag>"e"</ETag><Size>12</Size><LastModifiedTime>2024-01-01T00:00:00Z</LastModifiedTime></Object></Delete>'),
    { quiet: true, objects: [{ key: 'k', etag: 'e', size: 12, lastModifiedTime: '2024-01-01T00:00:00Z' }] },
    'conditional-delete fields are passed on',
  );
  t.same(parseCompleteMultipartUpload('<CompleteMultipartUpload><Part><PartNumber> 7 </PartNumber><ETag> "x" </ETag><ChecksumSHA512>new</ChecksumSHA512></Part></CompleteMultipartUpload>'), [{ partNumber: 7, etag: 'x', checksums: {} }]);
  t.same(parseCreateBucketConfiguration('  \n'), {}, 'a blank body');
  t.same(parseCreateBucketConfiguration('<CreateBucketConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"/>'), {});
  t.same(parseCreateBucketConfiguration(Buffer.from('<CreateBucketConfiguration><LocationConstraint> us-west-2 </LocationConstraint><Tags/></CreateBucketConfiguration>')), { locationConstraint: 'us-west-2' });
});

t.test('parsers refuse malformed, hostile and oversized bodies with MalformedXML', async (t) => {
  const codeOf = (run: () => unknown): string => {
    try {
      run();
      return 'OK';
    } catch (err) {
      return err instanceof S3Error ? `${err.code}:${err.status}` : `not an S3Error: ${String(err)}`;
    }
  };
  const object = (key: string): string => `<Object><Key>${key}</Key></Object>`;
  const deletes: Array<[string | Buffer, string]> = [
    ['', 'an empty body'],
    ['hello', 'not XML'],
    ['<Delete><Object><Key>a</Key></Object>', 'an unclosed root'],
    ['<Delete><Object><Key>a</Object></Key></Delete>', 'crossed tags'],
    ['<Delete><Object><Key>a</Key></Object></Delete><Delete/>', 'two roots'],
    ['<Remove><Object><Key>a</Key></Object></Remove>', 'the wrong root'],
    ['<!DOCTYPE Delete [<!ENTITY x "y">]><Delete><Object><Key>&x;</Key></Object></Delete>', 'an entity definition'],
    ['<!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><Delete><Object><Key>&c;</Key></Object></Delete>', 'billion laughs'],
    ['<!DOCTYPE d SYSTEM "file:///etc/passwd"><Delete><Object><Key>a</Key></Object></Delete>', 'an external DTD'],
    ['<Delete><Object><Key>&nbsp;</Key></Object></Delete>', 'an HTML entity'],
    ['<Delete><Object><Key>a & b</Key></Object></Delete>', "a bare '&'"],
    ['<Delete><Object><Key>&#xD800;</Key></Object></Delete>', 'a reference to a surrogate'],
    ['<Delete><Object><Key>&#x110000;</Key></Object></Delete>', 'a reference beyond Unicode'],
    ['<Delete><Quiet>true</Quiet></Delete>', 'no Object'],
    ['<Delete><Object><VersionId>1</VersionId></Object></Delete>', 'an Object without Key'],
    ['<Delete><Object><Key>a</Key><Key>b</Key></Object></Delete>', 'two Keys'],
    ['<Delete><Quiet>yes</Quiet><Object><Key>a</Key></Object></Delete>', 'Quiet neither true nor false'],
    ['<Delete><Object><Key>a</Key><Size>-1</Size></Object></Delete>', 'a negative Size'],
    ['<Delete><Object>text<Key>a</Key></Object></Delete>', 'text mixed with elements'],
    ['<Delete><Object><Key><b>x</b></Key></Object></Delete>', 'elements inside a Key'],
    ['<Delete><Object><Key><a><b><c><d>x</d></c></b></a></Key></Object></Delete>', 'nesting too deep'],
    ['<Delete><__proto__><Key>a</Key></__proto__><Object><Key>a</Key></Object></Delete>', 'a prototype-polluting name'],
    [Buffer.from([0x3c, 0x44, 0x65, 0x6c, 0x65, 0x74, 0x65, 0x3e, 0xff, 0xfe, 0x3c, 0x2f, 0x44, 0x65, 0x6c, 0x65, 0x74, 0x65, 0x3e]), 'bytes that are not UTF-8'],
    [`<Delete>${object('a').repeat(deleteObjectsMax + 1)}</Delete>`, `${deleteObjectsMax + 1} objects`],
    [`<Delete>${object('x'.repeat(deleteBodyBytesMax))}</Delete>`, 'a body over the size limit'],
    [`<Delete>${'<!-- -->'.repeat(10)}${'<a/>'.repeat(deleteObjectsMax * 30)}${object('a')}</Delete>`, 'too many elements'],
  ];
  for (const [body, why] of deletes) t.equal(codeOf(() => parseDelete(body)), 'MalformedXML:400', `Delete: ${why}`);
  t.equal(parseDelete(`<Delete>${object('a').repeat(deleteObjectsMax)}</Delete>`).objects.length, deleteObjectsMax, `${deleteObjectsMax} objects are fine`);

  const part = (number: string, etag = '"e"'): string => `<Part><PartNumber>${number}</PartNumber><ETag>${etag}</ETag></Part>`;
  const completes: Array<[string, string]> = [
    ['<CompleteMultipartUpload></CompleteMultipartUpload>', 'no Part'],
    [`<CompleteMultipartUpload>${part('0')}</CompleteMultipartUpload>`, 'part number 0'],
    [`<CompleteMultipartUpload>${part('10001')}</CompleteMultipartUpload>`, 'part number 10001'],
    [`<CompleteMultipartUpload>${part('1.5')}</CompleteMultipartUpload>`, 'a fractional part number'],
    [`<CompleteMultipartUpload>${part('')}</CompleteMultipartUpload>`, 'an empty part number'],
    ['<CompleteMultipartUpload><Part><PartNumber>1</PartNumber></Part></CompleteMultipartUpload>', 'no ETag'],
    [`<CompleteMultipartUpload>${part('1', '""')}</CompleteMultipartUpload>`, 'an empty ETag'],
    [`<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>e</ETag><ChecksumCRC32>${'A'.repeat(300)}</ChecksumCRC32></Part></CompleteMultipartUpload>`, 'an absurd checksum'],
    [`<CompleteMultipartUpload>${part('1').repeat(completePartsMax + 1)}</CompleteMultipartUpload>`, `${completePartsMax + 1} parts`],
    [`<CompleteMultipartUpload>${'x'.repeat(completeBodyBytesMax)}</CompleteMultipartUpload>`, 'a body over the size limit'],
    ['<Delete><Object><Key>a</Key></Object></Delete>', 'another root'],
  ];
  for (const [body, why] of completes) t.equal(codeOf(() => parseCompleteMultipartUpload(body)), 'MalformedXML:400', `CompleteMultipartUpload: ${why}`);
  t.equal(parseCompleteMultipartUpload(`<CompleteMultipartUpload>${part('1').repeat(completePartsMax)}</CompleteMultipartUpload>`).length, completePartsMax, `${completePartsMax} parts are fine (their order is the caller's to check)`);

  t.equal(codeOf(() => parseCreateBucketConfiguration('<CreateBucketConfiguration><LocationConstraint>a</LocationConstraint>')), 'MalformedXML:400', 'CreateBucketConfiguration: unclosed');
  t.equal(codeOf(() => parseCreateBucketConfiguration('<Other/>')), 'MalformedXML:400', 'CreateBucketConfiguration: another root');
  t.equal(codeOf(() => parseCreateBucketConfiguration(' '.repeat(createBucketBodyBytesMax + 1))), 'MalformedXML:400', 'CreateBucketConfiguration: over the size limit, even blank');
});

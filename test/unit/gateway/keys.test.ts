// Bucket names and object keys: S3's rules for new bucket names, the keys Cairn accepts (any
// UTF-8 key of 1–1024 bytes that maps onto the namespace) and refuses (empty, '.' and '..'
// segments; too long; NUL), each refusal with its stable S3 error code, and the mapping from a
// key to its namespace path and back.
import t from 'tap';
import { parsePath } from '../../../src/common/paths.js';
import { bucketPath, keyBytesMax, keyOf, objectPath, validateBucketName, validateKey } from '../../../src/gateway/keys.js';
import { S3Error } from '../../../src/gateway/s3-errors.js';

function codeOf(run: () => unknown): string {
  try {
    run();
    return 'OK';
  } catch (err) {
    return err instanceof S3Error ? err.code : `not an S3Error: ${String(err)}`;
  }
}

t.test('bucket names: S3 rules for a new bucket', async (t) => {
  const valid = ['abc', 'my-bucket', 'my.bucket.name', 'a1b2c3', '123', 'x'.repeat(63), 'a-b.c-d', 'xn-a', 'sthree', 'bucket-s3alias1', 'amzn-s3-dem'];
  for (const name of valid) t.equal(codeOf(() => validateBucketName(name)), 'OK', `accepted: ${name}`);
  const invalid: Array<[string, string]> = [
    ['ab', 'too short'],
    ['x'.repeat(64), 'too long'],
    ['', 'empty'],
    ['My-Bucket', 'upper case'],
    ['my_bucket', 'underscore'],
    ['-bucket', 'starts with a hyphen'],
    ['bucket-', 'ends with a hyphen'],
    ['.bucket', 'starts with a period'],
    ['bucket.', 'ends with a period'],
    ['my..bucket', 'two adjacent periods'],
    ['192.168.5.4', 'formatted as an IP address'],
    ['10.0.0.1', 'formatted as an IP address'],
    ['xn--bucket', "reserved prefix 'xn--'"],
    ['sthree-bucket', "reserved prefix 'sthree-'"],
    ['sthree-configurator', "reserved prefix 'sthree-configurator'"],
    ['amzn-s3-demo-bucket', "reserved prefix 'amzn-s3-demo-'"],
    ['bucket-s3alias', "reserved suffix '-s3alias'"],
    ['bucket--ol-s3', "reserved suffix '--ol-s3'"],
    ['bucket.mrap', "reserved suffix '.mrap'"],
    ['bucket--x-s3', "reserved suffix '--x-s3'"],
    ['bucket--table-s3', "reserved suffix '--table-s3'"],
    ['bücket', 'not ASCII'],
    ['my bucket', 'a space'],
    ['a/b', "a '/'"],
  ];
  for (const [name, why] of invalid) t.equal(codeOf(() => validateBucketName(name)), 'InvalidBucketName', `refused (${why}): ${JSON.stringify(name)}`);
  const error = (() => {
    try {
      validateBucketName('Bad');
    } catch (err) {
      return err;
    }
    return undefined;
  })();
  t.ok(error instanceof S3Error && error.status === 400 && error.fields.BucketName === 'Bad', 'a 400 that names the bucket');
});

t.test('bucket paths: an existing bucket needs only a safe folder name', async (t) => {
  t.equal(bucketPath('photos'), '/buckets/photos');
  t.equal(bucketPath('Legacy_Bucket'), '/buckets/Legacy_Bucket', 'names S3 once allowed still address their folder');
  for (const name of ['', '.', '..', 'a/b', 'a b', 'a\0b', 'ü', 'x'.repeat(256)]) {
    t.equal(codeOf(() => bucketPath(name)), 'InvalidBucketName', `refused: ${JSON.stringify(name.slice(0, 20))}`);
  }
});

t.test('keys: what maps onto the namespace is accepted, spaces, +, % and unicode included', async (t) => {
  const keys = [
    'a',
    'a/b/c.txt',
    'photos/2006/January/sample.jpg',
    'with space/and+plus/100%/%2F',
    'ünïcødé/日本語/😀.png',
    '.hidden',
    '..dots',
    'a./.b/...',
    ' leading and trailing ',
    'tab\there\u0001ctrl',
    'folder/',
    'a/b/',
    'n'.repeat(255),
    `${'n'.repeat(255)}/${'m'.repeat(255)}/`,
    `${'é'.repeat(127)}/`.repeat(4) + 'abcd', // exactly 1024 bytes
  ];
  for (const key of keys) {
    t.equal(codeOf(() => validateKey(key)), 'OK', `accepted: ${JSON.stringify(key.slice(0, 40))}`);
    const { path, folder } = objectPath('bucket', key);
    t.equal(folder, key.endsWith('/'), 'a trailing / is a folder marker');
    t.ok(path.startsWith('/buckets/bucket/') && !path.endsWith('/'), `the path lies in the bucket: ${path.slice(0, 60)}`);
    t.same(parsePath(path).slice(0, 2), ['buckets', 'bucket'], 'and is a valid namespace path');
    t.equal(keyOf('bucket', path, folder), key, 'and maps back to the same key');
  }
  t.same(objectPath('b', 'a/b/c.txt'), { path: '/buckets/b/a/b/c.txt', folder: false });
  t.same(objectPath('b', 'a/b/'), { path: '/buckets/b/a/b', folder: true });
});

t.test('keys: refused with a stable code, as documented', async (t) => {
  const refused: Array<[string, string, string]> = [
    ['', 'InvalidArgument', 'empty'],
    ['a//b', 'InvalidArgument', 'an empty segment'],
    ['/a', 'InvalidArgument', "a leading '/'"],
    ['/', 'InvalidArgument', "just '/'"],
    ['a//', 'InvalidArgument', 'an empty segment before the folder slash'],
    ['./a', 'InvalidArgument', "a '.' segment"],
    ['a/./b', 'InvalidArgument', "a '.' segment"],
    ['a/.', 'InvalidArgument', "a final '.' segment"],
    ['a/./', 'InvalidArgument', "a '.' folder"],
    ['a/../b', 'InvalidArgument', "a '..' segment"],
    ['..', 'InvalidArgument', "a '..' segment"],
    ['../', 'InvalidArgument', "a '..' folder"],
    ['a\0b', 'InvalidArgument', 'NUL'],
    ['n'.repeat(256), 'InvalidArgument', 'a segment over 255 bytes'],
    [`a/${'é'.repeat(128)}`, 'InvalidArgument', 'a segment of 256 bytes (128 two-byte characters)'],
    ['a\uD800b', 'InvalidArgument', 'not UTF-8 (a lone surrogate)'],
    ['x'.repeat(keyBytesMax + 1), 'KeyTooLongError', 'over 1024 bytes'],
    ['é'.repeat(513), 'KeyTooLongError', 'over 1024 bytes in UTF-8 though 513 characters'],
  ];
  for (const [key, code, why] of refused) {
    t.equal(codeOf(() => validateKey(key)), code, `${why}: ${JSON.stringify(key.slice(0, 30))}`);
    t.equal(codeOf(() => objectPath('bucket', key)), code, 'objectPath refuses it alike');
  }
  try {
    validateKey('a//b');
    t.fail('refused');
  } catch (err) {
    t.ok(err instanceof S3Error && err.status === 400 && err.fields.ArgumentName === 'key' && err.fields.ArgumentValue === 'a//b', 'InvalidArgument names the argument and its value');
  }
  try {
    validateKey('x'.repeat(2000));
    t.fail('refused');
  } catch (err) {
    t.ok(err instanceof S3Error && err.status === 400 && err.fields.MaxSizeAllowed === '1024' && err.fields.Size === '2000', 'KeyTooLongError says the limit and the size');
  }
  t.equal(codeOf(() => objectPath('Bad Bucket', 'a')), 'InvalidBucketName', 'the bucket is checked too');
});

t.test('keyOf refuses a path outside the bucket: a programmer error', async (t) => {
  t.throws(() => keyOf('b', '/buckets/other/x', false), /assertion failed/);
  t.throws(() => keyOf('b', '/buckets/b', true), /assertion failed/, 'the bucket folder itself is no key');
  t.equal(keyOf('b', '/buckets/b/x/y', true), 'x/y/');
});

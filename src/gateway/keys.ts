// Bucket names and object keys, and how they map onto the namespace (DESIGN §8). Bucket `b` is
// the folder `/buckets/b`; key `a/b/c.txt` is the file `c.txt` in the folder `a/b` below it; a
// key ending in '/' is a folder marker, the explicit folder itself.
//
// Guarantees:
// - A new bucket's name follows S3's rules for general purpose buckets, else InvalidBucketName:
//   3–63 characters of a–z, 0–9, '.', '-'; a letter or digit first and last; no '..'; not an
//   IPv4 address; none of S3's reserved prefixes (`xn--`, `sthree-`, `amzn-s3-demo-`) or
//   suffixes (`-s3alias`, `--ol-s3`, `.mrap`, `--x-s3`, `--table-s3`). Naming an existing
//   bucket needs only a safe single folder name (buckets made natively may predate the rules).
// - A key is any well-formed UTF-8 string of 1–1024 bytes (KeyTooLongError above) that maps
//   onto the namespace, else InvalidArgument. Its '/'-separated segments, with one trailing '/'
//   allowed for a folder marker, must each be a namespace name: not empty, not '.' or '..', at
//   most 255 bytes, no NUL. So `a//b`, `/a`, `./a`, `a/../b`, `a//` and `a/./` are refused, and
//   spaces, '+', '%', control characters other than NUL and any Unicode are fine.
// - Every key maps to exactly one path and back: keyOf(bucket, objectPath(bucket, key)) = key.
import { assert } from '../common/assert.js';
import { nameBytesMax, pathBytesMax } from '../common/constants.js';
import { S3Error } from './s3-errors.js';

/** S3's limit on the UTF-8 length of a key. */
export const keyBytesMax = 1024;
/** S3's limits on a new bucket's name. */
export const bucketNameCharsMin = 3;
export const bucketNameCharsMax = 63;
/** The folder that holds every bucket. */
export const bucketsRoot = '/buckets';

const bucketNamePattern = /^[a-z0-9][a-z0-9.-]*[a-z0-9]$/;
const ipv4Pattern = /^\d{1,3}(\.\d{1,3}){3}$/;
const reservedPrefixes = ['xn--', 'sthree-', 'amzn-s3-demo-'] as const;
const reservedSuffixes = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'] as const;
/** Names an existing bucket may have: one folder name of the characters S3 ever allowed. */
const existingBucketPattern = /^[A-Za-z0-9._-]{1,255}$/;

// The longest object path must fit the namespace, so no valid key is refused for its path.
assert(
  Buffer.byteLength(bucketsRoot) + 1 + nameBytesMax + 1 + keyBytesMax <= pathBytesMax,
  'the longest bucket path plus the longest key fits in a namespace path',
);

/** Checks the name of a bucket about to be created; throws InvalidBucketName. */
export function validateBucketName(name: string): string {
  const refuse = (why: string): never => {
    throw new S3Error('InvalidBucketName', `The specified bucket is not valid: ${why}`, { BucketName: name.slice(0, 256) });
  };
  if (name.length < bucketNameCharsMin || name.length > bucketNameCharsMax) refuse(`a name has ${bucketNameCharsMin} to ${bucketNameCharsMax} characters`);
  if (!bucketNamePattern.test(name)) refuse("lower-case letters, digits, '.' and '-' only, beginning and ending with a letter or digit");
  if (name.includes('..')) refuse("no two adjacent '.'");
  if (ipv4Pattern.test(name)) refuse('not formatted as an IP address');
  for (const prefix of reservedPrefixes) if (name.startsWith(prefix)) refuse(`the prefix '${prefix}' is reserved`);
  for (const suffix of reservedSuffixes) if (name.endsWith(suffix)) refuse(`the suffix '${suffix}' is reserved`);
  return name;
}

/** The folder of a bucket; the name need only be a safe folder name (see the module comment). */
export function bucketPath(bucket: string): string {
  if (!existingBucketPattern.test(bucket) || bucket === '.' || bucket === '..') {
    throw new S3Error('InvalidBucketName', 'The specified bucket is not valid', { BucketName: bucket.slice(0, 256) });
  }
  return `${bucketsRoot}/${bucket}`;
}

/** Checks a key against the rules in the module comment; returns it unchanged. */
export function validateKey(key: string): string {
  const bytes = Buffer.byteLength(key, 'utf8');
  if (bytes === 0) throw invalidKey(key, 'a key is at least one byte');
  if (bytes > keyBytesMax) {
    throw new S3Error('KeyTooLongError', 'Your key is too long', { MaxSizeAllowed: String(keyBytesMax), Size: String(bytes) });
  }
  if (!key.isWellFormed()) throw invalidKey(key, 'a key is UTF-8 text');
  if (key.includes('\0')) throw invalidKey(key, 'a key may not contain NUL');
  const body = key.endsWith('/') ? key.slice(0, -1) : key;
  for (const segment of body.split('/')) {
    if (segment === '') throw invalidKey(key, "a key may not have an empty segment (leading '/', '//')");
    if (segment === '.' || segment === '..') throw invalidKey(key, `a key may not have a '${segment}' segment`);
    if (Buffer.byteLength(segment, 'utf8') > nameBytesMax) throw invalidKey(key, `a key segment is at most ${nameBytesMax} bytes`);
  }
  return key;
}

function invalidKey(key: string, why: string): S3Error {
  return new S3Error('InvalidArgument', `Object key not supported by Cairn: ${why}`, {
    ArgumentName: 'key',
    ArgumentValue: key.slice(0, keyBytesMax),
  });
}

export interface ObjectPath {
  /** The namespace path of the file, or of the folder for a folder marker. */
  path: string;
  /** True for a key ending in '/': the explicit folder `path`. */
  folder: boolean;
}

/** Where a key lives in the namespace; validates both names. */
export function objectPath(bucket: string, key: string): ObjectPath {
  const root = bucketPath(bucket);
  validateKey(key);
  const folder = key.endsWith('/');
  return { path: `${root}/${folder ? key.slice(0, -1) : key}`, folder };
}

/** The key of a file or folder below a bucket: the inverse of objectPath. */
export function keyOf(bucket: string, path: string, folder: boolean): string {
  const root = `${bucketPath(bucket)}/`;
  assert(path.startsWith(root) && path.length > root.length, `${JSON.stringify(path)} lies below ${JSON.stringify(root)}`);
  const key = path.slice(root.length) + (folder ? '/' : '');
  return key;
}

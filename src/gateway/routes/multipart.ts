// Multipart uploads: Create, UploadPart, UploadPartCopy, Complete, Abort and ListParts (the
// bucket's ListMultipartUploads is in list-uploads.ts). A part is an upload session of its own
// on the namenode, so its bytes are stored, deduplicated and verified as any PUT's; completing
// concatenates the parts' block lists (no byte moves). The S3 rules — part order, ETags, the
// 5 MiB minimum of non-final parts, checksums — are checked here against the committed parts;
// the namenode checks the named parts' MD5s again in the same edit that completes the upload,
// so a part re-uploaded in between fails the completion (InvalidPart) instead of slipping in.
// An upload is its initiator's alone: only they add parts to it, complete it or list it (an
// admin may list and abort it); to anyone else who may use the bucket it does not exist
// (NoSuchUpload), and who may not use the bucket is refused first (AccessDenied).
import { PassThrough, type Readable } from 'node:stream';
import type { ListPartsReply__Output } from '../../../proto/gen/cairn/namenode/ListPartsReply.js';
import type { PartInfo__Output } from '../../../proto/gen/cairn/namenode/PartInfo.js';
import { MiB } from '../../common/constants.js';
import { isCairnError } from '../../common/errors.js';
import {
  checksumHeaderName, compositeChecksum, fullObjectCrc, multipartEtag, newChecksum, parseChecksumAlgorithm,
  type ChecksumAlgorithm, type ChecksumType, type CrcAlgorithm,
} from '../checksums.js';
import { objectPath } from '../keys.js';
import { parseMaxKeys } from '../listing.js';
import { metaFromRequest } from '../object-meta.js';
import { readBody, requestBody } from '../request-body.js';
import { objectBytesMax, subresources, type Handler, type S3Request } from '../s3-app.js';
import { S3Error, preconditionFailed } from '../s3-errors.js';
import {
  completeBodyBytesMax, completeMultipartUploadXml, copyPartXml, initiateMultipartUploadXml, listPartsXml, parseCompleteMultipartUpload,
  type Checksums,
} from '../xml.js';
import { checkBucket, ensureFolder, statBucket, xml } from './buckets.js';
import { expectedRevision, putCondition } from './conditional-put.js';
import { parseCopySource, readCopySource } from './copy-object.js';

/** S3's smallest part but the last. */
export const partBytesMin = 5 * MiB;
export const partNumberMax = 10_000;
/** Parts per ListParts page, at most (S3's default and limit). */
const partsPageMax = 1000;
/** Upload metadata keys that describe the parts, not the object (kept out of its revision). */
const algorithmKey = 'x-amz-checksum-algorithm';
const typeKey = 'x-amz-checksum-type';

/** The multipart call an object request names, if any. */
export function multipartHandler(req: S3Request): Handler | undefined {
  const sub = subresources(req);
  if (req.method === 'POST' && sub.length === 1 && sub[0] === 'uploads') return createUpload;
  if (!req.query.has('uploadId')) return undefined;
  const handler = uploadHandler(req, sub);
  // The namenode answers NoSuchUpload for another's upload without looking at the bucket: who may
  // not use the bucket is told AccessDenied first, as for any other call on it.
  return handler === undefined ? undefined : async (req, reply) => {
    await checkBucket(req);
    return handler(req, reply);
  };
}

function uploadHandler(req: S3Request, sub: string[]): Handler | undefined {
  const only = (...names: string[]) => sub.every((name) => names.includes(name));
  if (req.method === 'PUT' && only('uploadId', 'partNumber')) return req.headers['x-amz-copy-source'] === undefined ? uploadPart : uploadPartCopy;
  if (req.method === 'POST' && only('uploadId')) return completeUpload;
  if (req.method === 'DELETE' && only('uploadId')) return abortUpload;
  if (req.method === 'GET' && only('uploadId', 'max-parts', 'part-number-marker', 'encoding-type')) return listParts;
  return undefined;
}

const createUpload: Handler = async (req, reply) => {
  const { path, folder } = objectPath(req.bucket, req.key);
  if (folder) throw new S3Error('InvalidArgument', 'A folder marker (a key ending in /) cannot be uploaded in parts', { ArgumentName: 'key' });
  await statBucket(req);
  const meta = metaFromRequest(req.headers);
  const checksum = uploadChecksum(req);
  if (checksum !== undefined) {
    meta[algorithmKey] = checksum.algorithm;
    meta[typeKey] = checksum.type;
    void reply.header(algorithmKey, checksum.algorithm).header(typeKey, checksum.type);
  }
  await ensureFolder(req, path.slice(0, path.lastIndexOf('/')));
  const { uploadId } = await req.session.client.nn.call('CreateMultipart', { path, metadata: meta });
  return xml(reply, initiateMultipartUploadXml({ bucket: req.bucket, key: req.key, uploadId }));
};

/** The checksum the parts of a new upload carry, and how the object's is formed from theirs. */
function uploadChecksum(req: S3Request): { algorithm: ChecksumAlgorithm; type: ChecksumType } | undefined {
  const named = req.headers[algorithmKey];
  const rawType = req.headers[typeKey];
  if (named === undefined) {
    if (rawType !== undefined) throw new S3Error('InvalidRequest', 'The x-amz-checksum-type header can only be used with the x-amz-checksum-algorithm header.');
    return undefined;
  }
  const algorithm = parseChecksumAlgorithm(String(named), algorithmKey);
  const type = rawType === undefined ? (algorithm === 'CRC64NVME' ? 'FULL_OBJECT' : 'COMPOSITE') : String(rawType).toUpperCase();
  if (type !== 'COMPOSITE' && type !== 'FULL_OBJECT') throw new S3Error('InvalidRequest', 'Value for x-amz-checksum-type header is invalid.');
  if (type === 'FULL_OBJECT' && !isCrc(algorithm)) throw new S3Error('InvalidRequest', `The ${algorithm} algorithm does not support the FULL_OBJECT checksum type.`);
  if (type === 'COMPOSITE' && algorithm === 'CRC64NVME') throw new S3Error('InvalidRequest', 'The CRC64NVME algorithm does not support the COMPOSITE checksum type.');
  return { algorithm, type };
}

function isCrc(algorithm: ChecksumAlgorithm): algorithm is CrcAlgorithm {
  return algorithm === 'CRC32' || algorithm === 'CRC32C' || algorithm === 'CRC64NVME';
}

interface UploadTarget {
  uploadId: string;
  path: string;
  partNumber: number;
  /** The checksum every part of this upload carries, if its creation named one. */
  algorithm: ChecksumAlgorithm | undefined;
}

/** The upload and part a part request names; NoSuchUpload unless the upload is open for this key. */
async function partTarget(req: S3Request): Promise<UploadTarget> {
  const raw = req.query.get('partNumber') ?? '';
  const partNumber = Number(raw);
  if (!/^\d{1,5}$/.test(raw) || partNumber < 1 || partNumber > partNumberMax) {
    throw new S3Error('InvalidArgument', `Part number must be an integer between 1 and ${partNumberMax}, inclusive`, { ArgumentName: 'partNumber', ArgumentValue: raw.slice(0, 20) });
  }
  const { upload } = await readParts(req, 0, 1);
  const algorithm = upload?.metadata[algorithmKey];
  return { uploadId: uploadIdOf(req), path: objectPath(req.bucket, req.key).path, partNumber, algorithm: algorithm === undefined ? undefined : parseChecksumAlgorithm(algorithm, algorithmKey) };
}

const uploadPart: Handler = async (req, reply) => {
  const target = await partTarget(req);
  const body = requestBody(req, objectBytesMax, target.algorithm);
  let checksums: Record<string, string> = {};
  const put = await putPart(req, target, body.payload, async (content) => (checksums = await body.verify(content)));
  for (const [name, value] of Object.entries(checksums)) void reply.header(name, value);
  return reply.header('etag', `"${put.md5Hex}"`).send();
};

/** A part made of a range of another object. Its bytes stream through the gateway; blocks the cluster holds already are not sent again. */
const uploadPartCopy: Handler = async (req, reply) => {
  const target = await partTarget(req);
  const source = parseCopySource(String(req.headers['x-amz-copy-source']));
  const head = await readCopySource(req, source);
  const range = copyRange(req.headers['x-amz-copy-source-range'], Number(head.size));
  if ((range?.end ?? Number(head.size)) - (range?.start ?? 0) > objectBytesMax) throw new S3Error('InvalidRequest', `A part is at most ${objectBytesMax} bytes`);
  const checksum = target.algorithm === undefined ? undefined : newChecksum(target.algorithm);
  const bytes = new PassThrough();
  const reading = req.session.client.get(objectPath(source.bucket, source.key).path, bytes, { revision: head.revision, ...(range === undefined ? {} : { range }) })
    .then(() => bytes.end(), (err: unknown) => bytes.destroy(err instanceof Error ? err : new Error(String(err))));
  const put = await putPart(req, target, tapped(bytes, checksum), async () => {
    await reading;
    return checksum === undefined || target.algorithm === undefined ? {} : { [checksumHeaderName(target.algorithm)]: (await checksum.digest()).toString('base64') };
  });
  void reply.header('x-amz-copy-source-version-id', String(head.revision));
  return xml(reply, copyPartXml({ etag: put.md5Hex, modifiedAtMs: req.receivedAtMs }));
};

/** `bytes=first-last` of a copy source, as [start, end); S3 takes only this bounded form. */
function copyRange(header: string | string[] | undefined, size: number): { start: number; end: number } | undefined {
  if (header === undefined) return undefined;
  const match = /^bytes=(\d{1,15})-(\d{1,15})$/.exec(String(header).trim());
  const start = Number(match?.[1]);
  const last = Number(match?.[2]);
  if (match === null || last < start || last >= size) {
    throw new S3Error('InvalidArgument', `Range specified is not valid for source object of size: ${size}`, { ArgumentName: 'x-amz-copy-source-range' });
  }
  return { start, end: last + 1 };
}

async function* tapped(source: Readable, checksum: ReturnType<typeof newChecksum> | undefined): AsyncGenerator<Buffer> {
  for await (const piece of source as AsyncIterable<Buffer>) {
    checksum?.update(piece);
    yield piece;
  }
}

/** Stores a part; `verify` runs once every byte is stored and returns the part's checksums, or throws (nothing is kept). */
async function putPart(
  req: S3Request, target: UploadTarget, payload: AsyncIterable<Uint8Array>, verify: (content: { md5Hex: string; size: number }) => Promise<Record<string, string>>,
): Promise<{ md5Hex: string }> {
  return req.session.client.put(payload, target.path, { part: { uploadId: target.uploadId, number: target.partNumber }, beforeCommit: verify });
}

const completeUpload: Handler = async (req, reply) => {
  const { path } = objectPath(req.bucket, req.key);
  const uploadId = uploadIdOf(req);
  const named = parseCompleteMultipartUpload(await readBody(req, completeBodyBytesMax));
  for (let i = 1; i < named.length; i++) {
    if ((named[i]?.partNumber ?? 0) <= (named[i - 1]?.partNumber ?? 0)) throw new S3Error('InvalidPartOrder', 'The list of parts was not in ascending order. The parts list must be specified in order by part number.');
  }
  const { upload, parts } = await allParts(req);
  const chosen: PartInfo__Output[] = [];
  const algorithm = upload.metadata[algorithmKey] === undefined ? undefined : parseChecksumAlgorithm(upload.metadata[algorithmKey], algorithmKey);
  for (const want of named) {
    const part = parts.get(want.partNumber);
    if (part === undefined || part.md5 !== want.etag) throw invalidPart(want.partNumber);
    if (algorithm !== undefined) {
      const stored = part.metadata[checksumHeaderName(algorithm)];
      const claimed = want.checksums[algorithm.toLowerCase() as keyof Checksums];
      if (stored === undefined) throw new S3Error('InvalidRequest', `The upload was created using a ${algorithm.toLowerCase()} checksum. Part ${want.partNumber} has none.`);
      if (claimed !== undefined && claimed !== stored) throw invalidPart(want.partNumber);
    }
    chosen.push(part);
  }
  const tooSmall = chosen.slice(0, -1).find((part) => Number(part.size) < partBytesMin);
  if (tooSmall !== undefined) {
    throw new S3Error('EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed object size.', {
      ProposedSize: String(tooSmall.size), MinSizeAllowed: String(partBytesMin), PartNumber: String(tooSmall.partNumber), ETag: `"${tooSmall.md5}"`,
    });
  }
  const etag = multipartEtag(chosen.map((p) => p.md5));
  const { [algorithmKey]: _algorithm, [typeKey]: type, ...objectMeta } = upload.metadata;
  const meta: Record<string, string> = { ...objectMeta, etag };
  const checksums: Checksums = {};
  if (algorithm !== undefined) {
    const digests = chosen.map((p) => Buffer.from(p.metadata[checksumHeaderName(algorithm)] ?? '', 'base64'));
    const value = type === 'FULL_OBJECT' && isCrc(algorithm)
      ? fullObjectCrc(algorithm, chosen.map((p, i) => ({ checksum: digests[i] ?? Buffer.alloc(0), lengthBytes: Number(p.size) }))).toString('base64')
      : await compositeChecksum(algorithm, digests);
    meta[checksumHeaderName(algorithm)] = value;
    meta[typeKey] = type ?? 'COMPOSITE';
    checksums[algorithm.toLowerCase() as keyof Checksums] = value;
  }
  const expected = await expectedRevision(req, path);
  const inode = await req.session.client.nn.call('CompleteMultipart', {
    uploadId, path, parts: named.map((p) => ({ partNumber: p.partNumber, md5: p.etag })), metadata: meta,
    expectedRevision: expected ?? 0, hasExpectedRevision: expected !== undefined,
  }).catch((err: unknown) => {
    if (isCairnError(err, 'REVISION_CONFLICT')) throw preconditionFailed(putCondition(req));
    throw err;
  });
  void reply.header('x-amz-version-id', String(inode.revision));
  return xml(reply, completeMultipartUploadXml({
    location: `/${req.bucket}/${encodeURIComponent(req.key).replace(/%2F/g, '/')}`, bucket: req.bucket, key: req.key, etag, checksums,
    ...(meta[typeKey] === undefined ? {} : { checksumType: meta[typeKey] as ChecksumType }),
  }));
};

function invalidPart(partNumber: number): S3Error {
  return new S3Error('InvalidPart', 'One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not have matched the part\'s entity tag.', { PartNumber: String(partNumber) });
}

const abortUpload: Handler = async (req, reply) => {
  await readParts(req, 0, 1); // NoSuchUpload unless it is an open upload of this key
  await req.session.client.nn.call('AbortUpload', { uploadId: uploadIdOf(req) });
  return reply.code(204).send();
};

const listParts: Handler = async (req, reply) => {
  const rawMarker = req.query.get('part-number-marker') ?? '0';
  const marker = Number(rawMarker);
  if (!/^\d{1,5}$/.test(rawMarker) || marker > partNumberMax) throw new S3Error('InvalidArgument', `part-number-marker must be an integer from 0 to ${partNumberMax}`, { ArgumentName: 'part-number-marker' });
  const maxParts = parseMaxKeys(req.query.get('max-parts'), 'max-parts');
  const page = await readParts(req, marker, Math.max(maxParts, 1));
  const parts = maxParts === 0 ? [] : page.parts;
  const truncated = maxParts === 0 ? page.parts.length > 0 : page.truncated;
  const upload = page.upload;
  const owner = upload?.owner ?? req.session.user;
  const algorithm = upload?.metadata[algorithmKey];
  return xml(reply, listPartsXml({
    bucket: req.bucket, key: req.key, uploadId: uploadIdOf(req), initiator: owner, owner, partNumberMarker: marker,
    ...(truncated && parts.length > 0 ? { nextPartNumberMarker: parts[parts.length - 1]?.partNumber } : {}),
    maxParts, isTruncated: truncated,
    parts: parts.map((p) => ({ partNumber: p.partNumber, modifiedAtMs: Number(p.createdAtMs), etag: p.md5, size: Number(p.size), checksums: partChecksums(p) })),
    ...(algorithm === undefined ? {} : { checksumAlgorithm: algorithm, checksumType: (upload?.metadata[typeKey] ?? 'COMPOSITE') as ChecksumType }),
  }));
};

function partChecksums(part: PartInfo__Output): Checksums {
  const out: Checksums = {};
  for (const [name, value] of Object.entries(part.metadata)) {
    if (name.startsWith('x-amz-checksum-')) out[name.slice('x-amz-checksum-'.length) as keyof Checksums] = value;
  }
  return out;
}

function uploadIdOf(req: S3Request): string {
  return req.query.get('uploadId') ?? '';
}

/** One page of the upload's committed parts; NoSuchUpload unless it is an open upload of this key. */
async function readParts(req: S3Request, afterPart: number, limit: number): Promise<ListPartsReply__Output> {
  const { path } = objectPath(req.bucket, req.key);
  return req.session.client.nn.call('ListParts', { uploadId: uploadIdOf(req), path, afterPart, limit });
}

/** Every committed part of the upload, by number. */
async function allParts(req: S3Request): Promise<{ upload: NonNullable<ListPartsReply__Output['upload']>; parts: Map<number, PartInfo__Output> }> {
  const parts = new Map<number, PartInfo__Output>();
  let after = 0;
  for (;;) {
    const page = await readParts(req, after, partsPageMax);
    for (const part of page.parts) parts.set(part.partNumber, part);
    const last = page.parts[page.parts.length - 1];
    if (!page.truncated || last === undefined) {
      if (page.upload === null || page.upload === undefined) throw new S3Error('NoSuchUpload', 'The specified upload does not exist.');
      return { upload: page.upload, parts };
    }
    after = last.partNumber;
  }
}

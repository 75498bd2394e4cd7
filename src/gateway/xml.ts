// S3's XML: the bodies the gateway answers with and the three request bodies it reads
// (CompleteMultipartUpload, Delete, CreateBucketConfiguration).
//
// Guarantees:
// - Builders take plain objects and return the document S3 would send: the XML declaration, the
//   2006-03-01 namespace on the root (not on <Error>, as S3), elements in the order of the S3
//   API reference's examples, timestamps as ISO-8601 with milliseconds and Z, ETags quoted.
//   Text is escaped for XML 1.0; control characters (CR, LF and TAB included) are written as
//   character references, so every parser sees them unchanged. With encoding-type=url the
//   fields S3 encodes (keys, prefixes, delimiters, key markers) are URL-encoded as S3 does it:
//   UTF-8 percent-encoding that keeps A–Z a–z 0–9 - _ . * / and writes a space as '+'.
// - Parsers read untrusted bodies safely: the size is checked before anything else, then the
//   count of markup, then well-formedness; DOCTYPE (so any entity definition) is refused, and
//   only XML's five named entities and numeric references are decoded, by this module. Element
//   counts and depth are bounded. Any failure is S3Error('MalformedXML'); success is a plain
//   object. Unknown elements are ignored (clients add new checksum fields over time); known
//   elements given twice are refused.
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import { assert } from '../common/assert.js';
import { KiB } from '../common/constants.js';
import { S3Error } from './s3-errors.js';

export const s3Namespace = 'http://s3.amazonaws.com/doc/2006-03-01/';
export const xmlDeclaration = '<?xml version="1.0" encoding="UTF-8"?>';

/** Parts in one CompleteMultipartUpload (S3's part-number range is 1…10,000). */
export const completePartsMax = 10_000;
/** Objects in one DeleteObjects request (S3's limit). */
export const deleteObjectsMax = 1000;
/** Request body limits: a generous worst case per entry (a 1024-byte key escaped as character references takes ~6 KiB; a part with every checksum well under 1 KiB). */
export const completeBodyBytesMax = completePartsMax * KiB;
export const deleteBodyBytesMax = deleteObjectsMax * 8 * KiB;
export const createBucketBodyBytesMax = 64 * KiB;
/** Elements one Part or Object may hold, known ones and a margin for fields S3 adds. */
const entryElementsMax = 24;
/** Nesting depth of any request document we read (root, entry, field). */
const requestDepthMax = 4;
/** Characters in a checksum or ETag value; the longest real one (SHA-256, base64) has 44. */
const digestCharsMax = 256;

export type EncodingType = 'url';

export interface Owner {
  id: string;
  displayName: string;
}

/** An Owner, or a Cairn user name, which S3 shows as both ID and DisplayName. */
export type OwnerLike = Owner | string;

/** Checksums of an object or part, base64 as in the x-amz-checksum-* headers. */
export interface Checksums {
  crc32?: string;
  crc32c?: string;
  crc64nvme?: string;
  sha1?: string;
  sha256?: string;
}

export type ChecksumType = 'COMPOSITE' | 'FULL_OBJECT';

const checksumElements = [
  ['crc32', 'ChecksumCRC32'],
  ['crc32c', 'ChecksumCRC32C'],
  ['crc64nvme', 'ChecksumCRC64NVME'],
  ['sha1', 'ChecksumSHA1'],
  ['sha256', 'ChecksumSHA256'],
] as const;

// ---------------------------------------------------------------------------------------------
// Text

const xmlEscapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Escapes text for an XML 1.0 element; control characters become character references. */
export function escapeXml(value: string): string {
  return value.replace(/[&<>"'\x00-\x1f]/g, (c) => xmlEscapes[c] ?? `&#${c.charCodeAt(0)};`);
}

const urlSafe = /^[A-Za-z0-9\-_.*/]*$/;

/** URL-encodes a key the way S3 does for encoding-type=url. */
export function s3UrlEncode(value: string): string {
  if (urlSafe.test(value)) return value;
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const c = String.fromCharCode(byte);
    if (byte < 0x80 && urlSafe.test(c)) out += c;
    else if (byte === 0x20) out += '+';
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** A time as S3 writes it: 2009-10-12T17:50:30.000Z. */
export function isoTime(ms: number): string {
  assert(Number.isFinite(ms), `a time in ms: ${ms}`);
  return new Date(ms).toISOString();
}

/** An ETag as S3 writes it in XML: quoted. Accepts the bare or the quoted form. */
export function quoteEtag(etag: string): string {
  return etag.length >= 2 && etag.startsWith('"') && etag.endsWith('"') ? etag : `"${etag}"`;
}

// ---------------------------------------------------------------------------------------------
// Building

type XmlChild = { '#text': string } | { [tag: string]: XmlChild[] };

const builderOptions = { preserveOrder: true, ignoreAttributes: false, processEntities: false, format: false } as const;
// Text is escaped by escapeXml before it reaches the builder, hence processEntities: false.
const builder = new XMLBuilder({ ...builderOptions, suppressEmptyNode: false });
const selfClosingBuilder = new XMLBuilder({ ...builderOptions, suppressEmptyNode: true });

function leaf(tag: string, value: string | number | boolean): XmlChild {
  return { [tag]: [{ '#text': escapeXml(String(value)) }] };
}

function optional(tag: string, value: string | number | boolean | undefined): XmlChild[] {
  return value === undefined ? [] : [leaf(tag, value)];
}

function node(tag: string, children: XmlChild[]): XmlChild {
  return { [tag]: children };
}

function document(root: string, children: XmlChild[], namespace = true): string {
  const attributes = namespace ? { ':@': { '@_xmlns': s3Namespace } } : {};
  return `${xmlDeclaration}\n${builder.build([{ [root]: children, ...attributes }])}`;
}

function encoder(encodingType: EncodingType | undefined): (value: string) => string {
  return encodingType === 'url' ? s3UrlEncode : (value) => value;
}

function ownerNode(tag: 'Owner' | 'Initiator', owner: OwnerLike): XmlChild {
  const { id, displayName } = typeof owner === 'string' ? { id: owner, displayName: owner } : owner;
  return node(tag, [leaf('ID', id), leaf('DisplayName', displayName)]);
}

function checksumNodes(checksums: Checksums | undefined): XmlChild[] {
  if (checksums === undefined) return [];
  return checksumElements.flatMap(([field, tag]) => optional(tag, checksums[field]));
}

function delimiterNodes(delimiter: string | undefined, encodingType: EncodingType | undefined): XmlChild[] {
  const encode = encoder(encodingType);
  return [...(delimiter ? [leaf('Delimiter', encode(delimiter))] : []), ...optional('EncodingType', encodingType)];
}

function commonPrefixNodes(prefixes: readonly string[], encode: (value: string) => string): XmlChild[] {
  return prefixes.map((prefix) => node('CommonPrefixes', [leaf('Prefix', encode(prefix))]));
}

/** What an error body shows: an S3Error, or the same fields from elsewhere. */
export interface ErrorFields {
  code: string;
  message: string;
  /** Extra elements (S3Error.fields); names must be XML names other than the standard ones. */
  fields?: Record<string, string>;
}

const reservedErrorFields = new Set(['Code', 'Message', 'Resource', 'RequestId', 'HostId']);
const xmlName = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/**
 * The body of every S3 error: Code, Message, the error's own fields, Resource (the bucket or
 * object the request named, e.g. `/bucket/key`), RequestId. Fields with unusable names are
 * left out, never thrown on: this runs while answering an error.
 */
export function errorXml(error: ErrorFields, resource: string, requestId: string, hostId?: string): string {
  const extra = Object.entries(error.fields ?? {}).filter(([name]) => xmlName.test(name) && !reservedErrorFields.has(name));
  return document(
    'Error',
    [
      leaf('Code', error.code),
      leaf('Message', error.message),
      ...extra.map(([name, value]) => leaf(name, value)),
      leaf('Resource', resource),
      leaf('RequestId', requestId),
      ...optional('HostId', hostId),
    ],
    false,
  );
}

export interface BucketListEntry {
  name: string;
  createdAtMs: number;
}

export interface ListBucketsBody {
  owner: OwnerLike;
  buckets: readonly BucketListEntry[];
  continuationToken?: string;
  prefix?: string;
}

export function bucketListXml(body: ListBucketsBody): string {
  return document('ListAllMyBucketsResult', [
    ownerNode('Owner', body.owner),
    node(
      'Buckets',
      body.buckets.map((bucket) => node('Bucket', [leaf('Name', bucket.name), leaf('CreationDate', isoTime(bucket.createdAtMs))])),
    ),
    ...optional('ContinuationToken', body.continuationToken),
    ...optional('Prefix', body.prefix),
  ]);
}

export interface ObjectListEntry {
  key: string;
  modifiedAtMs: number;
  etag: string;
  size: number;
  storageClass?: string;
  /** Given → listed (ListObjects v1 always, v2 with fetch-owner=true). */
  owner?: OwnerLike;
}

function contentsNode(entry: ObjectListEntry, encode: (value: string) => string): XmlChild {
  return node('Contents', [
    leaf('Key', encode(entry.key)),
    leaf('LastModified', isoTime(entry.modifiedAtMs)),
    leaf('ETag', quoteEtag(entry.etag)),
    leaf('Size', entry.size),
    leaf('StorageClass', entry.storageClass ?? 'STANDARD'),
    ...(entry.owner ? [ownerNode('Owner', entry.owner)] : []),
  ]);
}

interface ListBody {
  bucket: string;
  prefix: string;
  delimiter?: string;
  maxKeys: number;
  isTruncated: boolean;
  encodingType?: EncodingType;
  contents: readonly ObjectListEntry[];
  commonPrefixes: readonly string[];
}

export interface ListObjectsV2Body extends ListBody {
  continuationToken?: string;
  nextContinuationToken?: string;
  startAfter?: string;
}

/** ListObjectsV2's ListBucketResult; KeyCount counts keys and common prefixes, as S3. */
export function listObjectsV2Xml(body: ListObjectsV2Body): string {
  const encode = encoder(body.encodingType);
  return document('ListBucketResult', [
    leaf('Name', body.bucket),
    leaf('Prefix', encode(body.prefix)),
    ...optional('StartAfter', body.startAfter === undefined ? undefined : encode(body.startAfter)),
    ...optional('ContinuationToken', body.continuationToken),
    ...optional('NextContinuationToken', body.nextContinuationToken),
    leaf('KeyCount', body.contents.length + body.commonPrefixes.length),
    leaf('MaxKeys', body.maxKeys),
    ...delimiterNodes(body.delimiter, body.encodingType),
    leaf('IsTruncated', body.isTruncated),
    ...body.contents.map((entry) => contentsNode(entry, encode)),
    ...commonPrefixNodes(body.commonPrefixes, encode),
  ]);
}

export interface ListObjectsV1Body extends ListBody {
  marker: string;
  /** S3 sends it only when a delimiter was given; without one, clients continue from the last key. */
  nextMarker?: string;
}

/** ListObjects (v1)'s ListBucketResult. */
export function listObjectsV1Xml(body: ListObjectsV1Body): string {
  const encode = encoder(body.encodingType);
  return document('ListBucketResult', [
    leaf('Name', body.bucket),
    leaf('Prefix', encode(body.prefix)),
    leaf('Marker', encode(body.marker)),
    ...optional('NextMarker', body.nextMarker === undefined ? undefined : encode(body.nextMarker)),
    leaf('MaxKeys', body.maxKeys),
    ...delimiterNodes(body.delimiter, body.encodingType),
    leaf('IsTruncated', body.isTruncated),
    ...body.contents.map((entry) => contentsNode(entry, encode)),
    ...commonPrefixNodes(body.commonPrefixes, encode),
  ]);
}

export interface VersionListEntry {
  kind: 'version';
  key: string;
  versionId: string;
  isLatest: boolean;
  modifiedAtMs: number;
  etag: string;
  size: number;
  storageClass?: string;
  owner?: OwnerLike;
}

export interface DeleteMarkerListEntry {
  kind: 'deleteMarker';
  key: string;
  versionId: string;
  isLatest: boolean;
  modifiedAtMs: number;
  owner?: OwnerLike;
}

export interface ListVersionsBody {
  bucket: string;
  prefix: string;
  keyMarker: string;
  versionIdMarker: string;
  nextKeyMarker?: string;
  nextVersionIdMarker?: string;
  maxKeys: number;
  delimiter?: string;
  encodingType?: EncodingType;
  isTruncated: boolean;
  /** Versions and delete markers in key order, newest first within a key; written interleaved as S3 does. */
  entries: ReadonlyArray<VersionListEntry | DeleteMarkerListEntry>;
  commonPrefixes: readonly string[];
}

function versionNode(entry: VersionListEntry | DeleteMarkerListEntry, encode: (value: string) => string): XmlChild {
  const head = [
    leaf('Key', encode(entry.key)),
    leaf('VersionId', entry.versionId),
    leaf('IsLatest', entry.isLatest),
    leaf('LastModified', isoTime(entry.modifiedAtMs)),
  ];
  const owner = entry.owner ? [ownerNode('Owner', entry.owner)] : [];
  if (entry.kind === 'deleteMarker') return node('DeleteMarker', [...head, ...owner]);
  return node('Version', [
    ...head,
    leaf('ETag', quoteEtag(entry.etag)),
    leaf('Size', entry.size),
    ...owner,
    leaf('StorageClass', entry.storageClass ?? 'STANDARD'),
  ]);
}

/** ListObjectVersions' ListVersionsResult. */
export function listVersionsXml(body: ListVersionsBody): string {
  const encode = encoder(body.encodingType);
  return document('ListVersionsResult', [
    leaf('Name', body.bucket),
    leaf('Prefix', encode(body.prefix)),
    leaf('KeyMarker', encode(body.keyMarker)),
    leaf('VersionIdMarker', body.versionIdMarker),
    ...optional('NextKeyMarker', body.nextKeyMarker === undefined ? undefined : encode(body.nextKeyMarker)),
    ...optional('NextVersionIdMarker', body.nextVersionIdMarker),
    leaf('MaxKeys', body.maxKeys),
    ...delimiterNodes(body.delimiter, body.encodingType),
    leaf('IsTruncated', body.isTruncated),
    ...body.entries.map((entry) => versionNode(entry, encode)),
    ...commonPrefixNodes(body.commonPrefixes, encode),
  ]);
}

export function initiateMultipartUploadXml(body: { bucket: string; key: string; uploadId: string }): string {
  return document('InitiateMultipartUploadResult', [leaf('Bucket', body.bucket), leaf('Key', body.key), leaf('UploadId', body.uploadId)]);
}

export interface CompleteMultipartUploadBody {
  location: string;
  bucket: string;
  key: string;
  etag: string;
  checksums?: Checksums;
  checksumType?: ChecksumType;
}

export function completeMultipartUploadXml(body: CompleteMultipartUploadBody): string {
  return document('CompleteMultipartUploadResult', [
    leaf('Location', body.location),
    leaf('Bucket', body.bucket),
    leaf('Key', body.key),
    leaf('ETag', quoteEtag(body.etag)),
    ...checksumNodes(body.checksums),
    ...optional('ChecksumType', body.checksumType),
  ]);
}

export interface PartListEntry {
  partNumber: number;
  modifiedAtMs: number;
  etag: string;
  size: number;
  checksums?: Checksums;
}

export interface ListPartsBody {
  bucket: string;
  key: string;
  uploadId: string;
  initiator: OwnerLike;
  owner: OwnerLike;
  storageClass?: string;
  partNumberMarker: number;
  nextPartNumberMarker?: number;
  maxParts: number;
  isTruncated: boolean;
  parts: readonly PartListEntry[];
  checksumAlgorithm?: string;
  checksumType?: ChecksumType;
}

export function listPartsXml(body: ListPartsBody): string {
  return document('ListPartsResult', [
    leaf('Bucket', body.bucket),
    leaf('Key', body.key),
    leaf('UploadId', body.uploadId),
    ownerNode('Initiator', body.initiator),
    ownerNode('Owner', body.owner),
    leaf('StorageClass', body.storageClass ?? 'STANDARD'),
    leaf('PartNumberMarker', body.partNumberMarker),
    ...optional('NextPartNumberMarker', body.nextPartNumberMarker),
    leaf('MaxParts', body.maxParts),
    leaf('IsTruncated', body.isTruncated),
    ...body.parts.map((part) =>
      node('Part', [
        leaf('PartNumber', part.partNumber),
        leaf('LastModified', isoTime(part.modifiedAtMs)),
        leaf('ETag', quoteEtag(part.etag)),
        leaf('Size', part.size),
        ...checksumNodes(part.checksums),
      ]),
    ),
    ...optional('ChecksumAlgorithm', body.checksumAlgorithm),
    ...optional('ChecksumType', body.checksumType),
  ]);
}

export interface UploadListEntry {
  key: string;
  uploadId: string;
  initiator: OwnerLike;
  owner: OwnerLike;
  storageClass?: string;
  initiatedAtMs: number;
}

export interface ListMultipartUploadsBody {
  bucket: string;
  keyMarker: string;
  uploadIdMarker: string;
  nextKeyMarker?: string;
  nextUploadIdMarker?: string;
  delimiter?: string;
  prefix: string;
  encodingType?: EncodingType;
  maxUploads: number;
  isTruncated: boolean;
  uploads: readonly UploadListEntry[];
  commonPrefixes: readonly string[];
}

export function listMultipartUploadsXml(body: ListMultipartUploadsBody): string {
  const encode = encoder(body.encodingType);
  return document('ListMultipartUploadsResult', [
    leaf('Bucket', body.bucket),
    leaf('KeyMarker', encode(body.keyMarker)),
    leaf('UploadIdMarker', body.uploadIdMarker),
    ...optional('NextKeyMarker', body.nextKeyMarker === undefined ? undefined : encode(body.nextKeyMarker)),
    ...optional('NextUploadIdMarker', body.nextUploadIdMarker),
    ...(body.delimiter ? [leaf('Delimiter', encode(body.delimiter))] : []),
    leaf('Prefix', encode(body.prefix)),
    ...optional('EncodingType', body.encodingType),
    leaf('MaxUploads', body.maxUploads),
    leaf('IsTruncated', body.isTruncated),
    ...body.uploads.map((upload) =>
      node('Upload', [
        leaf('Key', encode(upload.key)),
        leaf('UploadId', upload.uploadId),
        ownerNode('Initiator', upload.initiator),
        ownerNode('Owner', upload.owner),
        leaf('StorageClass', upload.storageClass ?? 'STANDARD'),
        leaf('Initiated', isoTime(upload.initiatedAtMs)),
      ]),
    ),
    ...commonPrefixNodes(body.commonPrefixes, encode),
  ]);
}

export interface CopyResultBody {
  etag: string;
  modifiedAtMs: number;
  checksums?: Checksums;
  checksumType?: ChecksumType;
}

export function copyObjectXml(body: CopyResultBody): string {
  return document('CopyObjectResult', [
    leaf('LastModified', isoTime(body.modifiedAtMs)),
    leaf('ETag', quoteEtag(body.etag)),
    ...optional('ChecksumType', body.checksumType),
    ...checksumNodes(body.checksums),
  ]);
}

export function copyPartXml(body: Omit<CopyResultBody, 'checksumType'>): string {
  return document('CopyPartResult', [
    leaf('LastModified', isoTime(body.modifiedAtMs)),
    leaf('ETag', quoteEtag(body.etag)),
    ...checksumNodes(body.checksums),
  ]);
}

export type DeleteOutcome =
  | { kind: 'deleted'; key: string; versionId?: string; deleteMarker?: boolean; deleteMarkerVersionId?: string }
  | { kind: 'error'; key: string; versionId?: string; code: string; message: string };

/** DeleteObjects' DeleteResult, outcomes in request order; quiet mode lists only the errors. */
export function deleteResultXml(body: { quiet: boolean; outcomes: readonly DeleteOutcome[] }): string {
  const listed = body.quiet ? body.outcomes.filter((outcome) => outcome.kind === 'error') : body.outcomes;
  return document(
    'DeleteResult',
    listed.map((outcome) =>
      outcome.kind === 'deleted'
        ? node('Deleted', [
            leaf('Key', outcome.key),
            ...optional('VersionId', outcome.versionId),
            ...optional('DeleteMarker', outcome.deleteMarker),
            ...optional('DeleteMarkerVersionId', outcome.deleteMarkerVersionId),
          ])
        : node('Error', [
            leaf('Key', outcome.key),
            ...optional('VersionId', outcome.versionId),
            leaf('Code', outcome.code),
            leaf('Message', outcome.message),
          ]),
    ),
  );
}

/** A POST upload's answer when the form asked for status 201; S3 writes it without the namespace. */
export function postResponseXml(body: { location: string; bucket: string; key: string; etag: string }): string {
  return document('PostResponse', [leaf('Location', body.location), leaf('Bucket', body.bucket), leaf('Key', body.key), leaf('ETag', quoteEtag(body.etag))], false);
}

/** GetBucketLocation's answer; S3 answers an empty element for us-east-1 (pass ''). */
export function locationXml(region: string): string {
  const root = { LocationConstraint: region === '' ? [] : [{ '#text': escapeXml(region) }], ':@': { '@_xmlns': s3Namespace } };
  return `${xmlDeclaration}\n${selfClosingBuilder.build([root])}`;
}

// ---------------------------------------------------------------------------------------------
// Parsing

interface XmlElement {
  name: string;
  children: XmlElement[];
  /** Decoded character data of a leaf element; '' for an element with children. */
  text: string;
}

interface DocumentLimits {
  bytesMax: number;
  elementsMax: number;
}

const malformedMessage = 'The XML you provided was not well-formed or did not validate against our published schema';

function malformed(why: string): never {
  throw new S3Error('MalformedXML', `${malformedMessage}: ${why}`);
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: true,
  removeNSPrefix: true,
  // Entities are decoded by decodeText, which knows only XML's own; DOCTYPE never gets here.
  processEntities: false,
  htmlEntities: false,
  trimValues: false,
  parseTagValue: false,
  cdataPropName: '#cdata',
  commentPropName: false,
  maxNestedTags: requestDepthMax + 1,
});

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
/** Markup declarations other than comments and CDATA: DOCTYPE, ENTITY, ELEMENT, … */
const declarationPattern = /<!(?!--|\[CDATA\[)/;

function parseDocument(body: Buffer | string, rootName: string, limits: DocumentLimits): XmlElement {
  const bytes = typeof body === 'string' ? Buffer.byteLength(body, 'utf8') : body.length;
  if (bytes > limits.bytesMax) malformed(`a ${rootName} body is at most ${limits.bytesMax} bytes`);
  let text: string;
  try {
    text = typeof body === 'string' ? body : utf8.decode(body);
  } catch {
    malformed('the body is not UTF-8');
  }
  if (declarationPattern.test(text)) malformed('DOCTYPE and other declarations are not accepted');
  if (countOf(text, '<') > 2 * limits.elementsMax + 16) malformed(`a ${rootName} has at most ${limits.elementsMax} elements`);
  text = text.replace(/\r\n?/g, '\n'); // XML's end-of-line handling; a CR in a value arrives as &#13;
  if (XMLValidator.validate(text) !== true) malformed('not well-formed');
  let parsed: unknown;
  try {
    parsed = parser.parse(text);
  } catch {
    malformed('not well-formed');
  }
  const counter = { elements: 0 };
  const roots = elementsOf(parsed, 1, counter, limits);
  if (roots.children.length !== 1 || roots.text.trim() !== '') malformed('one root element expected');
  const root = roots.children[0] as XmlElement; // length checked just above
  if (root.name !== rootName) malformed(`the root element is ${rootName}`);
  return root;
}

function countOf(text: string, char: string): number {
  let count = 0;
  for (let i = text.indexOf(char); i >= 0; i = text.indexOf(char, i + 1)) count++;
  return count;
}

/** Converts the parser's ordered output (a list of one-key objects) into elements with decoded text. */
function elementsOf(items: unknown, depth: number, counter: { elements: number }, limits: DocumentLimits): { children: XmlElement[]; text: string } {
  if (!Array.isArray(items)) malformed('unexpected structure');
  if (depth > requestDepthMax + 1) malformed(`elements nest at most ${requestDepthMax} deep`);
  const children: XmlElement[] = [];
  let text = '';
  for (const item of items as unknown[]) {
    if (typeof item !== 'object' || item === null) malformed('unexpected structure');
    const entries = Object.entries(item).filter(([name]) => name !== ':@');
    if (entries.length !== 1) malformed('unexpected structure');
    const [name, value] = entries[0] as [string, unknown]; // length checked just above
    if (name === '#text') text += decodeText(String(value));
    else if (name === '#cdata') text += cdataText(value);
    else if (name.startsWith('?')) continue; // the XML declaration and processing instructions
    else {
      counter.elements++;
      if (counter.elements > limits.elementsMax) malformed(`at most ${limits.elementsMax} elements`);
      const inner = elementsOf(value, depth + 1, counter, limits);
      if (inner.children.length > 0 && inner.text.trim() !== '') malformed(`${name} mixes text and elements`);
      children.push({ name, children: inner.children, text: inner.children.length > 0 ? '' : inner.text });
    }
  }
  return { children, text };
}

/** A CDATA section's characters, taken as they are. */
function cdataText(value: unknown): string {
  if (!Array.isArray(value)) malformed('unexpected structure');
  return (value as unknown[]).map((part) => (typeof part === 'object' && part !== null && '#text' in part ? String(part['#text']) : '')).join('');
}

const namedEntities: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
/** Longest reference between '&' and ';' we accept: `#x10FFFF` or `#1114111`. */
const referenceCharsMax = 8;

/** Decodes XML's five named entities and numeric character references; anything else is malformed. */
function decodeText(raw: string): string {
  if (!raw.includes('&')) return raw;
  let out = '';
  let from = 0;
  for (let amp = raw.indexOf('&'); amp >= 0; amp = raw.indexOf('&', from)) {
    const semi = raw.indexOf(';', amp);
    if (semi < 0 || semi - amp - 1 > referenceCharsMax) malformed("a '&' that starts no reference");
    out += raw.slice(from, amp) + decodeReference(raw.slice(amp + 1, semi));
    from = semi + 1;
  }
  return out + raw.slice(from);
}

function decodeReference(ref: string): string {
  const named = namedEntities[ref];
  if (named !== undefined) return named;
  const match = /^#(?:x([0-9A-Fa-f]+)|([0-9]+))$/.exec(ref);
  if (!match) malformed(`unknown entity &${ref.slice(0, 16)};`);
  const codePoint = match[1] !== undefined ? Number.parseInt(match[1], 16) : Number.parseInt(match[2] ?? '', 10);
  if (!(codePoint <= 0x10ffff) || (codePoint >= 0xd800 && codePoint <= 0xdfff)) malformed(`&${ref}; is not a character`);
  return String.fromCodePoint(codePoint);
}

/** The known fields of an entry element, each at most once; unknown elements are ignored. */
function fieldsOf<K extends string>(entry: XmlElement, known: readonly K[]): Partial<Record<K, string>> {
  const fields: Partial<Record<K, string>> = {};
  for (const child of entry.children) {
    if (!(known as readonly string[]).includes(child.name)) continue;
    const name = child.name as K;
    if (fields[name] !== undefined) malformed(`${entry.name} has more than one ${name}`);
    if (child.children.length > 0) malformed(`${name} holds text, not elements`);
    fields[name] = child.text;
  }
  return fields;
}

function unquote(etag: string): string {
  const trimmed = etag.trim();
  return trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"') ? trimmed.slice(1, -1) : trimmed;
}

function digest(name: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed === '' || trimmed.length > digestCharsMax) malformed(`${name} is 1 to ${digestCharsMax} characters`);
  return trimmed;
}

export interface CompletedPart {
  partNumber: number;
  /** Without the quotes, whether or not the client sent them. */
  etag: string;
  checksums: Checksums;
}

const partFields = ['PartNumber', 'ETag', ...checksumElements.map(([, tag]) => tag)] as const;

/** The parts of a CompleteMultipartUpload body, in the order given (their order is checked by the caller: InvalidPartOrder). */
export function parseCompleteMultipartUpload(body: Buffer | string): CompletedPart[] {
  const root = parseDocument(body, 'CompleteMultipartUpload', {
    bytesMax: completeBodyBytesMax,
    elementsMax: 1 + completePartsMax * (1 + entryElementsMax),
  });
  const parts: CompletedPart[] = [];
  for (const element of root.children) {
    if (element.name !== 'Part') continue;
    if (parts.length === completePartsMax) malformed(`at most ${completePartsMax} parts`);
    const fields = fieldsOf(element, partFields);
    const number = fields.PartNumber?.trim() ?? '';
    if (!/^[0-9]{1,5}$/.test(number) || Number(number) < 1 || Number(number) > completePartsMax) {
      malformed(`PartNumber is an integer from 1 to ${completePartsMax}`);
    }
    const etag = unquote(digest('ETag', fields.ETag) ?? malformed('a Part has an ETag'));
    if (etag === '') malformed('a Part has an ETag');
    const checksums: Checksums = {};
    for (const [field, tag] of checksumElements) {
      const value = digest(tag, fields[tag]);
      if (value !== undefined) checksums[field] = value;
    }
    parts.push({ partNumber: Number(number), etag, checksums });
  }
  if (parts.length === 0) malformed('a CompleteMultipartUpload has at least one Part');
  return parts;
}

export interface DeleteTarget {
  /** As sent: the caller validates it per object and reports a bad key in the DeleteResult. */
  key: string;
  versionId?: string;
  /** Conditional-delete fields of newer clients: the caller must honour them or refuse the request. */
  etag?: string;
  lastModifiedTime?: string;
  size?: number;
}

export interface DeleteRequest {
  quiet: boolean;
  objects: DeleteTarget[];
}

const objectFields = ['Key', 'VersionId', 'ETag', 'LastModifiedTime', 'Size'] as const;

/** A DeleteObjects body: 1 to 1000 objects and the Quiet flag. */
export function parseDelete(body: Buffer | string): DeleteRequest {
  const root = parseDocument(body, 'Delete', { bytesMax: deleteBodyBytesMax, elementsMax: 2 + deleteObjectsMax * (1 + entryElementsMax) });
  const { Quiet: quietText } = fieldsOf(root, ['Quiet'] as const);
  const quiet = quietText === undefined ? false : booleanOf('Quiet', quietText);
  const objects: DeleteTarget[] = [];
  for (const element of root.children) {
    if (element.name !== 'Object') continue;
    if (objects.length === deleteObjectsMax) malformed(`at most ${deleteObjectsMax} objects in one request`);
    const fields = fieldsOf(element, objectFields);
    if (fields.Key === undefined) malformed('an Object has a Key');
    const target: DeleteTarget = { key: fields.Key };
    if (fields.VersionId !== undefined) target.versionId = fields.VersionId;
    const etag = digest('ETag', fields.ETag);
    if (etag !== undefined) target.etag = unquote(etag);
    if (fields.LastModifiedTime !== undefined) target.lastModifiedTime = fields.LastModifiedTime.trim();
    if (fields.Size !== undefined) {
      const size = fields.Size.trim();
      if (!/^[0-9]{1,16}$/.test(size)) malformed('Size is a number of bytes');
      target.size = Number(size);
    }
    objects.push(target);
  }
  if (objects.length === 0) malformed('a Delete names at least one Object');
  return { quiet, objects };
}

function booleanOf(name: string, text: string): boolean {
  const value = text.trim().toLowerCase();
  if (value !== 'true' && value !== 'false') malformed(`${name} is true or false`);
  return value === 'true';
}

/** A CreateBucket body; an empty body is no configuration. */
export function parseCreateBucketConfiguration(body: Buffer | string): { locationConstraint?: string } {
  if (Buffer.byteLength(body) > createBucketBodyBytesMax) malformed(`a CreateBucketConfiguration body is at most ${createBucketBodyBytesMax} bytes`);
  if ((typeof body === 'string' ? body : body.toString('latin1')).trim() === '') return {};
  const root = parseDocument(body, 'CreateBucketConfiguration', { bytesMax: createBucketBodyBytesMax, elementsMax: 256 });
  const { LocationConstraint: location } = fieldsOf(root, ['LocationConstraint'] as const);
  return location === undefined ? {} : { locationConstraint: location.trim() };
}

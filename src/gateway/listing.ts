// The listing engine behind ListObjectsV2 and ListObjects (and, through KeyWalk, later
// ListObjectVersions). It walks the namespace below a bucket depth first, one bounded page of
// one folder at a time, and never holds a whole folder in memory.
//
// Why a depth-first walk gives S3's order: a folder's children come back in UTF-8 byte order of
// their sort key (a file's name; a folder's name + '/'), and no sort key is a prefix of another
// one's keys, so visiting children in that order and descending into folders yields every key in
// UTF-8 byte order of the whole key.
//
// S3 semantics reproduced:
// - Keys in UTF-8 byte order; `prefix` filters; `delimiter` (any string) rolls a key up into the
//   common prefix that ends with the first delimiter after the prefix. The page is the sequence
//   of items (keys and common prefixes, in order) after the marker: items ≤ the marker are left
//   out, so a marker inside a common prefix skips it, as a marker equal to it does.
// - `max-keys` 0…1000 counts keys and common prefixes together; IsTruncated is exact (the next
//   item was seen), and the next marker is the last item returned.
// - Explicit folders list as the zero-byte key `name/`; implicit folders are never keys, and
//   their common prefix appears only while some key lies below them.
// - Keys longer than 1024 bytes (possible only for files made natively) are not S3 keys and are
//   not listed.
//
// Cost: resuming seeks straight to the marker's path (one page per folder level); a common
// prefix that is a whole folder is skipped without reading inside it, and any other is skipped
// by seeking its folder past the range. A request makes at most `listCallsMax` source calls and
// reads at most `listEntriesMax` entries; when a bound is reached it answers a truncated page,
// possibly short or even empty, whose resume point (ListResume) still moves forward from where
// the walk stopped. The one exception is ListObjects v1, which can only continue after a page's
// last item: see ListRequest.markerOnly.
import { assert } from '../common/assert.js';
import { listPageMax, nameBytesMax } from '../common/constants.js';
import { keyBytesMax } from './keys.js';
import { S3Error } from './s3-errors.js';

export interface FolderEntry {
  name: string;
  folder: boolean;
  /** Folders only: made only because a key needed it. */
  implicit: boolean;
  size: number;
  modifiedAtMs: number;
  etag: string;
  owner: string;
}

export interface FolderSource {
  /**
   * Children of a folder whose sort key (name, or name + '/' for folders) is greater than
   * `startAfter` in UTF-8 byte order, in that order, at most `limit` of them. `startAfter` is
   * any string, not only an existing sort key ('' for the start). `truncated` says more may follow.
   */
  list(folderPath: string, startAfter: string, limit: number): Promise<{ entries: FolderEntry[]; truncated: boolean }>;
}

/** S3's ceiling on max-keys. */
export const maxKeysMax = 1000;
/** Source calls and entries one listing request may spend; past either it answers a truncated page. */
export const listCallsMax = 2048;
export const listEntriesMax = 32_768;
/** The first page read from a folder; each further page of the same folder doubles, up to listPageMax. */
const firstPageEntries = 16;
/** Folder levels below the bucket that can hold a key of keyBytesMax bytes ('a/' per level), plus the bucket. */
const depthMax = Math.floor(keyBytesMax / 2) + 1;
/**
 * A suffix greater than any continuation of a sort key: U+10FFFF is the greatest code point
 * (F4 8F BF BF in UTF-8), and 64 of them (256 bytes) outlast the longest sort key (255 + 1 bytes).
 */
const afterAll = '\u{10FFFF}'.repeat(64);
/** Markers (start-after, marker, a decoded token) we accept: a key, plus what a bounded page may end on. */
export const listMarkerBytesMax = keyBytesMax + nameBytesMax + 1 + Buffer.byteLength(afterAll);
const emptyMd5Hex = 'd41d8cd98f00b204e9800998ecf8427e';

export interface ListLimits {
  callsMax: number;
  entriesMax: number;
}

export const defaultListLimits: ListLimits = Object.freeze({ callsMax: listCallsMax, entriesMax: listEntriesMax });

// From any position, reaching the next key takes at most a seek down the marker's path and a
// descent to a key: one page per level each. The bounds must allow that, or a page could make no progress.
assert(listCallsMax >= 2 * (depthMax + 1), 'a listing can always seek its marker and reach the next key');
assert(listEntriesMax >= 2 * (depthMax + 1) * firstPageEntries + listPageMax, 'a listing can always read its way to the next key');

/** Orders strings as UTF-8 bytes (code points), not as JavaScript's UTF-16 code units. */
export function compareKeys(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // A surrogate starts a code point above U+FFFF, so it sorts after every other code unit.
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? 1 : -1;
    return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

function sortKeyOf(entry: FolderEntry): string {
  return entry.folder ? `${entry.name}/` : entry.name;
}

/** The greatest string X such that every sort key greater than X is ≥ s (see the afterAll comment). */
function justBelow(s: string): string {
  if (s === '') return '';
  const codePoints = Array.from(s);
  const last = (codePoints.pop() as string).codePointAt(0) as number; // s is not empty
  const head = codePoints.join('');
  if (last === 0) return head;
  const previous = last - 1 >= 0xd800 && last - 1 <= 0xdfff ? 0xd7ff : last - 1;
  return head + String.fromCodePoint(previous) + afterAll;
}

/** Thrown by KeyWalk when the next source call would pass the request's bounds. */
export class ListBudgetExhausted extends Error {
  constructor() {
    super('listing bounds reached');
    this.name = 'ListBudgetExhausted';
  }
}

interface Level {
  /** The key of the folder ('' for the bucket, else 'a/b/'). */
  keyPrefix: string;
  path: string;
  buffer: FolderEntry[];
  next: number;
  /** The sort key the next page continues after. */
  startAfter: string;
  exhausted: boolean;
  pageEntries: number;
}

export interface WalkedKey {
  key: string;
  entry: FolderEntry;
}

/** Where a walk starts: after `target`, at or after it, or after every key that starts with it. */
export type SeekMode = 'after' | 'atOrAfter' | 'pastPrefix';

/**
 * Every key below a bucket folder in order, from a seek position, until the keys leave `bound`
 * (a prefix). Keeps a cursor per folder level on the current path; counts its calls and entries.
 */
export class KeyWalk {
  readonly #source: FolderSource;
  readonly #rootPath: string;
  readonly #bound: string;
  #limits: ListLimits;
  #stack: Level[];
  #position: string;
  #started = false;
  #calls = 0;
  #entries = 0;

  constructor(source: FolderSource, rootPath: string, options: { bound: string; position: string; limits: ListLimits }) {
    this.#source = source;
    this.#rootPath = rootPath;
    this.#bound = options.bound;
    this.#limits = options.limits;
    this.#position = options.position;
    this.#stack = [this.#level('')];
  }

  /** Source calls and entries read so far. */
  get calls(): number {
    return this.#calls;
  }

  get entries(): number {
    return this.#entries;
  }

  /** A marker such that every key up to it has been walked past (for continuing after a bounded page). */
  get position(): string {
    return this.#position;
  }

  /** Positions the walk; only before the first next(). */
  async seek(target: string, mode: SeekMode): Promise<void> {
    assert(!this.#started && this.#stack.length === 1, 'a walk seeks once, before it starts');
    assert(mode !== 'pastPrefix' || target !== '', 'a prefix to pass is not empty');
    this.#started = true;
    let level = this.#stack[0] as Level; // the root, asserted above
    let rest = target;
    for (;;) {
      const slash = rest.indexOf('/');
      if (slash < 0 || (mode !== 'after' && slash === rest.length - 1)) break;
      const head = rest.slice(0, slash);
      const childKey = `${level.keyPrefix}${head}/`;
      // No folder is named '' (and no sort key starts with '/'); a folder whose key is already too long holds no S3 key.
      if (head === '') return this.#startAt(level, rest);
      if (Buffer.byteLength(childKey) > keyBytesMax) return this.#startAt(level, `${head}/`);
      level.startAfter = justBelow(`${head}/`);
      const entry = (await this.#fill(level)) ? level.buffer[level.next] : undefined;
      if (entry === undefined || !entry.folder || entry.name !== head) return; // no such folder: what follows is past the target
      level.next++;
      level = this.#level(childKey);
      this.#stack.push(level);
      rest = rest.slice(slash + 1);
    }
    const startAfter = mode === 'after' ? rest : mode === 'atOrAfter' ? justBelow(rest) : rest.endsWith('/') ? rest : rest + afterAll;
    this.#startAt(level, startAfter);
  }

  #startAt(level: Level, startAfter: string): void {
    assert(level.next === level.buffer.length, 'a seek positions a level before it reads');
    level.startAfter = startAfter;
    level.exhausted = false;
  }

  /** The next key, or undefined when the walk has left `bound` or the bucket. */
  async next(): Promise<WalkedKey | undefined> {
    this.#started = true;
    for (;;) {
      const level = this.#stack[this.#stack.length - 1];
      if (level === undefined) return undefined;
      if (!(await this.#fill(level))) {
        this.#stack.pop();
        if (this.#stack.length > 0) this.#advance(level.keyPrefix + afterAll);
        continue;
      }
      const entry = level.buffer[level.next++] as FolderEntry; // #fill made one available
      const key = level.keyPrefix + sortKeyOf(entry);
      const inBound = entry.folder ? key.startsWith(this.#bound) || this.#bound.startsWith(key) : key.startsWith(this.#bound);
      if (!inBound) {
        this.#stack = []; // entries come in order, so everything after lies past the prefix too
        return undefined;
      }
      if (Buffer.byteLength(key) > keyBytesMax) {
        this.#advance(entry.folder ? key + afterAll : key);
        continue;
      }
      if (entry.folder) this.#stack.push(this.#level(key));
      if (entry.folder && entry.implicit) continue;
      this.#advance(key);
      return { key, entry };
    }
  }

  /** Moves past every key that starts with `prefix`; the current key must start with it. Makes no call. */
  skipPrefix(prefix: string): void {
    const cut = prefix.length >= 2 ? prefix.lastIndexOf('/', prefix.length - 2) : -1;
    const folderKey = prefix.slice(0, cut + 1);
    const partial = prefix.slice(cut + 1);
    while (this.#stack.length > 0 && (this.#stack[this.#stack.length - 1] as Level).keyPrefix.length > folderKey.length) this.#stack.pop();
    const level = this.#stack[this.#stack.length - 1];
    assert(level !== undefined && level.keyPrefix === folderKey, `the walk is inside ${JSON.stringify(prefix)}`);
    while (level.next < level.buffer.length && sortKeyOf(level.buffer[level.next] as FolderEntry).startsWith(partial)) level.next++;
    if (level.next === level.buffer.length && !level.exhausted) {
      const past = partial.endsWith('/') ? partial : partial + afterAll;
      if (compareKeys(past, level.startAfter) > 0) level.startAfter = past;
    }
    this.#advance(prefix);
  }

  #level(keyPrefix: string): Level {
    const path = keyPrefix === '' ? this.#rootPath : `${this.#rootPath}/${keyPrefix.slice(0, -1)}`;
    return { keyPrefix, path, buffer: [], next: 0, startAfter: '', exhausted: false, pageEntries: firstPageEntries };
  }

  /** Lifts the call and entry bounds (see ListRequest.markerOnly). */
  waiveBounds(): void {
    this.#limits = { callsMax: Number.POSITIVE_INFINITY, entriesMax: Number.POSITIVE_INFINITY };
  }

  #advance(position: string): void {
    if (compareKeys(position, this.#position) > 0) this.#position = position;
  }

  /** Makes the level's next entry available, reading a page if needed; false when the folder is done. */
  async #fill(level: Level): Promise<boolean> {
    if (level.next < level.buffer.length) return true;
    if (level.exhausted) return false;
    const limit = Math.min(level.pageEntries, this.#limits.entriesMax - this.#entries);
    if (this.#calls >= this.#limits.callsMax || limit < 1) throw new ListBudgetExhausted();
    this.#calls++;
    const page = await this.#source.list(level.path, level.startAfter, limit);
    assert(page.entries.length <= limit, `a source page holds at most ${limit} entries`);
    assert(!page.truncated || page.entries.length > 0, 'a truncated source page has entries');
    this.#entries += page.entries.length;
    let previous = level.startAfter;
    for (const entry of page.entries) {
      const sortKey = sortKeyOf(entry);
      assert(compareKeys(sortKey, previous) > 0, `source entries of ${level.path} come in UTF-8 order after ${JSON.stringify(level.startAfter)}`);
      previous = sortKey;
    }
    level.buffer = page.entries;
    level.next = 0;
    level.startAfter = previous;
    level.exhausted = !page.truncated;
    level.pageEntries = Math.min(level.pageEntries * 2, listPageMax);
    return page.entries.length > 0;
  }
}

export interface ListRequest {
  /** '' for none. */
  prefix: string;
  /** '' for none. */
  delimiter: string;
  /** Exclusive: start-after, marker, or a continuation token's marker; '' for none. Items up to it are left out. */
  marker: string;
  /** From a continuation token: the walk already went past every key up to here (≥ marker), and resumes after it. */
  walkedTo?: string;
  /** 0…maxKeysMax. */
  maxKeys: number;
  /**
   * The caller can only continue after the last item (ListObjects v1: clients resume from
   * NextMarker or the last key). Then a truncated page always returns at least one item and
   * continues after its last one; a page that a bound would cut before its first item reads on
   * until that item: the one case where a page exceeds the bounds.
   */
  markerOnly?: boolean;
}

/**
 * Where the next page starts. `marker` alone is a plain marker (ListObjects' NextMarker). A page
 * that a bound cut short while the walk was inside a common prefix it had not yet returned
 * (its folders held no key so far) also carries `walkedTo`, so that a continuation token resumes
 * without walking that stretch again; `marker` then backs up to just before that prefix.
 */
export interface ListResume {
  marker: string;
  walkedTo?: string;
}

export interface ListedObject {
  key: string;
  size: number;
  modifiedAtMs: number;
  /** Bare (unquoted); an explicit folder's is the MD5 of nothing unless the source gives one. */
  etag: string;
  owner: string;
  /** An explicit folder's marker key, `name/`. */
  folder: boolean;
}

export interface ListPage {
  objects: ListedObject[];
  commonPrefixes: string[];
  isTruncated: boolean;
  /** When truncated: where the next page starts (its marker is ListObjects' NextMarker; encode it whole for a continuation token). */
  next?: ListResume;
  /** Source calls and entries this page cost. */
  calls: number;
  entries: number;
}

/** One page of keys and common prefixes below the bucket folder `rootPath` (S3 rules in the module comment). */
export async function listKeys(source: FolderSource, rootPath: string, request: ListRequest, limits: ListLimits = defaultListLimits): Promise<ListPage> {
  validateListRequest(request);
  const { prefix, delimiter, marker, maxKeys } = request;
  const page: ListPage = { objects: [], commonPrefixes: [], isTruncated: false, calls: 0, entries: 0 };
  if (maxKeys === 0) return page;
  const walk = new KeyWalk(source, rootPath, { bound: prefix, position: request.walkedTo ?? marker, limits });
  let count = 0;
  let last = '';
  let waived = false;
  try {
    const start = startOf(request);
    if (start !== undefined) await walk.seek(start.target, start.mode);
  } catch (err) {
    if (!(err instanceof ListBudgetExhausted)) throw err;
    assert(false, 'the listing bounds allow a seek down any key path');
  }
  for (;;) {
    let found: WalkedKey | undefined;
    try {
      found = await walk.next();
    } catch (err) {
      if (!(err instanceof ListBudgetExhausted)) throw err;
      if (request.markerOnly && count === 0) {
        walk.waiveBounds();
        waived = true;
        continue;
      }
      page.isTruncated = true;
      page.next = count === maxKeys || request.markerOnly ? { marker: last } : resumeAfterCut(request, count > 0 ? last : marker, walk.position);
      break;
    }
    if (found === undefined) break;
    const rolled = rollUp(found.key, prefix, delimiter);
    const item = rolled ?? found.key;
    // Items ≤ the marker are left out by where the walk starts (startOf), never by filtering here.
    assert(marker === '' || compareKeys(item, marker) > 0, `${JSON.stringify(item)} comes after the marker`);
    if (count === maxKeys) {
      page.isTruncated = true; // one item past the page: there is more
      page.next = { marker: last };
      break;
    }
    count++;
    last = item;
    if (rolled !== undefined) {
      page.commonPrefixes.push(rolled);
      walk.skipPrefix(rolled);
    } else {
      page.objects.push(listedObject(found));
    }
    if (waived) {
      // A waived bound holds only up to the item it was waived for; whether more follow is left to the next page.
      page.isTruncated = true;
      page.next = { marker: last };
      break;
    }
  }
  if (page.next !== undefined) {
    const from = request.walkedTo ?? marker;
    assert(compareKeys(page.next.walkedTo ?? page.next.marker, from) > 0, 'a truncated page makes progress');
  }
  page.calls = walk.calls;
  page.entries = walk.entries;
  return page;
}

/**
 * The resume point of a page cut short: `done` is the last item returned (or the request's
 * marker), `position` where the walk got to. As a plain marker, `position` would also drop the
 * common prefix it lies in; if that prefix was not returned yet, the marker backs up before it.
 */
function resumeAfterCut({ prefix, delimiter }: ListRequest, done: string, position: string): ListResume {
  const pending = rollUp(position, prefix, delimiter);
  if (pending === undefined || compareKeys(pending, done) <= 0) return { marker: position };
  const below = justBelow(pending);
  return { marker: compareKeys(below, done) > 0 ? below : done, walkedTo: position };
}

/** The common prefix a key rolls up into, if any: the prefix and the key up to the first delimiter after it. */
export function rollUp(key: string, prefix: string, delimiter: string): string | undefined {
  if (delimiter === '' || !key.startsWith(prefix)) return undefined;
  const at = key.indexOf(delimiter, prefix.length);
  return at < 0 ? undefined : key.slice(0, at + delimiter.length);
}

interface Start {
  target: string;
  mode: SeekMode;
}

function startOf({ prefix, delimiter, marker, walkedTo }: ListRequest): Start | undefined {
  let start: Start | undefined;
  if (marker !== '' && compareKeys(marker, prefix) >= 0) {
    // Keys after a marker that lies inside a common prefix roll up into it, and it is ≤ the marker: skip them all.
    const rolled = rollUp(marker, prefix, delimiter);
    start = rolled === undefined ? { target: marker, mode: 'after' } : { target: rolled, mode: 'pastPrefix' };
  } else if (prefix !== '') {
    start = { target: prefix, mode: 'atOrAfter' };
  }
  if (walkedTo === undefined) return start;
  const resume: Start = { target: walkedTo, mode: 'after' };
  return start === undefined || compareKeys(exclusiveBound(resume), exclusiveBound(start)) > 0 ? resume : start;
}

/** The string a start position continues after. */
function exclusiveBound({ target, mode }: Start): string {
  return mode === 'after' ? target : mode === 'atOrAfter' ? justBelow(target) : target + afterAll;
}

function listedObject({ key, entry }: WalkedKey): ListedObject {
  if (!entry.folder) return { key, size: entry.size, modifiedAtMs: entry.modifiedAtMs, etag: entry.etag, owner: entry.owner, folder: false };
  return { key, size: 0, modifiedAtMs: entry.modifiedAtMs, etag: entry.etag === '' ? emptyMd5Hex : entry.etag, owner: entry.owner, folder: true };
}

function validateListRequest({ prefix, delimiter, marker, walkedTo, maxKeys }: ListRequest): void {
  const check = (name: string, value: string, bytesMax: number): void => {
    if (!value.isWellFormed()) throw invalidArgument(name, `${name} is not valid UTF-8`);
    if (Buffer.byteLength(value, 'utf8') > bytesMax) throw invalidArgument(name, `${name} is longer than ${bytesMax} bytes`);
  };
  check('prefix', prefix, keyBytesMax);
  check('delimiter', delimiter, keyBytesMax);
  check('marker', marker, listMarkerBytesMax);
  if (walkedTo !== undefined) {
    check('continuation-token', walkedTo, listMarkerBytesMax);
    if (compareKeys(walkedTo, marker) <= 0) throw invalidArgument('continuation-token', 'The continuation token provided is incorrect');
  }
  if (!Number.isInteger(maxKeys) || maxKeys < 0 || maxKeys > maxKeysMax) throw invalidArgument('max-keys', `max-keys is an integer from 0 to ${maxKeysMax}`);
}

function invalidArgument(name: string, message: string): S3Error {
  return new S3Error('InvalidArgument', message, { ArgumentName: name });
}

/** max-keys as S3 reads it: absent → 1000; above 1000 → 1000; not a non-negative integer → InvalidArgument. */
export function parseMaxKeys(raw: string | null | undefined, name = 'max-keys'): number {
  if (raw === null || raw === undefined) return maxKeysMax;
  if (!/^[0-9]{1,10}$/.test(raw)) throw invalidArgument(name, `Provided ${name} not an integer or within integer range`);
  return Math.min(Number(raw), maxKeysMax);
}

const tokenVersion = 1;
/** Longest continuation token we read: two markers of listMarkerBytesMax, base64url, with room for the JSON around them. */
const tokenCharsMax = Math.ceil(((2 * listMarkerBytesMax + 64) * 4) / 3);

/** An opaque ListObjectsV2 continuation token: base64url of [version, marker, walkedTo?] as JSON. */
export function encodeContinuationToken(next: ListResume): string {
  assert(next.marker !== '' || next.walkedTo !== undefined, 'a continuation token continues after something');
  const fields = next.walkedTo === undefined ? [tokenVersion, next.marker] : [tokenVersion, next.marker, next.walkedTo];
  return Buffer.from(JSON.stringify(fields), 'utf8').toString('base64url');
}

/** The resume point in a continuation token this gateway issued; anything else is InvalidArgument. */
export function decodeContinuationToken(token: string): ListResume {
  const refuse = (): never => {
    throw invalidArgument('continuation-token', 'The continuation token provided is incorrect');
  };
  if (!/^[A-Za-z0-9_-]+$/.test(token) || token.length > tokenCharsMax) refuse();
  let fields: unknown;
  try {
    fields = JSON.parse(utf8Strict.decode(Buffer.from(token, 'base64url')));
  } catch {
    refuse();
  }
  if (!Array.isArray(fields) || fields[0] !== tokenVersion || (fields.length !== 2 && fields.length !== 3)) return refuse();
  const [, marker, walkedTo] = fields as unknown[];
  if (typeof marker !== 'string' || (walkedTo !== undefined && typeof walkedTo !== 'string')) return refuse();
  if (marker === '' && walkedTo === undefined) return refuse();
  const next: ListResume = walkedTo === undefined ? { marker } : { marker, walkedTo };
  if (encodeContinuationToken(next) !== token) refuse(); // one token per resume point: nothing appended or altered
  return next;
}

const utf8Strict = new TextDecoder('utf-8', { fatal: true });

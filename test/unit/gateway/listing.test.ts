// The listing engine against a brute-force reference: every key of an in-memory tree sorted by
// Buffer.compare, S3's prefix / delimiter / marker / max-keys rules applied naively. Random trees
// with awkward names (unicode above and below the surrogate range, spaces, '+', '%', names that
// sort around '/', names that differ only after a '/'), random prefixes, delimiters and markers,
// and every page boundary. Randomised: prints its seed and replays with TEST_SEED. Then the
// costs: pages stay within their bounds, resuming seeks instead of re-walking, and skipping a
// common prefix does not read its subtree.
import t from 'tap';
import { random } from '../../../src/common/clock.js';
import {
  compareKeys,
  decodeContinuationToken,
  encodeContinuationToken,
  listKeys,
  listMarkerBytesMax,
  parseMaxKeys,
  type FolderEntry,
  type FolderSource,
  type ListLimits,
  type ListPage,
  type ListResume,
} from '../../../src/gateway/listing.js';
import { S3Error } from '../../../src/gateway/s3-errors.js';

const seed = Number(process.env.TEST_SEED ?? Math.floor(Math.random() * 1_000_000_000));
const root = '/buckets/b';
const byteOrder = (a: string, b: string): number => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

// ---------------------------------------------------------------------------------------------
// An in-memory namespace below one bucket, and the reference listing over it.

interface TreeSpec {
  /** Object keys: files ('a/b') and explicit folders ('a/b/'). */
  keys: string[];
  /** Folders that exist but hold no key (e.g. left behind by a native delete): 'e/f/'. */
  emptyFolders?: string[];
}

class MemoryTree implements FolderSource {
  readonly folders = new Map<string, Map<string, FolderEntry>>([['', new Map()]]);
  readonly keys: string[] = [];
  calls: Array<{ path: string; startAfter: string; limit: number; returned: number }> = [];
  sorted = new Map<string, Array<[string, FolderEntry]>>();

  constructor(spec: TreeSpec) {
    for (const key of spec.keys) this.#add(key, false);
    for (const folder of spec.emptyFolders ?? []) this.#add(folder, true);
    for (const [folderKey, children] of this.folders) {
      this.sorted.set(folderKey, [...children.values()].map((e): [string, FolderEntry] => [e.folder ? `${e.name}/` : e.name, e]).sort((a, b) => byteOrder(a[0], b[0])));
    }
    for (const [folderKey, entries] of this.sorted) {
      for (const [sortKey, entry] of entries) if (!entry.folder || !entry.implicit) this.keys.push(folderKey + sortKey);
    }
    this.keys.sort(byteOrder);
  }

  /** Adds a file, an explicit folder ('x/'), or with `implicit` a folder chain that holds nothing. */
  #add(key: string, implicit: boolean): void {
    const folder = key.endsWith('/');
    const names = (folder ? key.slice(0, -1) : key).split('/');
    let folderKey = '';
    names.forEach((name, i) => {
      const children = this.folders.get(folderKey) as Map<string, FolderEntry>;
      const last = i === names.length - 1;
      const existing = children.get(name);
      if (last && !folder) {
        if (existing) throw new Error(`conflict at ${key}`);
        children.set(name, entry(name, false, false, key));
        return;
      }
      if (existing && !existing.folder) throw new Error(`conflict at ${key}`);
      const explicit = last && !implicit;
      if (!existing) children.set(name, entry(name, true, !explicit, key));
      else if (explicit) existing.implicit = false;
      folderKey += `${name}/`;
      if (!this.folders.has(folderKey)) this.folders.set(folderKey, new Map());
    });
  }

  async list(folderPath: string, startAfter: string, limit: number): Promise<{ entries: FolderEntry[]; truncated: boolean }> {
    if (folderPath !== root && !folderPath.startsWith(`${root}/`)) throw new Error(`outside the bucket: ${folderPath}`);
    const folderKey = folderPath === root ? '' : `${folderPath.slice(root.length + 1)}/`;
    const entries = this.sorted.get(folderKey);
    if (entries === undefined) throw new Error(`no such folder: ${folderPath}`);
    let from = 0;
    while (from < entries.length && byteOrder((entries[from] as [string, FolderEntry])[0], startAfter) <= 0) from++;
    const page = entries.slice(from, from + limit).map(([, e]) => ({ ...e }));
    this.calls.push({ path: folderPath, startAfter, limit, returned: page.length });
    return { entries: page, truncated: from + limit < entries.length };
  }
}

function entry(name: string, folder: boolean, implicit: boolean, key: string): FolderEntry {
  const size = folder ? 0 : Buffer.byteLength(key);
  return { name, folder, implicit, size, modifiedAtMs: 1_700_000_000_000 + size, etag: folder ? '' : `etag-${key.length}`, owner: 'alice' };
}

interface Item {
  key?: string;
  prefix?: string;
}

/** S3's listing rules applied naively to all keys. */
function reference(keys: readonly string[], prefix: string, delimiter: string, marker: string, maxKeys: number): { items: Item[]; truncated: boolean } {
  const all: Item[] = [];
  for (const key of keys) {
    if (!key.startsWith(prefix)) continue;
    const rest = key.slice(prefix.length);
    const at = delimiter === '' ? -1 : rest.indexOf(delimiter);
    if (at < 0) {
      all.push({ key });
      continue;
    }
    const common = prefix + rest.slice(0, at + delimiter.length);
    if (all[all.length - 1]?.prefix !== common) all.push({ prefix: common });
  }
  const after = all.filter((item) => marker === '' || byteOrder(item.key ?? item.prefix ?? '', marker) > 0);
  return { items: after.slice(0, maxKeys), truncated: after.length > maxKeys };
}

function itemsOf(page: ListPage): Item[] {
  // Objects and common prefixes come back in separate lists; merge them into key order.
  const items: Item[] = [...page.objects.map((o) => ({ key: o.key })), ...page.commonPrefixes.map((p) => ({ prefix: p }))];
  return items.sort((a, b) =>
    byteOrder(a.key ?? a.prefix ?? '', b.key ?? b.prefix ?? ''),
  );
}

const textOf = (item: Item): string => (item.key !== undefined ? `K:${item.key}` : `P:${item.prefix ?? ''}`);

// ---------------------------------------------------------------------------------------------
// Random trees with awkward names.

const fragments = ['a', 'b', 'a-', 'a.', 'a0', 'ab', 'a b', ' ', '+', '%', '%2F', 'é', 'ü', '日本', '😀', '\uE000', '\uFFFD', '\u0001', '~', '-', '.', '!', 'A', 'z', '\u007F', '0'];

function randomName(rand: () => number): string {
  for (;;) {
    let name = '';
    const parts = 1 + Math.floor(rand() * 3);
    for (let i = 0; i < parts; i++) name += fragments[Math.floor(rand() * fragments.length)];
    if (name !== '.' && name !== '..') return name;
  }
}

function randomTree(rand: () => number): TreeSpec {
  // A small pool of names per level makes shared prefixes, and names differing only after a '/', common.
  const pool = Array.from({ length: 3 + Math.floor(rand() * 6) }, () => randomName(rand));
  const pick = (): string => pool[Math.floor(rand() * pool.length)] as string;
  const count = 5 + Math.floor(rand() * 40);
  const keys = new Set<string>();
  const emptyFolders: string[] = [];
  for (let i = 0; i < count; i++) {
    const depth = 1 + Math.floor(rand() * 4);
    const key = Array.from({ length: depth }, pick).join('/');
    const r = rand();
    if (r < 0.15) keys.add(`${key}/`);
    else if (r < 0.22) emptyFolders.push(`${key}/`);
    else keys.add(key);
  }
  // Drop whatever conflicts (a file where a folder must be, or the reverse).
  const accepted: string[] = [];
  const acceptedEmpty: string[] = [];
  for (const key of keys) if (tryTree([...accepted, key], acceptedEmpty)) accepted.push(key);
  for (const folder of emptyFolders) if (tryTree(accepted, [...acceptedEmpty, folder])) acceptedEmpty.push(folder);
  return { keys: accepted, emptyFolders: acceptedEmpty };
}

function tryTree(keys: string[], emptyFolders: string[]): boolean {
  try {
    new MemoryTree({ keys, emptyFolders });
    return true;
  } catch {
    return false;
  }
}

function randomCut(rand: () => number, text: string): string {
  const points = Array.from(text);
  return points.slice(0, Math.floor(rand() * (points.length + 1))).join('');
}

function randomPrefix(rand: () => number, tree: MemoryTree): string {
  const r = rand();
  const key = tree.keys[Math.floor(rand() * tree.keys.length)] ?? '';
  if (r < 0.3) return '';
  if (r < 0.75) return randomCut(rand, key);
  if (r < 0.9) return key.includes('/') ? key.slice(0, key.indexOf('/') + 1) : key;
  return randomName(rand);
}

function randomMarker(rand: () => number, tree: MemoryTree, prefix: string, delimiter: string): string {
  const r = rand();
  const key = tree.keys[Math.floor(rand() * tree.keys.length)] ?? '';
  if (r < 0.25) return '';
  if (r < 0.5) return key;
  if (r < 0.7) return randomCut(rand, key);
  if (r < 0.85) {
    const items = reference(tree.keys, prefix, delimiter, '', 1000).items;
    const item = items[Math.floor(rand() * items.length)];
    return item?.key ?? item?.prefix ?? '';
  }
  return prefix + randomName(rand);
}

const delimiters = ['', '/', '-', 'ab', 'a/', '.', '😀'];

// ---------------------------------------------------------------------------------------------

/** Every page from the start: through continuation tokens (ListObjectsV2), or plain markers (ListObjects' NextMarker). */
async function walkAll(
  tree: MemoryTree,
  prefix: string,
  delimiter: string,
  maxKeys: number,
  options: { limits?: ListLimits; plainMarkers?: boolean } = {},
): Promise<{ items: Item[]; pages: ListPage[] }> {
  const items: Item[] = [];
  const pages: ListPage[] = [];
  let resume: ListResume = { marker: '' };
  for (let i = 0; i <= 4 * tree.keys.length + 2; i++) {
    const page = await listKeys(tree, root, { prefix, delimiter, maxKeys, ...resume, markerOnly: options.plainMarkers === true }, options.limits);
    pages.push(page);
    items.push(...itemsOf(page));
    if (!page.isTruncated) return { items, pages };
    const next = page.next ?? { marker: '' };
    resume = options.plainMarkers ? { marker: next.marker } : decodeContinuationToken(encodeContinuationToken(next));
  }
  throw new Error(`listing ${JSON.stringify({ prefix, delimiter, maxKeys })} did not end`);
}

t.test(`listing: random trees against the reference, every page boundary (seed ${seed}; replay with TEST_SEED)`, async (t) => {
  const rand = random(seed);
  const trees = 120;
  let checks = 0;
  for (let n = 0; n < trees; n++) {
    const tree = new MemoryTree(randomTree(rand));
    for (let q = 0; q < 4; q++) {
      const prefix = randomPrefix(rand, tree);
      const delimiter = delimiters[Math.floor(rand() * delimiters.length)] as string;
      const context = JSON.stringify({ seed, tree: n, keys: tree.keys, prefix, delimiter });
      const full = reference(tree.keys, prefix, delimiter, '', Number.MAX_SAFE_INTEGER).items.map(textOf);
      for (const maxKeys of [1, 2, 3, 1000]) {
        const { items, pages } = await walkAll(tree, prefix, delimiter, maxKeys);
        if (items.map(textOf).join('\n') !== full.join('\n')) {
          t.same(items.map(textOf), full, `pages of ${maxKeys} concatenate to the reference: ${context}`);
          return;
        }
        for (const page of pages.slice(0, -1)) {
          if (page.objects.length + page.commonPrefixes.length !== maxKeys) t.fail(`a truncated page is full: ${context}`);
        }
        checks++;
      }
      // One request at a random marker, compared item for item, with IsTruncated and NextMarker.
      const marker = randomMarker(rand, tree, prefix, delimiter);
      const maxKeys = 1 + Math.floor(rand() * 4);
      const page = await listKeys(tree, root, { prefix, delimiter, marker, maxKeys });
      const expected = reference(tree.keys, prefix, delimiter, marker, maxKeys);
      const got = itemsOf(page).map(textOf);
      const want = expected.items.map(textOf);
      if (got.join('\n') !== want.join('\n') || page.isTruncated !== expected.truncated) {
        t.same({ got, truncated: page.isTruncated }, { got: want, truncated: expected.truncated }, `page after ${JSON.stringify(marker)}: ${context}`);
        return;
      }
      const lastItem = expected.items[expected.items.length - 1];
      if (expected.truncated && (page.next?.marker !== (lastItem?.key ?? lastItem?.prefix) || page.next?.walkedTo !== undefined)) {
        t.same(page.next, { marker: lastItem?.key ?? lastItem?.prefix }, `next marker is the last item: ${context}`);
        return;
      }
      checks++;
    }
  }
  t.ok(checks >= trees * 4 * 5, `${checks} listings matched the reference`);
});

t.test(`listing: pages cut short by the call and entry bounds still concatenate to the reference (seed ${seed})`, async (t) => {
  const rand = random(seed + 1);
  let cut = 0;
  let pending = 0;
  for (let n = 0; n < 60; n++) {
    const tree = new MemoryTree(randomTree(rand));
    const prefix = randomPrefix(rand, tree);
    const delimiter = delimiters[Math.floor(rand() * delimiters.length)] as string;
    const full = reference(tree.keys, prefix, delimiter, '', Number.MAX_SAFE_INTEGER).items.map(textOf);
    // Tight bounds, but enough to seek down 5 levels and descend 5 again (the trees are at most 4 deep).
    const limits = { callsMax: 10, entriesMax: 10 * 16 };
    const { items, pages } = await walkAll(tree, prefix, delimiter, 1000, { limits });
    t.same(items.map(textOf), full, `tree ${n}: bounded pages, continued by tokens, concatenate to the reference`);
    t.ok(pages.every((page) => page.calls <= limits.callsMax && page.entries <= limits.entriesMax), 'every page stays within its bounds');
    cut += pages.length - 1;
    pending += pages.filter((page) => page.next?.walkedTo !== undefined).length;
    // ListObjects v1 continues after each page's last item.
    const plain = await walkAll(tree, prefix, delimiter, 1000, { limits, plainMarkers: true });
    t.same(plain.items.map(textOf), full, `tree ${n}: bounded pages, continued by plain markers, concatenate to the reference`);
    const lastOf = (page: ListPage): string | undefined => itemsOf(page).map((item) => item.key ?? item.prefix).pop();
    t.ok(plain.pages.slice(0, -1).every((page) => page.next?.marker !== undefined && page.next.marker === lastOf(page)), 'each truncated v1 page ends on its last item');
  }
  t.ok(cut >= 10, `${cut} pages were cut short by a bound`);
  t.comment(`${pending} of them inside a common prefix not yet returned`);
});

t.test('listing: a bound that cuts a page inside a common prefix before its first key', async (t) => {
  // p/ holds 20 empty implicit folders before its one key: walking them takes more calls than a page may make.
  const emptyFolders = Array.from({ length: 20 }, (_, i) => `p/e${String(i).padStart(2, '0')}/`);
  const tree = new MemoryTree({ keys: ['a', 'p/zz/x', 'q'], emptyFolders });
  const limits = { callsMax: 10, entriesMax: 160 };
  const tokens = await walkAll(tree, '', '/', 1000, { limits });
  t.same(tokens.items.map(textOf), ['K:a', 'P:p/', 'K:q'], 'continued by tokens: the common prefix is returned once, in its place');
  t.ok(tokens.pages.length >= 3, `over ${tokens.pages.length} pages`);
  t.ok(tokens.pages.every((page) => page.calls <= limits.callsMax), 'each within its bounds');
  t.ok(tokens.pages.some((page) => page.next?.walkedTo !== undefined), 'tokens carry how far the walk got inside p/');
  t.ok(tokens.pages.slice(0, -1).every((page) => page.next && compareKeys(page.next.marker, 'p/') < 0 && page.objects.length + page.commonPrefixes.length <= 1 ), 'while the plain marker stays before p/');

  const plain = await walkAll(tree, '', '/', 1000, { limits, plainMarkers: true });
  t.same(plain.items.map(textOf), ['K:a', 'P:p/', 'K:q'], 'continued after each last item (ListObjects v1): the same items');
  t.same(plain.pages.map((page) => page.next?.marker), ['a', 'p/', undefined], 'each page continues after its last item');
  const over = plain.pages.filter((page) => page.calls > limits.callsMax);
  t.equal(over.length, 1, 'one page reads past its bound: the one that would otherwise have returned nothing');
  t.same(over[0]?.commonPrefixes, ['p/'], 'and it stops at the item it read on for');
});

t.test('listing: S3 cases by hand', async (t) => {
  // ceph s3-tests' delimiter-and-marker scenario, which real S3 passes.
  const tree = new MemoryTree({ keys: ['asdf', 'boo/bar', 'boo/baz/xyzzy', 'cquux/thud', 'cquux/bla'] });
  const list = (prefix: string, delimiter: string, marker: string, maxKeys: number): Promise<ListPage> => listKeys(tree, root, { prefix, delimiter, marker, maxKeys });
  let page = await list('', '/', '', 1);
  t.same([page.objects.map((o) => o.key), page.commonPrefixes, page.isTruncated, page.next], [['asdf'], [], true, { marker: 'asdf' }]);
  page = await list('', '/', 'asdf', 1);
  t.same([page.objects.map((o) => o.key), page.commonPrefixes, page.isTruncated, page.next], [[], ['boo/'], true, { marker: 'boo/' }]);
  page = await list('', '/', 'boo/', 1);
  t.same([page.objects.map((o) => o.key), page.commonPrefixes, page.isTruncated], [[], ['cquux/'], false], 'a marker equal to a common prefix skips it; the last page is exact');
  page = await list('', '/', 'boo/bar', 1000);
  t.same(page.commonPrefixes, ['cquux/'], 'a marker inside a common prefix skips it too');
  page = await list('boo/', '/', '', 1000);
  t.same([page.objects.map((o) => o.key), page.commonPrefixes], [['boo/bar'], ['boo/baz/']]);
  page = await list('', 'a', '', 1000);
  t.same([page.objects.map((o) => o.key), page.commonPrefixes], [['cquux/thud'], ['a', 'boo/ba', 'cquux/bla']], 'any string is a delimiter');
  page = await list('', '', '', 0);
  t.same([page.objects, page.commonPrefixes, page.isTruncated, page.calls], [[], [], false, 0], 'max-keys 0 lists nothing and reads nothing');

  const folders = new MemoryTree({ keys: ['photos/2006/', 'photos/2006/January/sample.jpg', 'photos/2006/February/sample.jpg'], emptyFolders: ['photos/2007/'] });
  page = await listKeys(folders, root, { prefix: 'photos/2006/', delimiter: '/', marker: '', maxKeys: 1000 });
  t.same(page.objects.map((o) => [o.key, o.size, o.etag, o.folder]), [['photos/2006/', 0, 'd41d8cd98f00b204e9800998ecf8427e', true]], 'an explicit folder lists as the zero-byte key name/');
  t.same(page.commonPrefixes, ['photos/2006/February/', 'photos/2006/January/'], 'as in the S3 API reference example');
  page = await listKeys(folders, root, { prefix: '', delimiter: '/', marker: '', maxKeys: 1000 });
  t.same(page.commonPrefixes, ['photos/'], 'the empty implicit folder 2007 does not hide photos/');
  page = await listKeys(folders, root, { prefix: 'photos/2007', delimiter: '/', marker: '', maxKeys: 1000 });
  t.same([page.objects, page.commonPrefixes], [[], []], 'an empty implicit folder yields nothing');

  // UTF-16 order is not UTF-8 order: U+E000 sorts before U+1F600 in UTF-8, after its surrogates in UTF-16.
  const unicode = new MemoryTree({ keys: ['😀', '\uE000', 'a/😀', 'a/\uFFFD', 'a-', 'a0', 'a.'] });
  page = await listKeys(unicode, root, { prefix: '', delimiter: '', marker: '', maxKeys: 1000 });
  t.same(page.objects.map((o) => o.key), ['a-', 'a.', 'a/\uFFFD', 'a/😀', 'a0', '\uE000', '😀'], "UTF-8 byte order, names sorting around '/'");
});

t.test('listing: keys longer than 1024 bytes (made natively) are not listed, nor read', async (t) => {
  const long = 'n'.repeat(250);
  const four = Array.from({ length: 4 }, () => long).join('/'); // 1003 bytes
  const tree = new MemoryTree({ keys: ['a', `${long}/x`, `${four}/${long}`, `${four}/m${long}/y`, 'z'] });
  const page = await listKeys(tree, root, { prefix: '', delimiter: '', marker: '', maxKeys: 1000 });
  t.same(page.objects.map((o) => o.key), ['a', `${long}/x`, 'z'], 'a 1254-byte key is left out');
  t.notOk(
    tree.calls.some((c) => c.path.includes(`/m${long}`)),
    'a folder whose key is already longer than 1024 bytes is not read',
  );
});

// ---------------------------------------------------------------------------------------------
// Costs

t.test('listing costs: resuming seeks along the marker path; skipping a common prefix reads nothing inside it', async (t) => {
  const keys: string[] = [];
  for (let i = 0; i < 3000; i++) keys.push(`big/${String(i % 30).padStart(2, '0')}/${String(i).padStart(5, '0')}`);
  for (let i = 0; i < 3000; i++) keys.push(`flat-${String(i).padStart(5, '0')}`);
  keys.push('marked/', ...Array.from({ length: 500 }, (_, i) => `marked/${i}`), 'z');
  const tree = new MemoryTree({ keys });
  const inside = (folder: string) => tree.calls.filter((c) => c.path === `${root}/${folder}` || c.path.startsWith(`${root}/${folder}/`));

  tree.calls = [];
  let page = await listKeys(tree, root, { prefix: '', delimiter: '/', marker: '', maxKeys: 1000 });
  t.same([page.commonPrefixes, page.objects.length, page.isTruncated, page.next], [['big/'], 999, true, { marker: 'flat-00998' }], 'big/ rolls up; 999 keys fill the page');
  const bigCalls = inside('big');
  t.ok(bigCalls.length <= 2, `the implicit folder big/ is read only down to its first key (${bigCalls.length} calls)`);
  t.ok(bigCalls.reduce((n, c) => n + c.returned, 0) <= 32, 'and only a first page at each level');
  t.ok(page.calls <= 10, `a page of 1000 items costs ${page.calls} calls`);
  t.ok(page.entries <= 1100, `and ${page.entries} entries`);
  const rest: string[] = [];
  for (let marker = page.next?.marker ?? ''; ; ) {
    page = await listKeys(tree, root, { prefix: '', delimiter: '/', marker, maxKeys: 1000 });
    rest.push(...page.objects.map((o) => o.key), ...page.commonPrefixes);
    if (!page.isTruncated) break;
    marker = page.next?.marker ?? '';
  }
  t.same(rest.slice(-3), ['flat-02999', 'z', 'marked/'], 'the rest of the flat keys, z, and marked/ rolled up');
  t.equal(inside('marked').length, 0, 'the explicit folder marked/ rolls up without a single read inside it');
  t.equal(inside('big').length, bigCalls.length, 'and big/ is not read again by the later pages');

  tree.calls = [];
  page = await listKeys(tree, root, { prefix: '', delimiter: '', marker: 'big/17/02417', maxKeys: 3 });
  t.same(page.objects.map((o) => o.key), ['big/17/02447', 'big/17/02477', 'big/17/02507']);
  t.ok(tree.calls.length <= 5, `resuming deep in the tree seeks down its path (${tree.calls.length} calls)`);
  t.ok(tree.calls.every((c) => c.returned <= 32), 'reading first pages only');

  tree.calls = [];
  page = await listKeys(tree, root, { prefix: 'flat-', delimiter: '', marker: 'flat-02998', maxKeys: 1000 });
  t.same(page.objects.map((o) => o.key), ['flat-02999']);
  t.ok(tree.calls.length <= 2 && page.entries <= 32, `resuming near the end of a 3000-entry folder reads one page (${tree.calls.length} calls, ${page.entries} entries)`);

  tree.calls = [];
  page = await listKeys(tree, root, { prefix: 'flat', delimiter: '-', marker: '', maxKeys: 1000 });
  t.same(page.commonPrefixes, ['flat-'], 'every flat key rolls up into one common prefix');
  t.equal(page.isTruncated, false);
  t.ok(page.entries <= 64, `a common prefix that is a range inside a folder is passed by seeking, not by reading it (${page.entries} entries)`);
});

t.test('listing costs: every page within the default bounds, over a folder wider than a page', async (t) => {
  const tree = new MemoryTree({ keys: Array.from({ length: 5000 }, (_, i) => `k${String(i).padStart(5, '0')}`) });
  let marker = '';
  let pages = 0;
  let total = 0;
  for (;;) {
    const page = await listKeys(tree, root, { prefix: '', delimiter: '', marker, maxKeys: 1000 });
    pages++;
    total += page.objects.length;
    t.ok(page.calls <= 8 && page.entries <= 1100, `page ${pages}: ${page.calls} calls, ${page.entries} entries`);
    if (!page.isTruncated) break;
    marker = page.next?.marker ?? '';
  }
  t.equal(total, 5000);
  t.equal(pages, 5, 'max-keys 1000 pages, IsTruncated false on the last');
});

t.test('listing: a source that lists out of order is a programmer error, not a wrong answer', async (t) => {
  const broken: FolderSource = {
    list: async () => ({ entries: [entry('b', false, false, 'b'), entry('a', false, false, 'a')], truncated: false }),
  };
  await t.rejects(listKeys(broken, root, { prefix: '', delimiter: '', marker: '', maxKeys: 10 }), /assertion failed: source entries/);
});

t.test('listing: requests are validated', async (t) => {
  const tree = new MemoryTree({ keys: ['a'] });
  const codeOf = async (promise: Promise<unknown>): Promise<string> =>
    promise.then(
      () => 'OK',
      (err: unknown) => (err instanceof S3Error ? `${err.code}:${err.fields.ArgumentName ?? ''}` : String(err)),
    );
  t.equal(await codeOf(listKeys(tree, root, { prefix: 'x'.repeat(1025), delimiter: '', marker: '', maxKeys: 1 })), 'InvalidArgument:prefix');
  t.equal(await codeOf(listKeys(tree, root, { prefix: '', delimiter: '', marker: 'x'.repeat(listMarkerBytesMax + 1), maxKeys: 1 })), 'InvalidArgument:marker');
  t.equal(await codeOf(listKeys(tree, root, { prefix: '\uD800', delimiter: '', marker: '', maxKeys: 1 })), 'InvalidArgument:prefix');
  t.equal(await codeOf(listKeys(tree, root, { prefix: '', delimiter: '', marker: '', maxKeys: 1001 })), 'InvalidArgument:max-keys');
  t.equal(parseMaxKeys(undefined), 1000);
  t.equal(parseMaxKeys('0'), 0);
  t.equal(parseMaxKeys('5000'), 1000, 'above 1000 is 1000, as S3');
  t.throws(() => parseMaxKeys('-1'), { code: 'InvalidArgument' });
  t.throws(() => parseMaxKeys('1.5'), { code: 'InvalidArgument' });
});

t.test('continuation tokens are opaque, exact and refuse tampering', async (t) => {
  const resumes: ListResume[] = [{ marker: 'a' }, { marker: 'photos/2006/' }, { marker: 'ü 😀 +%/x"\\' }, { marker: 'a', walkedTo: `b/${'\u{10FFFF}'.repeat(64)}` }];
  for (const resume of resumes) {
    const token = encodeContinuationToken(resume);
    t.match(token, /^[A-Za-z0-9_-]+$/, 'URL-safe');
    t.same(decodeContinuationToken(token), resume);
  }
  const bad = ['', 'YQ', '!!!', encodeContinuationToken({ marker: 'abc' }) + 'A', Buffer.from('[2,"a"]').toString('base64url'), Buffer.from('[1,""]').toString('base64url'), Buffer.from('[1,"a",3]').toString('base64url'), Buffer.from('[1, "a"]').toString('base64url'), Buffer.of(0x5b, 0xff).toString('base64url'), 'x'.repeat(10_000)];
  for (const token of bad) t.throws(() => decodeContinuationToken(token), { code: 'InvalidArgument' }, `refused: ${JSON.stringify(token.slice(0, 40))}`);
  const tree = new MemoryTree({ keys: ['a', 'b'] });
  await t.rejects(listKeys(tree, root, { prefix: '', delimiter: '', marker: 'b', walkedTo: 'a', maxKeys: 1 }), { code: 'InvalidArgument' }, 'a token cannot walk backwards');
});

t.test('compareKeys orders by code point (UTF-8 bytes), unlike < on JavaScript strings', async (t) => {
  const rand = random(seed + 2);
  const alphabet = ['a', '/', '-', '\u0001', '\uE000', '\uFFFD', '😀', '\u{10FFFF}', 'é', ''];
  for (let i = 0; i < 2000; i++) {
    const make = (): string => Array.from({ length: Math.floor(rand() * 4) }, () => alphabet[Math.floor(rand() * alphabet.length)]).join('');
    const a = make();
    const b = make();
    if (Math.sign(compareKeys(a, b)) !== Math.sign(byteOrder(a, b))) {
      t.fail(`compareKeys(${JSON.stringify(a)}, ${JSON.stringify(b)})`);
      return;
    }
  }
  t.ok('\uE000' > '😀' && compareKeys('\uE000', '😀') < 0, 'the case where the two orders differ');
});


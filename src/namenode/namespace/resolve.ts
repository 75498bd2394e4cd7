// Path resolution and access checks. Resolution walks the children index from the root and
// returns the chain of inodes; it refuses to step into a subtree the caller may not read before
// looking at the next name, so a stranger learns nothing of what lies below (DESIGN §10.6).
import { CairnError } from '../../common/errors.js';
import { pathBytesMax } from '../../common/constants.js';
import { childPath, joinPath } from '../../common/paths.js';
import type { TxReader } from '../journal/tx.js';
import { childKey, sortName, u64 } from '../metastore/keys.js';
import { bucketsInodeId, rootInodeId, type InodeRecord } from '../metastore/records.js';

export interface Caller {
  userId: number;
  name: string;
  admin: boolean;
}

/** Depth of the shared top of the tree ('/', '/home', '/buckets'): traversable by everyone. */
const publicDepthMax = 1;

/** The child called `name` (a folder `name/` or a file `name`; both keys are asked in one read). */
export async function lookupChild(reader: TxReader, parentId: number, name: string): Promise<InodeRecord | undefined> {
  const [dirId, fileId] = await reader.getMany('children', [childKey(parentId, sortName(name, 'dir')), childKey(parentId, sortName(name, 'file'))]);
  const id = dirId ?? fileId;
  return id === undefined ? undefined : reader.get('inodes', u64(id));
}

export async function getRoot(reader: TxReader): Promise<InodeRecord> {
  const root = await reader.get('inodes', u64(rootInodeId));
  if (!root) throw new CairnError('UNAVAILABLE', 'namespace is not formatted');
  return root;
}

/** Full access: admins, and owners of the inode or of any folder above it. */
export function canAccess(caller: Caller, chain: readonly InodeRecord[]): boolean {
  return caller.admin || chain.some((inode) => inode.ownerId === caller.userId);
}

export function assertAccess(caller: Caller, chain: readonly InodeRecord[], path: string): void {
  if (!canAccess(caller, chain)) throw new CairnError('PERMISSION_DENIED', `${caller.name} may not access ${path}`);
}

export interface Resolved {
  chain: InodeRecord[];
  /** The names that were not found, in order; empty when the whole path exists. */
  missing: string[];
}

/** Resolves as far as the path exists; refuses traversal into subtrees the caller cannot access. */
export async function resolvePrefix(reader: TxReader, caller: Caller, names: readonly string[]): Promise<Resolved> {
  const chain = [await getRoot(reader)];
  let path = '/';
  for (let i = 0; i < names.length; i++) {
    const parent = chain[chain.length - 1] as InodeRecord; // chain starts non-empty and only grows
    if (chain.length - 1 > publicDepthMax && !canAccess(caller, chain)) {
      throw new CairnError('PERMISSION_DENIED', `${caller.name} may not access ${path}`);
    }
    const name = names[i] as string; // i < names.length
    if (parent.type !== 'dir') throw new CairnError('NOT_A_DIRECTORY', `${path} is a file`);
    const child = await lookupChild(reader, parent.id, name);
    if (!child) return { chain, missing: names.slice(i) };
    chain.push(child);
    path = childPath(path, name);
  }
  return { chain, missing: [] };
}

/**
 * Resolves `names` against committed state ahead of an edit, so that the records its prepare
 * step will read — including the absence of a name about to be created — are in the record
 * cache. The LevelDB round trips then happen here, concurrently with other callers, instead of
 * one after another inside the single writer. Advisory only: it decides nothing and ignores every
 * refusal; the prepare step decides on what the writer sees.
 */
export async function warmPath(reader: TxReader, caller: Caller, names: readonly string[]): Promise<void> {
  await resolvePrefix(reader, caller, names).catch(() => undefined);
}

/** Resolves an existing path the caller may access, or throws NOT_FOUND / PERMISSION_DENIED. */
export async function resolveExisting(reader: TxReader, caller: Caller, names: readonly string[], path: string): Promise<InodeRecord[]> {
  const { chain, missing } = await resolvePrefix(reader, caller, names);
  if (missing.length > 0) throw new CairnError('NOT_FOUND', `no such file or folder: ${path}`);
  if (chain.length - 1 > publicDepthMax || names.length === 0) assertAccess(caller, chain, path);
  return chain;
}

export function last<T>(items: readonly T[]): T {
  const item = items[items.length - 1];
  if (item === undefined) throw new Error('assertion failed: non-empty chain');
  return item;
}

/**
 * '/', top-level folders and home folders are structural: never moved or trashed by users.
 * Buckets (folders of /buckets) are not: S3's DeleteBucket removes them.
 */
export function isProtected(chain: readonly InodeRecord[]): boolean {
  return chain.length <= 2 || (chain.length === 3 && chain[1]?.id !== bucketsInodeId);
}

/**
 * Where inode `id` is now, by walking up its folders (a trashed item: where it was). For replies
 * to retried calls (retry-cache.ts) whose request named no path: a commit names only its upload.
 */
export async function pathOf(reader: TxReader, id: number): Promise<string> {
  const names: string[] = [];
  for (let at = id; at !== rootInodeId;) {
    const inode = await reader.get('inodes', u64(at));
    if (inode === undefined) throw new CairnError('NOT_FOUND', `inode ${id} is gone`);
    // Each name takes at least two bytes of a path ('/' and one character): a longer walk is a cycle.
    if (names.length > pathBytesMax / 2) throw new Error(`assertion failed: the folders above inode ${id} end at the root`);
    names.unshift(inode.name);
    at = inode.parentId;
  }
  return joinPath(names);
}

// Path resolution and access checks. Resolution walks the children index from the root and
// returns the chain of inodes, from which the caller's access follows with no further read: the
// owners and grants along the path (DESIGN §9). A stranger learns nothing of what lies below a
// folder they may not see (DESIGN §10.6).
import { CairnError } from '../../common/errors.js';
import { pathBytesMax } from '../../common/constants.js';
import { childPath, joinPath } from '../../common/paths.js';
import type { TxReader } from '../journal/tx.js';
import { childKey, sortName, u64 } from '../metastore/keys.js';
import { bucketsInodeId, rootInodeId, type InodeRecord, type Role } from '../metastore/records.js';

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

/**
 * What a caller may do with an item (DESIGN §9). `owner`: everything, including sharing — the
 * item's owner, the owner of any folder above it, and admins. `editor`: read, write, create,
 * move and delete below a grant; `viewer`: list, stat and read. Grants are inherited downwards,
 * so the access to an item is the strongest found along its path.
 */
export type Access = 'none' | Role | 'owner';

const strength: Record<Access, number> = { none: 0, viewer: 1, editor: 2, owner: 3 };

/** The caller's access to the last item of `chain` (the path from the root down to it). */
export function accessOf(caller: Caller, chain: readonly InodeRecord[]): Access {
  if (caller.admin) return 'owner';
  let best: Access = 'none';
  for (const inode of chain) best = stronger(best, accessAt(caller, inode));
  return best;
}

/** What `inode` itself gives the caller: ownership, or a grant on it. */
function accessAt(caller: Caller, inode: InodeRecord): Access {
  if (inode.ownerId === caller.userId) return 'owner';
  return inode.grants?.[String(caller.userId)] ?? 'none';
}

function stronger(a: Access, b: Access): Access {
  return strength[b] > strength[a] ? b : a;
}

function allows(access: Access, needed: Access): boolean {
  return strength[access] >= strength[needed];
}

/** Refuses unless the caller has at least `needed` on the last item of `chain`. */
export function assertAccess(caller: Caller, chain: readonly InodeRecord[], path: string, needed: Access = 'viewer'): void {
  if (!allows(accessOf(caller, chain), needed)) throw denied(caller, path, needed);
}

/**
 * An item leaves its folder (moved away, or deleted): its owner may do it; an editor may, unless
 * the item is itself shared — a shared item moves or goes only by its owner's hand (an editor
 * whose grant is on the item has no say over the folder it sits in anyway).
 */
export function assertMayRemove(caller: Caller, chain: readonly InodeRecord[], path: string): void {
  const access = accessOf(caller, chain);
  if (access === 'owner') return;
  const shared = Object.keys(last(chain).grants ?? {}).length > 0;
  if (!allows(accessOf(caller, chain.slice(0, -1)), 'editor') || shared) throw denied(caller, path, allows(access, 'editor') ? 'owner' : 'editor');
}

function denied(caller: Caller, path: string, needed: Access): CairnError {
  return new CairnError('PERMISSION_DENIED', needed === 'viewer' ? `${caller.name} may not access ${path}` : `${caller.name} may not ${verbs[needed]} ${path}`);
}

const verbs: Record<Access, string> = { none: 'see', viewer: 'read', editor: 'change', owner: 'share or move the shared item' };

/**
 * Who owns an item made in the folder at the end of `chain`: the folder's owner — or, where that
 * user was removed (their restored home, say), the owner of the nearest folder above whose user
 * still exists, so that nothing new belongs to nobody.
 */
export async function newItemOwner(reader: TxReader, chain: readonly InodeRecord[]): Promise<number> {
  for (let i = chain.length - 1; i > 0; i--) {
    const ownerId = (chain[i] as InodeRecord).ownerId; // 0 < i < chain.length
    if ((await reader.get('users', u64(ownerId))) !== undefined) return ownerId;
  }
  return (chain[0] as InodeRecord).ownerId; // the root is the first admin's
}

export interface Resolved {
  chain: InodeRecord[];
  /** The names that were not found, in order; empty when the whole path exists. */
  missing: string[];
}

/**
 * Resolves as far as the path exists. Below the public top of the tree, a caller with no access
 * so far walks on only towards an item shared with them: a name that is missing, or a file in
 * the way, answers PERMISSION_DENIED exactly as an item they may not see does, so a stranger
 * learns nothing of what lies below (DESIGN §10.6).
 */
export async function resolvePrefix(reader: TxReader, caller: Caller, names: readonly string[]): Promise<Resolved> {
  const chain = [await getRoot(reader)];
  let access = accessOf(caller, chain);
  let path = '/';
  for (let i = 0; i < names.length; i++) {
    const parent = chain[chain.length - 1] as InodeRecord; // chain starts non-empty and only grows
    const hidden = chain.length - 1 > publicDepthMax && access === 'none';
    const name = names[i] as string; // i < names.length
    if (parent.type !== 'dir') {
      if (hidden) throw denied(caller, path, 'viewer');
      throw new CairnError('NOT_A_DIRECTORY', `${path} is a file`);
    }
    const child = await lookupChild(reader, parent.id, name);
    if (!child) {
      if (hidden) throw denied(caller, path, 'viewer');
      return { chain, missing: names.slice(i) };
    }
    chain.push(child);
    access = stronger(access, accessAt(caller, child));
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

/**
 * Resolves an existing path the caller may see, or throws NOT_FOUND / PERMISSION_DENIED. The top
 * of the tree (`/home`, `/buckets`) is public; below it the caller needs at least `viewer`.
 */
export async function resolveExisting(reader: TxReader, caller: Caller, names: readonly string[], path: string): Promise<InodeRecord[]> {
  const { chain, missing } = await resolvePrefix(reader, caller, names);
  if (missing.length > 0) throw new CairnError('NOT_FOUND', `no such file or folder: ${path}`);
  if (!isPublic(chain)) assertAccess(caller, chain, path);
  return chain;
}

/** `/home` and `/buckets`: everyone may stat them and list what of them is theirs. */
export function isPublic(chain: readonly InodeRecord[]): boolean {
  return chain.length === 2;
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
  return (await placeOf(reader, id)).path;
}

/** Where inode `id` is, and whether it or a folder above it lies in the trash (unreachable by path). */
export async function placeOf(reader: TxReader, id: number): Promise<{ path: string; trashed: boolean }> {
  const names: string[] = [];
  let trashed = false;
  for (let at = id; at !== rootInodeId;) {
    const inode = await reader.get('inodes', u64(at));
    if (inode === undefined) throw new CairnError('NOT_FOUND', `inode ${id} is gone`);
    // Each name takes at least two bytes of a path ('/' and one character): a longer walk is a cycle.
    if (names.length > pathBytesMax / 2) throw new Error(`assertion failed: the folders above inode ${id} end at the root`);
    names.unshift(inode.name);
    trashed ||= inode.trashedAt !== undefined;
    at = inode.parentId;
  }
  return { path: joinPath(names), trashed };
}

// Folder-level namespace operations: mkdir, stat, list, move, trash and restore from trash
// (purging the trash is trash-purger.ts's).
// Mutations validate inside the edit writer (so they see every earlier edit) and return the
// edit; reads use committed state (through the record cache). Every refusal is a CairnError
// and changes nothing.
import type { Clock } from '../../common/clock.js';
import { listPageMax } from '../../common/constants.js';
import { CairnError } from '../../common/errors.js';
import { childPath, joinPath, parsePath } from '../../common/paths.js';
import type { EditLog } from '../journal/edit-log.js';
import type { EditOf, NewDir } from '../journal/edits.js';
import { committedReader, type TxReader } from '../journal/tx.js';
import { childKey, childName, prefixEnd, trashKey, u64 } from '../metastore/keys.js';
import type { Metastore } from '../metastore/metastore.js';
import { bucketsInodeId, homeInodeId, type InodeRecord } from '../metastore/records.js';
import {
  accessOf, assertAccess, assertMayRemove, isProtected, isPublic, newItemOwner, last, lookupChild, pathOf, resolveExisting, resolvePrefix, warmPath, type Caller,
} from './resolve.js';

export interface Entry {
  inode: InodeRecord;
  path: string;
}

export interface IdAllocator {
  nextInodeId(): number;
}

export class NamespaceService {
  readonly #store: Metastore;
  readonly #log: EditLog;
  readonly #clock: Clock;
  readonly #ids: IdAllocator;
  readonly #reader: TxReader;

  constructor(store: Metastore, log: EditLog, clock: Clock, ids: IdAllocator) {
    this.#store = store;
    this.#log = log;
    this.#clock = clock;
    this.#ids = ids;
    this.#reader = committedReader(store);
  }

  async stat(caller: Caller, path: string): Promise<Entry> {
    const names = parsePath(path);
    const chain = await resolveExisting(this.#reader, caller, names, path);
    return { inode: last(chain), path: joinPath(names) };
  }

  /**
   * Creates the folder (and, with `parents`, the missing folders above it). The reply is the new
   * folder's committed record, named by the edit: the path is not resolved again after the commit.
   */
  async mkdir(caller: Caller, path: string, parents: boolean, implicit = false): Promise<Entry> {
    const names = parsePath(path);
    await warmPath(this.#reader, caller, names);
    let made: NewDir | undefined;
    try {
      const edit = await this.#log.submit((reader) => this.#prepareMkdir(reader, caller, names, path, parents, implicit));
      made = last(edit.dirs);
    } catch (err) {
      if (!(parents && err instanceof CairnError && err.code === 'ALREADY_EXISTS')) throw err;
      const existing = await this.stat(caller, path);
      if (existing.inode.type !== 'dir') throw new CairnError('NOT_A_DIRECTORY', `exists and is a file: ${path}`);
      return existing;
    }
    return { inode: await this.#inode(made.id), path: joinPath(names) };
  }

  /**
   * Makes a folder explicit (an S3 folder marker `key/` was PUT) or implicit (the marker was
   * deleted while keys lie below it). Buckets and folders outside /buckets stay explicit.
   */
  async markFolder(caller: Caller, path: string, implicit: boolean): Promise<Entry> {
    const names = parsePath(path);
    const edit = await this.#log.submit(async (reader) => {
      const chain = await resolveExisting(reader, caller, names, path);
      assertAccess(caller, chain, path, 'editor');
      const folder = last(chain);
      if (folder.type !== 'dir') throw new CairnError('NOT_A_DIRECTORY', `not a folder: ${path}`);
      if (implicit && (names.length < 3 || names[0] !== 'buckets')) throw new CairnError('INVALID_ARGUMENT', `only folders inside a bucket can be implicit: ${path}`);
      return { type: 'MarkFolder' as const, at: this.#clock.now(), id: folder.id, implicit };
    });
    return { inode: await this.#inode(edit.id), path: joinPath(names) };
  }

  async #prepareMkdir(reader: TxReader, caller: Caller, names: string[], path: string, parents: boolean, implicit: boolean): Promise<EditOf<'Mkdir'>> {
    const { chain, missing } = await resolvePrefix(reader, caller, names);
    if (missing.length === 0) throw new CairnError('ALREADY_EXISTS', `already exists: ${path}`);
    if (missing.length > 1 && !parents) throw new CairnError('NOT_FOUND', `parent folder does not exist: ${path} (use -p)`);
    const parent = last(chain);
    if (parent.type !== 'dir') throw new CairnError('NOT_A_DIRECTORY', `not a folder: ${joinPath(names.slice(0, chain.length - 1))}`);
    // Anyone may create a bucket (a folder right below /buckets) and owns it. Elsewhere an editor
    // of the parent may, and the new folders are the parent's owner's: a shared tree stays theirs.
    const newBucket = parent.id === bucketsInodeId && missing.length === 1;
    if (!newBucket) assertAccess(caller, chain, path, 'editor');
    let parentId = parent.id;
    const dirs: NewDir[] = missing.map((name) => {
      // `implicit`: the folders an S3 key needs (DESIGN §8); a bucket never is one.
      const dir = { id: this.#ids.nextInodeId(), parentId, name, ...(implicit && !newBucket ? { implicit: true } : {}) };
      parentId = dir.id;
      return dir;
    });
    return { type: 'Mkdir', at: this.#clock.now(), ownerId: newBucket ? caller.userId : await newItemOwner(reader, chain), dirs };
  }

  /**
   * One page of a folder, in S3 key order, after the sort key `startAfter`. A file lists itself.
   * Everything in a folder the caller may see is theirs to see; of the public folders (`/home`,
   * `/buckets`) a user sees only what they own or what is shared with them as a whole.
   */
  async list(caller: Caller, path: string, startAfter: string, limit: number): Promise<{ entries: Entry[]; truncated: boolean }> {
    const names = parsePath(path);
    const chain = await resolveExisting(this.#reader, caller, names, path);
    const inode = last(chain);
    const dirPath = joinPath(names);
    if (inode.type === 'file') return { entries: [{ inode, path: dirPath }], truncated: false };
    const filtered = isPublic(chain) && !caller.admin;
    if (filtered && inode.id === homeInodeId) return this.#ownHome(caller, startAfter);
    const pageMax = Math.min(Math.max(limit, 1), listPageMax);
    const prefix = u64(inode.id);
    const range = startAfter === '' ? { gte: prefix } : { gt: childKey(inode.id, startAfter) };
    const entries: Entry[] = [];
    let truncated = false;
    // A filtered listing reads every bucket to find the caller's: an index of buckets by owner would spare that.
    for await (const [key, id] of this.#store.sub.children.iterator({ ...range, lt: prefixEnd(prefix), ...(filtered ? {} : { limit: pageMax + 1 }) })) {
      if (entries.length === pageMax) {
        truncated = true;
        break;
      }
      const child = await this.#store.get('inodes', u64(id));
      if (child && (!filtered || accessOf(caller, [child]) !== 'none')) entries.push({ inode: child, path: childPath(dirPath, childName(key).name) });
    }
    return { entries, truncated };
  }

  /** `/home` as a user lists it: their own home folder. */
  async #ownHome(caller: Caller, startAfter: string): Promise<{ entries: Entry[]; truncated: boolean }> {
    const home = await lookupChild(this.#reader, homeInodeId, caller.name);
    const shown = home !== undefined && home.ownerId === caller.userId && (startAfter === '' || `${home.name}/` > startAfter);
    return { entries: shown ? [{ inode: home, path: childPath('/home', home.name) }] : [], truncated: false };
  }

  /**
   * Moves or renames; a destination that is an existing folder receives the source inside it. A
   * retried move, answered with the edit its first attempt made, names where the item is now.
   */
  async move(caller: Caller, src: string, dst: string): Promise<Entry> {
    const srcNames = parsePath(src);
    const dstNames = parsePath(dst);
    await Promise.all([warmPath(this.#reader, caller, srcNames), warmPath(this.#reader, caller, dstNames)]);
    let moved: string[] | undefined; // the new path, as the prepare step decided it
    const edit = await this.#log.submit(async (reader) => {
      const srcChain = await resolveExisting(reader, caller, srcNames, src);
      const source = last(srcChain);
      if (isProtected(srcChain)) throw new CairnError('PERMISSION_DENIED', `${src} cannot be moved`);
      assertMayRemove(caller, srcChain, src);
      const target = await resolvePrefix(reader, caller, dstNames);
      if (target.missing.length === 0 && last(target.chain).type === 'dir') {
        moved = [...dstNames, source.name];
        return this.#prepareMoveInto(reader, caller, srcChain, moved, dst);
      }
      if (target.missing.length > 1) throw new CairnError('NOT_FOUND', `destination folder does not exist: ${dst}`);
      if (target.missing.length === 0) throw new CairnError('ALREADY_EXISTS', `destination exists: ${dst}`);
      moved = dstNames;
      return this.#prepareMoveInto(reader, caller, srcChain, moved, dst);
    });
    return { inode: await this.#inode(edit.id), path: moved === undefined ? await pathOf(this.#reader, edit.id) : joinPath(moved) };
  }

  /**
   * The destination folder must be writable by the caller. One who is not the item's owner (an
   * editor) moves it only within the tree of the folder it came from: the item is its owner's
   * wherever it goes, so it cannot be carried off into the caller's own space.
   */
  async #prepareMoveInto(reader: TxReader, caller: Caller, srcChain: InodeRecord[], dstNames: string[], dst: string) {
    const source = last(srcChain);
    const parentChain = await resolveExisting(reader, caller, dstNames.slice(0, -1), dst);
    const parent = last(parentChain);
    const toName = last(dstNames);
    if (parent.type !== 'dir') throw new CairnError('NOT_A_DIRECTORY', `destination parent is a file: ${dst}`);
    if (parentChain.some((inode) => inode.id === source.id)) throw new CairnError('MOVE_INTO_SELF', `cannot move a folder into itself: ${dst}`);
    if (await lookupChild(reader, parent.id, toName)) throw new CairnError('ALREADY_EXISTS', `destination exists: ${joinPath(dstNames)}`);
    assertAccess(caller, parentChain, dst, 'editor');
    const from = srcChain[srcChain.length - 2] as InodeRecord; // a movable item is not the root
    if (accessOf(caller, srcChain) !== 'owner' && parent.ownerId !== from.ownerId) {
      throw new CairnError('PERMISSION_DENIED', `${caller.name} may move what they do not own only within its owner's folders, not to ${dst}`);
    }
    return { type: 'Move' as const, at: this.#clock.now(), id: source.id, toParentId: parent.id, toName };
  }

  async trash(caller: Caller, path: string): Promise<Entry> {
    const names = parsePath(path);
    await warmPath(this.#reader, caller, names);
    const edit = await this.#log.submit(async (reader) => {
      const chain = await resolveExisting(reader, caller, names, path);
      if (isProtected(chain)) throw new CairnError('PERMISSION_DENIED', `${path} cannot be deleted`);
      assertMayRemove(caller, chain, path);
      const item = last(chain);
      const orphaned = (await reader.get('users', u64(item.ownerId))) === undefined;
      return { type: 'Trash' as const, at: this.#clock.now(), id: item.id, path: joinPath(names), ...(orphaned ? { reown: caller.userId } : {}) };
    });
    return { inode: await this.#inode(edit.id), path: edit.path };
  }

  /** The caller's trash, newest first. */
  async trashList(caller: Caller): Promise<Entry[]> {
    const prefix = u64(caller.userId);
    const entries: Entry[] = [];
    for await (const record of this.#store.sub.trash.values({ gte: prefix, lt: prefixEnd(prefix), reverse: true, limit: listPageMax })) {
      entries.push({ inode: await this.#inode(record.inodeId), path: record.path });
    }
    return entries;
  }

  /**
   * Restores the most recently trashed item that was at `path`, to where it was; an item being
   * purged is gone already. Whoever could delete it there may restore it. The item is found in the
   * caller's trash, or in the trash of the folder's owner: an editor of a shared folder restores
   * what was deleted there (trash is kept by the items' owners).
   */
  async trashRestore(caller: Caller, path: string): Promise<Entry> {
    const names = parsePath(path);
    const wanted = joinPath(names);
    if (names.length === 0) throw new CairnError('NOT_FOUND', '/ is not in the trash');
    const edit = await this.#log.submit(async (reader) => {
      const parentChain = await resolveExisting(reader, caller, names.slice(0, -1), wanted);
      const parent = last(parentChain);
      const record = await this.#findTrashed([caller.userId, parent.ownerId], wanted);
      const inode = await reader.get('inodes', u64(record.inodeId));
      if (!inode) throw new CairnError('NOT_FOUND', `${wanted} is not in the trash`);
      if (parent.id !== inode.parentId) throw new CairnError('NOT_FOUND', `the original folder of ${wanted} is gone or trashed`);
      assertMayRemove(caller, [...parentChain, inode], wanted); // who could delete it there may bring it back
      if (await lookupChild(reader, parent.id, inode.name)) throw new CairnError('ALREADY_EXISTS', `${wanted} exists again; move it away first`);
      const current = await reader.get('trash', trashKey(inode.ownerId, inode.trashedAt ?? 0, inode.id));
      if (!current) throw new CairnError('NOT_FOUND', `${wanted} is not in the trash`);
      if (current.purging === true) throw new CairnError('NOT_FOUND', `${wanted} is being purged from the trash`);
      return { type: 'TrashRestore' as const, at: this.#clock.now(), id: inode.id };
    });
    return { inode: await this.#inode(edit.id), path: wanted };
  }

  /** The newest trash record of `path` not being purged, in the trash of each owner in turn. */
  async #findTrashed(owners: number[], path: string) {
    for (const owner of new Set(owners)) {
      const prefix = u64(owner);
      for await (const record of this.#store.sub.trash.values({ gte: prefix, lt: prefixEnd(prefix), reverse: true })) {
        if (record.path === path && record.purging !== true) return record;
      }
    }
    throw new CairnError('NOT_FOUND', `${path} is not in the trash`);
  }

  async #inode(id: number): Promise<InodeRecord> {
    const inode = await this.#store.get('inodes', u64(id));
    if (!inode) throw new CairnError('NOT_FOUND', `inode ${id} vanished`);
    return inode;
  }
}

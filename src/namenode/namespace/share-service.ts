// Sharing (DESIGN §9): the owner of an item (or an admin) gives another user `viewer` or
// `editor` access to it and everything below it, changes the role, or takes it back. A grant is
// an edit, so it takes effect for every later call at once, and it is recorded for the audit log.
// Users see the grants where they have access (`shares`) and what others shared with them
// (`shared`), each item by its own path.
import type { Clock } from '../../common/clock.js';
import { listPageMax } from '../../common/constants.js';
import { CairnError } from '../../common/errors.js';
import { joinPath, parsePath } from '../../common/paths.js';
import type { EditLog } from '../journal/edit-log.js';
import { committedReader, type TxReader } from '../journal/tx.js';
import { prefixEnd, readU64, shareKey, u64 } from '../metastore/keys.js';
import type { Metastore } from '../metastore/metastore.js';
import type { InodeRecord, Role, UserRecord } from '../metastore/records.js';
import { accessOf, assertAccess, last, placeOf, resolveExisting, type Caller } from './resolve.js';

export const roles: readonly Role[] = ['viewer', 'editor'];

/** A grant as users see it: on `path`, to `userId`. */
export interface Grant {
  path: string;
  inodeId: number;
  userId: number;
  role: Role;
}

/** An item someone shared with the caller. */
export interface SharedItem {
  inode: InodeRecord;
  path: string;
  role: Role;
  by: number;
  at: number;
}

export class ShareService {
  readonly #store: Metastore;
  readonly #log: EditLog;
  readonly #clock: Clock;
  readonly #reader: TxReader;

  constructor(store: Metastore, log: EditLog, clock: Clock) {
    this.#store = store;
    this.#log = log;
    this.#clock = clock;
    this.#reader = committedReader(store);
  }

  /** Shares `path` with user `userName` as `role`, or changes the role they have there. */
  async share(caller: Caller, path: string, userName: string, role: string): Promise<Grant> {
    if (!(roles as readonly string[]).includes(role)) throw new CairnError('INVALID_ARGUMENT', `role is viewer or editor, not ${JSON.stringify(role)}`);
    const names = parsePath(path);
    const edit = await this.#log.submit(async (reader) => {
      const { item, grantee } = await this.#target(reader, caller, names, path, userName);
      if (grantee.id === item.ownerId) throw new CairnError('INVALID_ARGUMENT', `${grantee.name} owns ${path}`);
      return { type: 'Share' as const, at: this.#clock.now(), by: caller.userId, inodeId: item.id, path: joinPath(names), userId: grantee.id, role: role as Role };
    });
    return { path: edit.path, inodeId: edit.inodeId, userId: edit.userId, role: edit.role };
  }

  /** Takes back the grant `userName` has on `path` itself (grants above it are theirs to keep). */
  async unshare(caller: Caller, path: string, userName: string): Promise<void> {
    const names = parsePath(path);
    await this.#log.submit(async (reader) => {
      const { item, grantee } = await this.#target(reader, caller, names, path, userName);
      if (item.grants?.[String(grantee.id)] === undefined) throw new CairnError('NOT_FOUND', `${path} is not shared with ${grantee.name}`);
      return { type: 'Unshare' as const, at: this.#clock.now(), by: caller.userId, inodeId: item.id, path: joinPath(names), userId: grantee.id };
    });
  }

  /** The item to share (the caller must own it, or be an admin) and the user to share it with. */
  async #target(reader: TxReader, caller: Caller, names: string[], path: string, userName: string): Promise<{ item: InodeRecord; grantee: UserRecord }> {
    const chain = await resolveExisting(reader, caller, names, path);
    if (chain.length <= 2) throw new CairnError('PERMISSION_DENIED', `${joinPath(names)} cannot be shared`);
    assertAccess(caller, chain, path, 'owner');
    const id = await reader.get('userNames', userName);
    const grantee = id === undefined ? undefined : await reader.get('users', u64(id));
    if (grantee === undefined) throw new CairnError('NOT_FOUND', `no such user: ${userName}`);
    return { item: last(chain), grantee };
  }

  /**
   * The grants that give access to `path`: on it and on the folders above it, from where the
   * caller's own access begins (grants higher up are none of their business).
   */
  async shares(caller: Caller, path: string): Promise<Grant[]> {
    const names = parsePath(path);
    const chain = await resolveExisting(this.#reader, caller, names, path);
    assertAccess(caller, chain, path, 'viewer');
    // Access only grows down the path: it begins at the first item that gives the caller any.
    const from = chain.findIndex((inode) => accessOf(caller, [inode]) !== 'none');
    const grants: Grant[] = [];
    for (let i = Math.max(from, 1); i < chain.length; i++) {
      const inode = chain[i] as InodeRecord; // i < chain.length
      for (const [userId, role] of Object.entries(inode.grants ?? {})) {
        grants.push({ path: joinPath(names.slice(0, i)), inodeId: inode.id, userId: Number(userId), role });
      }
    }
    return grants;
  }

  /**
   * A page of what others shared with the caller, by item id after `afterInodeId`. Items now in
   * the trash are not listed (they cannot be reached); their grants come back with them.
   */
  async shared(caller: Caller, afterInodeId: number, limit: number): Promise<{ items: SharedItem[]; nextAfter: number }> {
    const pageMax = Math.min(Math.max(limit, 1), listPageMax);
    const prefix = u64(caller.userId);
    const items: SharedItem[] = [];
    let nextAfter = 0;
    const range = afterInodeId > 0 ? { gt: shareKey(caller.userId, afterInodeId) } : { gte: prefix };
    for await (const [key, share] of this.#store.sub.shares.iterator({ ...range, lt: prefixEnd(prefix) })) {
      if (items.length === pageMax) break;
      const inodeId = readU64(key, 8);
      nextAfter = inodeId;
      const inode = await this.#store.get('inodes', u64(inodeId));
      if (inode === undefined) continue;
      const place = await placeOf(this.#reader, inodeId);
      if (!place.trashed) items.push({ inode, path: place.path, role: share.role, by: share.by, at: share.at });
    }
    return { items, nextAfter: items.length === pageMax ? nextAfter : 0 };
  }
}

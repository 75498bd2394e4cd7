// Every mutation of namespace state is one of these edits (DESIGN §4). An edit carries every
// decision already made — ids, timestamps, revision numbers — so that applying it is a pure
// function of the state it is applied to, on the active namenode and on standbys alike.
import type { PartRecord, RevisionRecord, Role, UploadRecord, UserRecord } from '../metastore/records.js';

export interface NewDir {
  id: number;
  parentId: number;
  name: string;
  /** Made only because an S3 key needed it (DESIGN §8): not an object itself. */
  implicit?: boolean;
}

export interface PlacedBlock {
  id: string;
  size: number;
  offset: number;
}

/** `replaces` (commits, copies, completions): empty implicit folders the new file takes the place of. */
export type Edit =
  | { type: 'Format'; clusterId: string; at: number; chunking: string; admin: UserRecord; tokenHash: string; dirs: NewDir[] }
  /** `by` (UserAdd, TokenAdd, UserQuota): who made the change; absent in records written before the audit log. */
  | { type: 'UserAdd'; at: number; by?: number; user: UserRecord; tokenHash: string; s3?: { accessKeyId: string; secret: string }; home: NewDir }
  | { type: 'TokenAdd'; at: number; by?: number; userId: number; tokenHash: string }
  /** Credential changes (users/apply-users.ts); `by`: the admin who made them. */
  | { type: 'TokensRevoke'; at: number; by: number; userId: number; tokenHashes: string[]; tokenHash: string }
  | { type: 'KeyAdd'; at: number; by: number; userId: number; accessKeyId: string; secret: string }
  | { type: 'KeyRevoke'; at: number; by: number; userId: number; accessKeyId: string }
  /** An admin sets a user's quota: it holds for the next check (usage does not change). */
  | { type: 'UserQuota'; at: number; by?: number; userId: number; quotaBytes: number }
  /**
   * Admin `by` removes user `userId` (users/user-removal.ts): `items` (their home and the buckets
   * they own, with their paths) and `trashed` (the roots of items already in their trash) go to
   * `by`'s trash, owned by `by`; the user, their name, their tokens (`tokenHashes`), S3 keys
   * (`accessKeyIds`) and the grants given to them go. Files below the items keep their owner.
   */
  | {
    type: 'UserRemove'; at: number; by: number; userId: number; tokenHashes: string[]; accessKeyIds: string[];
    items: Array<{ id: number; path: string }>; trashed: number[];
  }
  /** Ahead of a UserRemove whose user has many trashed items: these (roots in their trash) go to `by`'s trash. */
  | { type: 'TrashHandover'; at: number; by: number; userId: number; trashed: number[] }
  /**
   * The owner (or an admin, `by`) shares item `inodeId` with user `userId`, or changes the role of
   * a share; `path`: where the item was then (for the audit log).
   */
  | { type: 'Share'; at: number; by: number; inodeId: number; path: string; userId: number; role: Role }
  | { type: 'Unshare'; at: number; by: number; inodeId: number; path: string; userId: number }
  | { type: 'Mkdir'; at: number; ownerId: number; dirs: NewDir[] }
  | { type: 'Move'; at: number; id: number; toParentId: number; toName: string }
  | { type: 'MarkFolder'; at: number; id: number; implicit: boolean }
  /** `reown`: the item's owner was removed; it becomes this user's (the caller's), so their trash lists it. */
  | { type: 'Trash'; at: number; id: number; path: string; reown?: number }
  | { type: 'TrashRestore'; at: number; id: number }
  | { type: 'BeginUpload'; at: number; upload: UploadRecord }
  | { type: 'PutBlocks'; at: number; uploadId: string; blocks: PlacedBlock[] }
  | { type: 'ProveBlocks'; at: number; userId: number; blockIds: string[] }
  /** `ownerId`: a new file's owner, its folder's (absent in records written before sharing: the uploader). */
  | { type: 'CommitUpload'; at: number; uploadId: string; inodeId: number; create: boolean; ownerId?: number; revision: RevisionRecord; replaces?: number[] }
  | { type: 'AbortUpload'; at: number; uploadId: string }
  /** A session's lease is extended (it is in use), and — resumed — its attempt changes. */
  | { type: 'RenewUpload'; at: number; uploadId: string; leaseExpiresAt: number; attempt: number }
  /** A resumed session drops list entries its commit does not cover (the file changed since the first attempt). */
  | { type: 'TrimUpload'; at: number; uploadId: string; offsets: number[] }
  | { type: 'CommitPart'; at: number; uploadId: string; multipartId: string; part: PartRecord; leaseExpiresAt: number }
  | { type: 'CompleteMultipart'; at: number; uploadId: string; inodeId: number; create: boolean; ownerId?: number; partNumbers: number[]; revision: RevisionRecord; replaces?: number[] }
  | { type: 'Restore'; at: number; inodeId: number; revision: RevisionRecord }
  /** `newest`: the file's newest revision afterwards; 0 when none is left (the file goes). */
  | { type: 'PurgeRevision'; at: number; inodeId: number; number: number; newest: number }
  | { type: 'CopyFile'; at: number; inodeId: number; create: boolean; parentId: number; name: string; ownerId: number; revision: RevisionRecord; replaces?: number[] }
  /** The garbage collector's steps (DESIGN §4); each block moves only if its state still allows it. */
  | { type: 'CondemnBlocks'; at: number; blockIds: string[] }
  | { type: 'DeleteBlocks'; at: number; blockIds: string[] }
  | { type: 'ForgetBlocks'; at: number; blockIds: string[] }
  | { type: 'SetNodeAdmin'; at: number; datanodeId: string; state: 'normal' | 'decommissioning' }
  /**
   * Part of the purge of trashed item `rootId`, deepest first: `revisions` (`[inodeId, number]`)
   * go first, each dropping its list reference, then `inodes`, each left with no revision and no
   * child by then. The root goes last, with its trash record. An edit that leaves the root marks
   * the item as being purged (it can no longer be restored).
   */
  | { type: 'TrashPurge'; at: number; rootId: number; revisions: Array<[number, number]>; inodes: number[] }
  /** Revision retention (retention.ts): per file, the revisions that go and when the file is due again. */
  | { type: 'RevisionRetention'; at: number; checks: RetentionCheck[] }
  /** Retry-cache expiry (retry-cache.ts): these remembered requests, `[txid, tag]`, are forgotten. */
  | { type: 'ForgetRequests'; at: number; requests: Array<[number, string]> };

/**
 * What the journal adds to an edit: its txid and, for an edit a client request made, the
 * request's tag `<id>#<n>` (retry-cache.ts), which applying it remembers.
 */
export interface JournalFields {
  txid: number;
  request?: string;
}

/**
 * One due check of a file: the `revisionChecks` entry at `dueAt` is done; `purge` names revisions
 * past the retention count and age (never the newest); `nextDueAt` (0: none) re-schedules the file.
 */
export interface RetentionCheck {
  inodeId: number;
  dueAt: number;
  purge: number[];
  nextDueAt: number;
}

export type EditType = Edit['type'];
export type EditOf<T extends EditType> = Extract<Edit, { type: T }>;

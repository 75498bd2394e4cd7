// The records the metastore holds (DESIGN §3–§4), as plain JSON-serialisable types.
export type InodeType = 'dir' | 'file';

export interface InodeRecord {
  id: number;
  parentId: number;
  name: string;
  type: InodeType;
  ownerId: number;
  createdAt: number;
  modifiedAt: number;
  /** Files: the newest revision (0 while none); folders: 0. */
  revision: number;
  /** Files whose newest revisions were purged: the highest number ever given, never given again. */
  revisionsMade?: number;
  size: number;
  blockCount: number;
  trashedAt?: number;
  /** Folders made only because an S3 key needed them (DESIGN §8): never listed as objects. */
  implicit?: boolean;
  /** Shares of this item (DESIGN §9), by the grantee's user id: inherited by everything below. */
  grants?: Record<string, Role>;
}

/** What a grant gives (DESIGN §9): `viewer` lists, stats and reads; `editor` also writes, moves and deletes. */
export type Role = 'viewer' | 'editor';

/** A grant as the grantee's index holds it (`shares`, keys.ts `shareKey`): what others shared with them. */
export interface ShareRecord {
  role: Role;
  /** Who shared it (the owner or an admin), and when. */
  by: number;
  at: number;
}

export interface RevisionRecord {
  number: number;
  listId: string;
  blockCount: number;
  size: number;
  md5: string;
  createdAt: number;
  authorId: number;
  /** Given at commit and kept as is (S3 headers, user metadata, checksums); absent when none was given. */
  meta?: Record<string, string>;
}

/** A block list, shared by the upload session that built it and the revisions that use it. */
export interface ListRecord {
  refs: number;
  ownerId: number;
}

/** `[blockId, size]`, keyed by list id and byte offset. */
export type ListEntry = [string, number];

/**
 * The garbage collector's states (DESIGN §4): `live` (referenced, or unreferenced since `since`),
 * `condemned` (unreferenced for a grace period, since `since`; a reference revives it), and
 * `deleting` (both grace periods passed: datanodes are deleting their replicas; nothing may
 * reference it again until they are done and the record is gone).
 */
export type BlockState = 'live' | 'condemned' | 'deleting';

export interface BlockRecord {
  size: number;
  refs: number;
  state: BlockState;
  /** When the block last changed state or, while live, when its last reference went. */
  since: number;
  /**
   * False from `PutBlocks` until a datanode reports verified bytes (`ProveBlocks`): until then no
   * replica can exist, and the block is neither missing nor under-replicated. Absent in records
   * of the first release, whose blocks all count as stored.
   */
  stored?: boolean;
}

export function isStored(block: BlockRecord): boolean {
  return block.stored !== false;
}

/** The cluster keeps R replicas of it: its bytes arrived and the collector is not deleting it. */
export function isKept(block: BlockRecord): boolean {
  return isStored(block) && block.state !== 'deleting';
}

/**
 * One replica of a block on one datanode. `t`: when a report last named it (namenode clock), so
 * that a full report can forget the replicas it no longer lists; `corrupt`: it failed a checksum.
 * Stores of the first release hold the number 1 here: a good replica last seen at 0.
 */
export interface ReplicaRecord {
  t: number;
  corrupt?: true;
}

/** A datanode as it last registered; kept so that a restarted namenode knows whom to wait for. */
export interface DatanodeRecord {
  id: string;
  address: string;
  dataAddress: string;
  rack: string;
  capacity: number;
  used: number;
  free: number;
}

/** The dedup scope (DESIGN §7): references a user's lists hold, and whether they proved the bytes. */
export interface UserBlockRecord {
  refs: number;
  proven: boolean;
}

export interface UploadRecord {
  uploadId: string;
  ownerId: number;
  parentId: number;
  name: string;
  path: string;
  /** -1: no expectation; 0: the file must not exist yet; N: newest revision must be N. */
  expectedRevision: number;
  createdAt: number;
  /** Refreshed by every part of a multipart upload; past it, the upload is aborted (`UploadReaper`). */
  leaseExpiresAt: number;
  /** An S3 multipart upload: its parts are sessions of their own; `meta` as given at creation. */
  multipart?: { meta: Record<string, string> };
  /** A session uploading part `number` of multipart upload `of`. */
  part?: { of: string; number: number };
  /** Which put drives the session: absent is 1; each resume adds one, and calls of older attempts are refused. */
  attempt?: number;
  /** Blocks and bytes in the session's list (absent: 0; kept by PutBlocks and TrimUpload). */
  heldBlocks?: number;
  heldBytes?: number;
}

/** A plain upload session: neither an S3 multipart upload nor one of its parts. Only these are listed and resumed. */
export function isPlainUpload(upload: UploadRecord): boolean {
  return upload.multipart === undefined && upload.part === undefined;
}

/** A committed part of a multipart upload: the list its session built, until completion or abort. */
export interface PartRecord {
  number: number;
  listId: string;
  size: number;
  md5: string;
  blockCount: number;
  createdAt: number;
  meta?: Record<string, string>;
}

export type Tier = 'standard' | 'premium';

export interface UserRecord {
  id: number;
  name: string;
  tier: Tier;
  quotaBytes: number;
  usedBytes: number;
  admin: boolean;
  homeId: number;
  createdAt: number;
}

export interface CredentialRecord {
  userId: number;
  kind: 'token' | 's3';
  /** S3 keys: the secret, needed to verify SigV4. Tokens keep none: the key is their hash. */
  secret?: string;
  createdAt: number;
}

export interface TrashRecord {
  inodeId: number;
  path: string;
  /** Its purge has begun (trash-purger.ts): it can no longer be restored. */
  purging?: true;
}

/** What an audit record says happened (docs/operations.md lists them). */
export type AuditAction = 'user.add' | 'user.remove' | 'user.quota' | 'token.issue' | 'tokens.revoke' | 'key.add' | 'key.revoke' | 'share' | 'unshare';

/**
 * One entry of the audit log, keyed by its edit's txid: names as they were when it was applied
 * (users may be removed or renamed later). Never a secret or a token hash; key ids are fine.
 */
export interface AuditRecord {
  at: number;
  action: AuditAction;
  /** The actor; null in edits written before the audit log, which did not name it. */
  by: { id: number; name: string } | null;
  /** The user the change is about: added, removed, given a quota, a token, a key or a grant. */
  user: { id: number; name: string };
  role?: Role;
  path?: string;
  accessKeyId?: string;
  quotaBytes?: number;
  tier?: Tier;
  /** tokens.revoke: how many tokens were revoked. */
  tokens?: number;
  /** user.remove: how many items (home, buckets) went to the admin's trash; what the user's trash held went too. */
  items?: number;
}

export const rootInodeId = 1;
/** `/home`, made at format: each user's home folder is one of its folders. */
export const homeInodeId = 2;
/** `/buckets`, made at format: S3 buckets are its folders (DESIGN §8). */
export const bucketsInodeId = 3;

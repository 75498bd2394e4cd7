// Users and their credentials. Tokens are stored as SHA-256 hashes; S3 secrets must be kept
// (SigV4 needs them) and never leave the namenode except to the admin who creates them.
// Formatting creates the tree's top (/, /home, /buckets) and the `admin` user.
import { createHmac, randomBytes } from 'node:crypto';
import type { Clock } from '../../common/clock.js';
import { CairnError } from '../../common/errors.js';
import { deriveSigningKey, hashToken, newUserToken, sessionTokenPrefix, signSessionToken, userTokenPrefix, verifySession } from '../../common/auth.js';
import { peekRequestTag } from '../../common/request-id.js';
import { newClusterId } from '../../common/ids.js';
import type { EditLog } from '../journal/edit-log.js';
import type { EditOf } from '../journal/edits.js';
import { replayOf } from '../journal/retry-cache.js';
import { prefixEnd, readU64, u64 } from '../metastore/keys.js';
import type { Metastore } from '../metastore/metastore.js';
import { bucketsInodeId, homeInodeId, rootInodeId, type CredentialRecord, type Tier, type UserRecord } from '../metastore/records.js';
import { lookupChild, type Caller } from '../namespace/resolve.js';
import { committedReader, type TxReader } from '../journal/tx.js';
import type { IdAllocator } from '../namespace/namespace-service.js';

export interface NewCredentials {
  name: string;
  token: string;
  accessKeyId: string;
  secretAccessKey: string;
}

export interface S3Session {
  signingKey: Buffer;
  user: string;
  sessionToken: string;
  expiresAtMs: number;
}

/** What a removal did: the paths it moved to the admin's trash (not counting what the user's trash held). */
export interface UserRemoval {
  name: string;
  trashed: string[];
}

export interface S3KeyInfo {
  accessKeyId: string;
  createdAtMs: number;
}

export interface UserQuotas {
  defaultQuotaBytes: number;
  premiumQuotaBytes: number;
}

export interface UserAllocator extends IdAllocator {
  nextUserId(): number;
}

const userNamePattern = /^[a-z][a-z0-9._-]{0,63}$/;
const accessKeyPattern = /^[A-Za-z0-9]{16,128}$/;
const callerCacheMax = 10_000;
/** S3 key pairs one user may hold at once. */
const keysPerUserMax = 100;
/** How long a gateway may act for an S3 user on one signature check. */
const s3SessionMs = 15 * 60_000;

export const adminName = 'admin';
/** Items of a removed user's trash one edit hands over to the admin at most (tests pass fewer). */
export const trashHandoverMax = 1000;
/** Hand-over edits one removal makes at most before giving up on a trash that keeps growing. */
const handoverChunksMax = 1000;
/** Buckets read per round trip when a removal looks for the user's. */
const bucketReadMax = 1000;
const adminHomeInodeId = 4;

export class UserService {
  readonly #store: Metastore;
  readonly #log: EditLog;
  readonly #clock: Clock;
  readonly #ids: UserAllocator;
  readonly #quotas: UserQuotas;
  readonly #callers = new Map<string, Caller>();
  /** Session tokens already checked, with their caller: a gateway sends the same one on every call. */
  readonly #sessions = new Map<string, { caller: Caller; expiresAtMs: number; accessKeyId: string }>();
  /**
   * Bumped by every revocation, which also drops what the caches hold of the revoked credentials:
   * a lookup that began before it (and may have read the credential still there) caches nothing.
   */
  #revocations = 0;
  readonly #clusterSecret: string;
  readonly #trashPerEdit: number;

  constructor(store: Metastore, log: EditLog, clock: Clock, ids: UserAllocator, quotas: UserQuotas, clusterSecret: string, trashPerEdit = trashHandoverMax) {
    this.#clusterSecret = clusterSecret;
    this.#trashPerEdit = trashPerEdit;
    this.#store = store;
    this.#log = log;
    this.#clock = clock;
    this.#ids = ids;
    this.#quotas = quotas;
  }

  /** Formats an empty metastore; returns the cluster id and the admin's first token. */
  async format(chunking: string): Promise<{ clusterId: string; adminToken: string }> {
    const token = newUserToken();
    const clusterId = newClusterId();
    const at = this.#clock.now();
    const admin: UserRecord = {
      id: 1, name: adminName, tier: 'premium', quotaBytes: this.#quotas.premiumQuotaBytes, usedBytes: 0, admin: true, homeId: adminHomeInodeId, createdAt: at,
    };
    await this.#log.submit(async () => ({
      type: 'Format' as const, clusterId, at, chunking, admin, tokenHash: hashToken(token),
      dirs: [
        { id: rootInodeId, parentId: rootInodeId, name: '' },
        { id: homeInodeId, parentId: rootInodeId, name: 'home' },
        { id: bucketsInodeId, parentId: rootInodeId, name: 'buckets' },
        { id: adminHomeInodeId, parentId: homeInodeId, name: adminName },
      ],
    }));
    return { clusterId, adminToken: token };
  }

  /** Maps a bearer token (or a gateway's session token) to its user; throws UNAUTHENTICATED. Cached, bounded. */
  async authenticate(token: string | undefined): Promise<Caller> {
    if (!token) throw new CairnError('UNAUTHENTICATED', 'no token: pass --token or set CAIRN_TOKEN');
    if (token.startsWith(sessionTokenPrefix)) return this.#sessionCaller(token);
    const hash = hashToken(token);
    const cached = this.#callers.get(hash);
    if (cached) return cached;
    const revocations = this.#revocations;
    const credential = await this.#store.sub.credentials.get(`t:${hash}`);
    const user = credential ? await this.#store.sub.users.get(u64(credential.userId)) : undefined;
    if (!user) throw new CairnError('UNAUTHENTICATED', 'unknown or revoked token');
    const caller = { userId: user.id, name: user.name, admin: user.admin };
    if (revocations !== this.#revocations) return caller;
    if (this.#callers.size >= callerCacheMax) this.#callers.clear();
    this.#callers.set(hash, caller);
    return caller;
  }

  async add(caller: Caller, name: string, tier: Tier, quotaBytes: number, accessKey: string, secretKey: string): Promise<NewCredentials> {
    requireAdmin(caller);
    if (!userNamePattern.test(name)) throw new CairnError('INVALID_ARGUMENT', `bad user name ${JSON.stringify(name)}: lowercase letters, digits, '.', '_', '-', starting with a letter`);
    if (tier !== 'standard' && tier !== 'premium') throw new CairnError('INVALID_ARGUMENT', `tier must be standard or premium, not ${JSON.stringify(tier)}`);
    checkImportedKey(accessKey, secretKey);
    const token = this.#newToken();
    const accessKeyId = accessKey || newAccessKeyId();
    const secretAccessKey = secretKey || newSecret();
    const edit = await this.#log.submit(async (reader) => {
      if ((await reader.get('userNames', name)) !== undefined) throw new CairnError('ALREADY_EXISTS', `user ${name} exists`);
      if ((await reader.get('credentials', `k:${accessKeyId}`)) !== undefined) throw new CairnError('ALREADY_EXISTS', 'access key in use');
      if (await lookupChild(reader, homeInodeId, name)) throw new CairnError('ALREADY_EXISTS', `/home/${name} exists`);
      const at = this.#clock.now();
      const id = this.#ids.nextUserId();
      const home = { id: this.#ids.nextInodeId(), parentId: homeInodeId, name };
      const quota = quotaBytes > 0 ? quotaBytes : tier === 'premium' ? this.#quotas.premiumQuotaBytes : this.#quotas.defaultQuotaBytes;
      const user: UserRecord = { id, name, tier, quotaBytes: quota, usedBytes: 0, admin: false, homeId: home.id, createdAt: at };
      return { type: 'UserAdd' as const, at, by: caller.userId, user, tokenHash: hashToken(token), s3: { accessKeyId, secret: secretAccessKey }, home };
    });
    // A retried call is answered with its first attempt's edit: the keys that attempt drew.
    return { name, token, accessKeyId: edit.s3.accessKeyId, secretAccessKey: edit.s3.secret };
  }

  /**
   * Sets a user's quota (admins only), at once: the next upload, copy or restore checks against
   * it. A quota below the user's usage keeps what they store and refuses what would add to it.
   */
  async setQuota(caller: Caller, name: string, quotaBytes: number): Promise<UserRecord> {
    requireAdmin(caller);
    if (!Number.isSafeInteger(quotaBytes) || quotaBytes <= 0) throw new CairnError('INVALID_ARGUMENT', `a quota is 1…${Number.MAX_SAFE_INTEGER} bytes, not ${quotaBytes}`);
    const edit = await this.#log.submit(async (reader) => {
      const id = await reader.get('userNames', name);
      if (id === undefined) throw new CairnError('NOT_FOUND', `no user ${JSON.stringify(name.slice(0, 80))}`);
      return { type: 'UserQuota' as const, at: this.#clock.now(), by: caller.userId, userId: id, quotaBytes };
    });
    const user = await this.get(edit.userId);
    if (user === undefined) throw new CairnError('NOT_FOUND', `user ${name} was removed meanwhile`);
    return user;
  }

  /**
   * Issues one more token for a user; the old ones stay valid unless `revokeAll`, which revokes
   * every token the user has in the same edit (they fail at once).
   */
  async newToken(caller: Caller, name: string, revokeAll = false): Promise<NewCredentials> {
    if (!caller.admin && (caller.name !== name || revokeAll)) throw new CairnError('PERMISSION_DENIED', 'only admins issue tokens for others or revoke tokens');
    const token = this.#newToken();
    const tokenHash = hashToken(token);
    await this.#log.submit(async (reader) => {
      const id = await reader.get('userNames', name);
      if (id === undefined) throw new CairnError('NOT_FOUND', `no user ${name}`);
      const at = this.#clock.now();
      if (!revokeAll) return { type: 'TokenAdd' as const, at, by: caller.userId, userId: id, tokenHash };
      const tokenHashes = (await this.#credentialsOf('t:', id)).map(([key]) => key.slice(2));
      return { type: 'TokensRevoke' as const, at, by: caller.userId, userId: id, tokenHashes, tokenHash };
    });
    if (revokeAll) this.#revoked((entry) => entry.caller.name === name);
    return { name, token, accessKeyId: '', secretAccessKey: '' };
  }

  /**
   * Removes a user (admins only; never an admin): their home and the buckets they own go to the
   * caller's trash (restorable by the caller, purged by its retention like anything trashed), so
   * do the items their own trash held; their tokens and S3 keys fail at once; the grants given to
   * them go. Nothing is deleted. Their open uploads can no longer be continued: the upload reaper
   * aborts them when their leases end. The name may be given to a new user at once.
   */
  async remove(caller: Caller, name: string): Promise<UserRemoval> {
    requireAdmin(caller);
    // A retry after the removal was applied: the user is gone, and the submits below would be
    // answered by this call's first edits (hand-overs, then the removal), whatever they are.
    // replayOf looks 8 edits ahead: a retried removal that needed more hand-overs than that
    // finds the user gone (NOT_FOUND), though it was applied once all the same.
    const replayed = await replayOf(this.#store, 'UserRemove');
    if (replayed !== undefined) return removalOf(name, replayed);
    const first = await this.#userToRemove(committedReader(this.#store), name);
    // A trash too large for one edit is handed over ahead of the removal, a chunk per edit.
    for (let chunks = 0; (await this.#trashedBy(committedReader(this.#store), first.id)).length > this.#trashPerEdit; chunks++) {
      if (chunks >= handoverChunksMax) throw new CairnError('UNAVAILABLE', `${name}'s trash keeps growing; try again`);
      await this.#log.submit(async (reader) => {
        const user = await this.#userToRemove(reader, name);
        const trashed = (await this.#trashedBy(reader, user.id)).slice(0, this.#trashPerEdit);
        return { type: 'TrashHandover' as const, at: this.#clock.now(), by: caller.userId, userId: user.id, trashed };
      });
    }
    const edit = await this.#log.submit(async (reader) => {
      const user = await this.#userToRemove(reader, name);
      const trashed = await this.#trashedBy(reader, user.id);
      if (trashed.length > this.#trashPerEdit) throw new CairnError('UNAVAILABLE', `${name}'s trash grew meanwhile; try again`);
      const tokenHashes = (await this.#credentialsOf('t:', user.id)).map(([key]) => key.slice(2));
      const accessKeyIds = (await this.#credentialsOf('k:', user.id)).map(([key]) => key.slice(2));
      return {
        type: 'UserRemove' as const, at: this.#clock.now(), by: caller.userId, userId: user.id, tokenHashes, accessKeyIds,
        items: await this.#itemsOf(reader, user), trashed,
      };
    });
    this.#revoked((entry) => entry.caller.userId === edit.userId);
    return removalOf(name, edit);
  }

  /** The user `name`, who may be removed: one that exists and is no admin. */
  async #userToRemove(reader: TxReader, name: string): Promise<UserRecord> {
    const id = await reader.get('userNames', name);
    const user = id === undefined ? undefined : await reader.get('users', u64(id));
    if (user === undefined) throw new CairnError('NOT_FOUND', `no user ${JSON.stringify(name.slice(0, 80))}`);
    if (user.admin || user.name === adminName) throw new CairnError('PERMISSION_DENIED', `${name} is an admin: admins cannot be removed`);
    return user;
  }

  /** The roots of the items in a user's trash (the trash index is keyed by the roots' owner), one more than a hand-over takes at most. */
  async #trashedBy(reader: TxReader, userId: number): Promise<number[]> {
    const keys = await reader.keys('trash', u64(userId), this.#trashPerEdit + 1);
    return keys.map((key) => readU64(key, 16));
  }

  /**
   * What a removal moves to the trash: the user's home, and the buckets (folders right below
   * /buckets) they own. Every bucket is looked at — one scan of /buckets, fine while buckets
   * number in the thousands; an index of buckets by owner would replace it. Items the user owns
   * elsewhere (in folders others shared with them) stay where they are.
   */
  async #itemsOf(reader: TxReader, user: UserRecord): Promise<Array<{ id: number; path: string }>> {
    const items: Array<{ id: number; path: string }> = [];
    const home = await reader.get('inodes', u64(user.homeId));
    if (home !== undefined && home.trashedAt === undefined && home.parentId === homeInodeId) items.push({ id: home.id, path: `/home/${home.name}` });
    const prefix = u64(bucketsInodeId);
    const bucketIds = await this.#store.sub.children.values({ gte: prefix, lt: prefixEnd(prefix) }).all();
    for (let i = 0; i < bucketIds.length; i += bucketReadMax) {
      const buckets = await reader.getMany('inodes', bucketIds.slice(i, i + bucketReadMax).map((id) => u64(id)));
      for (const bucket of buckets) {
        if (bucket?.ownerId === user.id && bucket.trashedAt === undefined && bucket.parentId === bucketsInodeId) items.push({ id: bucket.id, path: `/buckets/${bucket.name}` });
      }
    }
    return items;
  }

  /** A user's S3 key pairs, oldest first; never their secrets. */
  async keys(caller: Caller, name: string): Promise<S3KeyInfo[]> {
    requireAdmin(caller);
    const id = await this.#store.get('userNames', name);
    if (id === undefined) throw new CairnError('NOT_FOUND', `no user ${name}`);
    return keyInfos(await this.#credentialsOf('k:', id));
  }

  /** Adds an S3 key pair to a user: the given one (imported as is) or a new one. */
  async addKey(caller: Caller, name: string, accessKey: string, secretKey: string): Promise<NewCredentials> {
    requireAdmin(caller);
    checkImportedKey(accessKey, secretKey);
    const accessKeyId = accessKey || newAccessKeyId();
    const secret = secretKey || newSecret();
    const edit = await this.#log.submit(async (reader) => {
      const id = await reader.get('userNames', name);
      if (id === undefined) throw new CairnError('NOT_FOUND', `no user ${name}`);
      if ((await reader.get('credentials', `k:${accessKeyId}`)) !== undefined) throw new CairnError('ALREADY_EXISTS', 'access key in use');
      if ((await this.#credentialsOf('k:', id)).length >= keysPerUserMax) throw new CairnError('INVALID_ARGUMENT', `${name} has ${keysPerUserMax} S3 keys already: revoke one first`);
      return { type: 'KeyAdd' as const, at: this.#clock.now(), by: caller.userId, userId: id, accessKeyId, secret };
    });
    return { name, token: '', accessKeyId: edit.accessKeyId, secretAccessKey: edit.secret };
  }

  /** Revokes one S3 key pair of a user: signatures made with it, and sessions opened with it, fail at once. */
  async revokeKey(caller: Caller, name: string, accessKeyId: string): Promise<S3KeyInfo[]> {
    requireAdmin(caller);
    let userId = 0;
    await this.#log.submit(async (reader) => {
      const id = await reader.get('userNames', name);
      if (id === undefined) throw new CairnError('NOT_FOUND', `no user ${name}`);
      const credential = await reader.get('credentials', `k:${accessKeyId}`);
      if (credential?.userId !== id) throw new CairnError('NOT_FOUND', `${name} has no access key ${JSON.stringify(accessKeyId)}`);
      userId = id;
      return { type: 'KeyRevoke' as const, at: this.#clock.now(), by: caller.userId, userId: id, accessKeyId };
    });
    this.#revoked((entry) => entry.accessKeyId === accessKeyId);
    return keyInfos(await this.#credentialsOf('k:', userId));
  }

  /** After a revocation edit: forget cached callers that may hold a revoked credential. */
  #revoked(session: (entry: { caller: Caller; accessKeyId: string }) => boolean): void {
    this.#revocations += 1;
    this.#callers.clear(); // keyed by token hash: a revoked token's entry cannot be picked out more cheaply
    for (const [token, entry] of this.#sessions) if (session(entry)) this.#sessions.delete(token);
  }

  /**
   * The committed credentials of one user of one kind (`t:` tokens, `k:` S3 keys), by key. A scan
   * of that kind: admin commands only, bounded by the number of credentials stored.
   */
  async #credentialsOf(kind: 't:' | 'k:', userId: number): Promise<Array<[string, CredentialRecord]>> {
    const found: Array<[string, CredentialRecord]> = [];
    const end = `${kind.slice(0, 1)};`; // ';' follows ':'
    for await (const [key, record] of this.#store.sub.credentials.iterator({ gte: kind, lt: end })) {
      if (record.userId === userId) found.push([key, record]);
    }
    return found;
  }

  /**
   * A new user token. Only its hash is stored, so a call with a request id derives the token from
   * the cluster secret and its edit's tag: a retry answered with the first attempt's edit
   * (retry-cache.ts) returns the token that edit stored. Whoever holds the cluster secret can
   * sign sessions as any user already; nobody else can compute it.
   */
  #newToken(): string {
    const tag = peekRequestTag();
    if (tag === undefined) return newUserToken();
    return `${userTokenPrefix}${createHmac('sha256', this.#clusterSecret).update(`user-token:${tag}`).digest('base64url')}`;
  }

  /**
   * For a gateway: the SigV4 signing key of `accessKeyId` scoped to one day, region and service
   * (the secret itself never leaves the namenode), and a session token acting as its user.
   */
  async s3SigningKey(accessKeyId: string, date: string, region: string, service: string): Promise<S3Session> {
    if (!accessKeyPattern.test(accessKeyId) || !/^\d{8}$/.test(date) || !/^[a-z0-9-]{1,64}$/.test(region) || service !== 's3') {
      throw new CairnError('INVALID_ARGUMENT', 'malformed credential scope');
    }
    const credential = await this.#store.sub.credentials.get(`k:${accessKeyId}`);
    const user = credential?.secret === undefined ? undefined : await this.#store.sub.users.get(u64(credential.userId));
    if (credential?.secret === undefined || user === undefined) throw new CairnError('UNAUTHENTICATED', 'unknown access key');
    const expiresAtMs = this.#clock.now() + s3SessionMs;
    return {
      signingKey: deriveSigningKey(credential.secret, date, region, service), user: user.name,
      sessionToken: signSessionToken(this.#clusterSecret, user.id, expiresAtMs, accessKeyId), expiresAtMs,
    };
  }

  /**
   * The caller of a session token. A token verified once is remembered (like bearer tokens) until
   * it expires, so the gateway's calls skip the MAC and the user lookup; expiry is still checked
   * on every call. A session names the access key it was opened with: once that key is revoked
   * (`revokeKey` drops its cached sessions), the session is refused.
   */
  async #sessionCaller(token: string): Promise<Caller> {
    const now = this.#clock.now();
    const known = this.#sessions.get(token);
    if (known !== undefined && now < known.expiresAtMs) return known.caller;
    const revocations = this.#revocations;
    const { userId, accessKeyId } = verifySession(this.#clusterSecret, token, now);
    const user = await this.#store.get('users', u64(userId));
    if (!user) throw new CairnError('UNAUTHENTICATED', 'the session\'s user no longer exists');
    if (accessKeyId !== '' && (await this.#store.get('credentials', `k:${accessKeyId}`))?.userId !== userId) {
      throw new CairnError('UNAUTHENTICATED', 'the session\'s access key was revoked');
    }
    const caller = { userId: user.id, name: user.name, admin: user.admin };
    if (revocations !== this.#revocations) return caller;
    if (this.#sessions.size >= callerCacheMax) this.#sessions.clear();
    this.#sessions.set(token, { caller, expiresAtMs: sessionExpiry(token), accessKeyId });
    return caller;
  }

  async list(caller: Caller): Promise<UserRecord[]> {
    requireAdmin(caller);
    return this.#store.sub.users.values().all();
  }

  async get(userId: number): Promise<UserRecord | undefined> {
    return committedReader(this.#store).get('users', u64(userId));
  }
}

function removalOf(name: string, edit: EditOf<'UserRemove'>): UserRemoval {
  return { name, trashed: edit.items.map((item) => item.path) };
}

function checkImportedKey(accessKey: string, secretKey: string): void {
  if ((accessKey === '') !== (secretKey === '')) throw new CairnError('INVALID_ARGUMENT', 'give both --access-key and --secret-key, or neither');
  if (accessKey !== '' && (!accessKeyPattern.test(accessKey) || secretKey.length < 16)) {
    throw new CairnError('INVALID_ARGUMENT', 'access key must be 16–128 letters and digits; secret key at least 16 characters');
  }
}

function newAccessKeyId(): string {
  return `CK${randomBytes(9).toString('hex').toUpperCase()}`;
}

function newSecret(): string {
  return randomBytes(30).toString('base64url');
}

function keyInfos(credentials: Array<[string, CredentialRecord]>): S3KeyInfo[] {
  return credentials
    .map(([key, record]) => ({ accessKeyId: key.slice(2), createdAtMs: record.createdAt }))
    .sort((a, b) => a.createdAtMs - b.createdAtMs || a.accessKeyId.localeCompare(b.accessKeyId));
}

/** When a session token that verified expires (its second field). */
function sessionExpiry(token: string): number {
  return Number(token.slice(sessionTokenPrefix.length).split('.')[1]);
}

export function requireAdmin(caller: Caller): void {
  if (!caller.admin) throw new CairnError('PERMISSION_DENIED', `${caller.name} is not an admin`);
}

// The gateway's view of the cluster for each S3 user. A gateway holds no user secrets: for an
// access key it asks the namenode (GatewayService, signed with the cluster secret) for the SigV4
// signing key of one day and region and a short session token acting as the key's user; every
// namespace call it then makes for that user is checked by the namenode as the user's own.
// Sessions are cached until shortly before they expire, at most `sessionsMax` of them, or until
// the namenode refuses one (its key was revoked).
import { signNodeHeader } from '../common/auth.js';
import type { BlockTransferClient } from '../common/block-transfer.js';
import type { Clock } from '../common/clock.js';
import { CairnError, isCairnError } from '../common/errors.js';
import { CairnClient } from '../client/cairn-client.js';
import { NamenodeClient, zkNamenodes } from '../client/namenode-client.js';
import type { ZkNamenodes } from '../client/zk-namenodes.js';

export interface Scope {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
}

export interface UserSession {
  user: string;
  signingKey: Buffer;
  client: CairnClient;
  expiresAtMs: number;
}

export interface SessionOptions {
  namenodes: readonly string[];
  /** A ZooKeeper connect string: the namenodes are found there (config `zk`). */
  zk?: string;
  clusterSecret: string;
  gatewayId: string;
  clock: Clock;
  pool: BlockTransferClient;
  rpcTimeoutMs: number;
  uploadParallelism: number;
  downloadParallelism: number;
}

/** Sessions kept at once; the least recently made go first. */
const sessionsMax = 1000;
/** A session is renewed this long before the namenode's expiry. */
const renewBeforeMs = 60_000;

export class Sessions {
  readonly #options: SessionOptions;
  readonly #control: NamenodeClient;
  /** One ZooKeeper session for the gateway, shared by every user session's client. */
  readonly #zk: ZkNamenodes | undefined;
  readonly #sessions = new Map<string, Promise<UserSession | undefined>>();

  constructor(options: SessionOptions) {
    this.#options = options;
    this.#zk = options.zk === undefined ? undefined : zkNamenodes(options.zk);
    this.#control = new NamenodeClient({
      addresses: options.namenodes, zk: this.#zk, token: '', timeoutMs: options.rpcTimeoutMs,
      signNode: () => signNodeHeader(options.clusterSecret, options.gatewayId, options.clock.now()),
    });
  }

  /** The session of an access key for one credential scope; undefined when the key is unknown. */
  async get(scope: Scope): Promise<UserSession | undefined> {
    const key = scopeKey(scope);
    const cached = this.#sessions.get(key);
    if (cached !== undefined) {
      const session = await cached;
      if (session === undefined || session.expiresAtMs - renewBeforeMs > this.#options.clock.now()) return session;
      this.#forget(key);
    }
    const made = this.#open(scope);
    this.#sessions.set(key, made);
    made.catch(() => this.#sessions.delete(key)); // failures (namenode down) are not cached
    while (this.#sessions.size > sessionsMax) this.#forget(this.#sessions.keys().next().value as string); // size > 0
    return made;
  }

  /**
   * Forgets `session` when the namenode refused its token (its access key was revoked, its user
   * removed): the scope's next request asks the namenode again, which then refuses the key itself.
   */
  async refused(scope: Scope, session: UserSession): Promise<void> {
    const key = scopeKey(scope);
    const entry = this.#sessions.get(key);
    const current = await entry?.catch(() => undefined);
    if (current === session && this.#sessions.get(key) === entry) this.#forget(key);
  }

  close(): void {
    for (const entry of this.#sessions.values()) void entry.then((session) => session?.client.close(), () => undefined);
    this.#sessions.clear();
    this.#control.close();
    this.#zk?.close();
  }

  async #open(scope: Scope): Promise<UserSession | undefined> {
    try {
      const reply = await this.#control.gateway('S3SigningKey', scope);
      const o = this.#options;
      const client = new CairnClient({
        namenodes: o.namenodes, zk: this.#zk, token: reply.sessionToken, pool: o.pool, rpcTimeoutMs: o.rpcTimeoutMs,
        uploadParallelism: o.uploadParallelism, downloadParallelism: o.downloadParallelism,
      });
      return { user: reply.user, signingKey: Buffer.from(reply.signingKey), client, expiresAtMs: reply.sessionExpiresAtMs };
    } catch (err) {
      if (isCairnError(err, 'UNAUTHENTICATED') || isCairnError(err, 'INVALID_ARGUMENT')) return undefined;
      throw err instanceof CairnError ? err : new CairnError('UNAVAILABLE', `asking the namenode for a signing key failed: ${String(err)}`);
    }
  }

  #forget(key: string): void {
    const entry = this.#sessions.get(key);
    this.#sessions.delete(key);
    // Requests may still be using it: closed once they have had the time any call may take.
    const close = (session: UserSession | undefined) => setTimeout(() => session?.client.close(), this.#options.rpcTimeoutMs).unref();
    void entry?.then(close, () => undefined);
  }
}

function scopeKey(scope: Scope): string {
  return `${scope.accessKeyId}/${scope.date}/${scope.region}/${scope.service}`;
}

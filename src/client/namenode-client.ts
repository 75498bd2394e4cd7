// The client's view of the namenode: typed calls with the bearer token attached, a deadline on
// each, and the active namenode followed across failovers. Converts proto replies into plain
// objects; callers never see protobuf types.
//
// Following the active (DESIGN §4, High availability): a call refused with NOT_ACTIVE goes to the
// namenode the refusal names, then to the others; one that finds a namenode UNAVAILABLE tries the
// others too; rounds repeat with backoff for up to `failoverWaitMs`. A mutating call carries a
// request id (`x-cairn-request-id`), the same on every try, so the namenode answers a retry of a
// call it already applied instead of applying it twice (retry-cache.ts); reads are safe to
// repeat anyway. With `zk` the namenodes are found in ZooKeeper (zk-namenodes.ts), the active first.
import * as grpc from '@grpc/grpc-js';
import type { MethodDefinition } from '@grpc/proto-loader';
import type { ClientServiceClient, ClientServiceDefinition } from '../../proto/gen/cairn/namenode/ClientService.js';
import type { AdminServiceClient, AdminServiceDefinition } from '../../proto/gen/cairn/namenode/AdminService.js';
import type { GatewayServiceClient, GatewayServiceDefinition } from '../../proto/gen/cairn/namenode/GatewayService.js';
import { callUnary, channelOptions, insecure, loadProtos, metadataWith, wasNeverSent } from '../common/grpc.js';
import { CairnError, isCairnError } from '../common/errors.js';
import { newRequestId, requestIdHeader } from '../common/request-id.js';
import { ZkNamenodes } from './zk-namenodes.js';

export interface NamenodeClientOptions {
  /** Namenode addresses (HOST:PORT); may be empty when `zk` is given. */
  addresses?: readonly string[];
  /** A ZooKeeper connect string, `HOST:PORT[,HOST:PORT…][/CHROOT]`: the namenodes are found there. */
  /** A ZooKeeper connect string (this client opens its own session), or a discovery shared with other clients (not closed by this one). */
  zk?: string | ZkNamenodes;
  token: string;
  timeoutMs?: number;
  /** How long a call keeps looking for the active namenode before it fails (default 20 s). */
  failoverWaitMs?: number;
  /** For cluster members (gateways): the signed `x-cairn-node` header their GatewayService calls carry. */
  signNode?: () => string;
}

// Request and reply types come from the generated service definitions.
type ReqOf<D, M extends keyof D> = D[M] extends MethodDefinition<infer R, infer _A, infer _B, infer _C> ? R : never;
type ResOf<D, M extends keyof D> = D[M] extends MethodDefinition<infer _R, infer _A, infer _B, infer O> ? O : never;
type ClientMethod = keyof ClientServiceDefinition & string;
type AdminMethod = keyof AdminServiceDefinition & string;
type GatewayMethod = keyof GatewayServiceDefinition & string;

export const defaultFailoverWaitMs = 20_000;
const retryPauseMs = 50;
/**
 * A failover takes about a ZooKeeper session timeout; rounds at most this far apart find the new
 * active within a quarter second of its first serving (a full second cost ~0.6 s per failover in
 * `bench ha`), at the price of a few refused calls per second per waiting client.
 */
const retryPauseMaxMs = 250;
const zkSessionTimeoutMs = 10_000;
const zkConnectTimeoutMs = 5000;

/** Discovery through ZooKeeper with a client's session settings: one per client, or one shared by many (a gateway's). */
export function zkNamenodes(connect: string): ZkNamenodes {
  return new ZkNamenodes(connect, { sessionTimeoutMs: zkSessionTimeoutMs, connectTimeoutMs: zkConnectTimeoutMs });
}

/** Calls that change something: each carries a request id, the same on every try. */
const mutating: ReadonlySet<string> = new Set([
  'Mkdir', 'MarkFolder', 'Move', 'Share', 'Unshare', 'Trash', 'TrashRestore', 'TrashEmpty', 'Restore', 'PurgeRevision', 'CopyFile', 'BeginUpload', 'PutBlocks',
  'CommitUpload', 'AbortUpload', 'CreateMultipart', 'BeginPart', 'CommitPart', 'CompleteMultipart',
  'UserAdd', 'UserToken', 'UserKeyAdd', 'UserKeyRevoke', 'UserRemove', 'SetQuota', 'Safemode', 'Decommission', 'Recommission', 'CollectGarbage', 'HaFailover',
] satisfies Array<ClientMethod | AdminMethod>);

/**
 * Calls a namenode cannot recognise as retries: tried again only where they cannot have been
 * applied (refused with NOT_ACTIVE, or never sent). A failover hands over without an edit.
 */
const notReplayable: ReadonlySet<string> = new Set(['HaFailover'] satisfies AdminMethod[]);

interface Channels {
  client: ClientServiceClient;
  admin: AdminServiceClient;
  gateway: GatewayServiceClient;
}

type Attempt<T> = (channels: Channels, metadata: grpc.Metadata) => Promise<T>;

export class NamenodeClient {
  readonly #addresses: readonly string[];
  readonly #zk: ZkNamenodes | undefined;
  readonly #ownsZk: boolean;
  readonly #metadata: grpc.Metadata;
  readonly #timeoutMs: number;
  readonly #failoverWaitMs: number;
  readonly #signNode: (() => string) | undefined;
  readonly #channels = new Map<string, Channels>();
  /** The namenode to try first: the last that answered, or the one a NOT_ACTIVE refusal named. */
  #preferred: string | undefined;

  constructor(options: NamenodeClientOptions) {
    const addresses = options.addresses ?? [];
    if (addresses.length === 0 && !options.zk) throw new CairnError('USAGE', 'no namenode address: pass --namenode or --zk, or set CAIRN_NAMENODE');
    this.#addresses = addresses;
    this.#ownsZk = typeof options.zk === 'string';
    this.#zk = typeof options.zk === 'string' ? zkNamenodes(options.zk) : options.zk;
    this.#metadata = metadataWith({ authorization: `Bearer ${options.token}` });
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#failoverWaitMs = options.failoverWaitMs ?? defaultFailoverWaitMs;
    this.#signNode = options.signNode;
    this.#preferred = addresses[0];
  }

  call<M extends ClientMethod>(method: M, request: ReqOf<ClientServiceDefinition, M>, timeoutMs?: number): Promise<ResOf<ClientServiceDefinition, M>> {
    return this.#followActive(method, this.#metadata, (ch, md) => callUnary(ch.client, (ch.client as unknown as Record<string, never>)[method], request, md, timeoutMs ?? this.#timeoutMs));
  }

  admin<M extends AdminMethod>(method: M, request: ReqOf<AdminServiceDefinition, M>): Promise<ResOf<AdminServiceDefinition, M>> {
    return this.#followActive(method, this.#metadata, (ch, md) => callUnary(ch.admin, (ch.admin as unknown as Record<string, never>)[method], request, md, this.#timeoutMs));
  }

  gateway<M extends GatewayMethod>(method: M, request: ReqOf<GatewayServiceDefinition, M>): Promise<ResOf<GatewayServiceDefinition, M>> {
    const sign = this.#signNode;
    if (sign === undefined) throw new CairnError('INTERNAL', 'GatewayService calls need a cluster signer');
    // Signed afresh on every try: the signature carries a time.
    return this.#followActive(method, undefined, (ch) => callUnary(ch.gateway, (ch.gateway as unknown as Record<string, never>)[method], request, metadataWith({ 'x-cairn-node': sign() }), this.#timeoutMs));
  }

  close(): void {
    for (const { client, admin, gateway } of this.#channels.values()) {
      client.close();
      admin.close();
      gateway.close();
    }
    this.#channels.clear();
    if (this.#ownsZk) this.#zk?.close();
  }

  /**
   * Rounds over the namenodes — the preferred one first — until one serves the call, pausing
   * with backoff between rounds, for up to `failoverWaitMs`. Errors other than NOT_ACTIVE,
   * UNAVAILABLE and TIMEOUT are the call's answer; so are the last two for a call that may not be repeated.
   */
  async #followActive<T>(method: string, base: grpc.Metadata | undefined, attempt: Attempt<T>): Promise<T> {
    let metadata = base;
    if (base !== undefined && mutating.has(method)) {
      metadata = base.clone();
      metadata.set(requestIdHeader, newRequestId());
    }
    const deadline = Date.now() + this.#failoverWaitMs;
    for (let pauseMs = retryPauseMs; ; pauseMs = Math.min(2 * pauseMs, retryPauseMaxMs)) {
      const outcome = await this.#round(method, metadata, attempt);
      if ('value' in outcome) return outcome.value;
      if (Date.now() + pauseMs > deadline) throw outcome.error;
      this.#zk?.stale();
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  }

  /**
   * One try at each known namenode, each one a refusal names going next: the answer, or the last
   * error when none served and another round may (an error that ends the call is thrown).
   */
  async #round<T>(method: string, metadata: grpc.Metadata | undefined, attempt: Attempt<T>): Promise<{ value: T } | { error: unknown }> {
    const tried = new Set<string>();
    let lastError: unknown; // set by every failed try; none at all means no namenode was known
    const queue = await this.#candidates().catch((err: unknown) => {
      lastError = err; // ZooKeeper unreachable: the configured addresses may still serve
      return this.#candidates(false);
    });
    for (let address = queue.shift(); address !== undefined; address = queue.shift()) {
      if (tried.has(address)) continue;
      tried.add(address);
      try {
        const value = await attempt(this.#channelsFor(address), metadata ?? new grpc.Metadata());
        this.#preferred = address;
        return { value };
      } catch (err) {
        if (isCairnError(err, 'NOT_ACTIVE')) {
          const active = err.details?.active;
          if (typeof active === 'string' && active !== '' && !tried.has(active)) {
            queue.unshift(active);
            this.#preferred = active;
          }
        } else if (isCairnError(err, 'TIMEOUT') && !notReplayable.has(method)) {
          // A namenode that does not answer in time (frozen, or cut off): the call, safe to repeat, goes elsewhere.
          if (this.#preferred === address) this.#preferred = undefined;
        } else if (!isCairnError(err, 'UNAVAILABLE') || (notReplayable.has(method) && !wasNeverSent(err))) {
          throw err;
        }
        lastError = err;
      }
    }
    return { error: lastError ?? new CairnError('UNAVAILABLE', 'no namenode is known: ZooKeeper lists none') };
  }

  /** The active ZooKeeper names, the preferred namenode, the others ZooKeeper lists, then the configured ones. */
  async #candidates(askZk = true): Promise<string[]> {
    const found = this.#zk === undefined || !askZk ? { active: undefined, live: [] } : await this.#zk.namenodes();
    const first = [found.active, this.#preferred].filter((a): a is string => a !== undefined);
    return [...new Set([...first, ...found.live, ...this.#addresses])];
  }

  #channelsFor(address: string): Channels {
    let channels = this.#channels.get(address);
    if (!channels) {
      const { ClientService, AdminService, GatewayService } = loadProtos().namenode.cairn.namenode;
      channels = {
        client: new ClientService(address, insecure, channelOptions), admin: new AdminService(address, insecure, channelOptions),
        gateway: new GatewayService(address, insecure, channelOptions),
      };
      this.#channels.set(address, channels);
    }
    return channels;
  }
}

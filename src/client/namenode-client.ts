// The client's view of the namenode: typed calls with the bearer token attached, a deadline on
// each, and a move to the next configured address when one is unreachable. Converts proto
// replies into plain objects; callers never see protobuf types.
import * as grpc from '@grpc/grpc-js';
import type { MethodDefinition } from '@grpc/proto-loader';
import type { ClientServiceClient, ClientServiceDefinition } from '../../proto/gen/cairn/namenode/ClientService.js';
import type { AdminServiceClient, AdminServiceDefinition } from '../../proto/gen/cairn/namenode/AdminService.js';
import type { GatewayServiceClient, GatewayServiceDefinition } from '../../proto/gen/cairn/namenode/GatewayService.js';
import { callUnary, channelOptions, insecure, loadProtos, metadataWith, wasNeverSent } from '../common/grpc.js';
import { CairnError, isCairnError } from '../common/errors.js';

export interface NamenodeClientOptions {
  addresses: readonly string[];
  /** A ZooKeeper connect string (`parseZk`): the namenodes are found there. */
  zk?: string;
  token: string;
  timeoutMs?: number;
  /** For cluster members (gateways): the signed `x-cairn-node` header their GatewayService calls carry. */
  signNode?: () => string;
}

// Request and reply types come from the generated service definitions.
type ReqOf<D, M extends keyof D> = D[M] extends MethodDefinition<infer R, infer _A, infer _B, infer _C> ? R : never;
type ResOf<D, M extends keyof D> = D[M] extends MethodDefinition<infer _R, infer _A, infer _B, infer O> ? O : never;
type ClientMethod = keyof ClientServiceDefinition & string;
type AdminMethod = keyof AdminServiceDefinition & string;
type GatewayMethod = keyof GatewayServiceDefinition & string;

const reconnectWaitMs = 5000;
const reconnectPauseMs = 50;
const reconnectPauseMaxMs = 800;

interface Channels {
  client: ClientServiceClient;
  admin: AdminServiceClient;
  gateway: GatewayServiceClient;
}

export class NamenodeClient {
  readonly #addresses: readonly string[];
  readonly #metadata: grpc.Metadata;
  readonly #timeoutMs: number;
  readonly #signNode: (() => string) | undefined;
  readonly #channels = new Map<string, Channels>();
  #current = 0;

  constructor(options: NamenodeClientOptions) {
    if (options.addresses.length === 0) throw new CairnError('USAGE', 'no namenode address: pass --namenode or set CAIRN_NAMENODE');
    this.#addresses = options.addresses;
    this.#metadata = metadataWith({ authorization: `Bearer ${options.token}` });
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#signNode = options.signNode;
  }

  call<M extends ClientMethod>(method: M, request: ReqOf<ClientServiceDefinition, M>, timeoutMs?: number): Promise<ResOf<ClientServiceDefinition, M>> {
    return this.#withFailover((ch) => callUnary(ch.client, (ch.client as unknown as Record<string, never>)[method], request, this.#metadata, timeoutMs ?? this.#timeoutMs));
  }

  admin<M extends AdminMethod>(method: M, request: ReqOf<AdminServiceDefinition, M>): Promise<ResOf<AdminServiceDefinition, M>> {
    return this.#withFailover((ch) => callUnary(ch.admin, (ch.admin as unknown as Record<string, never>)[method], request, this.#metadata, this.#timeoutMs));
  }

  gateway<M extends GatewayMethod>(method: M, request: ReqOf<GatewayServiceDefinition, M>): Promise<ResOf<GatewayServiceDefinition, M>> {
    const sign = this.#signNode;
    if (sign === undefined) throw new CairnError('INTERNAL', 'GatewayService calls need a cluster signer');
    return this.#withFailover((ch) => callUnary(ch.gateway, (ch.gateway as unknown as Record<string, never>)[method], request, metadataWith({ 'x-cairn-node': sign() }), this.#timeoutMs));
  }

  close(): void {
    for (const { client, admin, gateway } of this.#channels.values()) {
      client.close();
      admin.close();
      gateway.close();
    }
    this.#channels.clear();
  }

  /**
   * Tries each address, starting with the last one that answered. Calls that were never sent
   * (no connection yet, e.g. just after a namenode restarted) are tried again for up to
   * `reconnectWaitMs`; a call that may have been applied is not retried here.
   */
  async #withFailover<T>(fn: (channels: Channels) => Promise<T>): Promise<T> {
    const deadline = Date.now() + reconnectWaitMs;
    for (let pauseMs = reconnectPauseMs; ; pauseMs = Math.min(2 * pauseMs, reconnectPauseMaxMs)) {
      try {
        return await this.#tryEachAddress(fn);
      } catch (err) {
        if (!wasNeverSent(err) || Date.now() + pauseMs > deadline) throw err;
        await new Promise((resolve) => setTimeout(resolve, pauseMs));
      }
    }
  }

  async #tryEachAddress<T>(fn: (channels: Channels) => Promise<T>): Promise<T> {
    let lastError: unknown;
    for (let attempt = 0; attempt < this.#addresses.length; attempt++) {
      const index = (this.#current + attempt) % this.#addresses.length;
      try {
        const result = await fn(this.#channelsFor(this.#addresses[index] as string)); // index < length
        this.#current = index;
        return result;
      } catch (err) {
        if (!isCairnError(err, 'UNAVAILABLE') && !isCairnError(err, 'NOT_ACTIVE')) throw err;
        lastError = err;
      }
    }
    throw lastError;
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

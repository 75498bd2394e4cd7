// The client's view of the namenode: typed calls with the bearer token attached, a deadline on
// each, and a move to the next configured address when one is unreachable. Converts proto
// replies into plain objects; callers never see protobuf types.
import * as grpc from '@grpc/grpc-js';
import type { MethodDefinition } from '@grpc/proto-loader';
import type { ClientServiceClient, ClientServiceDefinition } from '../../proto/gen/cairn/namenode/ClientService.js';
import type { AdminServiceClient, AdminServiceDefinition } from '../../proto/gen/cairn/namenode/AdminService.js';
import { callUnary, channelOptions, insecure, loadProtos, metadataWith, wasNeverSent } from '../common/grpc.js';
import { CairnError, isCairnError } from '../common/errors.js';

export interface NamenodeClientOptions {
  addresses: readonly string[];
  token: string;
  timeoutMs?: number;
}

// Request and reply types come from the generated service definitions.
type ReqOf<D, M extends keyof D> = D[M] extends MethodDefinition<infer R, infer _A, infer _B, infer _C> ? R : never;
type ResOf<D, M extends keyof D> = D[M] extends MethodDefinition<infer _R, infer _A, infer _B, infer O> ? O : never;
type ClientMethod = keyof ClientServiceDefinition & string;
type AdminMethod = keyof AdminServiceDefinition & string;

const reconnectWaitMs = 5000;
const reconnectPauseMs = 50;
const reconnectPauseMaxMs = 800;

interface Channels {
  client: ClientServiceClient;
  admin: AdminServiceClient;
}

export class NamenodeClient {
  readonly #addresses: readonly string[];
  readonly #metadata: grpc.Metadata;
  readonly #timeoutMs: number;
  readonly #channels = new Map<string, Channels>();
  #current = 0;

  constructor(options: NamenodeClientOptions) {
    if (options.addresses.length === 0) throw new CairnError('USAGE', 'no namenode address: pass --namenode or set CAIRN_NAMENODE');
    this.#addresses = options.addresses;
    this.#metadata = metadataWith({ authorization: `Bearer ${options.token}` });
    this.#timeoutMs = options.timeoutMs ?? 30_000;
  }

  call<M extends ClientMethod>(method: M, request: ReqOf<ClientServiceDefinition, M>, timeoutMs?: number): Promise<ResOf<ClientServiceDefinition, M>> {
    return this.#withFailover((ch) => callUnary(ch.client, (ch.client as unknown as Record<string, never>)[method], request, this.#metadata, timeoutMs ?? this.#timeoutMs));
  }

  admin<M extends AdminMethod>(method: M, request: ReqOf<AdminServiceDefinition, M>): Promise<ResOf<AdminServiceDefinition, M>> {
    return this.#withFailover((ch) => callUnary(ch.admin, (ch.admin as unknown as Record<string, never>)[method], request, this.#metadata, this.#timeoutMs));
  }

  close(): void {
    for (const { client, admin } of this.#channels.values()) {
      client.close();
      admin.close();
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
      const { ClientService, AdminService } = loadProtos().namenode.cairn.namenode;
      channels = { client: new ClientService(address, insecure, channelOptions), admin: new AdminService(address, insecure, channelOptions) };
      this.#channels.set(address, channels);
    }
    return channels;
  }
}

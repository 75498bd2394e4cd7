// The datanode's side of DatanodeProtocol: register (retrying until a namenode answers), send a
// full block report, heartbeat every `heartbeatIntervalMs`, and report received blocks as they
// arrive. Incremental reports are coalesced: while one is in flight the next batch accumulates,
// so a burst of writes costs a few RPCs, yet a quiet datanode reports a new block at once.
import type * as grpc from '@grpc/grpc-js';
import type { DatanodeProtocolClient } from '../../../proto/gen/cairn/namenode/DatanodeProtocol.js';
import type { ReceivedBlock } from '../../../proto/gen/cairn/namenode/ReceivedBlock.js';
import { signNodeHeader } from '../../common/auth.js';
import type { Clock } from '../../common/clock.js';
import { blockReportChunkMax } from '../../common/constants.js';
import { callUnary, channelOptions, insecure, loadProtos, metadataWith } from '../../common/grpc.js';
import type { Logger } from '../../common/logger.js';
import type { BlockStore } from '../storage/block-store.js';

export interface LinkOptions {
  datanodeId: string;
  address: string;
  dataAddress: string;
  rack: string;
  clusterSecret: string;
  namenodes: readonly string[];
  heartbeatIntervalMs: number;
  blockReportIntervalMs: number;
  rpcTimeoutMs: number;
}

export interface LinkDeps {
  store: BlockStore;
  clock: Clock;
  logger: Logger;
  activeWrites: { count: number };
  /** Persists the cluster id learned at first registration. */
  onClusterId(clusterId: string): Promise<void>;
  clusterId: string;
}

const receivedBatchMax = 5000;
/**
 * Reports kept while the namenode is unreachable. Past this, the oldest are dropped and a full
 * block report follows the next successful call: replicas are never forgotten, only the upload
 * each one proves (its client then re-sends the block, which the datanode acknowledges at once).
 */
const pendingReportsMax = 100_000;
const registerRetryMs = 200;

export class NamenodeLink {
  readonly #options: LinkOptions;
  readonly #deps: LinkDeps;
  readonly #client: DatanodeProtocolClient;
  #pending: ReceivedBlock[] = [];
  #pendingDeleted: string[] = [];
  #inFlight: Promise<void> | undefined;
  #heartbeatTimer: NodeJS.Timeout | undefined;
  #reportTimer: NodeJS.Timeout | undefined;
  #registered = false;
  #fullReportOwed = false;
  #stopped = false;
  #clusterId: string;

  constructor(options: LinkOptions, deps: LinkDeps) {
    this.#options = options;
    this.#deps = deps;
    this.#clusterId = deps.clusterId;
    const address = options.namenodes[0];
    if (address === undefined) throw new Error('assertion failed: a datanode needs a namenode address');
    this.#client = new (loadProtos().namenode.cairn.namenode.DatanodeProtocol)(address, insecure, channelOptions);
  }

  get registered(): boolean {
    return this.#registered;
  }

  /** Starts registering in the background; heartbeats begin once registered. */
  start(): void {
    void this.#registerLoop();
    this.#heartbeatTimer = setInterval(() => void this.#heartbeat(), this.#options.heartbeatIntervalMs);
    this.#reportTimer = setInterval(() => void this.#fullReport(), this.#options.blockReportIntervalMs);
  }

  blockReceived(blockId: string, uploadId: string): void {
    this.#pending.push({ blockId, uploadId });
    this.#trim();
    this.#kick();
  }

  blockDeleted(blockId: string): void {
    this.#pendingDeleted.push(blockId);
    this.#trim();
    this.#kick();
  }

  #trim(): void {
    const excess = this.#pending.length + this.#pendingDeleted.length - pendingReportsMax;
    if (excess <= 0) return;
    this.#pending.splice(0, Math.min(excess, this.#pending.length));
    this.#pendingDeleted.splice(0, Math.max(0, this.#pending.length + this.#pendingDeleted.length - pendingReportsMax));
    this.#fullReportOwed = true;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#heartbeatTimer);
    clearInterval(this.#reportTimer);
    await this.#inFlight;
    this.#client.close();
  }

  #metadata(): grpc.Metadata {
    return metadataWith({ 'x-cairn-node': signNodeHeader(this.#options.clusterSecret, this.#options.datanodeId, this.#deps.clock.now()) });
  }

  #call<Res>(method: string, request: object): Promise<Res> {
    const fn = (this.#client as unknown as Record<string, never>)[method];
    return callUnary<object, Res>(this.#client, fn, request, this.#metadata(), this.#options.rpcTimeoutMs);
  }

  async #registerLoop(): Promise<void> {
    this.#registered = false;
    while (!this.#stopped) {
      try {
        const stats = await this.#deps.store.stats();
        const reply = await this.#call<{ clusterId: string }>('Register', {
          datanodeId: this.#options.datanodeId, address: this.#options.address, dataAddress: this.#options.dataAddress, rack: this.#options.rack, clusterId: this.#clusterId,
          capacity: stats.capacity, used: stats.segmentBytes, free: stats.free,
        });
        if (this.#clusterId === '') await this.#deps.onClusterId(reply.clusterId);
        this.#clusterId = reply.clusterId;
        this.#registered = true;
        await this.#fullReport();
        return;
      } catch (err) {
        this.#deps.logger.debug({ err }, 'registration failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, registerRetryMs));
      }
    }
  }

  async #fullReport(): Promise<void> {
    if (!this.#registered || this.#stopped) return;
    const reportId = `${this.#deps.clock.now()}`;
    let chunk: string[] = [];
    let index = 0;
    const send = async (last: boolean) => {
      await this.#call('BlockReport', { datanodeId: this.#options.datanodeId, reportId, chunk: index++, last, blockIds: chunk });
      chunk = [];
    };
    try {
      for await (const { blockId } of this.#deps.store.list()) {
        chunk.push(blockId);
        if (chunk.length === blockReportChunkMax) await send(false);
      }
      await send(true);
    } catch (err) {
      this.#deps.logger.warn({ err }, 'full block report failed');
    }
  }

  async #heartbeat(): Promise<void> {
    if (!this.#registered || this.#stopped) return;
    try {
      const stats = await this.#deps.store.stats();
      const reply = await this.#call<{ reregister: boolean }>('Heartbeat', {
        datanodeId: this.#options.datanodeId, capacity: stats.capacity, used: stats.segmentBytes, free: stats.free,
        blocks: stats.blocks, activeWrites: this.#deps.activeWrites.count,
      });
      if (reply.reregister && this.#registered) {
        this.#deps.logger.warn('namenode asked to register again');
        void this.#registerLoop();
      }
    } catch (err) {
      this.#deps.logger.warn({ err }, 'heartbeat failed');
    }
  }

  #kick(): void {
    if (this.#inFlight === undefined) this.#inFlight = this.#flush().finally(() => (this.#inFlight = undefined));
  }

  async #flush(): Promise<void> {
    while (this.#pending.length > 0 || this.#pendingDeleted.length > 0) {
      const received = this.#pending.splice(0, receivedBatchMax);
      const deleted = this.#pendingDeleted.splice(0, receivedBatchMax);
      try {
        await this.#call('BlockReceived', { datanodeId: this.#options.datanodeId, received, deleted });
        if (this.#fullReportOwed) {
          this.#fullReportOwed = false;
          await this.#fullReport();
        }
      } catch (err) {
        // Lost reports are repaired by the next full block report; a commit waiting on them retries.
        this.#deps.logger.warn({ err, blocks: received.length }, 'incremental block report failed');
        if (this.#stopped) return;
        this.#pending.unshift(...received);
        this.#pendingDeleted.unshift(...deleted);
        this.#trim();
        await new Promise((resolve) => setTimeout(resolve, registerRetryMs));
      }
    }
  }
}

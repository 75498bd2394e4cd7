// The datanode's side of DatanodeProtocol with ONE namenode (NamenodeLinks keeps one per namenode
// of the group, each independent of the others): register (retrying until the namenode answers),
// send a full block report, heartbeat every `heartbeatIntervalMs`, and report received blocks as
// they arrive. Incremental reports are coalesced: while one is in flight the next batch accumulates,
// so a burst of writes costs a few RPCs, yet a quiet datanode reports a new block at once.
// Corrupt replicas go the same way (ReportBadBlocks), deduplicated while they wait and retried
// until the namenode has them. Register and heartbeat replies carry the namenode's epoch and
// role, and heartbeat replies its commands, converted here (the RPC edge) and handed to the group,
// which alone decides whether they are obeyed. A reply asking for a full report (a new active
// wants one from every node) starts one at once unless one is already on its way. A data dir
// taken out of service triggers a heartbeat and a full block report at once, so the namenode
// forgets that dir's replicas without waiting hours.
import type * as grpc from '@grpc/grpc-js';
import type { Command__Output } from '../../../proto/gen/cairn/namenode/Command.js';
import type { DatanodeProtocolClient } from '../../../proto/gen/cairn/namenode/DatanodeProtocol.js';
import type { HeartbeatReply__Output } from '../../../proto/gen/cairn/namenode/HeartbeatReply.js';
import type { ReceivedBlock } from '../../../proto/gen/cairn/namenode/ReceivedBlock.js';
import type { RegisterReply__Output } from '../../../proto/gen/cairn/namenode/RegisterReply.js';
import { signNodeHeader } from '../../common/auth.js';
import type { Clock } from '../../common/clock.js';
import { blockReportChunkMax } from '../../common/constants.js';
import { toCairnError } from '../../common/errors.js';
import { callUnary, channelOptions, insecure, loadProtos, metadataWith } from '../../common/grpc.js';
import type { Logger } from '../../common/logger.js';
import type { BlockStore } from '../storage/block-store.js';
import type { DatanodeCommand } from './commands.js';

export interface LinkOptions {
  datanodeId: string;
  address: string;
  dataAddress: string;
  rack: string;
  clusterSecret: string;
  /** The namenode this link talks to (HOST:PORT). */
  namenode: string;
  heartbeatIntervalMs: number;
  blockReportIntervalMs: number;
  rpcTimeoutMs: number;
}

export interface LinkDeps {
  store: BlockStore;
  clock: Clock;
  logger: Logger;
  activeWrites: { count: number };
  /** The cluster id this datanode belongs to ('' until its first registration anywhere). */
  clusterId(): string;
  /** A namenode accepted the registration: persists the cluster id, or throws CLUSTER_MISMATCH. */
  onClusterId(clusterId: string): Promise<void>;
  /** Block copies running now, for heartbeats. */
  activeReplications(): number;
  /** Every register reply (no `commands`) and heartbeat reply, for the group to judge. */
  onReply(namenode: string, reply: NamenodeReply): void;
}

/** What a namenode said about itself, and the work it handed out (heartbeat replies only). */
export interface NamenodeReply {
  epoch: number;
  active: boolean;
  commands?: DatanodeCommand[];
}

const receivedBatchMax = 5000;
/**
 * Reports kept while the namenode is unreachable. Past this, the oldest are dropped and a full
 * block report follows the next successful call: replicas are never forgotten, only the upload
 * each one proves (its client then re-sends the block, which the datanode acknowledges at once).
 */
const pendingReportsMax = 100_000;
/**
 * Corrupt replicas waiting to be reported. Past this the oldest are dropped, loudly: the scanner
 * finds them again on its next pass, and a read finds them again at once.
 */
const pendingBadBlocksMax = 10_000;
const badBlocksBatchMax = 1000;
const registerRetryMs = 200;

export class NamenodeLink {
  readonly #options: LinkOptions;
  readonly #deps: LinkDeps;
  readonly #client: DatanodeProtocolClient;
  #pending: ReceivedBlock[] = [];
  #pendingDeleted: string[] = [];
  /** Insertion-ordered, so a block reported twice before it is sent goes once. */
  readonly #pendingBad = new Set<string>();
  #inFlight: Promise<void> | undefined;
  #heartbeatInFlight: Promise<void> | undefined;
  #heartbeatOwed = false;
  #fullReportInFlight: Promise<void> | undefined;
  #fullReportAgain = false;
  #heartbeatTimer: NodeJS.Timeout | undefined;
  #reportTimer: NodeJS.Timeout | undefined;
  #registered = false;
  #registering: Promise<void> | undefined;
  #fullReportOwed = false;
  #stopped = false;

  constructor(options: LinkOptions, deps: LinkDeps) {
    this.#options = options;
    this.#deps = deps;
    this.#client = new (loadProtos().namenode.cairn.namenode.DatanodeProtocol)(options.namenode, insecure, channelOptions);
  }

  get namenode(): string {
    return this.#options.namenode;
  }

  get registered(): boolean {
    return this.#registered;
  }

  /** Starts registering in the background; heartbeats begin once registered. */
  start(): void {
    this.#register();
    this.#heartbeatTimer = setInterval(() => {
      if (this.#heartbeatInFlight === undefined) this.heartbeatNow();
    }, this.#options.heartbeatIntervalMs);
    this.#reportTimer = setInterval(() => void this.#fullReport(), this.#options.blockReportIntervalMs);
  }

  /** Heartbeats now (or right after the one in flight), e.g. when the command queue drained. */
  heartbeatNow(): void {
    if (this.#stopped) return;
    if (this.#heartbeatInFlight !== undefined) {
      this.#heartbeatOwed = true;
      return;
    }
    this.#heartbeatInFlight = this.#heartbeat().finally(() => {
      this.#heartbeatInFlight = undefined;
      if (!this.#heartbeatOwed) return;
      this.#heartbeatOwed = false;
      this.heartbeatNow();
    });
  }

  /** A data dir went out of service: tell the namenode its new capacity and the blocks left. */
  volumeFailed(): void {
    this.heartbeatNow();
    void this.#fullReport();
  }

  /** A replica here failed its checksum; the namenode replaces it and then has it deleted. */
  reportBadBlock(blockId: string): void {
    this.#pendingBad.add(blockId);
    for (const oldest of this.#pendingBad) {
      if (this.#pendingBad.size <= pendingBadBlocksMax) break;
      this.#pendingBad.delete(oldest);
      this.#deps.logger.error({ blockId: oldest }, 'too many corrupt replicas waiting to be reported; dropping one (the scanner finds it again)');
    }
    this.#kick();
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

  /**
   * Stops at once; calls in flight end within `rpcTimeoutMs`. Reports still queued are dropped: a
   * later link to this namenode registers, and so starts with a full report.
   */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#heartbeatTimer);
    clearInterval(this.#reportTimer);
    await Promise.all([this.#inFlight, this.#heartbeatInFlight, this.#fullReportInFlight, this.#registering]);
    this.#client.close();
  }

  #metadata(): grpc.Metadata {
    return metadataWith({ 'x-cairn-node': signNodeHeader(this.#options.clusterSecret, this.#options.datanodeId, this.#deps.clock.now()) });
  }

  #call<Res>(method: string, request: object): Promise<Res> {
    const fn = (this.#client as unknown as Record<string, never>)[method];
    return callUnary<object, Res>(this.#client, fn, request, this.#metadata(), this.#options.rpcTimeoutMs);
  }

  #register(): void {
    this.#registered = false;
    this.#registering ??= this.#registerLoop().finally(() => (this.#registering = undefined));
  }

  /** Until registered; asked to register again meanwhile (`#registered` reset), it goes round again. */
  async #registerLoop(): Promise<void> {
    while (!this.#stopped && !this.#registered) {
      try {
        const stats = await this.#deps.store.stats();
        const reply = await this.#call<RegisterReply__Output>('Register', {
          datanodeId: this.#options.datanodeId, address: this.#options.address, dataAddress: this.#options.dataAddress, rack: this.#options.rack,
          clusterId: this.#deps.clusterId(), capacity: stats.capacity, used: stats.segmentBytes, free: stats.free,
        });
        await this.#deps.onClusterId(reply.clusterId);
        this.#registered = true;
        this.#deps.onReply(this.#options.namenode, { epoch: reply.epoch, active: reply.active });
        await this.#fullReport();
      } catch (err) {
        const code = toCairnError(err).code;
        if (code === 'CLUSTER_MISMATCH') this.#deps.logger.error({ err, namenode: this.#options.namenode }, 'this namenode belongs to another cluster; retrying');
        else this.#deps.logger.debug({ err, namenode: this.#options.namenode }, 'registration failed; retrying');
        if (this.#stopped) return;
        await new Promise((resolve) => setTimeout(resolve, registerRetryMs));
      }
    }
  }

  /** One full report at a time; asked for during one, another follows it (it may have missed a change). */
  async #fullReport(): Promise<void> {
    if (this.#fullReportInFlight !== undefined) {
      this.#fullReportAgain = true;
      return this.#fullReportInFlight;
    }
    this.#fullReportInFlight = (async () => {
      do {
        this.#fullReportAgain = false;
        await this.#sendFullReport();
      } while (this.#fullReportAgain && !this.#stopped);
    })().finally(() => (this.#fullReportInFlight = undefined));
    return this.#fullReportInFlight;
  }

  async #sendFullReport(): Promise<void> {
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
      this.#deps.logger.warn({ err, namenode: this.#options.namenode }, 'full block report failed');
    }
  }

  async #heartbeat(): Promise<void> {
    if (!this.#registered || this.#stopped) return;
    try {
      const stats = await this.#deps.store.stats();
      const reply = await this.#call<HeartbeatReply__Output>('Heartbeat', {
        datanodeId: this.#options.datanodeId, capacity: stats.capacity, used: stats.segmentBytes, free: stats.free,
        blocks: stats.blocks, activeWrites: this.#deps.activeWrites.count, failedVolumes: stats.failedDirs, activeReplications: this.#deps.activeReplications(),
      });
      if (reply.reregister && this.#registered) {
        this.#deps.logger.warn({ namenode: this.#options.namenode }, 'namenode asked to register again');
        this.#register();
        return;
      }
      if (this.#stopped) return;
      // Empty replies too: a datanode that asked for more work learns there was none yet.
      this.#deps.onReply(this.#options.namenode, { epoch: reply.epoch, active: reply.active, commands: reply.commands.flatMap((command) => this.#toCommand(command)) });
      // A report on its way answers the ask; if it began too early to count, the next heartbeat asks again.
      if (reply.fullReport && this.#fullReportInFlight === undefined) void this.#fullReport();
    } catch (err) {
      this.#deps.logger.warn({ err, namenode: this.#options.namenode }, 'heartbeat failed');
    }
  }

  #toCommand(command: Command__Output): DatanodeCommand[] {
    const blockId = command.blockIds[0];
    if (command.type === 'replicate' && blockId !== undefined) {
      return [{ type: 'replicate', blockId, targets: command.targets.map(({ datanodeId, dataAddress }) => ({ datanodeId, dataAddress })) }];
    }
    if (command.type === 'delete') return [{ type: 'delete', blockIds: command.blockIds }];
    this.#deps.logger.warn({ type: command.type, blocks: command.blockIds.length }, 'ignoring an unknown command');
    return [];
  }

  #kick(): void {
    if (this.#inFlight === undefined) this.#inFlight = this.#flush().finally(() => (this.#inFlight = undefined));
  }

  async #flush(): Promise<void> {
    while (this.#pending.length > 0 || this.#pendingDeleted.length > 0 || this.#pendingBad.size > 0) {
      try {
        await this.#sendReceived();
        await this.#sendBadBlocks();
        if (this.#fullReportOwed) {
          this.#fullReportOwed = false;
          await this.#fullReport();
        }
      } catch {
        if (this.#stopped) return;
        await new Promise((resolve) => setTimeout(resolve, registerRetryMs));
      }
    }
  }

  async #sendReceived(): Promise<void> {
    if (this.#pending.length === 0 && this.#pendingDeleted.length === 0) return;
    const received = this.#pending.splice(0, receivedBatchMax);
    const deleted = this.#pendingDeleted.splice(0, receivedBatchMax);
    try {
      await this.#call('BlockReceived', { datanodeId: this.#options.datanodeId, received, deleted });
    } catch (err) {
      // Lost reports are repaired by the next full block report; a commit waiting on them retries.
      this.#deps.logger.warn({ err, namenode: this.#options.namenode, blocks: received.length }, 'incremental block report failed');
      this.#pending.unshift(...received);
      this.#pendingDeleted.unshift(...deleted);
      this.#trim();
      throw err;
    }
  }

  async #sendBadBlocks(): Promise<void> {
    if (this.#pendingBad.size === 0) return;
    const blockIds: string[] = [];
    for (const blockId of this.#pendingBad) {
      if (blockIds.length === badBlocksBatchMax) break;
      blockIds.push(blockId);
    }
    try {
      await this.#call('ReportBadBlocks', { datanodeId: this.#options.datanodeId, blockIds });
    } catch (err) {
      this.#deps.logger.warn({ err, namenode: this.#options.namenode, blocks: blockIds.length }, 'corrupt replica report failed; retrying');
      throw err;
    }
    // Removed only once sent: a report that fails is retried. One found again meanwhile was in this batch.
    for (const blockId of blockIds) this.#pendingBad.delete(blockId);
  }
}

// A stand-in namenode for datanode tests: a real gRPC server speaking DatanodeProtocol (with the
// cluster signature checked) that records everything datanodes send and answers heartbeats with
// the commands a test queued, as the namenode of `epoch` that is (or is not) `active`, asking for
// a full report when told to. Datanode behaviour — commands, bad-block reports, volume failures —
// can then be checked call by call, independent of the namenode's scheduling.
import type { Command } from '../../proto/gen/cairn/namenode/Command.js';
import type { DatanodeProtocolHandlers } from '../../proto/gen/cairn/namenode/DatanodeProtocol.js';
import type { HeartbeatRequest__Output } from '../../proto/gen/cairn/namenode/HeartbeatRequest.js';
import { verifyNodeHeader } from '../../src/common/auth.js';
import { CairnError } from '../../src/common/errors.js';
import { loadProtos, startGrpcServer, stopGrpcServer, unary, type BoundServer } from '../../src/common/grpc.js';
import { silentLogger } from '../../src/common/logger.js';
import type * as grpc from '@grpc/grpc-js';

export const stubClusterId = 'stub-cluster';

export interface Heartbeat extends HeartbeatRequest__Output {
  atMs: number;
  /** Commands this heartbeat's reply carried. */
  commands: number;
}

export interface FullReport {
  datanodeId: string;
  reportId: string;
  blockIds: string[];
  /** When its first chunk arrived. */
  startedAtMs: number;
}

export class NamenodeStub {
  readonly heartbeats: Heartbeat[] = [];
  readonly received: Array<{ datanodeId: string; blockId: string; uploadId: string }> = [];
  readonly deleted: Array<{ datanodeId: string; blockId: string }> = [];
  readonly badBlocks: Array<{ datanodeId: string; blockId: string }> = [];
  /** Complete full reports, in the order their last chunk arrived. */
  readonly fullReports: FullReport[] = [];
  /** While above 0, ReportBadBlocks calls fail with UNAVAILABLE (and count it down). */
  refuseBadBlockReports = 0;
  badBlockCalls = 0;
  /** What register and heartbeat replies say: the lone active of epoch 0 unless a test changes it. */
  epoch = 0;
  active = true;
  /** Datanodes whose next heartbeat reply asks for a full block report. */
  readonly wantFullReport = new Set<string>();
  readonly registrations: Array<{ datanodeId: string; address: string; atMs: number }> = [];
  /** While true, every call waits (a namenode too slow to answer) until `release()`. */
  hold = false;
  readonly #waiting: Array<() => void> = [];
  readonly #partial = new Map<string, FullReport>();
  readonly #commands = new Map<string, Command[]>();
  readonly #server: BoundServer;

  private constructor(server: BoundServer) {
    this.#server = server;
  }

  static async start(clusterSecret: string): Promise<NamenodeStub> {
    const holder: { stub?: NamenodeStub } = {};
    const server = await startGrpcServer('127.0.0.1', 0, [{
      definition: loadProtos().namenode.cairn.namenode.DatanodeProtocol.service,
      handlers: handlers(clusterSecret, () => holder.stub),
    }]);
    holder.stub = new NamenodeStub(server);
    return holder.stub;
  }

  get address(): string {
    return this.#server.address;
  }

  /** Queues a command for the datanode's next heartbeat reply. */
  command(datanodeId: string, command: Command): void {
    this.#commands.set(datanodeId, [...(this.#commands.get(datanodeId) ?? []), command]);
  }

  takeCommands(datanodeId: string): Command[] {
    const commands = this.#commands.get(datanodeId) ?? [];
    this.#commands.delete(datanodeId);
    return commands;
  }

  reportChunk(datanodeId: string, reportId: string, blockIds: string[], last: boolean): void {
    const key = `${datanodeId}/${reportId}`;
    const report = this.#partial.get(key) ?? { datanodeId, reportId, blockIds: [], startedAtMs: Date.now() };
    report.blockIds.push(...blockIds);
    this.#partial.set(key, report);
    if (!last) return;
    this.#partial.delete(key);
    this.fullReports.push(report);
  }

  /** Resolves at once, or once `release()` is called while `hold` is set. */
  async gate(): Promise<void> {
    if (this.hold) await new Promise<void>((resolve) => this.#waiting.push(resolve));
  }

  release(): void {
    this.hold = false;
    for (const resolve of this.#waiting.splice(0)) resolve();
  }

  async stop(): Promise<void> {
    this.release();
    await stopGrpcServer(this.#server.server, 0);
  }
}

function handlers(clusterSecret: string, stubOf: () => NamenodeStub | undefined): DatanodeProtocolHandlers {
  const stub = async (call: { metadata: grpc.Metadata }, datanodeId: string): Promise<NamenodeStub> => {
    const header = call.metadata.get('x-cairn-node')[0];
    if (typeof header !== 'string' || verifyNodeHeader(clusterSecret, header, Date.now()) !== datanodeId) throw new CairnError('UNAUTHENTICATED', 'bad cluster signature');
    const found = stubOf();
    if (found === undefined) throw new CairnError('UNAVAILABLE', 'stub not ready');
    await found.gate();
    return found;
  };
  return {
    Register: unary(silentLogger, async (req, call) => {
      const s = await stub(call, req.datanodeId);
      s.registrations.push({ datanodeId: req.datanodeId, address: req.address, atMs: Date.now() });
      return { clusterId: stubClusterId, epoch: s.epoch, active: s.active };
    }),
    Heartbeat: unary(silentLogger, async (req, call) => {
      const s = await stub(call, req.datanodeId);
      const commands = s.takeCommands(req.datanodeId);
      const fullReport = s.wantFullReport.delete(req.datanodeId);
      s.heartbeats.push({ ...req, atMs: Date.now(), commands: commands.length });
      return { reregister: false, commands, epoch: s.epoch, active: s.active, fullReport };
    }),
    BlockReport: unary(silentLogger, async (req, call) => {
      (await stub(call, req.datanodeId)).reportChunk(req.datanodeId, req.reportId, req.blockIds, req.last);
      return {};
    }),
    BlockReceived: unary(silentLogger, async (req, call) => {
      const s = await stub(call, req.datanodeId);
      for (const { blockId, uploadId } of req.received) s.received.push({ datanodeId: req.datanodeId, blockId, uploadId });
      for (const blockId of req.deleted) s.deleted.push({ datanodeId: req.datanodeId, blockId });
      return {};
    }),
    ReportBadBlocks: unary(silentLogger, async (req, call) => {
      const s = await stub(call, req.datanodeId);
      s.badBlockCalls += 1;
      if (s.refuseBadBlockReports > 0) {
        s.refuseBadBlockReports -= 1;
        throw new CairnError('UNAVAILABLE', 'refused by the test');
      }
      for (const blockId of req.blockIds) s.badBlocks.push({ datanodeId: req.datanodeId, blockId });
      return {};
    }),
  };
}

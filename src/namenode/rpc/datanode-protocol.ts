// DatanodeProtocol: registration, heartbeats (whose replies carry the replication monitor's
// commands), block reports and corrupt-replica reports from datanodes. A full report arrives in
// chunks; when its last chunk is in, the replicas of that node no chunk named are forgotten (the
// node no longer has them), and replicas of blocks the namespace no longer has are deleted.
//
// Every namenode of an HA group serves this protocol, so a standby knows the datanodes and every
// replica (datanodes, replica map and safemode counts live across roles) when it takes over.
// Replies carry the namenode's epoch and role; only the active hands out commands, asks for fresh
// full reports and acts on reports. A standby records and nothing more: no deletes (of unknown or
// corrupt replicas), no repair queueing, no collector or upload bookkeeping, and no proofs of
// uploaded blocks (an edit, which a standby refuses — a proof the active never got is made again
// when the client re-sends the block after failover; the datanode acknowledges and reports it at
// once). Blocks a standby saw go missing or corrupt are found by the new active's census.
import type { DatanodeProtocolHandlers } from '../../../proto/gen/cairn/namenode/DatanodeProtocol.js';
import { CairnError } from '../../common/errors.js';
import { isBlockId } from '../../common/hashing.js';
import { unary } from '../../common/grpc.js';
import { blockReportChunkMax } from '../../common/constants.js';
import { authenticateNode, type RpcContext } from './context.js';

export function datanodeProtocol(ctx: RpcContext): DatanodeProtocolHandlers {
  const u = <Req, Res>(fn: Parameters<typeof unary<Req, Res>>[1]) => unary<Req, Res>(ctx.logger, fn);
  /** The full report each datanode is sending: its id, when its first chunk arrived, and the report generation then. */
  const reports = new Map<string, { reportId: string; startedAt: number; generation: number }>();

  async function recordReplicas(datanodeId: string, blockIds: string[], fresh: boolean): Promise<string[]> {
    const { safemode } = ctx;
    const firstSince = safemode.counting ? safemode.startedAt : undefined;
    const { known, firstSeen } = await ctx.blocks.replicas.add(datanodeId, blockIds, { seenAt: ctx.clock.now(), fresh, firstSince });
    safemode.reported(firstSeen);
    if (ctx.ha.active) ctx.monitor.replicasAdded(datanodeId, known);
    return known;
  }

  return {
    Register: u(async (req, call) => {
      authenticateNode(ctx, call, req.datanodeId);
      if (req.clusterId !== '' && req.clusterId !== ctx.clusterId) {
        throw new CairnError('CLUSTER_MISMATCH', `datanode belongs to cluster ${req.clusterId}, this is ${ctx.clusterId}`);
      }
      if (req.dataAddress === '') throw new CairnError('INVALID_ARGUMENT', 'a datanode must register its data address');
      await ctx.datanodes.register({
        id: req.datanodeId, address: req.address, dataAddress: req.dataAddress, rack: req.rack || '/default-rack', capacity: req.capacity, used: req.used, free: req.free,
      });
      ctx.logger.info({ datanodeId: req.datanodeId, address: req.address }, 'datanode registered');
      return { clusterId: ctx.clusterId, epoch: ctx.ha.epoch, active: ctx.ha.active };
    }),
    Heartbeat: u(async (req, call) => {
      authenticateNode(ctx, call, req.datanodeId);
      const known = ctx.datanodes.heartbeat(req.datanodeId, {
        capacity: req.capacity, used: req.used, free: req.free, blocks: req.blocks, activeWrites: req.activeWrites, failedVolumes: req.failedVolumes,
      });
      const { active, epoch } = ctx.ha;
      // Taken on a standby too, and dropped: nothing decided before a demotion is handed out later.
      const commands = known ? ctx.monitor.takeCommands(req.datanodeId) : [];
      return {
        reregister: !known, epoch, active, commands: active ? commands : [], fullReport: active && known && ctx.datanodes.wantsFullReport(req.datanodeId),
      };
    }),
    BlockReport: u(async (req, call) => {
      authenticateNode(ctx, call, req.datanodeId);
      if (req.blockIds.length > blockReportChunkMax) throw new CairnError('TOO_LARGE', `report chunk over ${blockReportChunkMax} blocks`);
      if (req.chunk === 0) reports.set(req.datanodeId, { reportId: req.reportId, startedAt: ctx.clock.now(), generation: ctx.datanodes.reportGeneration });
      const blockIds = req.blockIds.filter(isBlockId);
      const known = new Set(await recordReplicas(req.datanodeId, blockIds, false));
      const unknown = blockIds.filter((id) => !known.has(id));
      // Unknown is a fact of the namespace, not of replica records that may be stale: no fresh reports needed.
      if (ctx.ha.active) {
        ctx.files.blocksReported([...known]);
        if (unknown.length > 0 && !ctx.safemode.on) ctx.monitor.deleteUnknown(req.datanodeId, unknown);
      }
      const report = reports.get(req.datanodeId);
      if (req.last && report?.reportId === req.reportId) {
        reports.delete(req.datanodeId);
        const forgotten = await ctx.blocks.replicas.forgetUnseen(req.datanodeId, report.startedAt);
        if (forgotten.length > 0) ctx.logger.warn({ datanodeId: req.datanodeId, blocks: forgotten.length }, 'full report lacks replicas the namenode had recorded: forgotten');
        ctx.datanodes.setReported(req.datanodeId, report.generation);
        if (ctx.ha.active) {
          await ctx.monitor.enqueue(forgotten, 1);
          ctx.monitor.sweep(req.datanodeId);
        }
      }
      return {};
    }),
    BlockReceived: u(async (req, call) => {
      authenticateNode(ctx, call, req.datanodeId);
      const received = req.received.filter((r) => isBlockId(r.blockId));
      await recordReplicas(req.datanodeId, received.map((r) => r.blockId), true);
      const deleted = req.deleted.filter(isBlockId);
      await ctx.blocks.replicas.remove(req.datanodeId, deleted);
      if (!ctx.ha.active) return {};
      ctx.monitor.replicasRemoved(req.datanodeId, deleted);
      ctx.gc.replicasRemoved(deleted);
      const byUpload = new Map<string, string[]>();
      for (const r of received) if (r.uploadId !== '') byUpload.set(r.uploadId, [...(byUpload.get(r.uploadId) ?? []), r.blockId]);
      await Promise.all([...byUpload].map(([uploadId, ids]) => ctx.files.proveBlocks(uploadId, ids)));
      ctx.files.blocksReported(received.map((r) => r.blockId));
      return {};
    }),
    ReportBadBlocks: u(async (req, call) => {
      authenticateNode(ctx, call, req.datanodeId);
      const known = await ctx.blocks.replicas.markCorrupt(req.datanodeId, req.blockIds.filter(isBlockId), ctx.clock.now());
      ctx.logger.warn({ datanodeId: req.datanodeId, blockIds: known.slice(0, 10), count: known.length }, 'corrupt replicas reported');
      ctx.metrics.corruptReports.inc(known.length);
      if (ctx.ha.active) await ctx.monitor.enqueue(known, 1);
      return {};
    }),
  };
}

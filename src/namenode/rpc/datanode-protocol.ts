// DatanodeProtocol: registration, heartbeats and block reports from datanodes.
import type { DatanodeProtocolHandlers } from '../../../proto/gen/cairn/namenode/DatanodeProtocol.js';
import { CairnError } from '../../common/errors.js';
import { isBlockId } from '../../common/hashing.js';
import { unary } from '../../common/grpc.js';
import { blockReportChunkMax } from '../../common/constants.js';
import { authenticateNode, type RpcContext } from './context.js';

export function datanodeProtocol(ctx: RpcContext): DatanodeProtocolHandlers {
  const u = <Req, Res>(fn: Parameters<typeof unary<Req, Res>>[1]) => unary<Req, Res>(ctx.logger, fn);
  return {
    Register: u(async (req, call) => {
      authenticateNode(ctx, call, req.datanodeId);
      if (req.clusterId !== '' && req.clusterId !== ctx.clusterId) {
        throw new CairnError('CLUSTER_MISMATCH', `datanode belongs to cluster ${req.clusterId}, this is ${ctx.clusterId}`);
      }
      if (req.dataAddress === '') throw new CairnError('INVALID_ARGUMENT', 'a datanode must register its data address');
      ctx.datanodes.register({ id: req.datanodeId, address: req.address, dataAddress: req.dataAddress, rack: req.rack || '/default-rack', capacity: req.capacity, used: req.used, free: req.free });
      ctx.logger.info({ datanodeId: req.datanodeId, address: req.address }, 'datanode registered');
      return { clusterId: ctx.clusterId };
    }),
    Heartbeat: u(async (req, call) => {
      authenticateNode(ctx, call, req.datanodeId);
      const known = ctx.datanodes.heartbeat(req.datanodeId, {
        capacity: req.capacity, used: req.used, free: req.free, blocks: req.blocks, activeWrites: req.activeWrites,
      });
      return { reregister: !known, commands: [] };
    }),
    BlockReport: u(async (req, call) => {
      authenticateNode(ctx, call, req.datanodeId);
      if (req.blockIds.length > blockReportChunkMax) throw new CairnError('TOO_LARGE', `report chunk over ${blockReportChunkMax} blocks`);
      await ctx.blocks.addReplicas(req.datanodeId, req.blockIds.filter(isBlockId));
      return {};
    }),
    BlockReceived: u(async (req, call) => {
      authenticateNode(ctx, call, req.datanodeId);
      const received = req.received.filter((r) => isBlockId(r.blockId));
      await ctx.blocks.addReplicas(req.datanodeId, received.map((r) => r.blockId));
      await ctx.blocks.removeReplicas(req.datanodeId, req.deleted.filter(isBlockId));
      const byUpload = new Map<string, string[]>();
      for (const r of received) if (r.uploadId !== '') byUpload.set(r.uploadId, [...(byUpload.get(r.uploadId) ?? []), r.blockId]);
      await Promise.all([...byUpload].map(([uploadId, ids]) => ctx.files.proveBlocks(uploadId, ids)));
      return {};
    }),
  };
}

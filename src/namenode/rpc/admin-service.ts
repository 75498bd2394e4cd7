// AdminService: users and the operator's view of the cluster.
import type { AdminServiceHandlers } from '../../../proto/gen/cairn/namenode/AdminService.js';
import type { DatanodeInfo } from '../../../proto/gen/cairn/namenode/DatanodeInfo.js';
import { unary } from '../../common/grpc.js';
import type { Tier } from '../metastore/records.js';
import { requireAdmin } from '../users/user-service.js';
import { callerOf, type RpcContext } from './context.js';

export function adminService(ctx: RpcContext): AdminServiceHandlers {
  const u = <Req, Res>(fn: Parameters<typeof unary<Req, Res>>[1]) => unary<Req, Res>(ctx.logger, fn);
  return {
    UserAdd: u(async (req, call) => ctx.users.add(await callerOf(ctx, call), req.name, (req.tier || 'standard') as Tier, req.quotaBytes, req.accessKey, req.secretKey)),
    UserList: u(async (_req, call) => {
      const users = await ctx.users.list(await callerOf(ctx, call));
      return {
        users: users.map((user) => ({
          name: user.name, tier: user.tier, quotaBytes: user.quotaBytes, usedBytes: user.usedBytes, admin: user.admin, home: `/home/${user.name}`, createdAtMs: user.createdAt,
        })),
      };
    }),
    UserToken: u(async (req, call) => ctx.users.newToken(await callerOf(ctx, call), req.name)),
    Datanodes: u(async (_req, call) => {
      requireAdmin(await callerOf(ctx, call));
      return { datanodes: datanodeInfos(ctx) };
    }),
    Report: u(async (_req, call) => {
      requireAdmin(await callerOf(ctx, call));
      const counts = await countNamespace(ctx);
      return {
        clusterId: ctx.clusterId, ...counts, lastTxid: ctx.log.stats.lastTxid, datanodes: datanodeInfos(ctx),
        replication: ctx.replicationFactor, chunking: ctx.chunking,
      };
    }),
  };
}

export function datanodeInfos(ctx: RpcContext): DatanodeInfo[] {
  return ctx.datanodes.list().map((node) => ({
    id: node.id, address: node.address, rack: node.rack, state: node.state, capacity: node.capacity, used: node.used,
    free: node.free, blocks: node.blocks, lastHeartbeatMsAgo: node.lastHeartbeatMsAgo,
  }));
}

/** Walks the metadata once: operators run this rarely, and it streams with bounded memory. */
async function countNamespace(ctx: RpcContext) {
  let files = 0;
  let folders = 0;
  for await (const inode of ctx.store.sub.inodes.values()) {
    if (inode.trashedAt !== undefined) continue;
    if (inode.type === 'file') files += 1;
    else folders += 1;
  }
  let blocks = 0;
  let blockBytes = 0;
  for await (const block of ctx.store.sub.blocks.values()) {
    blocks += 1;
    blockBytes += block.size;
  }
  let users = 0;
  for await (const _key of ctx.store.sub.users.keys()) users += 1;
  return { files, folders, blocks, blockBytes, users };
}

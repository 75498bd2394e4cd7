// AdminService: users, the audit log, and the operator's view and control of the cluster: report, datanodes,
// fsck, safemode, decommissioning.
import type { AdminServiceHandlers } from '../../../proto/gen/cairn/namenode/AdminService.js';
import type { AuditRecord } from '../../../proto/gen/cairn/namenode/AuditRecord.js';
import type { DatanodeInfo } from '../../../proto/gen/cairn/namenode/DatanodeInfo.js';
import type { UserInfo } from '../../../proto/gen/cairn/namenode/UserInfo.js';
import { CairnError } from '../../common/errors.js';
import { unary } from '../../common/grpc.js';
import { outsideRequest } from '../../common/request-id.js';
import { auditPage, type AuditEntry } from '../audit/audit-log.js';
import type { AdminState, DatanodeView } from '../datanodes/datanode-manager.js';
import type { Tier, UserRecord } from '../metastore/records.js';
import { requireAdmin } from '../users/user-service.js';
import { callerOf, writer, type RpcContext } from './context.js';

export function adminService(ctx: RpcContext): AdminServiceHandlers {
  const u = <Req, Res>(fn: Parameters<typeof unary<Req, Res>>[1]) => unary<Req, Res>(ctx.logger, fn);
  return {
    UserAdd: u(async (req, call) => ctx.users.add(await writer(ctx, call), req.name, (req.tier || 'standard') as Tier, req.quotaBytes, req.accessKey, req.secretKey)),
    UserList: u(async (_req, call) => ({ users: (await ctx.users.list(await callerOf(ctx, call))).map(toUserInfo) })),
    SetQuota: u(async (req, call) => toUserInfo(await ctx.users.setQuota(await writer(ctx, call), req.name, req.quotaBytes))),
    UserToken: u(async (req, call) => ctx.users.newToken(await writer(ctx, call), req.name, req.revokeAll)),
    UserKeys: u(async (req, call) => ({ keys: await ctx.users.keys(await callerOf(ctx, call), req.name) })),
    UserKeyAdd: u(async (req, call) => ctx.users.addKey(await writer(ctx, call), req.name, req.accessKey, req.secretKey)),
    UserKeyRevoke: u(async (req, call) => ({ keys: await ctx.users.revokeKey(await writer(ctx, call), req.name, req.accessKeyId) })),
    UserRemove: u(async (req, call) => ctx.users.remove(await writer(ctx, call), req.name)),
    Audit: u(async (req, call) => {
      requireAdmin(await callerOf(ctx, call));
      return { records: (await auditPage(ctx.store, req.user, req.afterTxid, req.limit)).map(toAuditRecord) };
    }),
    HaStatus: u(async (_req, call) => {
      requireAdmin(await callerOf(ctx, call));
      return ctx.ha.status();
    }),
    HaFailover: u(async (req, call) => {
      requireAdmin(await callerOf(ctx, call));
      return ctx.ha.failover(req.to);
    }),
    Datanodes: u(async (_req, call) => {
      requireAdmin(await callerOf(ctx, call));
      return { datanodes: datanodeInfos(ctx) };
    }),
    Report: u(async (_req, call) => {
      requireAdmin(await callerOf(ctx, call));
      const counts = await countNamespace(ctx);
      return {
        clusterId: ctx.clusterId, ...counts, lastTxid: ctx.log.stats.lastTxid, datanodes: datanodeInfos(ctx),
        replication: ctx.replicationFactor, chunking: ctx.chunking, safemode: ctx.safemode.on,
        health: ctx.monitor.stats.health, replicationQueue: ctx.monitor.stats.queue, pendingReplications: ctx.monitor.stats.pendingCopies,
      };
    }),
    Fsck: u(async (req, call) => {
      const caller = await callerOf(ctx, call);
      requireAdmin(caller);
      const root = await ctx.namespace.stat(caller, req.path || '/');
      return ctx.fsck.run(root.inode, root.path, { files: req.files, blocks: req.blocks, audit: req.audit });
    }),
    CollectGarbage: u(async (_req, call) => {
      requireAdmin(await callerOf(ctx, call));
      return outsideRequest(() => ctx.gc.pass()); // a retry runs a pass of its own (request-id.ts)
    }),
    Safemode: u(async (req, call) => {
      requireAdmin(await callerOf(ctx, call));
      if (req.action === 'enter') ctx.safemode.enter();
      else if (req.action === 'leave') ctx.safemode.leave();
      else if (req.action !== 'get') throw new CairnError('INVALID_ARGUMENT', `safemode action is get, enter or leave, not ${JSON.stringify(req.action)}`);
      return ctx.safemode.status();
    }),
    Decommission: u(async (req, call) => setAdminState(ctx, await callerOf(ctx, call), req.node, 'decommissioning')),
    Recommission: u(async (req, call) => setAdminState(ctx, await callerOf(ctx, call), req.node, 'normal')),
  };
}

/** Decommission (drain, then `decommissioned`) or recommission (back in service) a datanode. */
async function setAdminState(ctx: RpcContext, caller: Parameters<typeof requireAdmin>[0], idOrAddress: string, state: AdminState): Promise<DatanodeInfo> {
  requireAdmin(caller);
  const node = ctx.datanodes.find(idOrAddress);
  if (node === undefined) throw new CairnError('NOT_FOUND', `no datanode ${JSON.stringify(idOrAddress)} (give its id or HOST:PORT)`);
  if (node.adminState !== state) {
    await ctx.log.submit(async () => ({ type: 'SetNodeAdmin' as const, at: ctx.clock.now(), datanodeId: node.id, state }));
    ctx.datanodes.setAdminState(node.id, state);
    ctx.logger.info({ datanodeId: node.id, address: node.address, state }, state === 'normal' ? 'datanode recommissioned' : 'decommissioning datanode');
    // Back in service, its replicas count again: blocks copied away meanwhile may now have too many.
    if (state === 'normal') ctx.monitor.sweep(node.id);
  }
  const view = ctx.datanodes.list().find((n) => n.id === node.id) as DatanodeView; // listed: found above
  return datanodeInfo(view);
}

export function datanodeInfos(ctx: RpcContext): DatanodeInfo[] {
  return ctx.datanodes.list().map(datanodeInfo);
}

function datanodeInfo(node: DatanodeView): DatanodeInfo {
  return {
    id: node.id, address: node.address, rack: node.rack, state: node.state, capacity: node.capacity, used: node.used,
    free: node.free, blocks: node.blocks, lastHeartbeatMsAgo: node.lastHeartbeatMsAgo,
  };
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

function toAuditRecord(entry: AuditEntry): AuditRecord {
  return {
    txid: entry.txid, atMs: entry.at, by: entry.by?.name ?? '', action: entry.action, user: entry.user.name, role: entry.role ?? '', path: entry.path ?? '',
    accessKeyId: entry.accessKeyId ?? '', quotaBytes: entry.quotaBytes ?? 0, tier: entry.tier ?? '', tokens: entry.tokens ?? 0, items: entry.items ?? 0,
  };
}

function toUserInfo(user: UserRecord): UserInfo {
  return { name: user.name, tier: user.tier, quotaBytes: user.quotaBytes, usedBytes: user.usedBytes, admin: user.admin, home: `/home/${user.name}`, createdAtMs: user.createdAt };
}

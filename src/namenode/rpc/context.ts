// What the RPC edge needs from the namenode: its services, and who is calling.
import type * as grpc from '@grpc/grpc-js';
import { CairnError } from '../../common/errors.js';
import type { Logger } from '../../common/logger.js';
import type { Clock } from '../../common/clock.js';
import { verifyNodeHeader } from '../../common/auth.js';
import type { Inode } from '../../../proto/gen/cairn/namenode/Inode.js';
import type { BlockManager } from '../blocks/block-manager.js';
import type { Fsck } from '../blocks/fsck.js';
import type { ReplicationMonitor } from '../blocks/replication-monitor.js';
import type { GarbageCollector } from '../blocks/garbage-collector.js';
import type { Safemode } from '../blocks/safemode.js';
import type { NamenodeMetrics } from '../http/metrics.js';
import type { DatanodeManager } from '../datanodes/datanode-manager.js';
import type { FileService } from '../namespace/file-service.js';
import type { MultipartService } from '../namespace/multipart-service.js';
import type { Entry, NamespaceService } from '../namespace/namespace-service.js';
import type { TrashPurger } from '../namespace/trash-purger.js';
import type { Caller } from '../namespace/resolve.js';
import type { UserService } from '../users/user-service.js';
import type { ShareService } from '../namespace/share-service.js';
import type { Metastore } from '../metastore/metastore.js';
import { revisionKey } from '../metastore/keys.js';
import type { EditLog } from '../journal/edit-log.js';
import type { HaStatusReply } from '../../../proto/gen/cairn/namenode/HaStatusReply.js';

/** This namenode's place in its HA group (a namenode alone is always the active, epoch 0). */
export interface HaView {
  /** Serving as the active: client, admin and gateway calls are answered, and datanodes get commands. */
  readonly active: boolean;
  readonly epoch: number;
  /** The active's address as last seen, for NOT_ACTIVE errors that name it. */
  readonly activeAddress: string | undefined;
  status(): Promise<HaStatusReply>;
  /** A graceful hand-over to `to` (or the most advanced standby when empty). */
  failover(to: string): Promise<HaStatusReply>;
}

export interface RpcContext {
  logger: Logger;
  clock: Clock;
  clusterId: string;
  clusterSecret: string;
  store: Metastore;
  log: EditLog;
  namespace: NamespaceService;
  shares: ShareService;
  trash: TrashPurger;
  files: FileService;
  multipart: MultipartService;
  users: UserService;
  datanodes: DatanodeManager;
  blocks: BlockManager;
  monitor: ReplicationMonitor;
  gc: GarbageCollector;
  safemode: Safemode;
  fsck: Fsck;
  metrics: NamenodeMetrics;
  replicationFactor: number;
  minReplicasToCommit: number;
  chunking: string;
  ha: HaView;
  ownerName(userId: number): Promise<string>;
}

export function bearerToken(metadata: grpc.Metadata): string | undefined {
  const value = metadata.get('authorization')[0];
  return typeof value === 'string' && value.startsWith('Bearer ') ? value.slice(7) : undefined;
}

export async function callerOf(ctx: RpcContext, call: { metadata: grpc.Metadata }): Promise<Caller> {
  return ctx.users.authenticate(bearerToken(call.metadata));
}

/** The caller of a call that changes the namespace: refused while the namenode is in safemode. */
export async function writer(ctx: RpcContext, call: { metadata: grpc.Metadata }): Promise<Caller> {
  const caller = await callerOf(ctx, call);
  ctx.safemode.assertWritable();
  return caller;
}

/** Datanode calls are signed with the cluster secret; the signer must be the node named in the request. */
export function authenticateNode(ctx: RpcContext, call: { metadata: grpc.Metadata }, datanodeId: string): void {
  const header = call.metadata.get('x-cairn-node')[0];
  if (typeof header !== 'string') throw new CairnError('UNAUTHENTICATED', 'datanode call without a cluster signature');
  if (verifyNodeHeader(ctx.clusterSecret, header, ctx.clock.now()) !== datanodeId) throw new CairnError('UNAUTHENTICATED', 'signature of another node');
}

export async function toInode(ctx: RpcContext, entry: Entry): Promise<Inode> {
  const { inode, path } = entry;
  const newest = inode.type === 'file' && inode.revision > 0 ? await ctx.store.get('revisions', revisionKey(inode.id, inode.revision)) : undefined;
  return {
    id: inode.id, path, name: inode.name, type: inode.type, size: inode.size, revision: inode.revision,
    owner: await ctx.ownerName(inode.ownerId), createdAtMs: inode.createdAt, modifiedAtMs: inode.modifiedAt,
    blocks: inode.blockCount, trashedAtMs: inode.trashedAt ?? 0, etag: newest?.meta?.etag ?? newest?.md5 ?? '', implicit: inode.implicit === true,
  };
}

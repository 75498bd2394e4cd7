// ClientService: the namespace and data-path calls of users (cairn fs, the client library).
// Calls that change the namespace take their caller through `writer`: refused in safemode.
import type { ClientServiceHandlers } from '../../../proto/gen/cairn/namenode/ClientService.js';
import type { BlockAnswer as BlockAnswerMessage } from '../../../proto/gen/cairn/namenode/BlockAnswer.js';
import { unary } from '../../common/grpc.js';
import { outsideRequest } from '../../common/request-id.js';
import type { OpenUpload } from '../../../proto/gen/cairn/namenode/OpenUpload.js';
import type { PartInfo } from '../../../proto/gen/cairn/namenode/PartInfo.js';
import type { UploadInfo } from '../../../proto/gen/cairn/namenode/UploadInfo.js';
import type { PartRecord, UploadRecord } from '../metastore/records.js';
import { attemptOf, type BlockAnswer } from '../namespace/file-service.js';
import { callerOf, toInode, writer, type RpcContext } from './context.js';

export function clientService(ctx: RpcContext): ClientServiceHandlers {
  const u = <Req, Res>(fn: Parameters<typeof unary<Req, Res>>[1]) => unary<Req, Res>(ctx.logger, fn);
  return {
    ClusterInfo: u(async (_req, call) => {
      await callerOf(ctx, call);
      return { clusterId: ctx.clusterId, chunking: ctx.chunking, replication: ctx.replicationFactor, minReplicas: ctx.minReplicasToCommit };
    }),
    WhoAmI: u(async (_req, call) => {
      const caller = await callerOf(ctx, call);
      const user = await ctx.users.get(caller.userId);
      return {
        name: caller.name, tier: user?.tier ?? 'standard', quotaBytes: user?.quotaBytes ?? 0, usedBytes: user?.usedBytes ?? 0,
        admin: caller.admin, home: `/home/${caller.name}`, createdAtMs: user?.createdAt ?? 0,
      };
    }),
    Mkdir: u(async (req, call) => toInode(ctx, await ctx.namespace.mkdir(await writer(ctx, call), req.path, req.parents, req.implicit))),
    MarkFolder: u(async (req, call) => toInode(ctx, await ctx.namespace.markFolder(await writer(ctx, call), req.path, req.implicit))),
    Stat: u(async (req, call) => toInode(ctx, await ctx.namespace.stat(await callerOf(ctx, call), req.path))),
    List: u(async (req, call) => {
      const page = await ctx.namespace.list(await callerOf(ctx, call), req.path, req.startAfter, req.limit);
      return { entries: await Promise.all(page.entries.map((e) => toInode(ctx, e))), truncated: page.truncated };
    }),
    Move: u(async (req, call) => toInode(ctx, await ctx.namespace.move(await writer(ctx, call), req.src, req.dst))),
    Trash: u(async (req, call) => toInode(ctx, await ctx.namespace.trash(await writer(ctx, call), req.path))),
    TrashList: u(async (_req, call) => {
      const entries = await ctx.namespace.trashList(await callerOf(ctx, call));
      return { entries: await Promise.all(entries.map((e) => toInode(ctx, e))) };
    }),
    TrashRestore: u(async (req, call) => toInode(ctx, await ctx.namespace.trashRestore(await writer(ctx, call), req.path))),
    // Emptying is idempotent by nature; a retry goes on where it stands, rather than replay a purge's steps (request-id.ts).
    TrashEmpty: u(async (req, call) => {
      const caller = await writer(ctx, call);
      return outsideRequest(() => ctx.trash.empty(caller, req.beforeMs));
    }),
    Share: u(async (req, call) => {
      const grant = await ctx.shares.share(await writer(ctx, call), req.path, req.user, req.role);
      return { path: grant.path, user: await ctx.ownerName(grant.userId), role: grant.role };
    }),
    Unshare: u(async (req, call) => {
      await ctx.shares.unshare(await writer(ctx, call), req.path, req.user);
      return {};
    }),
    ListShares: u(async (req, call) => {
      const grants = await ctx.shares.shares(await callerOf(ctx, call), req.path);
      return { shares: await Promise.all(grants.map(async (g) => ({ path: g.path, user: await ctx.ownerName(g.userId), role: g.role }))) };
    }),
    ListShared: u(async (req, call) => {
      const page = await ctx.shares.shared(await callerOf(ctx, call), Number(req.afterInodeId), req.limit);
      const items = await Promise.all(page.items.map(async (item) => ({
        inode: await toInode(ctx, item), role: item.role, sharedBy: await ctx.ownerName(item.by), sharedAtMs: item.at,
      })));
      return { items, nextAfter: page.nextAfter };
    }),
    Revisions: u(async (req, call) => {
      const revisions = await ctx.files.revisions(await callerOf(ctx, call), req.path);
      return {
        revisions: await Promise.all(revisions.map(async (r) => ({
          revision: r.number, size: r.size, createdAtMs: r.createdAt, author: await ctx.ownerName(r.authorId), md5: r.md5, blocks: r.blockCount, metadata: r.meta ?? {},
        }))),
      };
    }),
    Restore: u(async (req, call) => toInode(ctx, await ctx.files.restore(await writer(ctx, call), req.path, req.revision))),
    PurgeRevision: u(async (req, call) => {
      await ctx.files.purgeRevision(await writer(ctx, call), req.path, req.revision);
      return {};
    }),
    CopyFile: u(async (req, call) => {
      const expected = req.hasExpectedRevision ? req.expectedRevision : -1;
      const copied = await ctx.files.copyFile(await writer(ctx, call), req.src, req.srcRevision, req.dst, expected, req.replaceMetadata ? req.metadata : undefined);
      return toInode(ctx, copied);
    }),
    BeginUpload: u(async (req, call) => {
      const caller = await writer(ctx, call);
      const expected = req.hasExpectedRevision ? req.expectedRevision : -1;
      const first = { blocks: req.blocks.map((b) => ({ id: b.id, size: b.size, offset: b.offset })), exclude: req.exclude };
      const { upload, blocksHeld, answers } = req.resume || req.resumeUploadId !== ''
        ? await ctx.files.resumeUpload(caller, req.path, req.resumeUploadId, first)
        : await ctx.files.beginUpload(caller, req.path, expected, '', first, req.sizeHint);
      return { uploadId: upload.uploadId, blocksHeld, bytesHeld: upload.heldBytes ?? 0, attempt: attemptOf(upload), answers: answers.map(toBlockAnswer) };
    }),
    PutBlocks: u(async (req, call) => {
      const blocks = req.blocks.map((b) => ({ id: b.id, size: b.size, offset: b.offset }));
      const answers = await ctx.files.putBlocks(await writer(ctx, call), req.uploadId, blocks, req.exclude, req.attempt);
      return { answers: answers.map(toBlockAnswer) };
    }),
    CommitUpload: u(async (req, call) => {
      const committed = await ctx.files.commitUpload(await writer(ctx, call), req.uploadId, req.blockCount, req.size, req.md5, req.metadata, req.attempt);
      return toInode(ctx, committed);
    }),
    AbortUpload: u(async (req, call) => {
      await ctx.files.abortUpload(await writer(ctx, call), req.uploadId, req.attempt);
      return {};
    }),
    ListOpenUploads: u(async (req, call) => {
      const page = await ctx.files.listOpenUploads(await callerOf(ctx, call), req.pageToken, req.limit);
      return { uploads: page.uploads.map(toOpenUpload), nextPageToken: page.nextPageToken };
    }),
    CreateMultipart: u(async (req, call) => ({ uploadId: (await ctx.multipart.create(await writer(ctx, call), req.path, req.metadata)).uploadId, blocksHeld: 0 })),
    BeginPart: u(async (req, call) => {
      const session = await ctx.multipart.beginPart(await writer(ctx, call), req.uploadId, req.path, req.partNumber);
      return { uploadId: session.uploadId, blocksHeld: 0 };
    }),
    CommitPart: u(async (req, call) => toPartInfo(await ctx.multipart.commitPart(await writer(ctx, call), req.uploadId, req.blockCount, req.size, req.md5, req.metadata))),
    ListParts: u(async (req, call) => {
      const page = await ctx.multipart.listParts(await callerOf(ctx, call), req.uploadId, req.path, req.afterPart, req.limit);
      return { upload: await toUploadInfo(ctx, page.upload), parts: page.parts.map(toPartInfo), truncated: page.truncated };
    }),
    ListUploads: u(async (req, call) => {
      const after = { path: req.afterPath, uploadId: req.afterUploadId, skipPrefix: req.skipPrefix };
      const page = await ctx.multipart.listUploads(await callerOf(ctx, call), req.prefix, after, req.limit);
      return { uploads: await Promise.all(page.uploads.map((upload) => toUploadInfo(ctx, upload))), truncated: page.truncated };
    }),
    CompleteMultipart: u(async (req, call) => {
      const expected = req.hasExpectedRevision ? req.expectedRevision : -1;
      const parts = req.parts.map((p) => ({ number: p.partNumber, md5: p.md5 }));
      return toInode(ctx, await ctx.multipart.complete(await writer(ctx, call), req.uploadId, req.path, parts, req.metadata, expected));
    }),
    GetFile: u(async (req, call) => {
      const read = await ctx.files.getFile(await callerOf(ctx, call), req.path, req.revision, req.fromOffset, req.maxBlocks);
      return {
        file: await toInode(ctx, { inode: read.inode, path: read.path }), revision: read.revision.number, size: read.revision.size,
        md5: read.revision.md5, blockCount: read.revision.blockCount, truncated: read.truncated, metadata: read.revision.meta ?? {}, createdAtMs: read.revision.createdAt,
        blocks: read.blocks.map((b) => ({ id: b.id, size: b.size, offset: b.offset, token: b.token, locations: b.locations })),
      };
    }),
  };
}

function toPartInfo(part: PartRecord): PartInfo {
  return { partNumber: part.number, size: part.size, md5: part.md5, blocks: part.blockCount, createdAtMs: part.createdAt, metadata: part.meta ?? {} };
}

async function toUploadInfo(ctx: RpcContext, upload: UploadRecord): Promise<UploadInfo> {
  return { uploadId: upload.uploadId, path: upload.path, owner: await ctx.ownerName(upload.ownerId), createdAtMs: upload.createdAt, metadata: upload.multipart?.meta ?? {} };
}

function toOpenUpload(upload: UploadRecord): OpenUpload {
  return {
    uploadId: upload.uploadId, path: upload.path, createdAtMs: upload.createdAt, leaseExpiresAtMs: upload.leaseExpiresAt,
    blocks: upload.heldBlocks ?? 0, bytes: upload.heldBytes ?? 0,
  };
}

function toBlockAnswer(a: BlockAnswer): BlockAnswerMessage {
  return { ...a, pipeline: a.pipeline.map((p) => ({ datanodeId: p.datanodeId, address: p.address, dataAddress: p.dataAddress })) };
}

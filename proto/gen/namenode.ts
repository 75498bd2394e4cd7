import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { BlockRef as _cairn_common_BlockRef, BlockRef__Output as _cairn_common_BlockRef__Output } from './cairn/common/BlockRef.js';
import type { Empty as _cairn_common_Empty, Empty__Output as _cairn_common_Empty__Output } from './cairn/common/Empty.js';
import type { Target as _cairn_common_Target, Target__Output as _cairn_common_Target__Output } from './cairn/common/Target.js';
import type { AdminServiceClient as _cairn_namenode_AdminServiceClient, AdminServiceDefinition as _cairn_namenode_AdminServiceDefinition } from './cairn/namenode/AdminService.js';
import type { AppendRequest as _cairn_namenode_AppendRequest, AppendRequest__Output as _cairn_namenode_AppendRequest__Output } from './cairn/namenode/AppendRequest.js';
import type { AuditRecord as _cairn_namenode_AuditRecord, AuditRecord__Output as _cairn_namenode_AuditRecord__Output } from './cairn/namenode/AuditRecord.js';
import type { AuditReply as _cairn_namenode_AuditReply, AuditReply__Output as _cairn_namenode_AuditReply__Output } from './cairn/namenode/AuditReply.js';
import type { AuditRequest as _cairn_namenode_AuditRequest, AuditRequest__Output as _cairn_namenode_AuditRequest__Output } from './cairn/namenode/AuditRequest.js';
import type { BadBlocksRequest as _cairn_namenode_BadBlocksRequest, BadBlocksRequest__Output as _cairn_namenode_BadBlocksRequest__Output } from './cairn/namenode/BadBlocksRequest.js';
import type { BeginPartRequest as _cairn_namenode_BeginPartRequest, BeginPartRequest__Output as _cairn_namenode_BeginPartRequest__Output } from './cairn/namenode/BeginPartRequest.js';
import type { BeginUploadReply as _cairn_namenode_BeginUploadReply, BeginUploadReply__Output as _cairn_namenode_BeginUploadReply__Output } from './cairn/namenode/BeginUploadReply.js';
import type { BeginUploadRequest as _cairn_namenode_BeginUploadRequest, BeginUploadRequest__Output as _cairn_namenode_BeginUploadRequest__Output } from './cairn/namenode/BeginUploadRequest.js';
import type { BlockAnswer as _cairn_namenode_BlockAnswer, BlockAnswer__Output as _cairn_namenode_BlockAnswer__Output } from './cairn/namenode/BlockAnswer.js';
import type { BlockHealth as _cairn_namenode_BlockHealth, BlockHealth__Output as _cairn_namenode_BlockHealth__Output } from './cairn/namenode/BlockHealth.js';
import type { BlockReceivedRequest as _cairn_namenode_BlockReceivedRequest, BlockReceivedRequest__Output as _cairn_namenode_BlockReceivedRequest__Output } from './cairn/namenode/BlockReceivedRequest.js';
import type { BlockReportRequest as _cairn_namenode_BlockReportRequest, BlockReportRequest__Output as _cairn_namenode_BlockReportRequest__Output } from './cairn/namenode/BlockReportRequest.js';
import type { ClientServiceClient as _cairn_namenode_ClientServiceClient, ClientServiceDefinition as _cairn_namenode_ClientServiceDefinition } from './cairn/namenode/ClientService.js';
import type { ClusterInfoReply as _cairn_namenode_ClusterInfoReply, ClusterInfoReply__Output as _cairn_namenode_ClusterInfoReply__Output } from './cairn/namenode/ClusterInfoReply.js';
import type { Command as _cairn_namenode_Command, Command__Output as _cairn_namenode_Command__Output } from './cairn/namenode/Command.js';
import type { CommitUploadRequest as _cairn_namenode_CommitUploadRequest, CommitUploadRequest__Output as _cairn_namenode_CommitUploadRequest__Output } from './cairn/namenode/CommitUploadRequest.js';
import type { CompleteMultipartRequest as _cairn_namenode_CompleteMultipartRequest, CompleteMultipartRequest__Output as _cairn_namenode_CompleteMultipartRequest__Output } from './cairn/namenode/CompleteMultipartRequest.js';
import type { CompletePart as _cairn_namenode_CompletePart, CompletePart__Output as _cairn_namenode_CompletePart__Output } from './cairn/namenode/CompletePart.js';
import type { CopyFileRequest as _cairn_namenode_CopyFileRequest, CopyFileRequest__Output as _cairn_namenode_CopyFileRequest__Output } from './cairn/namenode/CopyFileRequest.js';
import type { CreateMultipartRequest as _cairn_namenode_CreateMultipartRequest, CreateMultipartRequest__Output as _cairn_namenode_CreateMultipartRequest__Output } from './cairn/namenode/CreateMultipartRequest.js';
import type { DatanodeInfo as _cairn_namenode_DatanodeInfo, DatanodeInfo__Output as _cairn_namenode_DatanodeInfo__Output } from './cairn/namenode/DatanodeInfo.js';
import type { DatanodeProtocolClient as _cairn_namenode_DatanodeProtocolClient, DatanodeProtocolDefinition as _cairn_namenode_DatanodeProtocolDefinition } from './cairn/namenode/DatanodeProtocol.js';
import type { DatanodesReply as _cairn_namenode_DatanodesReply, DatanodesReply__Output as _cairn_namenode_DatanodesReply__Output } from './cairn/namenode/DatanodesReply.js';
import type { FsckAudit as _cairn_namenode_FsckAudit, FsckAudit__Output as _cairn_namenode_FsckAudit__Output } from './cairn/namenode/FsckAudit.js';
import type { FsckBlock as _cairn_namenode_FsckBlock, FsckBlock__Output as _cairn_namenode_FsckBlock__Output } from './cairn/namenode/FsckBlock.js';
import type { FsckFile as _cairn_namenode_FsckFile, FsckFile__Output as _cairn_namenode_FsckFile__Output } from './cairn/namenode/FsckFile.js';
import type { FsckReply as _cairn_namenode_FsckReply, FsckReply__Output as _cairn_namenode_FsckReply__Output } from './cairn/namenode/FsckReply.js';
import type { FsckRequest as _cairn_namenode_FsckRequest, FsckRequest__Output as _cairn_namenode_FsckRequest__Output } from './cairn/namenode/FsckRequest.js';
import type { GatewayServiceClient as _cairn_namenode_GatewayServiceClient, GatewayServiceDefinition as _cairn_namenode_GatewayServiceDefinition } from './cairn/namenode/GatewayService.js';
import type { GcReply as _cairn_namenode_GcReply, GcReply__Output as _cairn_namenode_GcReply__Output } from './cairn/namenode/GcReply.js';
import type { GetFileReply as _cairn_namenode_GetFileReply, GetFileReply__Output as _cairn_namenode_GetFileReply__Output } from './cairn/namenode/GetFileReply.js';
import type { GetFileRequest as _cairn_namenode_GetFileRequest, GetFileRequest__Output as _cairn_namenode_GetFileRequest__Output } from './cairn/namenode/GetFileRequest.js';
import type { HaFailoverRequest as _cairn_namenode_HaFailoverRequest, HaFailoverRequest__Output as _cairn_namenode_HaFailoverRequest__Output } from './cairn/namenode/HaFailoverRequest.js';
import type { HaStatusReply as _cairn_namenode_HaStatusReply, HaStatusReply__Output as _cairn_namenode_HaStatusReply__Output } from './cairn/namenode/HaStatusReply.js';
import type { HeartbeatReply as _cairn_namenode_HeartbeatReply, HeartbeatReply__Output as _cairn_namenode_HeartbeatReply__Output } from './cairn/namenode/HeartbeatReply.js';
import type { HeartbeatRequest as _cairn_namenode_HeartbeatRequest, HeartbeatRequest__Output as _cairn_namenode_HeartbeatRequest__Output } from './cairn/namenode/HeartbeatRequest.js';
import type { Inode as _cairn_namenode_Inode, Inode__Output as _cairn_namenode_Inode__Output } from './cairn/namenode/Inode.js';
import type { JournalServiceClient as _cairn_namenode_JournalServiceClient, JournalServiceDefinition as _cairn_namenode_JournalServiceDefinition } from './cairn/namenode/JournalService.js';
import type { JournalState as _cairn_namenode_JournalState, JournalState__Output as _cairn_namenode_JournalState__Output } from './cairn/namenode/JournalState.js';
import type { ListOpenUploadsReply as _cairn_namenode_ListOpenUploadsReply, ListOpenUploadsReply__Output as _cairn_namenode_ListOpenUploadsReply__Output } from './cairn/namenode/ListOpenUploadsReply.js';
import type { ListOpenUploadsRequest as _cairn_namenode_ListOpenUploadsRequest, ListOpenUploadsRequest__Output as _cairn_namenode_ListOpenUploadsRequest__Output } from './cairn/namenode/ListOpenUploadsRequest.js';
import type { ListPartsReply as _cairn_namenode_ListPartsReply, ListPartsReply__Output as _cairn_namenode_ListPartsReply__Output } from './cairn/namenode/ListPartsReply.js';
import type { ListPartsRequest as _cairn_namenode_ListPartsRequest, ListPartsRequest__Output as _cairn_namenode_ListPartsRequest__Output } from './cairn/namenode/ListPartsRequest.js';
import type { ListReply as _cairn_namenode_ListReply, ListReply__Output as _cairn_namenode_ListReply__Output } from './cairn/namenode/ListReply.js';
import type { ListRequest as _cairn_namenode_ListRequest, ListRequest__Output as _cairn_namenode_ListRequest__Output } from './cairn/namenode/ListRequest.js';
import type { ListSharedRequest as _cairn_namenode_ListSharedRequest, ListSharedRequest__Output as _cairn_namenode_ListSharedRequest__Output } from './cairn/namenode/ListSharedRequest.js';
import type { ListUploadsReply as _cairn_namenode_ListUploadsReply, ListUploadsReply__Output as _cairn_namenode_ListUploadsReply__Output } from './cairn/namenode/ListUploadsReply.js';
import type { ListUploadsRequest as _cairn_namenode_ListUploadsRequest, ListUploadsRequest__Output as _cairn_namenode_ListUploadsRequest__Output } from './cairn/namenode/ListUploadsRequest.js';
import type { LocatedBlock as _cairn_namenode_LocatedBlock, LocatedBlock__Output as _cairn_namenode_LocatedBlock__Output } from './cairn/namenode/LocatedBlock.js';
import type { MkdirRequest as _cairn_namenode_MkdirRequest, MkdirRequest__Output as _cairn_namenode_MkdirRequest__Output } from './cairn/namenode/MkdirRequest.js';
import type { MoveRequest as _cairn_namenode_MoveRequest, MoveRequest__Output as _cairn_namenode_MoveRequest__Output } from './cairn/namenode/MoveRequest.js';
import type { NamenodeState as _cairn_namenode_NamenodeState, NamenodeState__Output as _cairn_namenode_NamenodeState__Output } from './cairn/namenode/NamenodeState.js';
import type { NewEpochRequest as _cairn_namenode_NewEpochRequest, NewEpochRequest__Output as _cairn_namenode_NewEpochRequest__Output } from './cairn/namenode/NewEpochRequest.js';
import type { NodeRequest as _cairn_namenode_NodeRequest, NodeRequest__Output as _cairn_namenode_NodeRequest__Output } from './cairn/namenode/NodeRequest.js';
import type { OpenUpload as _cairn_namenode_OpenUpload, OpenUpload__Output as _cairn_namenode_OpenUpload__Output } from './cairn/namenode/OpenUpload.js';
import type { PartInfo as _cairn_namenode_PartInfo, PartInfo__Output as _cairn_namenode_PartInfo__Output } from './cairn/namenode/PartInfo.js';
import type { PathRequest as _cairn_namenode_PathRequest, PathRequest__Output as _cairn_namenode_PathRequest__Output } from './cairn/namenode/PathRequest.js';
import type { PutBlocksReply as _cairn_namenode_PutBlocksReply, PutBlocksReply__Output as _cairn_namenode_PutBlocksReply__Output } from './cairn/namenode/PutBlocksReply.js';
import type { PutBlocksRequest as _cairn_namenode_PutBlocksRequest, PutBlocksRequest__Output as _cairn_namenode_PutBlocksRequest__Output } from './cairn/namenode/PutBlocksRequest.js';
import type { ReadJournalReply as _cairn_namenode_ReadJournalReply, ReadJournalReply__Output as _cairn_namenode_ReadJournalReply__Output } from './cairn/namenode/ReadJournalReply.js';
import type { ReadJournalRequest as _cairn_namenode_ReadJournalRequest, ReadJournalRequest__Output as _cairn_namenode_ReadJournalRequest__Output } from './cairn/namenode/ReadJournalRequest.js';
import type { ReceivedBlock as _cairn_namenode_ReceivedBlock, ReceivedBlock__Output as _cairn_namenode_ReceivedBlock__Output } from './cairn/namenode/ReceivedBlock.js';
import type { RegisterReply as _cairn_namenode_RegisterReply, RegisterReply__Output as _cairn_namenode_RegisterReply__Output } from './cairn/namenode/RegisterReply.js';
import type { RegisterRequest as _cairn_namenode_RegisterRequest, RegisterRequest__Output as _cairn_namenode_RegisterRequest__Output } from './cairn/namenode/RegisterRequest.js';
import type { ReportReply as _cairn_namenode_ReportReply, ReportReply__Output as _cairn_namenode_ReportReply__Output } from './cairn/namenode/ReportReply.js';
import type { RestoreRequest as _cairn_namenode_RestoreRequest, RestoreRequest__Output as _cairn_namenode_RestoreRequest__Output } from './cairn/namenode/RestoreRequest.js';
import type { RevisionInfo as _cairn_namenode_RevisionInfo, RevisionInfo__Output as _cairn_namenode_RevisionInfo__Output } from './cairn/namenode/RevisionInfo.js';
import type { RevisionsReply as _cairn_namenode_RevisionsReply, RevisionsReply__Output as _cairn_namenode_RevisionsReply__Output } from './cairn/namenode/RevisionsReply.js';
import type { S3KeyInfo as _cairn_namenode_S3KeyInfo, S3KeyInfo__Output as _cairn_namenode_S3KeyInfo__Output } from './cairn/namenode/S3KeyInfo.js';
import type { S3SigningKeyReply as _cairn_namenode_S3SigningKeyReply, S3SigningKeyReply__Output as _cairn_namenode_S3SigningKeyReply__Output } from './cairn/namenode/S3SigningKeyReply.js';
import type { S3SigningKeyRequest as _cairn_namenode_S3SigningKeyRequest, S3SigningKeyRequest__Output as _cairn_namenode_S3SigningKeyRequest__Output } from './cairn/namenode/S3SigningKeyRequest.js';
import type { SafemodeReply as _cairn_namenode_SafemodeReply, SafemodeReply__Output as _cairn_namenode_SafemodeReply__Output } from './cairn/namenode/SafemodeReply.js';
import type { SafemodeRequest as _cairn_namenode_SafemodeRequest, SafemodeRequest__Output as _cairn_namenode_SafemodeRequest__Output } from './cairn/namenode/SafemodeRequest.js';
import type { SetQuotaRequest as _cairn_namenode_SetQuotaRequest, SetQuotaRequest__Output as _cairn_namenode_SetQuotaRequest__Output } from './cairn/namenode/SetQuotaRequest.js';
import type { ShareInfo as _cairn_namenode_ShareInfo, ShareInfo__Output as _cairn_namenode_ShareInfo__Output } from './cairn/namenode/ShareInfo.js';
import type { ShareRequest as _cairn_namenode_ShareRequest, ShareRequest__Output as _cairn_namenode_ShareRequest__Output } from './cairn/namenode/ShareRequest.js';
import type { SharedItem as _cairn_namenode_SharedItem, SharedItem__Output as _cairn_namenode_SharedItem__Output } from './cairn/namenode/SharedItem.js';
import type { SharedReply as _cairn_namenode_SharedReply, SharedReply__Output as _cairn_namenode_SharedReply__Output } from './cairn/namenode/SharedReply.js';
import type { SharesReply as _cairn_namenode_SharesReply, SharesReply__Output as _cairn_namenode_SharesReply__Output } from './cairn/namenode/SharesReply.js';
import type { SnapshotChunk as _cairn_namenode_SnapshotChunk, SnapshotChunk__Output as _cairn_namenode_SnapshotChunk__Output } from './cairn/namenode/SnapshotChunk.js';
import type { TrashEmptyReply as _cairn_namenode_TrashEmptyReply, TrashEmptyReply__Output as _cairn_namenode_TrashEmptyReply__Output } from './cairn/namenode/TrashEmptyReply.js';
import type { TrashEmptyRequest as _cairn_namenode_TrashEmptyRequest, TrashEmptyRequest__Output as _cairn_namenode_TrashEmptyRequest__Output } from './cairn/namenode/TrashEmptyRequest.js';
import type { TrashListReply as _cairn_namenode_TrashListReply, TrashListReply__Output as _cairn_namenode_TrashListReply__Output } from './cairn/namenode/TrashListReply.js';
import type { UploadIdRequest as _cairn_namenode_UploadIdRequest, UploadIdRequest__Output as _cairn_namenode_UploadIdRequest__Output } from './cairn/namenode/UploadIdRequest.js';
import type { UploadInfo as _cairn_namenode_UploadInfo, UploadInfo__Output as _cairn_namenode_UploadInfo__Output } from './cairn/namenode/UploadInfo.js';
import type { UserAddReply as _cairn_namenode_UserAddReply, UserAddReply__Output as _cairn_namenode_UserAddReply__Output } from './cairn/namenode/UserAddReply.js';
import type { UserAddRequest as _cairn_namenode_UserAddRequest, UserAddRequest__Output as _cairn_namenode_UserAddRequest__Output } from './cairn/namenode/UserAddRequest.js';
import type { UserInfo as _cairn_namenode_UserInfo, UserInfo__Output as _cairn_namenode_UserInfo__Output } from './cairn/namenode/UserInfo.js';
import type { UserKeyAddRequest as _cairn_namenode_UserKeyAddRequest, UserKeyAddRequest__Output as _cairn_namenode_UserKeyAddRequest__Output } from './cairn/namenode/UserKeyAddRequest.js';
import type { UserKeyRevokeRequest as _cairn_namenode_UserKeyRevokeRequest, UserKeyRevokeRequest__Output as _cairn_namenode_UserKeyRevokeRequest__Output } from './cairn/namenode/UserKeyRevokeRequest.js';
import type { UserKeysReply as _cairn_namenode_UserKeysReply, UserKeysReply__Output as _cairn_namenode_UserKeysReply__Output } from './cairn/namenode/UserKeysReply.js';
import type { UserListReply as _cairn_namenode_UserListReply, UserListReply__Output as _cairn_namenode_UserListReply__Output } from './cairn/namenode/UserListReply.js';
import type { UserNameRequest as _cairn_namenode_UserNameRequest, UserNameRequest__Output as _cairn_namenode_UserNameRequest__Output } from './cairn/namenode/UserNameRequest.js';
import type { UserRemoveReply as _cairn_namenode_UserRemoveReply, UserRemoveReply__Output as _cairn_namenode_UserRemoveReply__Output } from './cairn/namenode/UserRemoveReply.js';
import type { UserTokenRequest as _cairn_namenode_UserTokenRequest, UserTokenRequest__Output as _cairn_namenode_UserTokenRequest__Output } from './cairn/namenode/UserTokenRequest.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  cairn: {
    common: {
      BlockRef: MessageTypeDefinition<_cairn_common_BlockRef, _cairn_common_BlockRef__Output>
      Empty: MessageTypeDefinition<_cairn_common_Empty, _cairn_common_Empty__Output>
      Target: MessageTypeDefinition<_cairn_common_Target, _cairn_common_Target__Output>
    }
    namenode: {
      AdminService: SubtypeConstructor<typeof grpc.Client, _cairn_namenode_AdminServiceClient> & { service: _cairn_namenode_AdminServiceDefinition }
      AppendRequest: MessageTypeDefinition<_cairn_namenode_AppendRequest, _cairn_namenode_AppendRequest__Output>
      AuditRecord: MessageTypeDefinition<_cairn_namenode_AuditRecord, _cairn_namenode_AuditRecord__Output>
      AuditReply: MessageTypeDefinition<_cairn_namenode_AuditReply, _cairn_namenode_AuditReply__Output>
      AuditRequest: MessageTypeDefinition<_cairn_namenode_AuditRequest, _cairn_namenode_AuditRequest__Output>
      BadBlocksRequest: MessageTypeDefinition<_cairn_namenode_BadBlocksRequest, _cairn_namenode_BadBlocksRequest__Output>
      BeginPartRequest: MessageTypeDefinition<_cairn_namenode_BeginPartRequest, _cairn_namenode_BeginPartRequest__Output>
      BeginUploadReply: MessageTypeDefinition<_cairn_namenode_BeginUploadReply, _cairn_namenode_BeginUploadReply__Output>
      BeginUploadRequest: MessageTypeDefinition<_cairn_namenode_BeginUploadRequest, _cairn_namenode_BeginUploadRequest__Output>
      BlockAnswer: MessageTypeDefinition<_cairn_namenode_BlockAnswer, _cairn_namenode_BlockAnswer__Output>
      BlockHealth: MessageTypeDefinition<_cairn_namenode_BlockHealth, _cairn_namenode_BlockHealth__Output>
      BlockReceivedRequest: MessageTypeDefinition<_cairn_namenode_BlockReceivedRequest, _cairn_namenode_BlockReceivedRequest__Output>
      BlockReportRequest: MessageTypeDefinition<_cairn_namenode_BlockReportRequest, _cairn_namenode_BlockReportRequest__Output>
      ClientService: SubtypeConstructor<typeof grpc.Client, _cairn_namenode_ClientServiceClient> & { service: _cairn_namenode_ClientServiceDefinition }
      ClusterInfoReply: MessageTypeDefinition<_cairn_namenode_ClusterInfoReply, _cairn_namenode_ClusterInfoReply__Output>
      Command: MessageTypeDefinition<_cairn_namenode_Command, _cairn_namenode_Command__Output>
      CommitUploadRequest: MessageTypeDefinition<_cairn_namenode_CommitUploadRequest, _cairn_namenode_CommitUploadRequest__Output>
      CompleteMultipartRequest: MessageTypeDefinition<_cairn_namenode_CompleteMultipartRequest, _cairn_namenode_CompleteMultipartRequest__Output>
      CompletePart: MessageTypeDefinition<_cairn_namenode_CompletePart, _cairn_namenode_CompletePart__Output>
      CopyFileRequest: MessageTypeDefinition<_cairn_namenode_CopyFileRequest, _cairn_namenode_CopyFileRequest__Output>
      CreateMultipartRequest: MessageTypeDefinition<_cairn_namenode_CreateMultipartRequest, _cairn_namenode_CreateMultipartRequest__Output>
      DatanodeInfo: MessageTypeDefinition<_cairn_namenode_DatanodeInfo, _cairn_namenode_DatanodeInfo__Output>
      DatanodeProtocol: SubtypeConstructor<typeof grpc.Client, _cairn_namenode_DatanodeProtocolClient> & { service: _cairn_namenode_DatanodeProtocolDefinition }
      DatanodesReply: MessageTypeDefinition<_cairn_namenode_DatanodesReply, _cairn_namenode_DatanodesReply__Output>
      FsckAudit: MessageTypeDefinition<_cairn_namenode_FsckAudit, _cairn_namenode_FsckAudit__Output>
      FsckBlock: MessageTypeDefinition<_cairn_namenode_FsckBlock, _cairn_namenode_FsckBlock__Output>
      FsckFile: MessageTypeDefinition<_cairn_namenode_FsckFile, _cairn_namenode_FsckFile__Output>
      FsckReply: MessageTypeDefinition<_cairn_namenode_FsckReply, _cairn_namenode_FsckReply__Output>
      FsckRequest: MessageTypeDefinition<_cairn_namenode_FsckRequest, _cairn_namenode_FsckRequest__Output>
      GatewayService: SubtypeConstructor<typeof grpc.Client, _cairn_namenode_GatewayServiceClient> & { service: _cairn_namenode_GatewayServiceDefinition }
      GcReply: MessageTypeDefinition<_cairn_namenode_GcReply, _cairn_namenode_GcReply__Output>
      GetFileReply: MessageTypeDefinition<_cairn_namenode_GetFileReply, _cairn_namenode_GetFileReply__Output>
      GetFileRequest: MessageTypeDefinition<_cairn_namenode_GetFileRequest, _cairn_namenode_GetFileRequest__Output>
      HaFailoverRequest: MessageTypeDefinition<_cairn_namenode_HaFailoverRequest, _cairn_namenode_HaFailoverRequest__Output>
      HaStatusReply: MessageTypeDefinition<_cairn_namenode_HaStatusReply, _cairn_namenode_HaStatusReply__Output>
      HeartbeatReply: MessageTypeDefinition<_cairn_namenode_HeartbeatReply, _cairn_namenode_HeartbeatReply__Output>
      HeartbeatRequest: MessageTypeDefinition<_cairn_namenode_HeartbeatRequest, _cairn_namenode_HeartbeatRequest__Output>
      Inode: MessageTypeDefinition<_cairn_namenode_Inode, _cairn_namenode_Inode__Output>
      JournalService: SubtypeConstructor<typeof grpc.Client, _cairn_namenode_JournalServiceClient> & { service: _cairn_namenode_JournalServiceDefinition }
      JournalState: MessageTypeDefinition<_cairn_namenode_JournalState, _cairn_namenode_JournalState__Output>
      ListOpenUploadsReply: MessageTypeDefinition<_cairn_namenode_ListOpenUploadsReply, _cairn_namenode_ListOpenUploadsReply__Output>
      ListOpenUploadsRequest: MessageTypeDefinition<_cairn_namenode_ListOpenUploadsRequest, _cairn_namenode_ListOpenUploadsRequest__Output>
      ListPartsReply: MessageTypeDefinition<_cairn_namenode_ListPartsReply, _cairn_namenode_ListPartsReply__Output>
      ListPartsRequest: MessageTypeDefinition<_cairn_namenode_ListPartsRequest, _cairn_namenode_ListPartsRequest__Output>
      ListReply: MessageTypeDefinition<_cairn_namenode_ListReply, _cairn_namenode_ListReply__Output>
      ListRequest: MessageTypeDefinition<_cairn_namenode_ListRequest, _cairn_namenode_ListRequest__Output>
      ListSharedRequest: MessageTypeDefinition<_cairn_namenode_ListSharedRequest, _cairn_namenode_ListSharedRequest__Output>
      ListUploadsReply: MessageTypeDefinition<_cairn_namenode_ListUploadsReply, _cairn_namenode_ListUploadsReply__Output>
      ListUploadsRequest: MessageTypeDefinition<_cairn_namenode_ListUploadsRequest, _cairn_namenode_ListUploadsRequest__Output>
      LocatedBlock: MessageTypeDefinition<_cairn_namenode_LocatedBlock, _cairn_namenode_LocatedBlock__Output>
      MkdirRequest: MessageTypeDefinition<_cairn_namenode_MkdirRequest, _cairn_namenode_MkdirRequest__Output>
      MoveRequest: MessageTypeDefinition<_cairn_namenode_MoveRequest, _cairn_namenode_MoveRequest__Output>
      NamenodeState: MessageTypeDefinition<_cairn_namenode_NamenodeState, _cairn_namenode_NamenodeState__Output>
      NewEpochRequest: MessageTypeDefinition<_cairn_namenode_NewEpochRequest, _cairn_namenode_NewEpochRequest__Output>
      NodeRequest: MessageTypeDefinition<_cairn_namenode_NodeRequest, _cairn_namenode_NodeRequest__Output>
      OpenUpload: MessageTypeDefinition<_cairn_namenode_OpenUpload, _cairn_namenode_OpenUpload__Output>
      PartInfo: MessageTypeDefinition<_cairn_namenode_PartInfo, _cairn_namenode_PartInfo__Output>
      PathRequest: MessageTypeDefinition<_cairn_namenode_PathRequest, _cairn_namenode_PathRequest__Output>
      PutBlocksReply: MessageTypeDefinition<_cairn_namenode_PutBlocksReply, _cairn_namenode_PutBlocksReply__Output>
      PutBlocksRequest: MessageTypeDefinition<_cairn_namenode_PutBlocksRequest, _cairn_namenode_PutBlocksRequest__Output>
      ReadJournalReply: MessageTypeDefinition<_cairn_namenode_ReadJournalReply, _cairn_namenode_ReadJournalReply__Output>
      ReadJournalRequest: MessageTypeDefinition<_cairn_namenode_ReadJournalRequest, _cairn_namenode_ReadJournalRequest__Output>
      ReceivedBlock: MessageTypeDefinition<_cairn_namenode_ReceivedBlock, _cairn_namenode_ReceivedBlock__Output>
      RegisterReply: MessageTypeDefinition<_cairn_namenode_RegisterReply, _cairn_namenode_RegisterReply__Output>
      RegisterRequest: MessageTypeDefinition<_cairn_namenode_RegisterRequest, _cairn_namenode_RegisterRequest__Output>
      ReportReply: MessageTypeDefinition<_cairn_namenode_ReportReply, _cairn_namenode_ReportReply__Output>
      RestoreRequest: MessageTypeDefinition<_cairn_namenode_RestoreRequest, _cairn_namenode_RestoreRequest__Output>
      RevisionInfo: MessageTypeDefinition<_cairn_namenode_RevisionInfo, _cairn_namenode_RevisionInfo__Output>
      RevisionsReply: MessageTypeDefinition<_cairn_namenode_RevisionsReply, _cairn_namenode_RevisionsReply__Output>
      S3KeyInfo: MessageTypeDefinition<_cairn_namenode_S3KeyInfo, _cairn_namenode_S3KeyInfo__Output>
      S3SigningKeyReply: MessageTypeDefinition<_cairn_namenode_S3SigningKeyReply, _cairn_namenode_S3SigningKeyReply__Output>
      S3SigningKeyRequest: MessageTypeDefinition<_cairn_namenode_S3SigningKeyRequest, _cairn_namenode_S3SigningKeyRequest__Output>
      SafemodeReply: MessageTypeDefinition<_cairn_namenode_SafemodeReply, _cairn_namenode_SafemodeReply__Output>
      SafemodeRequest: MessageTypeDefinition<_cairn_namenode_SafemodeRequest, _cairn_namenode_SafemodeRequest__Output>
      SetQuotaRequest: MessageTypeDefinition<_cairn_namenode_SetQuotaRequest, _cairn_namenode_SetQuotaRequest__Output>
      ShareInfo: MessageTypeDefinition<_cairn_namenode_ShareInfo, _cairn_namenode_ShareInfo__Output>
      ShareRequest: MessageTypeDefinition<_cairn_namenode_ShareRequest, _cairn_namenode_ShareRequest__Output>
      SharedItem: MessageTypeDefinition<_cairn_namenode_SharedItem, _cairn_namenode_SharedItem__Output>
      SharedReply: MessageTypeDefinition<_cairn_namenode_SharedReply, _cairn_namenode_SharedReply__Output>
      SharesReply: MessageTypeDefinition<_cairn_namenode_SharesReply, _cairn_namenode_SharesReply__Output>
      SnapshotChunk: MessageTypeDefinition<_cairn_namenode_SnapshotChunk, _cairn_namenode_SnapshotChunk__Output>
      TrashEmptyReply: MessageTypeDefinition<_cairn_namenode_TrashEmptyReply, _cairn_namenode_TrashEmptyReply__Output>
      TrashEmptyRequest: MessageTypeDefinition<_cairn_namenode_TrashEmptyRequest, _cairn_namenode_TrashEmptyRequest__Output>
      TrashListReply: MessageTypeDefinition<_cairn_namenode_TrashListReply, _cairn_namenode_TrashListReply__Output>
      UploadIdRequest: MessageTypeDefinition<_cairn_namenode_UploadIdRequest, _cairn_namenode_UploadIdRequest__Output>
      UploadInfo: MessageTypeDefinition<_cairn_namenode_UploadInfo, _cairn_namenode_UploadInfo__Output>
      UserAddReply: MessageTypeDefinition<_cairn_namenode_UserAddReply, _cairn_namenode_UserAddReply__Output>
      UserAddRequest: MessageTypeDefinition<_cairn_namenode_UserAddRequest, _cairn_namenode_UserAddRequest__Output>
      UserInfo: MessageTypeDefinition<_cairn_namenode_UserInfo, _cairn_namenode_UserInfo__Output>
      UserKeyAddRequest: MessageTypeDefinition<_cairn_namenode_UserKeyAddRequest, _cairn_namenode_UserKeyAddRequest__Output>
      UserKeyRevokeRequest: MessageTypeDefinition<_cairn_namenode_UserKeyRevokeRequest, _cairn_namenode_UserKeyRevokeRequest__Output>
      UserKeysReply: MessageTypeDefinition<_cairn_namenode_UserKeysReply, _cairn_namenode_UserKeysReply__Output>
      UserListReply: MessageTypeDefinition<_cairn_namenode_UserListReply, _cairn_namenode_UserListReply__Output>
      UserNameRequest: MessageTypeDefinition<_cairn_namenode_UserNameRequest, _cairn_namenode_UserNameRequest__Output>
      UserRemoveReply: MessageTypeDefinition<_cairn_namenode_UserRemoveReply, _cairn_namenode_UserRemoveReply__Output>
      UserTokenRequest: MessageTypeDefinition<_cairn_namenode_UserTokenRequest, _cairn_namenode_UserTokenRequest__Output>
    }
  }
}


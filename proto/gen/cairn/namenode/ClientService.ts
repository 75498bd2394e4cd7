// Original file: proto/namenode.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { BeginPartRequest as _cairn_namenode_BeginPartRequest, BeginPartRequest__Output as _cairn_namenode_BeginPartRequest__Output } from '../../cairn/namenode/BeginPartRequest.js';
import type { BeginUploadReply as _cairn_namenode_BeginUploadReply, BeginUploadReply__Output as _cairn_namenode_BeginUploadReply__Output } from '../../cairn/namenode/BeginUploadReply.js';
import type { BeginUploadRequest as _cairn_namenode_BeginUploadRequest, BeginUploadRequest__Output as _cairn_namenode_BeginUploadRequest__Output } from '../../cairn/namenode/BeginUploadRequest.js';
import type { ClusterInfoReply as _cairn_namenode_ClusterInfoReply, ClusterInfoReply__Output as _cairn_namenode_ClusterInfoReply__Output } from '../../cairn/namenode/ClusterInfoReply.js';
import type { CommitUploadRequest as _cairn_namenode_CommitUploadRequest, CommitUploadRequest__Output as _cairn_namenode_CommitUploadRequest__Output } from '../../cairn/namenode/CommitUploadRequest.js';
import type { CompleteMultipartRequest as _cairn_namenode_CompleteMultipartRequest, CompleteMultipartRequest__Output as _cairn_namenode_CompleteMultipartRequest__Output } from '../../cairn/namenode/CompleteMultipartRequest.js';
import type { CopyFileRequest as _cairn_namenode_CopyFileRequest, CopyFileRequest__Output as _cairn_namenode_CopyFileRequest__Output } from '../../cairn/namenode/CopyFileRequest.js';
import type { CreateMultipartRequest as _cairn_namenode_CreateMultipartRequest, CreateMultipartRequest__Output as _cairn_namenode_CreateMultipartRequest__Output } from '../../cairn/namenode/CreateMultipartRequest.js';
import type { Empty as _cairn_common_Empty, Empty__Output as _cairn_common_Empty__Output } from '../../cairn/common/Empty.js';
import type { GetFileReply as _cairn_namenode_GetFileReply, GetFileReply__Output as _cairn_namenode_GetFileReply__Output } from '../../cairn/namenode/GetFileReply.js';
import type { GetFileRequest as _cairn_namenode_GetFileRequest, GetFileRequest__Output as _cairn_namenode_GetFileRequest__Output } from '../../cairn/namenode/GetFileRequest.js';
import type { Inode as _cairn_namenode_Inode, Inode__Output as _cairn_namenode_Inode__Output } from '../../cairn/namenode/Inode.js';
import type { ListOpenUploadsReply as _cairn_namenode_ListOpenUploadsReply, ListOpenUploadsReply__Output as _cairn_namenode_ListOpenUploadsReply__Output } from '../../cairn/namenode/ListOpenUploadsReply.js';
import type { ListOpenUploadsRequest as _cairn_namenode_ListOpenUploadsRequest, ListOpenUploadsRequest__Output as _cairn_namenode_ListOpenUploadsRequest__Output } from '../../cairn/namenode/ListOpenUploadsRequest.js';
import type { ListPartsReply as _cairn_namenode_ListPartsReply, ListPartsReply__Output as _cairn_namenode_ListPartsReply__Output } from '../../cairn/namenode/ListPartsReply.js';
import type { ListPartsRequest as _cairn_namenode_ListPartsRequest, ListPartsRequest__Output as _cairn_namenode_ListPartsRequest__Output } from '../../cairn/namenode/ListPartsRequest.js';
import type { ListReply as _cairn_namenode_ListReply, ListReply__Output as _cairn_namenode_ListReply__Output } from '../../cairn/namenode/ListReply.js';
import type { ListRequest as _cairn_namenode_ListRequest, ListRequest__Output as _cairn_namenode_ListRequest__Output } from '../../cairn/namenode/ListRequest.js';
import type { ListSharedRequest as _cairn_namenode_ListSharedRequest, ListSharedRequest__Output as _cairn_namenode_ListSharedRequest__Output } from '../../cairn/namenode/ListSharedRequest.js';
import type { ListUploadsReply as _cairn_namenode_ListUploadsReply, ListUploadsReply__Output as _cairn_namenode_ListUploadsReply__Output } from '../../cairn/namenode/ListUploadsReply.js';
import type { ListUploadsRequest as _cairn_namenode_ListUploadsRequest, ListUploadsRequest__Output as _cairn_namenode_ListUploadsRequest__Output } from '../../cairn/namenode/ListUploadsRequest.js';
import type { MkdirRequest as _cairn_namenode_MkdirRequest, MkdirRequest__Output as _cairn_namenode_MkdirRequest__Output } from '../../cairn/namenode/MkdirRequest.js';
import type { MoveRequest as _cairn_namenode_MoveRequest, MoveRequest__Output as _cairn_namenode_MoveRequest__Output } from '../../cairn/namenode/MoveRequest.js';
import type { PartInfo as _cairn_namenode_PartInfo, PartInfo__Output as _cairn_namenode_PartInfo__Output } from '../../cairn/namenode/PartInfo.js';
import type { PathRequest as _cairn_namenode_PathRequest, PathRequest__Output as _cairn_namenode_PathRequest__Output } from '../../cairn/namenode/PathRequest.js';
import type { PutBlocksReply as _cairn_namenode_PutBlocksReply, PutBlocksReply__Output as _cairn_namenode_PutBlocksReply__Output } from '../../cairn/namenode/PutBlocksReply.js';
import type { PutBlocksRequest as _cairn_namenode_PutBlocksRequest, PutBlocksRequest__Output as _cairn_namenode_PutBlocksRequest__Output } from '../../cairn/namenode/PutBlocksRequest.js';
import type { RestoreRequest as _cairn_namenode_RestoreRequest, RestoreRequest__Output as _cairn_namenode_RestoreRequest__Output } from '../../cairn/namenode/RestoreRequest.js';
import type { RevisionsReply as _cairn_namenode_RevisionsReply, RevisionsReply__Output as _cairn_namenode_RevisionsReply__Output } from '../../cairn/namenode/RevisionsReply.js';
import type { ShareInfo as _cairn_namenode_ShareInfo, ShareInfo__Output as _cairn_namenode_ShareInfo__Output } from '../../cairn/namenode/ShareInfo.js';
import type { ShareRequest as _cairn_namenode_ShareRequest, ShareRequest__Output as _cairn_namenode_ShareRequest__Output } from '../../cairn/namenode/ShareRequest.js';
import type { SharedReply as _cairn_namenode_SharedReply, SharedReply__Output as _cairn_namenode_SharedReply__Output } from '../../cairn/namenode/SharedReply.js';
import type { SharesReply as _cairn_namenode_SharesReply, SharesReply__Output as _cairn_namenode_SharesReply__Output } from '../../cairn/namenode/SharesReply.js';
import type { TrashEmptyReply as _cairn_namenode_TrashEmptyReply, TrashEmptyReply__Output as _cairn_namenode_TrashEmptyReply__Output } from '../../cairn/namenode/TrashEmptyReply.js';
import type { TrashEmptyRequest as _cairn_namenode_TrashEmptyRequest, TrashEmptyRequest__Output as _cairn_namenode_TrashEmptyRequest__Output } from '../../cairn/namenode/TrashEmptyRequest.js';
import type { TrashListReply as _cairn_namenode_TrashListReply, TrashListReply__Output as _cairn_namenode_TrashListReply__Output } from '../../cairn/namenode/TrashListReply.js';
import type { UploadIdRequest as _cairn_namenode_UploadIdRequest, UploadIdRequest__Output as _cairn_namenode_UploadIdRequest__Output } from '../../cairn/namenode/UploadIdRequest.js';
import type { UserInfo as _cairn_namenode_UserInfo, UserInfo__Output as _cairn_namenode_UserInfo__Output } from '../../cairn/namenode/UserInfo.js';

export interface ClientServiceClient extends grpc.Client {
  AbortUpload(argument: _cairn_namenode_UploadIdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_common_Empty__Output>): grpc.ClientUnaryCall;
  AbortUpload(argument: _cairn_namenode_UploadIdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_common_Empty__Output>): grpc.ClientUnaryCall;
  AbortUpload(argument: _cairn_namenode_UploadIdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_common_Empty__Output>): grpc.ClientUnaryCall;
  AbortUpload(argument: _cairn_namenode_UploadIdRequest, callback: grpc.requestCallback<_cairn_common_Empty__Output>): grpc.ClientUnaryCall;
  abortUpload(argument: _cairn_namenode_UploadIdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_common_Empty__Output>): grpc.ClientUnaryCall;
  abortUpload(argument: _cairn_namenode_UploadIdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_common_Empty__Output>): grpc.ClientUnaryCall;
  abortUpload(argument: _cairn_namenode_UploadIdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_common_Empty__Output>): grpc.ClientUnaryCall;
  abortUpload(argument: _cairn_namenode_UploadIdRequest, callback: grpc.requestCallback<_cairn_common_Empty__Output>): grpc.ClientUnaryCall;
  
  BeginPart(argument: _cairn_namenode_BeginPartRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_BeginUploadReply__Output>): grpc.ClientUnaryCall;
  BeginPart(argument: _cairn_namenode_BeginPartRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_BeginUploadReply__Output>): grpc.ClientUnaryCall;
  BeginPart(argument: _cairn_namenode_BeginPartRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_BeginUploadReply__Output>): grpc.ClientUnaryCall;
  BeginPart(argument: _cairn_namenode_BeginPartRequest, callback: grpc.requestCallback<_cairn_namenode_BeginUploadReply__Output>): grpc.ClientUnaryCall;
  beginPart(argument: _cairn_namenode_BeginPartRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_BeginUploadReply__Output>): grpc.ClientUnaryCall;
  beginPart(argument: _cairn_namenode_BeginPartRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_BeginUploadReply__Output>): grpc.ClientUnaryCall;
  beginPart(argument: _cairn_namenode_BeginPartRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_BeginUploadReply__Output>): grpc.ClientUnaryCall;
  beginPart(argument: _cairn_namenode_BeginPartRequest, callback: grpc.requestCallback<_cairn_namenode_BeginUploadReply__Output>): grpc.ClientUnaryCall;
  
  BeginUpload(argument: _cairn_namenode_BeginUploadRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_BeginUploadReply__Output>): grpc.ClientUnaryCall;
  BeginUpload(argument: _cairn_namenode_BeginUploadRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_BeginUploadReply__Output>): grpc.ClientUnaryCall;
  BeginUpload(argument: _cairn_namenode_BeginUploadRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_BeginUploadReply__Output>): grpc.ClientUnaryCall;
  BeginUpload(argument: _cairn_namenode_BeginUploadRequest, callback: grpc.requestCallback<_cairn_namenode_BeginUploadReply__Output>): grpc.ClientUnaryCall;
  beginUpload(argument: _cairn_namenode_BeginUploadRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_BeginUploadReply__Output>): grpc.ClientUnaryCall;
  beginUpload(argument: _cairn_namenode_BeginUploadRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_BeginUploadReply__Output>): grpc.ClientUnaryCall;
  beginUpload(argument: _cairn_namenode_BeginUploadRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_BeginUploadReply__Output>): grpc.ClientUnaryCall;
  beginUpload(argument: _cairn_namenode_BeginUploadRequest, callback: grpc.requestCallback<_cairn_namenode_BeginUploadReply__Output>): grpc.ClientUnaryCall;
  
  ClusterInfo(argument: _cairn_common_Empty, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_ClusterInfoReply__Output>): grpc.ClientUnaryCall;
  ClusterInfo(argument: _cairn_common_Empty, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_ClusterInfoReply__Output>): grpc.ClientUnaryCall;
  ClusterInfo(argument: _cairn_common_Empty, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_ClusterInfoReply__Output>): grpc.ClientUnaryCall;
  ClusterInfo(argument: _cairn_common_Empty, callback: grpc.requestCallback<_cairn_namenode_ClusterInfoReply__Output>): grpc.ClientUnaryCall;
  clusterInfo(argument: _cairn_common_Empty, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_ClusterInfoReply__Output>): grpc.ClientUnaryCall;
  clusterInfo(argument: _cairn_common_Empty, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_ClusterInfoReply__Output>): grpc.ClientUnaryCall;
  clusterInfo(argument: _cairn_common_Empty, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_ClusterInfoReply__Output>): grpc.ClientUnaryCall;
  clusterInfo(argument: _cairn_common_Empty, callback: grpc.requestCallback<_cairn_namenode_ClusterInfoReply__Output>): grpc.ClientUnaryCall;
  
  CommitPart(argument: _cairn_namenode_CommitUploadRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_PartInfo__Output>): grpc.ClientUnaryCall;
  CommitPart(argument: _cairn_namenode_CommitUploadRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_PartInfo__Output>): grpc.ClientUnaryCall;
  CommitPart(argument: _cairn_namenode_CommitUploadRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_PartInfo__Output>): grpc.ClientUnaryCall;
  CommitPart(argument: _cairn_namenode_CommitUploadRequest, callback: grpc.requestCallback<_cairn_namenode_PartInfo__Output>): grpc.ClientUnaryCall;
  commitPart(argument: _cairn_namenode_CommitUploadRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_PartInfo__Output>): grpc.ClientUnaryCall;
  commitPart(argument: _cairn_namenode_CommitUploadRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_PartInfo__Output>): grpc.ClientUnaryCall;
  commitPart(argument: _cairn_namenode_CommitUploadRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_PartInfo__Output>): grpc.ClientUnaryCall;
  commitPart(argument: _cairn_namenode_CommitUploadRequest, callback: grpc.requestCallback<_cairn_namenode_PartInfo__Output>): grpc.ClientUnaryCall;
  
  CommitUpload(argument: _cairn_namenode_CommitUploadRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_Inode__Output>): grpc.ClientUnaryCall;
  CommitUpload(argument: _cairn_namenode_CommitUploadRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_Inode__Output>): grpc.ClientUnaryCall;
  CommitUpload(argument: _cairn_namenode_CommitUploadRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_Inode__Output>): grpc.ClientUnaryCall;
  CommitUpload(argument: _cairn_namenode_CommitUploadRequest, callback: grpc.requestCallback<_cairn_namenode_Inode__Output>): grpc.ClientUnaryCall;
  commitUpload(argument: _cairn_namenode_CommitUploadRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_Inode__Output>): grpc.ClientUnaryCall;
  commitUpload(argument: _cairn_namenode_CommitUploadRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_Inode__Output>): grpc.ClientUnaryCall;
  commitUpload(argument: _cairn_namenode_CommitUploadRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_Inode__Output>): grpc.ClientUnaryCall;
  commitUpload(argument: _cairn_namenode_CommitUploadRequest, callback: grpc.requestCallback<_cairn_namenode_Inode__Output>): grpc.ClientUnaryCall;
  
  CompleteMultipart(argument: _cairn_namenode_CompleteMultipartRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_Inode__Output>): grpc.ClientUnaryCall;
  CompleteMultipart(argument: _cairn_namenode_CompleteMultipartRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_Inode__Output>): grpc.ClientUnaryCall;
  CompleteMultipart(argument: _cairn_namenode_CompleteMultipartRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_Inode__Output>): grpc.ClientUnaryCall;
  CompleteMultipart(argument: _cairn_namenode_CompleteMultipartRequest, callback: grpc.requestCallback<_cairn_namenode_Inode__Output>): grpc.ClientUnaryCall;
  completeMultipart(argument: _cairn_namenode_CompleteMultipartRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_Inode__Output>): grpc.ClientUnaryCall;
  completeMultipart(argument: _cairn_namenode_CompleteMultipartRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_Inode__Output>): grpc.ClientUnaryCall;
  completeMultipart(argument: _cairn_namenode_CompleteMultipartRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_Inode__Output>): grpc.ClientUnaryCall;
  completeMultipart(argument: _cairn_namenode_CompleteMultipartRequest, callback: grpc.requestCallback<_cairn_namenode_Inode__Output>): grpc.ClientUnaryCall;
  
  CopyFile(argument: _cairn_namenode_CopyFileRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_Inode__Output>): grpc.ClientUnaryCall;
  CopyFile(argument: _cairn_namenode_CopyFileRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_Inode__Output>): grpc.ClientUnaryCall;
  CopyFile(argument: _cairn_namenode_CopyFileRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_Inode__Output>): grpc.ClientUnaryCall;
  CopyFile(argument: _cairn_namenode_CopyFileRequest, callback: grpc.requestCallback<_cairn_namenode_Inode__Output>): grpc.ClientUnaryCall;
  copyFile(argument: _cairn_namenode_CopyFileRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_Inode__Output>): grpc.ClientUnaryCall;
  copyFile(argument: _cairn_namenode_CopyFileRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_Inode__Output>): grpc.ClientUnaryCall;
  copyFile(argument: _cairn_namenode_CopyFileRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_Inode__Output>): grpc.ClientUnaryCall;
  copyFile(argument: _cairn_namenode_CopyFileRequest, callback: grpc.requestCallback<_cairn_namenode_Inode__Output>): grpc.ClientUnaryCall;
  
  CreateMultipart(argument: _cairn_namenode_CreateMultipartRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_BeginUploadReply__Output>): grpc.ClientUnaryCall;
  CreateMultipart(argument: _cairn_namenode_CreateMultipartRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_BeginUploadReply__Output>): grpc.ClientUnaryCall;
  CreateMultipart(argument: _cairn_namenode_CreateMultipartRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_BeginUploadReply__Output>): grpc.ClientUnaryCall;
  CreateMultipart(argument: _cairn_namenode_CreateMultipartRequest, callback: grpc.requestCallback<_cairn_namenode_BeginUploadReply__Output>): grpc.ClientUnaryCall;
  createMultipart(argument: _cairn_namenode_CreateMultipartRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_BeginUploadReply__Output>): grpc.ClientUnaryCall;
  createMultipart(argument: _cairn_namenode_CreateMultipartRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_BeginUploadReply__Output>): grpc.ClientUnaryCall;
  createMultipart(argument: _cairn_namenode_CreateMultipartRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_BeginUploadReply__Output>): grpc.ClientUnaryCall;
  createMultipart(argument: _cairn_namenode_CreateMultipartRequest, callback: grpc.requestCallback<_cairn_namenode_BeginUploadReply__Output>): grpc.ClientUnaryCall;
  
  GetFile(argument: _cairn_namenode_GetFileRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_GetFileReply__Output>): grpc.ClientUnaryCall;
  GetFile(argument: _cairn_namenode_GetFileRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_GetFileReply__Output>): grpc.ClientUnaryCall;
  GetFile(argument: _cairn_namenode_GetFileRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_GetFileReply__Output>): grpc.ClientUnaryCall;
  GetFile(argument: _cairn_namenode_GetFileRequest, callback: grpc.requestCallback<_cairn_namenode_GetFileReply__Output>): grpc.ClientUnaryCall;
  getFile(argument: _cairn_namenode_GetFileRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_GetFileReply__Output>): grpc.ClientUnaryCall;
  getFile(argument: _cairn_namenode_GetFileRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_GetFileReply__Output>): grpc.ClientUnaryCall;
  getFile(argument: _cairn_namenode_GetFileRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_GetFileReply__Output>): grpc.ClientUnaryCall;
  getFile(argument: _cairn_namenode_GetFileRequest, callback: grpc.requestCallback<_cairn_namenode_GetFileReply__Output>): grpc.ClientUnaryCall;
  
  List(argument: _cairn_namenode_ListRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_ListReply__Output>): grpc.ClientUnaryCall;
  List(argument: _cairn_namenode_ListRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_ListReply__Output>): grpc.ClientUnaryCall;
  List(argument: _cairn_namenode_ListRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_ListReply__Output>): grpc.ClientUnaryCall;
  List(argument: _cairn_namenode_ListRequest, callback: grpc.requestCallback<_cairn_namenode_ListReply__Output>): grpc.ClientUnaryCall;
  list(argument: _cairn_namenode_ListRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_ListReply__Output>): grpc.ClientUnaryCall;
  list(argument: _cairn_namenode_ListRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_ListReply__Output>): grpc.ClientUnaryCall;
  list(argument: _cairn_namenode_ListRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_ListReply__Output>): grpc.ClientUnaryCall;
  list(argument: _cairn_namenode_ListRequest, callback: grpc.requestCallback<_cairn_namenode_ListReply__Output>): grpc.ClientUnaryCall;
  
  ListOpenUploads(argument: _cairn_namenode_ListOpenUploadsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_ListOpenUploadsReply__Output>): grpc.ClientUnaryCall;
  ListOpenUploads(argument: _cairn_namenode_ListOpenUploadsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_ListOpenUploadsReply__Output>): grpc.ClientUnaryCall;
  ListOpenUploads(argument: _cairn_namenode_ListOpenUploadsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_ListOpenUploadsReply__Output>): grpc.ClientUnaryCall;
  ListOpenUploads(argument: _cairn_namenode_ListOpenUploadsRequest, callback: grpc.requestCallback<_cairn_namenode_ListOpenUploadsReply__Output>): grpc.ClientUnaryCall;
  listOpenUploads(argument: _cairn_namenode_ListOpenUploadsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_ListOpenUploadsReply__Output>): grpc.ClientUnaryCall;
  listOpenUploads(argument: _cairn_namenode_ListOpenUploadsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_ListOpenUploadsReply__Output>): grpc.ClientUnaryCall;
  listOpenUploads(argument: _cairn_namenode_ListOpenUploadsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_ListOpenUploadsReply__Output>): grpc.ClientUnaryCall;
  listOpenUploads(argument: _cairn_namenode_ListOpenUploadsRequest, callback: grpc.requestCallback<_cairn_namenode_ListOpenUploadsReply__Output>): grpc.ClientUnaryCall;
  
  ListParts(argument: _cairn_namenode_ListPartsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_ListPartsReply__Output>): grpc.ClientUnaryCall;
  ListParts(argument: _cairn_namenode_ListPartsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_ListPartsReply__Output>): grpc.ClientUnaryCall;
  ListParts(argument: _cairn_namenode_ListPartsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_ListPartsReply__Output>): grpc.ClientUnaryCall;
  ListParts(argument: _cairn_namenode_ListPartsRequest, callback: grpc.requestCallback<_cairn_namenode_ListPartsReply__Output>): grpc.ClientUnaryCall;
  listParts(argument: _cairn_namenode_ListPartsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_ListPartsReply__Output>): grpc.ClientUnaryCall;
  listParts(argument: _cairn_namenode_ListPartsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_ListPartsReply__Output>): grpc.ClientUnaryCall;
  listParts(argument: _cairn_namenode_ListPartsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_ListPartsReply__Output>): grpc.ClientUnaryCall;
  listParts(argument: _cairn_namenode_ListPartsRequest, callback: grpc.requestCallback<_cairn_namenode_ListPartsReply__Output>): grpc.ClientUnaryCall;
  
  ListShared(argument: _cairn_namenode_ListSharedRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_SharedReply__Output>): grpc.ClientUnaryCall;
  ListShared(argument: _cairn_namenode_ListSharedRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_SharedReply__Output>): grpc.ClientUnaryCall;
  ListShared(argument: _cairn_namenode_ListSharedRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_SharedReply__Output>): grpc.ClientUnaryCall;
  ListShared(argument: _cairn_namenode_ListSharedRequest, callback: grpc.requestCallback<_cairn_namenode_SharedReply__Output>): grpc.ClientUnaryCall;
  listShared(argument: _cairn_namenode_ListSharedRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_SharedReply__Output>): grpc.ClientUnaryCall;
  listShared(argument: _cairn_namenode_ListSharedRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_SharedReply__Output>): grpc.ClientUnaryCall;
  listShared(argument: _cairn_namenode_ListSharedRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_SharedReply__Output>): grpc.ClientUnaryCall;
  listShared(argument: _cairn_namenode_ListSharedRequest, callback: grpc.requestCallback<_cairn_namenode_SharedReply__Output>): grpc.ClientUnaryCall;
  
  ListShares(argument: _cairn_namenode_PathRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_SharesReply__Output>): grpc.ClientUnaryCall;
  ListShares(argument: _cairn_namenode_PathRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_SharesReply__Output>): grpc.ClientUnaryCall;
  ListShares(argument: _cairn_namenode_PathRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_SharesReply__Output>): grpc.ClientUnaryCall;
  ListShares(argument: _cairn_namenode_PathRequest, callback: grpc.requestCallback<_cairn_namenode_SharesReply__Output>): grpc.ClientUnaryCall;
  listShares(argument: _cairn_namenode_PathRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_SharesReply__Output>): grpc.ClientUnaryCall;
  listShares(argument: _cairn_namenode_PathRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_SharesReply__Output>): grpc.ClientUnaryCall;
  listShares(argument: _cairn_namenode_PathRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_SharesReply__Output>): grpc.ClientUnaryCall;
  listShares(argument: _cairn_namenode_PathRequest, callback: grpc.requestCallback<_cairn_namenode_SharesReply__Output>): grpc.ClientUnaryCall;
  
  ListUploads(argument: _cairn_namenode_ListUploadsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_ListUploadsReply__Output>): grpc.ClientUnaryCall;
  ListUploads(argument: _cairn_namenode_ListUploadsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_ListUploadsReply__Output>): grpc.ClientUnaryCall;
  ListUploads(argument: _cairn_namenode_ListUploadsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_ListUploadsReply__Output>): grpc.ClientUnaryCall;
  ListUploads(argument: _cairn_namenode_ListUploadsRequest, callback: grpc.requestCallback<_cairn_namenode_ListUploadsReply__Output>): grpc.ClientUnaryCall;
  listUploads(argument: _cairn_namenode_ListUploadsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_ListUploadsReply__Output>): grpc.ClientUnaryCall;
  listUploads(argument: _cairn_namenode_ListUploadsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_ListUploadsReply__Output>): grpc.ClientUnaryCall;
  listUploads(argument: _cairn_namenode_ListUploadsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_ListUploadsReply__Output>): grpc.ClientUnaryCall;
  listUploads(argument: _cairn_namenode_ListUploadsRequest, callback: grpc.requestCallback<_cairn_namenode_ListUploadsReply__Output>): grpc.ClientUnaryCall;
  
  MarkFolder(argument: _cairn_namenode_MkdirRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_Inode__Output>): grpc.ClientUnaryCall;
  MarkFolder(argument: _cairn_namenode_MkdirRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_Inode__Output>): grpc.ClientUnaryCall;
  MarkFolder(argument: _cairn_namenode_MkdirRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_Inode__Output>): grpc.ClientUnaryCall;
  MarkFolder(argument: _cairn_namenode_MkdirRequest, callback: grpc.requestCallback<_cairn_namenode_Inode__Output>): grpc.ClientUnaryCall;
  markFolder(argument: _cairn_namenode_MkdirRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_Inode__Output>): grpc.ClientUnaryCall;
  markFolder(argument: _cairn_namenode_MkdirRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_Inode__Output>): grpc.ClientUnaryCall;
  markFolder(argument: _cairn_namenode_MkdirRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_Inode__Output>): grpc.ClientUnaryCall;
  markFolder(argument: _cairn_namenode_MkdirRequest, callback: grpc.requestCallback<_cairn_namenode_Inode__Output>): grpc.ClientUnaryCall;
  
  Mkdir(argument: _cairn_namenode_MkdirRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_Inode__Output>): grpc.ClientUnaryCall;
  Mkdir(argument: _cairn_namenode_MkdirRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_Inode__Output>): grpc.ClientUnaryCall;
  Mkdir(argument: _cairn_namenode_MkdirRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_Inode__Output>): grpc.ClientUnaryCall;
  Mkdir(argument: _cairn_namenode_MkdirRequest, callback: grpc.requestCallback<_cairn_namenode_Inode__Output>): grpc.ClientUnaryCall;
  mkdir(argument: _cairn_namenode_MkdirRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_Inode__Output>): grpc.ClientUnaryCall;
  mkdir(argument: _cairn_namenode_MkdirRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_Inode__Output>): grpc.ClientUnaryCall;
  mkdir(argument: _cairn_namenode_MkdirRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_Inode__Output>): grpc.ClientUnaryCall;
  mkdir(argument: _cairn_namenode_MkdirRequest, callback: grpc.requestCallback<_cairn_namenode_Inode__Output>): grpc.ClientUnaryCall;
  
  Move(argument: _cairn_namenode_MoveRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_Inode__Output>): grpc.ClientUnaryCall;
  Move(argument: _cairn_namenode_MoveRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_Inode__Output>): grpc.ClientUnaryCall;
  Move(argument: _cairn_namenode_MoveRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_Inode__Output>): grpc.ClientUnaryCall;
  Move(argument: _cairn_namenode_MoveRequest, callback: grpc.requestCallback<_cairn_namenode_Inode__Output>): grpc.ClientUnaryCall;
  move(argument: _cairn_namenode_MoveRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_Inode__Output>): grpc.ClientUnaryCall;
  move(argument: _cairn_namenode_MoveRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_Inode__Output>): grpc.ClientUnaryCall;
  move(argument: _cairn_namenode_MoveRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_Inode__Output>): grpc.ClientUnaryCall;
  move(argument: _cairn_namenode_MoveRequest, callback: grpc.requestCallback<_cairn_namenode_Inode__Output>): grpc.ClientUnaryCall;
  
  PurgeRevision(argument: _cairn_namenode_RestoreRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_common_Empty__Output>): grpc.ClientUnaryCall;
  PurgeRevision(argument: _cairn_namenode_RestoreRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_common_Empty__Output>): grpc.ClientUnaryCall;
  PurgeRevision(argument: _cairn_namenode_RestoreRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_common_Empty__Output>): grpc.ClientUnaryCall;
  PurgeRevision(argument: _cairn_namenode_RestoreRequest, callback: grpc.requestCallback<_cairn_common_Empty__Output>): grpc.ClientUnaryCall;
  purgeRevision(argument: _cairn_namenode_RestoreRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_common_Empty__Output>): grpc.ClientUnaryCall;
  purgeRevision(argument: _cairn_namenode_RestoreRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_common_Empty__Output>): grpc.ClientUnaryCall;
  purgeRevision(argument: _cairn_namenode_RestoreRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_common_Empty__Output>): grpc.ClientUnaryCall;
  purgeRevision(argument: _cairn_namenode_RestoreRequest, callback: grpc.requestCallback<_cairn_common_Empty__Output>): grpc.ClientUnaryCall;
  
  PutBlocks(argument: _cairn_namenode_PutBlocksRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_PutBlocksReply__Output>): grpc.ClientUnaryCall;
  PutBlocks(argument: _cairn_namenode_PutBlocksRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_PutBlocksReply__Output>): grpc.ClientUnaryCall;
  PutBlocks(argument: _cairn_namenode_PutBlocksRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_PutBlocksReply__Output>): grpc.ClientUnaryCall;
  PutBlocks(argument: _cairn_namenode_PutBlocksRequest, callback: grpc.requestCallback<_cairn_namenode_PutBlocksReply__Output>): grpc.ClientUnaryCall;
  putBlocks(argument: _cairn_namenode_PutBlocksRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_PutBlocksReply__Output>): grpc.ClientUnaryCall;
  putBlocks(argument: _cairn_namenode_PutBlocksRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_PutBlocksReply__Output>): grpc.ClientUnaryCall;
  putBlocks(argument: _cairn_namenode_PutBlocksRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_PutBlocksReply__Output>): grpc.ClientUnaryCall;
  putBlocks(argument: _cairn_namenode_PutBlocksRequest, callback: grpc.requestCallback<_cairn_namenode_PutBlocksReply__Output>): grpc.ClientUnaryCall;
  
  Restore(argument: _cairn_namenode_RestoreRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_Inode__Output>): grpc.ClientUnaryCall;
  Restore(argument: _cairn_namenode_RestoreRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_Inode__Output>): grpc.ClientUnaryCall;
  Restore(argument: _cairn_namenode_RestoreRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_Inode__Output>): grpc.ClientUnaryCall;
  Restore(argument: _cairn_namenode_RestoreRequest, callback: grpc.requestCallback<_cairn_namenode_Inode__Output>): grpc.ClientUnaryCall;
  restore(argument: _cairn_namenode_RestoreRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_Inode__Output>): grpc.ClientUnaryCall;
  restore(argument: _cairn_namenode_RestoreRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_Inode__Output>): grpc.ClientUnaryCall;
  restore(argument: _cairn_namenode_RestoreRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_Inode__Output>): grpc.ClientUnaryCall;
  restore(argument: _cairn_namenode_RestoreRequest, callback: grpc.requestCallback<_cairn_namenode_Inode__Output>): grpc.ClientUnaryCall;
  
  Revisions(argument: _cairn_namenode_PathRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_RevisionsReply__Output>): grpc.ClientUnaryCall;
  Revisions(argument: _cairn_namenode_PathRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_RevisionsReply__Output>): grpc.ClientUnaryCall;
  Revisions(argument: _cairn_namenode_PathRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_RevisionsReply__Output>): grpc.ClientUnaryCall;
  Revisions(argument: _cairn_namenode_PathRequest, callback: grpc.requestCallback<_cairn_namenode_RevisionsReply__Output>): grpc.ClientUnaryCall;
  revisions(argument: _cairn_namenode_PathRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_RevisionsReply__Output>): grpc.ClientUnaryCall;
  revisions(argument: _cairn_namenode_PathRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_RevisionsReply__Output>): grpc.ClientUnaryCall;
  revisions(argument: _cairn_namenode_PathRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_RevisionsReply__Output>): grpc.ClientUnaryCall;
  revisions(argument: _cairn_namenode_PathRequest, callback: grpc.requestCallback<_cairn_namenode_RevisionsReply__Output>): grpc.ClientUnaryCall;
  
  Share(argument: _cairn_namenode_ShareRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_ShareInfo__Output>): grpc.ClientUnaryCall;
  Share(argument: _cairn_namenode_ShareRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_ShareInfo__Output>): grpc.ClientUnaryCall;
  Share(argument: _cairn_namenode_ShareRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_ShareInfo__Output>): grpc.ClientUnaryCall;
  Share(argument: _cairn_namenode_ShareRequest, callback: grpc.requestCallback<_cairn_namenode_ShareInfo__Output>): grpc.ClientUnaryCall;
  share(argument: _cairn_namenode_ShareRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_ShareInfo__Output>): grpc.ClientUnaryCall;
  share(argument: _cairn_namenode_ShareRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_ShareInfo__Output>): grpc.ClientUnaryCall;
  share(argument: _cairn_namenode_ShareRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_ShareInfo__Output>): grpc.ClientUnaryCall;
  share(argument: _cairn_namenode_ShareRequest, callback: grpc.requestCallback<_cairn_namenode_ShareInfo__Output>): grpc.ClientUnaryCall;
  
  Stat(argument: _cairn_namenode_PathRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_Inode__Output>): grpc.ClientUnaryCall;
  Stat(argument: _cairn_namenode_PathRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_Inode__Output>): grpc.ClientUnaryCall;
  Stat(argument: _cairn_namenode_PathRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_Inode__Output>): grpc.ClientUnaryCall;
  Stat(argument: _cairn_namenode_PathRequest, callback: grpc.requestCallback<_cairn_namenode_Inode__Output>): grpc.ClientUnaryCall;
  stat(argument: _cairn_namenode_PathRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_Inode__Output>): grpc.ClientUnaryCall;
  stat(argument: _cairn_namenode_PathRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_Inode__Output>): grpc.ClientUnaryCall;
  stat(argument: _cairn_namenode_PathRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_Inode__Output>): grpc.ClientUnaryCall;
  stat(argument: _cairn_namenode_PathRequest, callback: grpc.requestCallback<_cairn_namenode_Inode__Output>): grpc.ClientUnaryCall;
  
  Trash(argument: _cairn_namenode_PathRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_Inode__Output>): grpc.ClientUnaryCall;
  Trash(argument: _cairn_namenode_PathRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_Inode__Output>): grpc.ClientUnaryCall;
  Trash(argument: _cairn_namenode_PathRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_Inode__Output>): grpc.ClientUnaryCall;
  Trash(argument: _cairn_namenode_PathRequest, callback: grpc.requestCallback<_cairn_namenode_Inode__Output>): grpc.ClientUnaryCall;
  trash(argument: _cairn_namenode_PathRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_Inode__Output>): grpc.ClientUnaryCall;
  trash(argument: _cairn_namenode_PathRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_Inode__Output>): grpc.ClientUnaryCall;
  trash(argument: _cairn_namenode_PathRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_Inode__Output>): grpc.ClientUnaryCall;
  trash(argument: _cairn_namenode_PathRequest, callback: grpc.requestCallback<_cairn_namenode_Inode__Output>): grpc.ClientUnaryCall;
  
  TrashEmpty(argument: _cairn_namenode_TrashEmptyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_TrashEmptyReply__Output>): grpc.ClientUnaryCall;
  TrashEmpty(argument: _cairn_namenode_TrashEmptyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_TrashEmptyReply__Output>): grpc.ClientUnaryCall;
  TrashEmpty(argument: _cairn_namenode_TrashEmptyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_TrashEmptyReply__Output>): grpc.ClientUnaryCall;
  TrashEmpty(argument: _cairn_namenode_TrashEmptyRequest, callback: grpc.requestCallback<_cairn_namenode_TrashEmptyReply__Output>): grpc.ClientUnaryCall;
  trashEmpty(argument: _cairn_namenode_TrashEmptyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_TrashEmptyReply__Output>): grpc.ClientUnaryCall;
  trashEmpty(argument: _cairn_namenode_TrashEmptyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_TrashEmptyReply__Output>): grpc.ClientUnaryCall;
  trashEmpty(argument: _cairn_namenode_TrashEmptyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_TrashEmptyReply__Output>): grpc.ClientUnaryCall;
  trashEmpty(argument: _cairn_namenode_TrashEmptyRequest, callback: grpc.requestCallback<_cairn_namenode_TrashEmptyReply__Output>): grpc.ClientUnaryCall;
  
  TrashList(argument: _cairn_common_Empty, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_TrashListReply__Output>): grpc.ClientUnaryCall;
  TrashList(argument: _cairn_common_Empty, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_TrashListReply__Output>): grpc.ClientUnaryCall;
  TrashList(argument: _cairn_common_Empty, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_TrashListReply__Output>): grpc.ClientUnaryCall;
  TrashList(argument: _cairn_common_Empty, callback: grpc.requestCallback<_cairn_namenode_TrashListReply__Output>): grpc.ClientUnaryCall;
  trashList(argument: _cairn_common_Empty, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_TrashListReply__Output>): grpc.ClientUnaryCall;
  trashList(argument: _cairn_common_Empty, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_TrashListReply__Output>): grpc.ClientUnaryCall;
  trashList(argument: _cairn_common_Empty, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_TrashListReply__Output>): grpc.ClientUnaryCall;
  trashList(argument: _cairn_common_Empty, callback: grpc.requestCallback<_cairn_namenode_TrashListReply__Output>): grpc.ClientUnaryCall;
  
  TrashRestore(argument: _cairn_namenode_PathRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_Inode__Output>): grpc.ClientUnaryCall;
  TrashRestore(argument: _cairn_namenode_PathRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_Inode__Output>): grpc.ClientUnaryCall;
  TrashRestore(argument: _cairn_namenode_PathRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_Inode__Output>): grpc.ClientUnaryCall;
  TrashRestore(argument: _cairn_namenode_PathRequest, callback: grpc.requestCallback<_cairn_namenode_Inode__Output>): grpc.ClientUnaryCall;
  trashRestore(argument: _cairn_namenode_PathRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_Inode__Output>): grpc.ClientUnaryCall;
  trashRestore(argument: _cairn_namenode_PathRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_Inode__Output>): grpc.ClientUnaryCall;
  trashRestore(argument: _cairn_namenode_PathRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_Inode__Output>): grpc.ClientUnaryCall;
  trashRestore(argument: _cairn_namenode_PathRequest, callback: grpc.requestCallback<_cairn_namenode_Inode__Output>): grpc.ClientUnaryCall;
  
  Unshare(argument: _cairn_namenode_ShareRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_common_Empty__Output>): grpc.ClientUnaryCall;
  Unshare(argument: _cairn_namenode_ShareRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_common_Empty__Output>): grpc.ClientUnaryCall;
  Unshare(argument: _cairn_namenode_ShareRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_common_Empty__Output>): grpc.ClientUnaryCall;
  Unshare(argument: _cairn_namenode_ShareRequest, callback: grpc.requestCallback<_cairn_common_Empty__Output>): grpc.ClientUnaryCall;
  unshare(argument: _cairn_namenode_ShareRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_common_Empty__Output>): grpc.ClientUnaryCall;
  unshare(argument: _cairn_namenode_ShareRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_common_Empty__Output>): grpc.ClientUnaryCall;
  unshare(argument: _cairn_namenode_ShareRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_common_Empty__Output>): grpc.ClientUnaryCall;
  unshare(argument: _cairn_namenode_ShareRequest, callback: grpc.requestCallback<_cairn_common_Empty__Output>): grpc.ClientUnaryCall;
  
  WhoAmI(argument: _cairn_common_Empty, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_UserInfo__Output>): grpc.ClientUnaryCall;
  WhoAmI(argument: _cairn_common_Empty, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_UserInfo__Output>): grpc.ClientUnaryCall;
  WhoAmI(argument: _cairn_common_Empty, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_UserInfo__Output>): grpc.ClientUnaryCall;
  WhoAmI(argument: _cairn_common_Empty, callback: grpc.requestCallback<_cairn_namenode_UserInfo__Output>): grpc.ClientUnaryCall;
  whoAmI(argument: _cairn_common_Empty, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_UserInfo__Output>): grpc.ClientUnaryCall;
  whoAmI(argument: _cairn_common_Empty, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_UserInfo__Output>): grpc.ClientUnaryCall;
  whoAmI(argument: _cairn_common_Empty, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_UserInfo__Output>): grpc.ClientUnaryCall;
  whoAmI(argument: _cairn_common_Empty, callback: grpc.requestCallback<_cairn_namenode_UserInfo__Output>): grpc.ClientUnaryCall;
  
}

export interface ClientServiceHandlers extends grpc.UntypedServiceImplementation {
  AbortUpload: grpc.handleUnaryCall<_cairn_namenode_UploadIdRequest__Output, _cairn_common_Empty>;
  
  BeginPart: grpc.handleUnaryCall<_cairn_namenode_BeginPartRequest__Output, _cairn_namenode_BeginUploadReply>;
  
  BeginUpload: grpc.handleUnaryCall<_cairn_namenode_BeginUploadRequest__Output, _cairn_namenode_BeginUploadReply>;
  
  ClusterInfo: grpc.handleUnaryCall<_cairn_common_Empty__Output, _cairn_namenode_ClusterInfoReply>;
  
  CommitPart: grpc.handleUnaryCall<_cairn_namenode_CommitUploadRequest__Output, _cairn_namenode_PartInfo>;
  
  CommitUpload: grpc.handleUnaryCall<_cairn_namenode_CommitUploadRequest__Output, _cairn_namenode_Inode>;
  
  CompleteMultipart: grpc.handleUnaryCall<_cairn_namenode_CompleteMultipartRequest__Output, _cairn_namenode_Inode>;
  
  CopyFile: grpc.handleUnaryCall<_cairn_namenode_CopyFileRequest__Output, _cairn_namenode_Inode>;
  
  CreateMultipart: grpc.handleUnaryCall<_cairn_namenode_CreateMultipartRequest__Output, _cairn_namenode_BeginUploadReply>;
  
  GetFile: grpc.handleUnaryCall<_cairn_namenode_GetFileRequest__Output, _cairn_namenode_GetFileReply>;
  
  List: grpc.handleUnaryCall<_cairn_namenode_ListRequest__Output, _cairn_namenode_ListReply>;
  
  ListOpenUploads: grpc.handleUnaryCall<_cairn_namenode_ListOpenUploadsRequest__Output, _cairn_namenode_ListOpenUploadsReply>;
  
  ListParts: grpc.handleUnaryCall<_cairn_namenode_ListPartsRequest__Output, _cairn_namenode_ListPartsReply>;
  
  ListShared: grpc.handleUnaryCall<_cairn_namenode_ListSharedRequest__Output, _cairn_namenode_SharedReply>;
  
  ListShares: grpc.handleUnaryCall<_cairn_namenode_PathRequest__Output, _cairn_namenode_SharesReply>;
  
  ListUploads: grpc.handleUnaryCall<_cairn_namenode_ListUploadsRequest__Output, _cairn_namenode_ListUploadsReply>;
  
  MarkFolder: grpc.handleUnaryCall<_cairn_namenode_MkdirRequest__Output, _cairn_namenode_Inode>;
  
  Mkdir: grpc.handleUnaryCall<_cairn_namenode_MkdirRequest__Output, _cairn_namenode_Inode>;
  
  Move: grpc.handleUnaryCall<_cairn_namenode_MoveRequest__Output, _cairn_namenode_Inode>;
  
  PurgeRevision: grpc.handleUnaryCall<_cairn_namenode_RestoreRequest__Output, _cairn_common_Empty>;
  
  PutBlocks: grpc.handleUnaryCall<_cairn_namenode_PutBlocksRequest__Output, _cairn_namenode_PutBlocksReply>;
  
  Restore: grpc.handleUnaryCall<_cairn_namenode_RestoreRequest__Output, _cairn_namenode_Inode>;
  
  Revisions: grpc.handleUnaryCall<_cairn_namenode_PathRequest__Output, _cairn_namenode_RevisionsReply>;
  
  Share: grpc.handleUnaryCall<_cairn_namenode_ShareRequest__Output, _cairn_namenode_ShareInfo>;
  
  Stat: grpc.handleUnaryCall<_cairn_namenode_PathRequest__Output, _cairn_namenode_Inode>;
  
  Trash: grpc.handleUnaryCall<_cairn_namenode_PathRequest__Output, _cairn_namenode_Inode>;
  
  TrashEmpty: grpc.handleUnaryCall<_cairn_namenode_TrashEmptyRequest__Output, _cairn_namenode_TrashEmptyReply>;
  
  TrashList: grpc.handleUnaryCall<_cairn_common_Empty__Output, _cairn_namenode_TrashListReply>;
  
  TrashRestore: grpc.handleUnaryCall<_cairn_namenode_PathRequest__Output, _cairn_namenode_Inode>;
  
  Unshare: grpc.handleUnaryCall<_cairn_namenode_ShareRequest__Output, _cairn_common_Empty>;
  
  WhoAmI: grpc.handleUnaryCall<_cairn_common_Empty__Output, _cairn_namenode_UserInfo>;
  
}

export interface ClientServiceDefinition extends grpc.ServiceDefinition {
  AbortUpload: MethodDefinition<_cairn_namenode_UploadIdRequest, _cairn_common_Empty, _cairn_namenode_UploadIdRequest__Output, _cairn_common_Empty__Output>
  BeginPart: MethodDefinition<_cairn_namenode_BeginPartRequest, _cairn_namenode_BeginUploadReply, _cairn_namenode_BeginPartRequest__Output, _cairn_namenode_BeginUploadReply__Output>
  BeginUpload: MethodDefinition<_cairn_namenode_BeginUploadRequest, _cairn_namenode_BeginUploadReply, _cairn_namenode_BeginUploadRequest__Output, _cairn_namenode_BeginUploadReply__Output>
  ClusterInfo: MethodDefinition<_cairn_common_Empty, _cairn_namenode_ClusterInfoReply, _cairn_common_Empty__Output, _cairn_namenode_ClusterInfoReply__Output>
  CommitPart: MethodDefinition<_cairn_namenode_CommitUploadRequest, _cairn_namenode_PartInfo, _cairn_namenode_CommitUploadRequest__Output, _cairn_namenode_PartInfo__Output>
  CommitUpload: MethodDefinition<_cairn_namenode_CommitUploadRequest, _cairn_namenode_Inode, _cairn_namenode_CommitUploadRequest__Output, _cairn_namenode_Inode__Output>
  CompleteMultipart: MethodDefinition<_cairn_namenode_CompleteMultipartRequest, _cairn_namenode_Inode, _cairn_namenode_CompleteMultipartRequest__Output, _cairn_namenode_Inode__Output>
  CopyFile: MethodDefinition<_cairn_namenode_CopyFileRequest, _cairn_namenode_Inode, _cairn_namenode_CopyFileRequest__Output, _cairn_namenode_Inode__Output>
  CreateMultipart: MethodDefinition<_cairn_namenode_CreateMultipartRequest, _cairn_namenode_BeginUploadReply, _cairn_namenode_CreateMultipartRequest__Output, _cairn_namenode_BeginUploadReply__Output>
  GetFile: MethodDefinition<_cairn_namenode_GetFileRequest, _cairn_namenode_GetFileReply, _cairn_namenode_GetFileRequest__Output, _cairn_namenode_GetFileReply__Output>
  List: MethodDefinition<_cairn_namenode_ListRequest, _cairn_namenode_ListReply, _cairn_namenode_ListRequest__Output, _cairn_namenode_ListReply__Output>
  ListOpenUploads: MethodDefinition<_cairn_namenode_ListOpenUploadsRequest, _cairn_namenode_ListOpenUploadsReply, _cairn_namenode_ListOpenUploadsRequest__Output, _cairn_namenode_ListOpenUploadsReply__Output>
  ListParts: MethodDefinition<_cairn_namenode_ListPartsRequest, _cairn_namenode_ListPartsReply, _cairn_namenode_ListPartsRequest__Output, _cairn_namenode_ListPartsReply__Output>
  ListShared: MethodDefinition<_cairn_namenode_ListSharedRequest, _cairn_namenode_SharedReply, _cairn_namenode_ListSharedRequest__Output, _cairn_namenode_SharedReply__Output>
  ListShares: MethodDefinition<_cairn_namenode_PathRequest, _cairn_namenode_SharesReply, _cairn_namenode_PathRequest__Output, _cairn_namenode_SharesReply__Output>
  ListUploads: MethodDefinition<_cairn_namenode_ListUploadsRequest, _cairn_namenode_ListUploadsReply, _cairn_namenode_ListUploadsRequest__Output, _cairn_namenode_ListUploadsReply__Output>
  MarkFolder: MethodDefinition<_cairn_namenode_MkdirRequest, _cairn_namenode_Inode, _cairn_namenode_MkdirRequest__Output, _cairn_namenode_Inode__Output>
  Mkdir: MethodDefinition<_cairn_namenode_MkdirRequest, _cairn_namenode_Inode, _cairn_namenode_MkdirRequest__Output, _cairn_namenode_Inode__Output>
  Move: MethodDefinition<_cairn_namenode_MoveRequest, _cairn_namenode_Inode, _cairn_namenode_MoveRequest__Output, _cairn_namenode_Inode__Output>
  PurgeRevision: MethodDefinition<_cairn_namenode_RestoreRequest, _cairn_common_Empty, _cairn_namenode_RestoreRequest__Output, _cairn_common_Empty__Output>
  PutBlocks: MethodDefinition<_cairn_namenode_PutBlocksRequest, _cairn_namenode_PutBlocksReply, _cairn_namenode_PutBlocksRequest__Output, _cairn_namenode_PutBlocksReply__Output>
  Restore: MethodDefinition<_cairn_namenode_RestoreRequest, _cairn_namenode_Inode, _cairn_namenode_RestoreRequest__Output, _cairn_namenode_Inode__Output>
  Revisions: MethodDefinition<_cairn_namenode_PathRequest, _cairn_namenode_RevisionsReply, _cairn_namenode_PathRequest__Output, _cairn_namenode_RevisionsReply__Output>
  Share: MethodDefinition<_cairn_namenode_ShareRequest, _cairn_namenode_ShareInfo, _cairn_namenode_ShareRequest__Output, _cairn_namenode_ShareInfo__Output>
  Stat: MethodDefinition<_cairn_namenode_PathRequest, _cairn_namenode_Inode, _cairn_namenode_PathRequest__Output, _cairn_namenode_Inode__Output>
  Trash: MethodDefinition<_cairn_namenode_PathRequest, _cairn_namenode_Inode, _cairn_namenode_PathRequest__Output, _cairn_namenode_Inode__Output>
  TrashEmpty: MethodDefinition<_cairn_namenode_TrashEmptyRequest, _cairn_namenode_TrashEmptyReply, _cairn_namenode_TrashEmptyRequest__Output, _cairn_namenode_TrashEmptyReply__Output>
  TrashList: MethodDefinition<_cairn_common_Empty, _cairn_namenode_TrashListReply, _cairn_common_Empty__Output, _cairn_namenode_TrashListReply__Output>
  TrashRestore: MethodDefinition<_cairn_namenode_PathRequest, _cairn_namenode_Inode, _cairn_namenode_PathRequest__Output, _cairn_namenode_Inode__Output>
  Unshare: MethodDefinition<_cairn_namenode_ShareRequest, _cairn_common_Empty, _cairn_namenode_ShareRequest__Output, _cairn_common_Empty__Output>
  WhoAmI: MethodDefinition<_cairn_common_Empty, _cairn_namenode_UserInfo, _cairn_common_Empty__Output, _cairn_namenode_UserInfo__Output>
}

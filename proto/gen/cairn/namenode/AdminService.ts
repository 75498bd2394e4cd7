// Original file: proto/namenode.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { AuditReply as _cairn_namenode_AuditReply, AuditReply__Output as _cairn_namenode_AuditReply__Output } from '../../cairn/namenode/AuditReply.js';
import type { AuditRequest as _cairn_namenode_AuditRequest, AuditRequest__Output as _cairn_namenode_AuditRequest__Output } from '../../cairn/namenode/AuditRequest.js';
import type { DatanodeInfo as _cairn_namenode_DatanodeInfo, DatanodeInfo__Output as _cairn_namenode_DatanodeInfo__Output } from '../../cairn/namenode/DatanodeInfo.js';
import type { DatanodesReply as _cairn_namenode_DatanodesReply, DatanodesReply__Output as _cairn_namenode_DatanodesReply__Output } from '../../cairn/namenode/DatanodesReply.js';
import type { Empty as _cairn_common_Empty, Empty__Output as _cairn_common_Empty__Output } from '../../cairn/common/Empty.js';
import type { FsckReply as _cairn_namenode_FsckReply, FsckReply__Output as _cairn_namenode_FsckReply__Output } from '../../cairn/namenode/FsckReply.js';
import type { FsckRequest as _cairn_namenode_FsckRequest, FsckRequest__Output as _cairn_namenode_FsckRequest__Output } from '../../cairn/namenode/FsckRequest.js';
import type { GcReply as _cairn_namenode_GcReply, GcReply__Output as _cairn_namenode_GcReply__Output } from '../../cairn/namenode/GcReply.js';
import type { HaFailoverRequest as _cairn_namenode_HaFailoverRequest, HaFailoverRequest__Output as _cairn_namenode_HaFailoverRequest__Output } from '../../cairn/namenode/HaFailoverRequest.js';
import type { HaStatusReply as _cairn_namenode_HaStatusReply, HaStatusReply__Output as _cairn_namenode_HaStatusReply__Output } from '../../cairn/namenode/HaStatusReply.js';
import type { NodeRequest as _cairn_namenode_NodeRequest, NodeRequest__Output as _cairn_namenode_NodeRequest__Output } from '../../cairn/namenode/NodeRequest.js';
import type { ReportReply as _cairn_namenode_ReportReply, ReportReply__Output as _cairn_namenode_ReportReply__Output } from '../../cairn/namenode/ReportReply.js';
import type { SafemodeReply as _cairn_namenode_SafemodeReply, SafemodeReply__Output as _cairn_namenode_SafemodeReply__Output } from '../../cairn/namenode/SafemodeReply.js';
import type { SafemodeRequest as _cairn_namenode_SafemodeRequest, SafemodeRequest__Output as _cairn_namenode_SafemodeRequest__Output } from '../../cairn/namenode/SafemodeRequest.js';
import type { SetQuotaRequest as _cairn_namenode_SetQuotaRequest, SetQuotaRequest__Output as _cairn_namenode_SetQuotaRequest__Output } from '../../cairn/namenode/SetQuotaRequest.js';
import type { UserAddReply as _cairn_namenode_UserAddReply, UserAddReply__Output as _cairn_namenode_UserAddReply__Output } from '../../cairn/namenode/UserAddReply.js';
import type { UserAddRequest as _cairn_namenode_UserAddRequest, UserAddRequest__Output as _cairn_namenode_UserAddRequest__Output } from '../../cairn/namenode/UserAddRequest.js';
import type { UserInfo as _cairn_namenode_UserInfo, UserInfo__Output as _cairn_namenode_UserInfo__Output } from '../../cairn/namenode/UserInfo.js';
import type { UserKeyAddRequest as _cairn_namenode_UserKeyAddRequest, UserKeyAddRequest__Output as _cairn_namenode_UserKeyAddRequest__Output } from '../../cairn/namenode/UserKeyAddRequest.js';
import type { UserKeyRevokeRequest as _cairn_namenode_UserKeyRevokeRequest, UserKeyRevokeRequest__Output as _cairn_namenode_UserKeyRevokeRequest__Output } from '../../cairn/namenode/UserKeyRevokeRequest.js';
import type { UserKeysReply as _cairn_namenode_UserKeysReply, UserKeysReply__Output as _cairn_namenode_UserKeysReply__Output } from '../../cairn/namenode/UserKeysReply.js';
import type { UserListReply as _cairn_namenode_UserListReply, UserListReply__Output as _cairn_namenode_UserListReply__Output } from '../../cairn/namenode/UserListReply.js';
import type { UserNameRequest as _cairn_namenode_UserNameRequest, UserNameRequest__Output as _cairn_namenode_UserNameRequest__Output } from '../../cairn/namenode/UserNameRequest.js';
import type { UserRemoveReply as _cairn_namenode_UserRemoveReply, UserRemoveReply__Output as _cairn_namenode_UserRemoveReply__Output } from '../../cairn/namenode/UserRemoveReply.js';
import type { UserTokenRequest as _cairn_namenode_UserTokenRequest, UserTokenRequest__Output as _cairn_namenode_UserTokenRequest__Output } from '../../cairn/namenode/UserTokenRequest.js';

export interface AdminServiceClient extends grpc.Client {
  Audit(argument: _cairn_namenode_AuditRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_AuditReply__Output>): grpc.ClientUnaryCall;
  Audit(argument: _cairn_namenode_AuditRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_AuditReply__Output>): grpc.ClientUnaryCall;
  Audit(argument: _cairn_namenode_AuditRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_AuditReply__Output>): grpc.ClientUnaryCall;
  Audit(argument: _cairn_namenode_AuditRequest, callback: grpc.requestCallback<_cairn_namenode_AuditReply__Output>): grpc.ClientUnaryCall;
  audit(argument: _cairn_namenode_AuditRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_AuditReply__Output>): grpc.ClientUnaryCall;
  audit(argument: _cairn_namenode_AuditRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_AuditReply__Output>): grpc.ClientUnaryCall;
  audit(argument: _cairn_namenode_AuditRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_AuditReply__Output>): grpc.ClientUnaryCall;
  audit(argument: _cairn_namenode_AuditRequest, callback: grpc.requestCallback<_cairn_namenode_AuditReply__Output>): grpc.ClientUnaryCall;
  
  CollectGarbage(argument: _cairn_common_Empty, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_GcReply__Output>): grpc.ClientUnaryCall;
  CollectGarbage(argument: _cairn_common_Empty, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_GcReply__Output>): grpc.ClientUnaryCall;
  CollectGarbage(argument: _cairn_common_Empty, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_GcReply__Output>): grpc.ClientUnaryCall;
  CollectGarbage(argument: _cairn_common_Empty, callback: grpc.requestCallback<_cairn_namenode_GcReply__Output>): grpc.ClientUnaryCall;
  collectGarbage(argument: _cairn_common_Empty, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_GcReply__Output>): grpc.ClientUnaryCall;
  collectGarbage(argument: _cairn_common_Empty, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_GcReply__Output>): grpc.ClientUnaryCall;
  collectGarbage(argument: _cairn_common_Empty, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_GcReply__Output>): grpc.ClientUnaryCall;
  collectGarbage(argument: _cairn_common_Empty, callback: grpc.requestCallback<_cairn_namenode_GcReply__Output>): grpc.ClientUnaryCall;
  
  Datanodes(argument: _cairn_common_Empty, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_DatanodesReply__Output>): grpc.ClientUnaryCall;
  Datanodes(argument: _cairn_common_Empty, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_DatanodesReply__Output>): grpc.ClientUnaryCall;
  Datanodes(argument: _cairn_common_Empty, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_DatanodesReply__Output>): grpc.ClientUnaryCall;
  Datanodes(argument: _cairn_common_Empty, callback: grpc.requestCallback<_cairn_namenode_DatanodesReply__Output>): grpc.ClientUnaryCall;
  datanodes(argument: _cairn_common_Empty, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_DatanodesReply__Output>): grpc.ClientUnaryCall;
  datanodes(argument: _cairn_common_Empty, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_DatanodesReply__Output>): grpc.ClientUnaryCall;
  datanodes(argument: _cairn_common_Empty, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_DatanodesReply__Output>): grpc.ClientUnaryCall;
  datanodes(argument: _cairn_common_Empty, callback: grpc.requestCallback<_cairn_namenode_DatanodesReply__Output>): grpc.ClientUnaryCall;
  
  Decommission(argument: _cairn_namenode_NodeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_DatanodeInfo__Output>): grpc.ClientUnaryCall;
  Decommission(argument: _cairn_namenode_NodeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_DatanodeInfo__Output>): grpc.ClientUnaryCall;
  Decommission(argument: _cairn_namenode_NodeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_DatanodeInfo__Output>): grpc.ClientUnaryCall;
  Decommission(argument: _cairn_namenode_NodeRequest, callback: grpc.requestCallback<_cairn_namenode_DatanodeInfo__Output>): grpc.ClientUnaryCall;
  decommission(argument: _cairn_namenode_NodeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_DatanodeInfo__Output>): grpc.ClientUnaryCall;
  decommission(argument: _cairn_namenode_NodeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_DatanodeInfo__Output>): grpc.ClientUnaryCall;
  decommission(argument: _cairn_namenode_NodeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_DatanodeInfo__Output>): grpc.ClientUnaryCall;
  decommission(argument: _cairn_namenode_NodeRequest, callback: grpc.requestCallback<_cairn_namenode_DatanodeInfo__Output>): grpc.ClientUnaryCall;
  
  Fsck(argument: _cairn_namenode_FsckRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_FsckReply__Output>): grpc.ClientUnaryCall;
  Fsck(argument: _cairn_namenode_FsckRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_FsckReply__Output>): grpc.ClientUnaryCall;
  Fsck(argument: _cairn_namenode_FsckRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_FsckReply__Output>): grpc.ClientUnaryCall;
  Fsck(argument: _cairn_namenode_FsckRequest, callback: grpc.requestCallback<_cairn_namenode_FsckReply__Output>): grpc.ClientUnaryCall;
  fsck(argument: _cairn_namenode_FsckRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_FsckReply__Output>): grpc.ClientUnaryCall;
  fsck(argument: _cairn_namenode_FsckRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_FsckReply__Output>): grpc.ClientUnaryCall;
  fsck(argument: _cairn_namenode_FsckRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_FsckReply__Output>): grpc.ClientUnaryCall;
  fsck(argument: _cairn_namenode_FsckRequest, callback: grpc.requestCallback<_cairn_namenode_FsckReply__Output>): grpc.ClientUnaryCall;
  
  HaFailover(argument: _cairn_namenode_HaFailoverRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_HaStatusReply__Output>): grpc.ClientUnaryCall;
  HaFailover(argument: _cairn_namenode_HaFailoverRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_HaStatusReply__Output>): grpc.ClientUnaryCall;
  HaFailover(argument: _cairn_namenode_HaFailoverRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_HaStatusReply__Output>): grpc.ClientUnaryCall;
  HaFailover(argument: _cairn_namenode_HaFailoverRequest, callback: grpc.requestCallback<_cairn_namenode_HaStatusReply__Output>): grpc.ClientUnaryCall;
  haFailover(argument: _cairn_namenode_HaFailoverRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_HaStatusReply__Output>): grpc.ClientUnaryCall;
  haFailover(argument: _cairn_namenode_HaFailoverRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_HaStatusReply__Output>): grpc.ClientUnaryCall;
  haFailover(argument: _cairn_namenode_HaFailoverRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_HaStatusReply__Output>): grpc.ClientUnaryCall;
  haFailover(argument: _cairn_namenode_HaFailoverRequest, callback: grpc.requestCallback<_cairn_namenode_HaStatusReply__Output>): grpc.ClientUnaryCall;
  
  HaStatus(argument: _cairn_common_Empty, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_HaStatusReply__Output>): grpc.ClientUnaryCall;
  HaStatus(argument: _cairn_common_Empty, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_HaStatusReply__Output>): grpc.ClientUnaryCall;
  HaStatus(argument: _cairn_common_Empty, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_HaStatusReply__Output>): grpc.ClientUnaryCall;
  HaStatus(argument: _cairn_common_Empty, callback: grpc.requestCallback<_cairn_namenode_HaStatusReply__Output>): grpc.ClientUnaryCall;
  haStatus(argument: _cairn_common_Empty, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_HaStatusReply__Output>): grpc.ClientUnaryCall;
  haStatus(argument: _cairn_common_Empty, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_HaStatusReply__Output>): grpc.ClientUnaryCall;
  haStatus(argument: _cairn_common_Empty, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_HaStatusReply__Output>): grpc.ClientUnaryCall;
  haStatus(argument: _cairn_common_Empty, callback: grpc.requestCallback<_cairn_namenode_HaStatusReply__Output>): grpc.ClientUnaryCall;
  
  Recommission(argument: _cairn_namenode_NodeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_DatanodeInfo__Output>): grpc.ClientUnaryCall;
  Recommission(argument: _cairn_namenode_NodeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_DatanodeInfo__Output>): grpc.ClientUnaryCall;
  Recommission(argument: _cairn_namenode_NodeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_DatanodeInfo__Output>): grpc.ClientUnaryCall;
  Recommission(argument: _cairn_namenode_NodeRequest, callback: grpc.requestCallback<_cairn_namenode_DatanodeInfo__Output>): grpc.ClientUnaryCall;
  recommission(argument: _cairn_namenode_NodeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_DatanodeInfo__Output>): grpc.ClientUnaryCall;
  recommission(argument: _cairn_namenode_NodeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_DatanodeInfo__Output>): grpc.ClientUnaryCall;
  recommission(argument: _cairn_namenode_NodeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_DatanodeInfo__Output>): grpc.ClientUnaryCall;
  recommission(argument: _cairn_namenode_NodeRequest, callback: grpc.requestCallback<_cairn_namenode_DatanodeInfo__Output>): grpc.ClientUnaryCall;
  
  Report(argument: _cairn_common_Empty, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_ReportReply__Output>): grpc.ClientUnaryCall;
  Report(argument: _cairn_common_Empty, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_ReportReply__Output>): grpc.ClientUnaryCall;
  Report(argument: _cairn_common_Empty, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_ReportReply__Output>): grpc.ClientUnaryCall;
  Report(argument: _cairn_common_Empty, callback: grpc.requestCallback<_cairn_namenode_ReportReply__Output>): grpc.ClientUnaryCall;
  report(argument: _cairn_common_Empty, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_ReportReply__Output>): grpc.ClientUnaryCall;
  report(argument: _cairn_common_Empty, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_ReportReply__Output>): grpc.ClientUnaryCall;
  report(argument: _cairn_common_Empty, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_ReportReply__Output>): grpc.ClientUnaryCall;
  report(argument: _cairn_common_Empty, callback: grpc.requestCallback<_cairn_namenode_ReportReply__Output>): grpc.ClientUnaryCall;
  
  Safemode(argument: _cairn_namenode_SafemodeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_SafemodeReply__Output>): grpc.ClientUnaryCall;
  Safemode(argument: _cairn_namenode_SafemodeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_SafemodeReply__Output>): grpc.ClientUnaryCall;
  Safemode(argument: _cairn_namenode_SafemodeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_SafemodeReply__Output>): grpc.ClientUnaryCall;
  Safemode(argument: _cairn_namenode_SafemodeRequest, callback: grpc.requestCallback<_cairn_namenode_SafemodeReply__Output>): grpc.ClientUnaryCall;
  safemode(argument: _cairn_namenode_SafemodeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_SafemodeReply__Output>): grpc.ClientUnaryCall;
  safemode(argument: _cairn_namenode_SafemodeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_SafemodeReply__Output>): grpc.ClientUnaryCall;
  safemode(argument: _cairn_namenode_SafemodeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_SafemodeReply__Output>): grpc.ClientUnaryCall;
  safemode(argument: _cairn_namenode_SafemodeRequest, callback: grpc.requestCallback<_cairn_namenode_SafemodeReply__Output>): grpc.ClientUnaryCall;
  
  SetQuota(argument: _cairn_namenode_SetQuotaRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_UserInfo__Output>): grpc.ClientUnaryCall;
  SetQuota(argument: _cairn_namenode_SetQuotaRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_UserInfo__Output>): grpc.ClientUnaryCall;
  SetQuota(argument: _cairn_namenode_SetQuotaRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_UserInfo__Output>): grpc.ClientUnaryCall;
  SetQuota(argument: _cairn_namenode_SetQuotaRequest, callback: grpc.requestCallback<_cairn_namenode_UserInfo__Output>): grpc.ClientUnaryCall;
  setQuota(argument: _cairn_namenode_SetQuotaRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_UserInfo__Output>): grpc.ClientUnaryCall;
  setQuota(argument: _cairn_namenode_SetQuotaRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_UserInfo__Output>): grpc.ClientUnaryCall;
  setQuota(argument: _cairn_namenode_SetQuotaRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_UserInfo__Output>): grpc.ClientUnaryCall;
  setQuota(argument: _cairn_namenode_SetQuotaRequest, callback: grpc.requestCallback<_cairn_namenode_UserInfo__Output>): grpc.ClientUnaryCall;
  
  UserAdd(argument: _cairn_namenode_UserAddRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_UserAddReply__Output>): grpc.ClientUnaryCall;
  UserAdd(argument: _cairn_namenode_UserAddRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_UserAddReply__Output>): grpc.ClientUnaryCall;
  UserAdd(argument: _cairn_namenode_UserAddRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_UserAddReply__Output>): grpc.ClientUnaryCall;
  UserAdd(argument: _cairn_namenode_UserAddRequest, callback: grpc.requestCallback<_cairn_namenode_UserAddReply__Output>): grpc.ClientUnaryCall;
  userAdd(argument: _cairn_namenode_UserAddRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_UserAddReply__Output>): grpc.ClientUnaryCall;
  userAdd(argument: _cairn_namenode_UserAddRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_UserAddReply__Output>): grpc.ClientUnaryCall;
  userAdd(argument: _cairn_namenode_UserAddRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_UserAddReply__Output>): grpc.ClientUnaryCall;
  userAdd(argument: _cairn_namenode_UserAddRequest, callback: grpc.requestCallback<_cairn_namenode_UserAddReply__Output>): grpc.ClientUnaryCall;
  
  UserKeyAdd(argument: _cairn_namenode_UserKeyAddRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_UserAddReply__Output>): grpc.ClientUnaryCall;
  UserKeyAdd(argument: _cairn_namenode_UserKeyAddRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_UserAddReply__Output>): grpc.ClientUnaryCall;
  UserKeyAdd(argument: _cairn_namenode_UserKeyAddRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_UserAddReply__Output>): grpc.ClientUnaryCall;
  UserKeyAdd(argument: _cairn_namenode_UserKeyAddRequest, callback: grpc.requestCallback<_cairn_namenode_UserAddReply__Output>): grpc.ClientUnaryCall;
  userKeyAdd(argument: _cairn_namenode_UserKeyAddRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_UserAddReply__Output>): grpc.ClientUnaryCall;
  userKeyAdd(argument: _cairn_namenode_UserKeyAddRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_UserAddReply__Output>): grpc.ClientUnaryCall;
  userKeyAdd(argument: _cairn_namenode_UserKeyAddRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_UserAddReply__Output>): grpc.ClientUnaryCall;
  userKeyAdd(argument: _cairn_namenode_UserKeyAddRequest, callback: grpc.requestCallback<_cairn_namenode_UserAddReply__Output>): grpc.ClientUnaryCall;
  
  UserKeyRevoke(argument: _cairn_namenode_UserKeyRevokeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_UserKeysReply__Output>): grpc.ClientUnaryCall;
  UserKeyRevoke(argument: _cairn_namenode_UserKeyRevokeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_UserKeysReply__Output>): grpc.ClientUnaryCall;
  UserKeyRevoke(argument: _cairn_namenode_UserKeyRevokeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_UserKeysReply__Output>): grpc.ClientUnaryCall;
  UserKeyRevoke(argument: _cairn_namenode_UserKeyRevokeRequest, callback: grpc.requestCallback<_cairn_namenode_UserKeysReply__Output>): grpc.ClientUnaryCall;
  userKeyRevoke(argument: _cairn_namenode_UserKeyRevokeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_UserKeysReply__Output>): grpc.ClientUnaryCall;
  userKeyRevoke(argument: _cairn_namenode_UserKeyRevokeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_UserKeysReply__Output>): grpc.ClientUnaryCall;
  userKeyRevoke(argument: _cairn_namenode_UserKeyRevokeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_UserKeysReply__Output>): grpc.ClientUnaryCall;
  userKeyRevoke(argument: _cairn_namenode_UserKeyRevokeRequest, callback: grpc.requestCallback<_cairn_namenode_UserKeysReply__Output>): grpc.ClientUnaryCall;
  
  UserKeys(argument: _cairn_namenode_UserNameRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_UserKeysReply__Output>): grpc.ClientUnaryCall;
  UserKeys(argument: _cairn_namenode_UserNameRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_UserKeysReply__Output>): grpc.ClientUnaryCall;
  UserKeys(argument: _cairn_namenode_UserNameRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_UserKeysReply__Output>): grpc.ClientUnaryCall;
  UserKeys(argument: _cairn_namenode_UserNameRequest, callback: grpc.requestCallback<_cairn_namenode_UserKeysReply__Output>): grpc.ClientUnaryCall;
  userKeys(argument: _cairn_namenode_UserNameRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_UserKeysReply__Output>): grpc.ClientUnaryCall;
  userKeys(argument: _cairn_namenode_UserNameRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_UserKeysReply__Output>): grpc.ClientUnaryCall;
  userKeys(argument: _cairn_namenode_UserNameRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_UserKeysReply__Output>): grpc.ClientUnaryCall;
  userKeys(argument: _cairn_namenode_UserNameRequest, callback: grpc.requestCallback<_cairn_namenode_UserKeysReply__Output>): grpc.ClientUnaryCall;
  
  UserList(argument: _cairn_common_Empty, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_UserListReply__Output>): grpc.ClientUnaryCall;
  UserList(argument: _cairn_common_Empty, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_UserListReply__Output>): grpc.ClientUnaryCall;
  UserList(argument: _cairn_common_Empty, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_UserListReply__Output>): grpc.ClientUnaryCall;
  UserList(argument: _cairn_common_Empty, callback: grpc.requestCallback<_cairn_namenode_UserListReply__Output>): grpc.ClientUnaryCall;
  userList(argument: _cairn_common_Empty, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_UserListReply__Output>): grpc.ClientUnaryCall;
  userList(argument: _cairn_common_Empty, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_UserListReply__Output>): grpc.ClientUnaryCall;
  userList(argument: _cairn_common_Empty, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_UserListReply__Output>): grpc.ClientUnaryCall;
  userList(argument: _cairn_common_Empty, callback: grpc.requestCallback<_cairn_namenode_UserListReply__Output>): grpc.ClientUnaryCall;
  
  UserRemove(argument: _cairn_namenode_UserNameRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_UserRemoveReply__Output>): grpc.ClientUnaryCall;
  UserRemove(argument: _cairn_namenode_UserNameRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_UserRemoveReply__Output>): grpc.ClientUnaryCall;
  UserRemove(argument: _cairn_namenode_UserNameRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_UserRemoveReply__Output>): grpc.ClientUnaryCall;
  UserRemove(argument: _cairn_namenode_UserNameRequest, callback: grpc.requestCallback<_cairn_namenode_UserRemoveReply__Output>): grpc.ClientUnaryCall;
  userRemove(argument: _cairn_namenode_UserNameRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_UserRemoveReply__Output>): grpc.ClientUnaryCall;
  userRemove(argument: _cairn_namenode_UserNameRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_UserRemoveReply__Output>): grpc.ClientUnaryCall;
  userRemove(argument: _cairn_namenode_UserNameRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_UserRemoveReply__Output>): grpc.ClientUnaryCall;
  userRemove(argument: _cairn_namenode_UserNameRequest, callback: grpc.requestCallback<_cairn_namenode_UserRemoveReply__Output>): grpc.ClientUnaryCall;
  
  UserToken(argument: _cairn_namenode_UserTokenRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_UserAddReply__Output>): grpc.ClientUnaryCall;
  UserToken(argument: _cairn_namenode_UserTokenRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_UserAddReply__Output>): grpc.ClientUnaryCall;
  UserToken(argument: _cairn_namenode_UserTokenRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_UserAddReply__Output>): grpc.ClientUnaryCall;
  UserToken(argument: _cairn_namenode_UserTokenRequest, callback: grpc.requestCallback<_cairn_namenode_UserAddReply__Output>): grpc.ClientUnaryCall;
  userToken(argument: _cairn_namenode_UserTokenRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_UserAddReply__Output>): grpc.ClientUnaryCall;
  userToken(argument: _cairn_namenode_UserTokenRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_UserAddReply__Output>): grpc.ClientUnaryCall;
  userToken(argument: _cairn_namenode_UserTokenRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_UserAddReply__Output>): grpc.ClientUnaryCall;
  userToken(argument: _cairn_namenode_UserTokenRequest, callback: grpc.requestCallback<_cairn_namenode_UserAddReply__Output>): grpc.ClientUnaryCall;
  
}

export interface AdminServiceHandlers extends grpc.UntypedServiceImplementation {
  Audit: grpc.handleUnaryCall<_cairn_namenode_AuditRequest__Output, _cairn_namenode_AuditReply>;
  
  CollectGarbage: grpc.handleUnaryCall<_cairn_common_Empty__Output, _cairn_namenode_GcReply>;
  
  Datanodes: grpc.handleUnaryCall<_cairn_common_Empty__Output, _cairn_namenode_DatanodesReply>;
  
  Decommission: grpc.handleUnaryCall<_cairn_namenode_NodeRequest__Output, _cairn_namenode_DatanodeInfo>;
  
  Fsck: grpc.handleUnaryCall<_cairn_namenode_FsckRequest__Output, _cairn_namenode_FsckReply>;
  
  HaFailover: grpc.handleUnaryCall<_cairn_namenode_HaFailoverRequest__Output, _cairn_namenode_HaStatusReply>;
  
  HaStatus: grpc.handleUnaryCall<_cairn_common_Empty__Output, _cairn_namenode_HaStatusReply>;
  
  Recommission: grpc.handleUnaryCall<_cairn_namenode_NodeRequest__Output, _cairn_namenode_DatanodeInfo>;
  
  Report: grpc.handleUnaryCall<_cairn_common_Empty__Output, _cairn_namenode_ReportReply>;
  
  Safemode: grpc.handleUnaryCall<_cairn_namenode_SafemodeRequest__Output, _cairn_namenode_SafemodeReply>;
  
  SetQuota: grpc.handleUnaryCall<_cairn_namenode_SetQuotaRequest__Output, _cairn_namenode_UserInfo>;
  
  UserAdd: grpc.handleUnaryCall<_cairn_namenode_UserAddRequest__Output, _cairn_namenode_UserAddReply>;
  
  UserKeyAdd: grpc.handleUnaryCall<_cairn_namenode_UserKeyAddRequest__Output, _cairn_namenode_UserAddReply>;
  
  UserKeyRevoke: grpc.handleUnaryCall<_cairn_namenode_UserKeyRevokeRequest__Output, _cairn_namenode_UserKeysReply>;
  
  UserKeys: grpc.handleUnaryCall<_cairn_namenode_UserNameRequest__Output, _cairn_namenode_UserKeysReply>;
  
  UserList: grpc.handleUnaryCall<_cairn_common_Empty__Output, _cairn_namenode_UserListReply>;
  
  UserRemove: grpc.handleUnaryCall<_cairn_namenode_UserNameRequest__Output, _cairn_namenode_UserRemoveReply>;
  
  UserToken: grpc.handleUnaryCall<_cairn_namenode_UserTokenRequest__Output, _cairn_namenode_UserAddReply>;
  
}

export interface AdminServiceDefinition extends grpc.ServiceDefinition {
  Audit: MethodDefinition<_cairn_namenode_AuditRequest, _cairn_namenode_AuditReply, _cairn_namenode_AuditRequest__Output, _cairn_namenode_AuditReply__Output>
  CollectGarbage: MethodDefinition<_cairn_common_Empty, _cairn_namenode_GcReply, _cairn_common_Empty__Output, _cairn_namenode_GcReply__Output>
  Datanodes: MethodDefinition<_cairn_common_Empty, _cairn_namenode_DatanodesReply, _cairn_common_Empty__Output, _cairn_namenode_DatanodesReply__Output>
  Decommission: MethodDefinition<_cairn_namenode_NodeRequest, _cairn_namenode_DatanodeInfo, _cairn_namenode_NodeRequest__Output, _cairn_namenode_DatanodeInfo__Output>
  Fsck: MethodDefinition<_cairn_namenode_FsckRequest, _cairn_namenode_FsckReply, _cairn_namenode_FsckRequest__Output, _cairn_namenode_FsckReply__Output>
  HaFailover: MethodDefinition<_cairn_namenode_HaFailoverRequest, _cairn_namenode_HaStatusReply, _cairn_namenode_HaFailoverRequest__Output, _cairn_namenode_HaStatusReply__Output>
  HaStatus: MethodDefinition<_cairn_common_Empty, _cairn_namenode_HaStatusReply, _cairn_common_Empty__Output, _cairn_namenode_HaStatusReply__Output>
  Recommission: MethodDefinition<_cairn_namenode_NodeRequest, _cairn_namenode_DatanodeInfo, _cairn_namenode_NodeRequest__Output, _cairn_namenode_DatanodeInfo__Output>
  Report: MethodDefinition<_cairn_common_Empty, _cairn_namenode_ReportReply, _cairn_common_Empty__Output, _cairn_namenode_ReportReply__Output>
  Safemode: MethodDefinition<_cairn_namenode_SafemodeRequest, _cairn_namenode_SafemodeReply, _cairn_namenode_SafemodeRequest__Output, _cairn_namenode_SafemodeReply__Output>
  SetQuota: MethodDefinition<_cairn_namenode_SetQuotaRequest, _cairn_namenode_UserInfo, _cairn_namenode_SetQuotaRequest__Output, _cairn_namenode_UserInfo__Output>
  UserAdd: MethodDefinition<_cairn_namenode_UserAddRequest, _cairn_namenode_UserAddReply, _cairn_namenode_UserAddRequest__Output, _cairn_namenode_UserAddReply__Output>
  UserKeyAdd: MethodDefinition<_cairn_namenode_UserKeyAddRequest, _cairn_namenode_UserAddReply, _cairn_namenode_UserKeyAddRequest__Output, _cairn_namenode_UserAddReply__Output>
  UserKeyRevoke: MethodDefinition<_cairn_namenode_UserKeyRevokeRequest, _cairn_namenode_UserKeysReply, _cairn_namenode_UserKeyRevokeRequest__Output, _cairn_namenode_UserKeysReply__Output>
  UserKeys: MethodDefinition<_cairn_namenode_UserNameRequest, _cairn_namenode_UserKeysReply, _cairn_namenode_UserNameRequest__Output, _cairn_namenode_UserKeysReply__Output>
  UserList: MethodDefinition<_cairn_common_Empty, _cairn_namenode_UserListReply, _cairn_common_Empty__Output, _cairn_namenode_UserListReply__Output>
  UserRemove: MethodDefinition<_cairn_namenode_UserNameRequest, _cairn_namenode_UserRemoveReply, _cairn_namenode_UserNameRequest__Output, _cairn_namenode_UserRemoveReply__Output>
  UserToken: MethodDefinition<_cairn_namenode_UserTokenRequest, _cairn_namenode_UserAddReply, _cairn_namenode_UserTokenRequest__Output, _cairn_namenode_UserAddReply__Output>
}

// Original file: proto/namenode.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { BadBlocksRequest as _cairn_namenode_BadBlocksRequest, BadBlocksRequest__Output as _cairn_namenode_BadBlocksRequest__Output } from '../../cairn/namenode/BadBlocksRequest.js';
import type { BlockReceivedRequest as _cairn_namenode_BlockReceivedRequest, BlockReceivedRequest__Output as _cairn_namenode_BlockReceivedRequest__Output } from '../../cairn/namenode/BlockReceivedRequest.js';
import type { BlockReportRequest as _cairn_namenode_BlockReportRequest, BlockReportRequest__Output as _cairn_namenode_BlockReportRequest__Output } from '../../cairn/namenode/BlockReportRequest.js';
import type { Empty as _cairn_common_Empty, Empty__Output as _cairn_common_Empty__Output } from '../../cairn/common/Empty.js';
import type { HeartbeatReply as _cairn_namenode_HeartbeatReply, HeartbeatReply__Output as _cairn_namenode_HeartbeatReply__Output } from '../../cairn/namenode/HeartbeatReply.js';
import type { HeartbeatRequest as _cairn_namenode_HeartbeatRequest, HeartbeatRequest__Output as _cairn_namenode_HeartbeatRequest__Output } from '../../cairn/namenode/HeartbeatRequest.js';
import type { RegisterReply as _cairn_namenode_RegisterReply, RegisterReply__Output as _cairn_namenode_RegisterReply__Output } from '../../cairn/namenode/RegisterReply.js';
import type { RegisterRequest as _cairn_namenode_RegisterRequest, RegisterRequest__Output as _cairn_namenode_RegisterRequest__Output } from '../../cairn/namenode/RegisterRequest.js';

export interface DatanodeProtocolClient extends grpc.Client {
  BlockReceived(argument: _cairn_namenode_BlockReceivedRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_common_Empty__Output>): grpc.ClientUnaryCall;
  BlockReceived(argument: _cairn_namenode_BlockReceivedRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_common_Empty__Output>): grpc.ClientUnaryCall;
  BlockReceived(argument: _cairn_namenode_BlockReceivedRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_common_Empty__Output>): grpc.ClientUnaryCall;
  BlockReceived(argument: _cairn_namenode_BlockReceivedRequest, callback: grpc.requestCallback<_cairn_common_Empty__Output>): grpc.ClientUnaryCall;
  blockReceived(argument: _cairn_namenode_BlockReceivedRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_common_Empty__Output>): grpc.ClientUnaryCall;
  blockReceived(argument: _cairn_namenode_BlockReceivedRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_common_Empty__Output>): grpc.ClientUnaryCall;
  blockReceived(argument: _cairn_namenode_BlockReceivedRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_common_Empty__Output>): grpc.ClientUnaryCall;
  blockReceived(argument: _cairn_namenode_BlockReceivedRequest, callback: grpc.requestCallback<_cairn_common_Empty__Output>): grpc.ClientUnaryCall;
  
  BlockReport(argument: _cairn_namenode_BlockReportRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_common_Empty__Output>): grpc.ClientUnaryCall;
  BlockReport(argument: _cairn_namenode_BlockReportRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_common_Empty__Output>): grpc.ClientUnaryCall;
  BlockReport(argument: _cairn_namenode_BlockReportRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_common_Empty__Output>): grpc.ClientUnaryCall;
  BlockReport(argument: _cairn_namenode_BlockReportRequest, callback: grpc.requestCallback<_cairn_common_Empty__Output>): grpc.ClientUnaryCall;
  blockReport(argument: _cairn_namenode_BlockReportRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_common_Empty__Output>): grpc.ClientUnaryCall;
  blockReport(argument: _cairn_namenode_BlockReportRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_common_Empty__Output>): grpc.ClientUnaryCall;
  blockReport(argument: _cairn_namenode_BlockReportRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_common_Empty__Output>): grpc.ClientUnaryCall;
  blockReport(argument: _cairn_namenode_BlockReportRequest, callback: grpc.requestCallback<_cairn_common_Empty__Output>): grpc.ClientUnaryCall;
  
  Heartbeat(argument: _cairn_namenode_HeartbeatRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_HeartbeatReply__Output>): grpc.ClientUnaryCall;
  Heartbeat(argument: _cairn_namenode_HeartbeatRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_HeartbeatReply__Output>): grpc.ClientUnaryCall;
  Heartbeat(argument: _cairn_namenode_HeartbeatRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_HeartbeatReply__Output>): grpc.ClientUnaryCall;
  Heartbeat(argument: _cairn_namenode_HeartbeatRequest, callback: grpc.requestCallback<_cairn_namenode_HeartbeatReply__Output>): grpc.ClientUnaryCall;
  heartbeat(argument: _cairn_namenode_HeartbeatRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_HeartbeatReply__Output>): grpc.ClientUnaryCall;
  heartbeat(argument: _cairn_namenode_HeartbeatRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_HeartbeatReply__Output>): grpc.ClientUnaryCall;
  heartbeat(argument: _cairn_namenode_HeartbeatRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_HeartbeatReply__Output>): grpc.ClientUnaryCall;
  heartbeat(argument: _cairn_namenode_HeartbeatRequest, callback: grpc.requestCallback<_cairn_namenode_HeartbeatReply__Output>): grpc.ClientUnaryCall;
  
  Register(argument: _cairn_namenode_RegisterRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_RegisterReply__Output>): grpc.ClientUnaryCall;
  Register(argument: _cairn_namenode_RegisterRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_RegisterReply__Output>): grpc.ClientUnaryCall;
  Register(argument: _cairn_namenode_RegisterRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_RegisterReply__Output>): grpc.ClientUnaryCall;
  Register(argument: _cairn_namenode_RegisterRequest, callback: grpc.requestCallback<_cairn_namenode_RegisterReply__Output>): grpc.ClientUnaryCall;
  register(argument: _cairn_namenode_RegisterRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_RegisterReply__Output>): grpc.ClientUnaryCall;
  register(argument: _cairn_namenode_RegisterRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_RegisterReply__Output>): grpc.ClientUnaryCall;
  register(argument: _cairn_namenode_RegisterRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_RegisterReply__Output>): grpc.ClientUnaryCall;
  register(argument: _cairn_namenode_RegisterRequest, callback: grpc.requestCallback<_cairn_namenode_RegisterReply__Output>): grpc.ClientUnaryCall;
  
  ReportBadBlocks(argument: _cairn_namenode_BadBlocksRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_common_Empty__Output>): grpc.ClientUnaryCall;
  ReportBadBlocks(argument: _cairn_namenode_BadBlocksRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_common_Empty__Output>): grpc.ClientUnaryCall;
  ReportBadBlocks(argument: _cairn_namenode_BadBlocksRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_common_Empty__Output>): grpc.ClientUnaryCall;
  ReportBadBlocks(argument: _cairn_namenode_BadBlocksRequest, callback: grpc.requestCallback<_cairn_common_Empty__Output>): grpc.ClientUnaryCall;
  reportBadBlocks(argument: _cairn_namenode_BadBlocksRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_common_Empty__Output>): grpc.ClientUnaryCall;
  reportBadBlocks(argument: _cairn_namenode_BadBlocksRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_common_Empty__Output>): grpc.ClientUnaryCall;
  reportBadBlocks(argument: _cairn_namenode_BadBlocksRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_common_Empty__Output>): grpc.ClientUnaryCall;
  reportBadBlocks(argument: _cairn_namenode_BadBlocksRequest, callback: grpc.requestCallback<_cairn_common_Empty__Output>): grpc.ClientUnaryCall;
  
}

export interface DatanodeProtocolHandlers extends grpc.UntypedServiceImplementation {
  BlockReceived: grpc.handleUnaryCall<_cairn_namenode_BlockReceivedRequest__Output, _cairn_common_Empty>;
  
  BlockReport: grpc.handleUnaryCall<_cairn_namenode_BlockReportRequest__Output, _cairn_common_Empty>;
  
  Heartbeat: grpc.handleUnaryCall<_cairn_namenode_HeartbeatRequest__Output, _cairn_namenode_HeartbeatReply>;
  
  Register: grpc.handleUnaryCall<_cairn_namenode_RegisterRequest__Output, _cairn_namenode_RegisterReply>;
  
  ReportBadBlocks: grpc.handleUnaryCall<_cairn_namenode_BadBlocksRequest__Output, _cairn_common_Empty>;
  
}

export interface DatanodeProtocolDefinition extends grpc.ServiceDefinition {
  BlockReceived: MethodDefinition<_cairn_namenode_BlockReceivedRequest, _cairn_common_Empty, _cairn_namenode_BlockReceivedRequest__Output, _cairn_common_Empty__Output>
  BlockReport: MethodDefinition<_cairn_namenode_BlockReportRequest, _cairn_common_Empty, _cairn_namenode_BlockReportRequest__Output, _cairn_common_Empty__Output>
  Heartbeat: MethodDefinition<_cairn_namenode_HeartbeatRequest, _cairn_namenode_HeartbeatReply, _cairn_namenode_HeartbeatRequest__Output, _cairn_namenode_HeartbeatReply__Output>
  Register: MethodDefinition<_cairn_namenode_RegisterRequest, _cairn_namenode_RegisterReply, _cairn_namenode_RegisterRequest__Output, _cairn_namenode_RegisterReply__Output>
  ReportBadBlocks: MethodDefinition<_cairn_namenode_BadBlocksRequest, _cairn_common_Empty, _cairn_namenode_BadBlocksRequest__Output, _cairn_common_Empty__Output>
}

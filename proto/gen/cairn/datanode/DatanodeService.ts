// Original file: proto/datanode.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { Empty as _cairn_common_Empty, Empty__Output as _cairn_common_Empty__Output } from '../../cairn/common/Empty.js';
import type { InfoReply as _cairn_datanode_InfoReply, InfoReply__Output as _cairn_datanode_InfoReply__Output } from '../../cairn/datanode/InfoReply.js';

export interface DatanodeServiceClient extends grpc.Client {
  Info(argument: _cairn_common_Empty, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_datanode_InfoReply__Output>): grpc.ClientUnaryCall;
  Info(argument: _cairn_common_Empty, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_datanode_InfoReply__Output>): grpc.ClientUnaryCall;
  Info(argument: _cairn_common_Empty, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_datanode_InfoReply__Output>): grpc.ClientUnaryCall;
  Info(argument: _cairn_common_Empty, callback: grpc.requestCallback<_cairn_datanode_InfoReply__Output>): grpc.ClientUnaryCall;
  info(argument: _cairn_common_Empty, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_datanode_InfoReply__Output>): grpc.ClientUnaryCall;
  info(argument: _cairn_common_Empty, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_datanode_InfoReply__Output>): grpc.ClientUnaryCall;
  info(argument: _cairn_common_Empty, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_datanode_InfoReply__Output>): grpc.ClientUnaryCall;
  info(argument: _cairn_common_Empty, callback: grpc.requestCallback<_cairn_datanode_InfoReply__Output>): grpc.ClientUnaryCall;
  
}

export interface DatanodeServiceHandlers extends grpc.UntypedServiceImplementation {
  Info: grpc.handleUnaryCall<_cairn_common_Empty__Output, _cairn_datanode_InfoReply>;
  
}

export interface DatanodeServiceDefinition extends grpc.ServiceDefinition {
  Info: MethodDefinition<_cairn_common_Empty, _cairn_datanode_InfoReply, _cairn_common_Empty__Output, _cairn_datanode_InfoReply__Output>
}

// Original file: proto/datanode.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { ReadBlockReply as _cairn_datanode_ReadBlockReply, ReadBlockReply__Output as _cairn_datanode_ReadBlockReply__Output } from '../../cairn/datanode/ReadBlockReply.js';
import type { ReadBlockRequest as _cairn_datanode_ReadBlockRequest, ReadBlockRequest__Output as _cairn_datanode_ReadBlockRequest__Output } from '../../cairn/datanode/ReadBlockRequest.js';
import type { WriteBlockReply as _cairn_datanode_WriteBlockReply, WriteBlockReply__Output as _cairn_datanode_WriteBlockReply__Output } from '../../cairn/datanode/WriteBlockReply.js';
import type { WriteBlockRequest as _cairn_datanode_WriteBlockRequest, WriteBlockRequest__Output as _cairn_datanode_WriteBlockRequest__Output } from '../../cairn/datanode/WriteBlockRequest.js';

export interface DatanodeServiceClient extends grpc.Client {
  ReadBlock(argument: _cairn_datanode_ReadBlockRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_datanode_ReadBlockReply__Output>): grpc.ClientUnaryCall;
  ReadBlock(argument: _cairn_datanode_ReadBlockRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_datanode_ReadBlockReply__Output>): grpc.ClientUnaryCall;
  ReadBlock(argument: _cairn_datanode_ReadBlockRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_datanode_ReadBlockReply__Output>): grpc.ClientUnaryCall;
  ReadBlock(argument: _cairn_datanode_ReadBlockRequest, callback: grpc.requestCallback<_cairn_datanode_ReadBlockReply__Output>): grpc.ClientUnaryCall;
  readBlock(argument: _cairn_datanode_ReadBlockRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_datanode_ReadBlockReply__Output>): grpc.ClientUnaryCall;
  readBlock(argument: _cairn_datanode_ReadBlockRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_datanode_ReadBlockReply__Output>): grpc.ClientUnaryCall;
  readBlock(argument: _cairn_datanode_ReadBlockRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_datanode_ReadBlockReply__Output>): grpc.ClientUnaryCall;
  readBlock(argument: _cairn_datanode_ReadBlockRequest, callback: grpc.requestCallback<_cairn_datanode_ReadBlockReply__Output>): grpc.ClientUnaryCall;
  
  WriteBlock(argument: _cairn_datanode_WriteBlockRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_datanode_WriteBlockReply__Output>): grpc.ClientUnaryCall;
  WriteBlock(argument: _cairn_datanode_WriteBlockRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_datanode_WriteBlockReply__Output>): grpc.ClientUnaryCall;
  WriteBlock(argument: _cairn_datanode_WriteBlockRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_datanode_WriteBlockReply__Output>): grpc.ClientUnaryCall;
  WriteBlock(argument: _cairn_datanode_WriteBlockRequest, callback: grpc.requestCallback<_cairn_datanode_WriteBlockReply__Output>): grpc.ClientUnaryCall;
  writeBlock(argument: _cairn_datanode_WriteBlockRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_datanode_WriteBlockReply__Output>): grpc.ClientUnaryCall;
  writeBlock(argument: _cairn_datanode_WriteBlockRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_datanode_WriteBlockReply__Output>): grpc.ClientUnaryCall;
  writeBlock(argument: _cairn_datanode_WriteBlockRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_datanode_WriteBlockReply__Output>): grpc.ClientUnaryCall;
  writeBlock(argument: _cairn_datanode_WriteBlockRequest, callback: grpc.requestCallback<_cairn_datanode_WriteBlockReply__Output>): grpc.ClientUnaryCall;
  
}

export interface DatanodeServiceHandlers extends grpc.UntypedServiceImplementation {
  ReadBlock: grpc.handleUnaryCall<_cairn_datanode_ReadBlockRequest__Output, _cairn_datanode_ReadBlockReply>;
  
  WriteBlock: grpc.handleUnaryCall<_cairn_datanode_WriteBlockRequest__Output, _cairn_datanode_WriteBlockReply>;
  
}

export interface DatanodeServiceDefinition extends grpc.ServiceDefinition {
  ReadBlock: MethodDefinition<_cairn_datanode_ReadBlockRequest, _cairn_datanode_ReadBlockReply, _cairn_datanode_ReadBlockRequest__Output, _cairn_datanode_ReadBlockReply__Output>
  WriteBlock: MethodDefinition<_cairn_datanode_WriteBlockRequest, _cairn_datanode_WriteBlockReply, _cairn_datanode_WriteBlockRequest__Output, _cairn_datanode_WriteBlockReply__Output>
}

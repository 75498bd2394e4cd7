// Original file: proto/namenode.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { S3SigningKeyReply as _cairn_namenode_S3SigningKeyReply, S3SigningKeyReply__Output as _cairn_namenode_S3SigningKeyReply__Output } from '../../cairn/namenode/S3SigningKeyReply.js';
import type { S3SigningKeyRequest as _cairn_namenode_S3SigningKeyRequest, S3SigningKeyRequest__Output as _cairn_namenode_S3SigningKeyRequest__Output } from '../../cairn/namenode/S3SigningKeyRequest.js';

export interface GatewayServiceClient extends grpc.Client {
  S3SigningKey(argument: _cairn_namenode_S3SigningKeyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_S3SigningKeyReply__Output>): grpc.ClientUnaryCall;
  S3SigningKey(argument: _cairn_namenode_S3SigningKeyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_S3SigningKeyReply__Output>): grpc.ClientUnaryCall;
  S3SigningKey(argument: _cairn_namenode_S3SigningKeyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_S3SigningKeyReply__Output>): grpc.ClientUnaryCall;
  S3SigningKey(argument: _cairn_namenode_S3SigningKeyRequest, callback: grpc.requestCallback<_cairn_namenode_S3SigningKeyReply__Output>): grpc.ClientUnaryCall;
  s3SigningKey(argument: _cairn_namenode_S3SigningKeyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_S3SigningKeyReply__Output>): grpc.ClientUnaryCall;
  s3SigningKey(argument: _cairn_namenode_S3SigningKeyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_S3SigningKeyReply__Output>): grpc.ClientUnaryCall;
  s3SigningKey(argument: _cairn_namenode_S3SigningKeyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_S3SigningKeyReply__Output>): grpc.ClientUnaryCall;
  s3SigningKey(argument: _cairn_namenode_S3SigningKeyRequest, callback: grpc.requestCallback<_cairn_namenode_S3SigningKeyReply__Output>): grpc.ClientUnaryCall;
  
}

export interface GatewayServiceHandlers extends grpc.UntypedServiceImplementation {
  S3SigningKey: grpc.handleUnaryCall<_cairn_namenode_S3SigningKeyRequest__Output, _cairn_namenode_S3SigningKeyReply>;
  
}

export interface GatewayServiceDefinition extends grpc.ServiceDefinition {
  S3SigningKey: MethodDefinition<_cairn_namenode_S3SigningKeyRequest, _cairn_namenode_S3SigningKeyReply, _cairn_namenode_S3SigningKeyRequest__Output, _cairn_namenode_S3SigningKeyReply__Output>
}

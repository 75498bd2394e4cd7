// Original file: proto/namenode.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { AppendRequest as _cairn_namenode_AppendRequest, AppendRequest__Output as _cairn_namenode_AppendRequest__Output } from '../../cairn/namenode/AppendRequest.js';
import type { Empty as _cairn_common_Empty, Empty__Output as _cairn_common_Empty__Output } from '../../cairn/common/Empty.js';
import type { HaFailoverRequest as _cairn_namenode_HaFailoverRequest, HaFailoverRequest__Output as _cairn_namenode_HaFailoverRequest__Output } from '../../cairn/namenode/HaFailoverRequest.js';
import type { JournalState as _cairn_namenode_JournalState, JournalState__Output as _cairn_namenode_JournalState__Output } from '../../cairn/namenode/JournalState.js';
import type { NamenodeState as _cairn_namenode_NamenodeState, NamenodeState__Output as _cairn_namenode_NamenodeState__Output } from '../../cairn/namenode/NamenodeState.js';
import type { NewEpochRequest as _cairn_namenode_NewEpochRequest, NewEpochRequest__Output as _cairn_namenode_NewEpochRequest__Output } from '../../cairn/namenode/NewEpochRequest.js';
import type { ReadJournalReply as _cairn_namenode_ReadJournalReply, ReadJournalReply__Output as _cairn_namenode_ReadJournalReply__Output } from '../../cairn/namenode/ReadJournalReply.js';
import type { ReadJournalRequest as _cairn_namenode_ReadJournalRequest, ReadJournalRequest__Output as _cairn_namenode_ReadJournalRequest__Output } from '../../cairn/namenode/ReadJournalRequest.js';
import type { SnapshotChunk as _cairn_namenode_SnapshotChunk, SnapshotChunk__Output as _cairn_namenode_SnapshotChunk__Output } from '../../cairn/namenode/SnapshotChunk.js';

export interface JournalServiceClient extends grpc.Client {
  Append(argument: _cairn_namenode_AppendRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_JournalState__Output>): grpc.ClientUnaryCall;
  Append(argument: _cairn_namenode_AppendRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_JournalState__Output>): grpc.ClientUnaryCall;
  Append(argument: _cairn_namenode_AppendRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_JournalState__Output>): grpc.ClientUnaryCall;
  Append(argument: _cairn_namenode_AppendRequest, callback: grpc.requestCallback<_cairn_namenode_JournalState__Output>): grpc.ClientUnaryCall;
  append(argument: _cairn_namenode_AppendRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_JournalState__Output>): grpc.ClientUnaryCall;
  append(argument: _cairn_namenode_AppendRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_JournalState__Output>): grpc.ClientUnaryCall;
  append(argument: _cairn_namenode_AppendRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_JournalState__Output>): grpc.ClientUnaryCall;
  append(argument: _cairn_namenode_AppendRequest, callback: grpc.requestCallback<_cairn_namenode_JournalState__Output>): grpc.ClientUnaryCall;
  
  NewEpoch(argument: _cairn_namenode_NewEpochRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_JournalState__Output>): grpc.ClientUnaryCall;
  NewEpoch(argument: _cairn_namenode_NewEpochRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_JournalState__Output>): grpc.ClientUnaryCall;
  NewEpoch(argument: _cairn_namenode_NewEpochRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_JournalState__Output>): grpc.ClientUnaryCall;
  NewEpoch(argument: _cairn_namenode_NewEpochRequest, callback: grpc.requestCallback<_cairn_namenode_JournalState__Output>): grpc.ClientUnaryCall;
  newEpoch(argument: _cairn_namenode_NewEpochRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_JournalState__Output>): grpc.ClientUnaryCall;
  newEpoch(argument: _cairn_namenode_NewEpochRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_JournalState__Output>): grpc.ClientUnaryCall;
  newEpoch(argument: _cairn_namenode_NewEpochRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_JournalState__Output>): grpc.ClientUnaryCall;
  newEpoch(argument: _cairn_namenode_NewEpochRequest, callback: grpc.requestCallback<_cairn_namenode_JournalState__Output>): grpc.ClientUnaryCall;
  
  ReadJournal(argument: _cairn_namenode_ReadJournalRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_ReadJournalReply__Output>): grpc.ClientUnaryCall;
  ReadJournal(argument: _cairn_namenode_ReadJournalRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_ReadJournalReply__Output>): grpc.ClientUnaryCall;
  ReadJournal(argument: _cairn_namenode_ReadJournalRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_ReadJournalReply__Output>): grpc.ClientUnaryCall;
  ReadJournal(argument: _cairn_namenode_ReadJournalRequest, callback: grpc.requestCallback<_cairn_namenode_ReadJournalReply__Output>): grpc.ClientUnaryCall;
  readJournal(argument: _cairn_namenode_ReadJournalRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_ReadJournalReply__Output>): grpc.ClientUnaryCall;
  readJournal(argument: _cairn_namenode_ReadJournalRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_ReadJournalReply__Output>): grpc.ClientUnaryCall;
  readJournal(argument: _cairn_namenode_ReadJournalRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_ReadJournalReply__Output>): grpc.ClientUnaryCall;
  readJournal(argument: _cairn_namenode_ReadJournalRequest, callback: grpc.requestCallback<_cairn_namenode_ReadJournalReply__Output>): grpc.ClientUnaryCall;
  
  Snapshot(argument: _cairn_common_Empty, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_cairn_namenode_SnapshotChunk__Output>;
  Snapshot(argument: _cairn_common_Empty, options?: grpc.CallOptions): grpc.ClientReadableStream<_cairn_namenode_SnapshotChunk__Output>;
  snapshot(argument: _cairn_common_Empty, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_cairn_namenode_SnapshotChunk__Output>;
  snapshot(argument: _cairn_common_Empty, options?: grpc.CallOptions): grpc.ClientReadableStream<_cairn_namenode_SnapshotChunk__Output>;
  
  State(argument: _cairn_common_Empty, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_NamenodeState__Output>): grpc.ClientUnaryCall;
  State(argument: _cairn_common_Empty, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_NamenodeState__Output>): grpc.ClientUnaryCall;
  State(argument: _cairn_common_Empty, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_NamenodeState__Output>): grpc.ClientUnaryCall;
  State(argument: _cairn_common_Empty, callback: grpc.requestCallback<_cairn_namenode_NamenodeState__Output>): grpc.ClientUnaryCall;
  state(argument: _cairn_common_Empty, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_NamenodeState__Output>): grpc.ClientUnaryCall;
  state(argument: _cairn_common_Empty, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_NamenodeState__Output>): grpc.ClientUnaryCall;
  state(argument: _cairn_common_Empty, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_NamenodeState__Output>): grpc.ClientUnaryCall;
  state(argument: _cairn_common_Empty, callback: grpc.requestCallback<_cairn_namenode_NamenodeState__Output>): grpc.ClientUnaryCall;
  
  StepDown(argument: _cairn_namenode_HaFailoverRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_NamenodeState__Output>): grpc.ClientUnaryCall;
  StepDown(argument: _cairn_namenode_HaFailoverRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_NamenodeState__Output>): grpc.ClientUnaryCall;
  StepDown(argument: _cairn_namenode_HaFailoverRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_NamenodeState__Output>): grpc.ClientUnaryCall;
  StepDown(argument: _cairn_namenode_HaFailoverRequest, callback: grpc.requestCallback<_cairn_namenode_NamenodeState__Output>): grpc.ClientUnaryCall;
  stepDown(argument: _cairn_namenode_HaFailoverRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_NamenodeState__Output>): grpc.ClientUnaryCall;
  stepDown(argument: _cairn_namenode_HaFailoverRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_namenode_NamenodeState__Output>): grpc.ClientUnaryCall;
  stepDown(argument: _cairn_namenode_HaFailoverRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_namenode_NamenodeState__Output>): grpc.ClientUnaryCall;
  stepDown(argument: _cairn_namenode_HaFailoverRequest, callback: grpc.requestCallback<_cairn_namenode_NamenodeState__Output>): grpc.ClientUnaryCall;
  
}

export interface JournalServiceHandlers extends grpc.UntypedServiceImplementation {
  Append: grpc.handleUnaryCall<_cairn_namenode_AppendRequest__Output, _cairn_namenode_JournalState>;
  
  NewEpoch: grpc.handleUnaryCall<_cairn_namenode_NewEpochRequest__Output, _cairn_namenode_JournalState>;
  
  ReadJournal: grpc.handleUnaryCall<_cairn_namenode_ReadJournalRequest__Output, _cairn_namenode_ReadJournalReply>;
  
  Snapshot: grpc.handleServerStreamingCall<_cairn_common_Empty__Output, _cairn_namenode_SnapshotChunk>;
  
  State: grpc.handleUnaryCall<_cairn_common_Empty__Output, _cairn_namenode_NamenodeState>;
  
  StepDown: grpc.handleUnaryCall<_cairn_namenode_HaFailoverRequest__Output, _cairn_namenode_NamenodeState>;
  
}

export interface JournalServiceDefinition extends grpc.ServiceDefinition {
  Append: MethodDefinition<_cairn_namenode_AppendRequest, _cairn_namenode_JournalState, _cairn_namenode_AppendRequest__Output, _cairn_namenode_JournalState__Output>
  NewEpoch: MethodDefinition<_cairn_namenode_NewEpochRequest, _cairn_namenode_JournalState, _cairn_namenode_NewEpochRequest__Output, _cairn_namenode_JournalState__Output>
  ReadJournal: MethodDefinition<_cairn_namenode_ReadJournalRequest, _cairn_namenode_ReadJournalReply, _cairn_namenode_ReadJournalRequest__Output, _cairn_namenode_ReadJournalReply__Output>
  Snapshot: MethodDefinition<_cairn_common_Empty, _cairn_namenode_SnapshotChunk, _cairn_common_Empty__Output, _cairn_namenode_SnapshotChunk__Output>
  State: MethodDefinition<_cairn_common_Empty, _cairn_namenode_NamenodeState, _cairn_common_Empty__Output, _cairn_namenode_NamenodeState__Output>
  StepDown: MethodDefinition<_cairn_namenode_HaFailoverRequest, _cairn_namenode_NamenodeState, _cairn_namenode_HaFailoverRequest__Output, _cairn_namenode_NamenodeState__Output>
}

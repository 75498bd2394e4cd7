import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { BlockRef as _cairn_common_BlockRef, BlockRef__Output as _cairn_common_BlockRef__Output } from './cairn/common/BlockRef.js';
import type { Empty as _cairn_common_Empty, Empty__Output as _cairn_common_Empty__Output } from './cairn/common/Empty.js';
import type { Target as _cairn_common_Target, Target__Output as _cairn_common_Target__Output } from './cairn/common/Target.js';
import type { DatanodeServiceClient as _cairn_datanode_DatanodeServiceClient, DatanodeServiceDefinition as _cairn_datanode_DatanodeServiceDefinition } from './cairn/datanode/DatanodeService.js';
import type { ReadBlockReply as _cairn_datanode_ReadBlockReply, ReadBlockReply__Output as _cairn_datanode_ReadBlockReply__Output } from './cairn/datanode/ReadBlockReply.js';
import type { ReadBlockRequest as _cairn_datanode_ReadBlockRequest, ReadBlockRequest__Output as _cairn_datanode_ReadBlockRequest__Output } from './cairn/datanode/ReadBlockRequest.js';
import type { WriteBlockReply as _cairn_datanode_WriteBlockReply, WriteBlockReply__Output as _cairn_datanode_WriteBlockReply__Output } from './cairn/datanode/WriteBlockReply.js';
import type { WriteBlockRequest as _cairn_datanode_WriteBlockRequest, WriteBlockRequest__Output as _cairn_datanode_WriteBlockRequest__Output } from './cairn/datanode/WriteBlockRequest.js';
import type { WriteFailure as _cairn_datanode_WriteFailure, WriteFailure__Output as _cairn_datanode_WriteFailure__Output } from './cairn/datanode/WriteFailure.js';

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
    datanode: {
      DatanodeService: SubtypeConstructor<typeof grpc.Client, _cairn_datanode_DatanodeServiceClient> & { service: _cairn_datanode_DatanodeServiceDefinition }
      ReadBlockReply: MessageTypeDefinition<_cairn_datanode_ReadBlockReply, _cairn_datanode_ReadBlockReply__Output>
      ReadBlockRequest: MessageTypeDefinition<_cairn_datanode_ReadBlockRequest, _cairn_datanode_ReadBlockRequest__Output>
      WriteBlockReply: MessageTypeDefinition<_cairn_datanode_WriteBlockReply, _cairn_datanode_WriteBlockReply__Output>
      WriteBlockRequest: MessageTypeDefinition<_cairn_datanode_WriteBlockRequest, _cairn_datanode_WriteBlockRequest__Output>
      WriteFailure: MessageTypeDefinition<_cairn_datanode_WriteFailure, _cairn_datanode_WriteFailure__Output>
    }
  }
}


import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { BlockRef as _cairn_common_BlockRef, BlockRef__Output as _cairn_common_BlockRef__Output } from './cairn/common/BlockRef.js';
import type { Empty as _cairn_common_Empty, Empty__Output as _cairn_common_Empty__Output } from './cairn/common/Empty.js';
import type { Target as _cairn_common_Target, Target__Output as _cairn_common_Target__Output } from './cairn/common/Target.js';
import type { DatanodeServiceClient as _cairn_datanode_DatanodeServiceClient, DatanodeServiceDefinition as _cairn_datanode_DatanodeServiceDefinition } from './cairn/datanode/DatanodeService.js';
import type { InfoReply as _cairn_datanode_InfoReply, InfoReply__Output as _cairn_datanode_InfoReply__Output } from './cairn/datanode/InfoReply.js';

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
      InfoReply: MessageTypeDefinition<_cairn_datanode_InfoReply, _cairn_datanode_InfoReply__Output>
    }
  }
}


// DatanodeService handlers: the RPC edge of the write pipeline and of block reads.
import type * as grpc from '@grpc/grpc-js';
import type { DatanodeServiceHandlers } from '../../../proto/gen/cairn/datanode/DatanodeService.js';
import { verifyNodeHeader } from '../../common/auth.js';
import type { BlockTokenKey } from '../../common/block-token.js';
import type { Clock } from '../../common/clock.js';
import { blockBytesMax } from '../../common/constants.js';
import { CairnError } from '../../common/errors.js';
import { unary } from '../../common/grpc.js';
import { assertBlockId, checksumFromHex, checksumToHex, xxh64 } from '../../common/hashing.js';
import type { Logger } from '../../common/logger.js';
import { runHop, verifyBytes, type PipelineDeps } from '../pipeline/write-pipeline.js';

export interface DatanodeServiceDeps extends PipelineDeps {
  logger: Logger;
  clock: Clock;
  clusterSecret: string;
  tokens: BlockTokenKey;
  /** Told of every block durably held after a write, with the session the token names. */
  onStored(blockId: string, uploadId: string): void;
  onCorrupt(blockId: string): void;
  activeWrites: { count: number };
}

export function datanodeService(deps: DatanodeServiceDeps): DatanodeServiceHandlers {
  return {
    WriteBlock: unary(deps.logger, async (req, call) => {
      const blockId = assertBlockId(req.blockId);
      const scope = deps.tokens.verify(req.token, 'write', blockId, deps.clock.now());
      if (req.data.length === 0 || req.data.length > blockBytesMax) throw new CairnError('TOO_LARGE', `block of ${req.data.length} bytes outside 1…${blockBytesMax}`);
      const request = { blockId, data: req.data, checksum: checksumFromHex(req.checksum), token: req.token, downstream: req.downstream, isHead: !isSignedByNode(deps, call) };
      verifyBytes(request);
      deps.activeWrites.count += 1;
      try {
        const reply = await runHop(deps, request);
        if (reply.stored?.includes(deps.datanodeId)) deps.onStored(blockId, scope);
        return reply;
      } finally {
        deps.activeWrites.count -= 1;
      }
    }),
    ReadBlock: unary(deps.logger, async (req) => {
      const blockId = assertBlockId(req.blockId);
      deps.tokens.verify(req.token, 'read', blockId, deps.clock.now());
      let data: Buffer | undefined;
      try {
        data = await deps.store.get(blockId);
      } catch (err) {
        if (err instanceof CairnError && err.code === 'BLOCK_CORRUPT') deps.onCorrupt(blockId);
        throw err;
      }
      if (!data) throw new CairnError('BLOCK_NOT_FOUND', `block ${blockId.slice(0, 12)}… is not here`);
      return { data, checksum: checksumToHex(xxh64(data)) };
    }),
  };
}

function isSignedByNode(deps: DatanodeServiceDeps, call: { metadata: grpc.Metadata }): boolean {
  const header = call.metadata.get('x-cairn-node')[0];
  if (typeof header !== 'string') return false;
  verifyNodeHeader(deps.clusterSecret, header, deps.clock.now());
  return true;
}

// One hop of the HTTP-style write chain (DESIGN §5): verify the bytes, store them locally while
// forwarding them to the next datanode, and answer with every replica that is durable. Every hop
// checks the xxh64 and that the bytes match the block id's SHA-256, so nobody stores bytes under
// another content's id. No hop trusts an earlier one: the pipeline header is the client's to
// write, so a datanode may be forwarding to any address, and nothing it sends along may vouch for
// the bytes — a signature sent there could be replayed to skip the check, or to act as this
// datanode towards the namenode. A datanode that already holds the block verifies the bytes and
// does not store them again.
import type { BlockTransferClient, PipelineTarget, WriteReply } from '../../common/block-transfer.js';
import { CairnError, toCairnError } from '../../common/errors.js';
import { sha256Hex, xxh64 } from '../../common/hashing.js';
import type { BlockStore } from '../storage/block-store.js';

export interface HopRequest {
  blockId: string;
  data: Buffer;
  checksum: bigint;
  token: string;
  downstream: PipelineTarget[];
}

export interface PipelineDeps {
  datanodeId: string;
  store: BlockStore;
  peers: BlockTransferClient;
}

export function verifyBytes(request: Pick<HopRequest, 'blockId' | 'data' | 'checksum'>): void {
  if (xxh64(request.data) !== request.checksum) throw new CairnError('CHECKSUM_MISMATCH', `block ${request.blockId.slice(0, 12)}… failed its xxh64 check in transit`);
  if (sha256Hex(request.data) !== request.blockId) {
    throw new CairnError('BLOCK_ID_MISMATCH', `bytes do not hash to block id ${request.blockId.slice(0, 12)}…`);
  }
}

/** Stores locally and forwards in parallel; never throws for downstream failures, it reports them. */
export async function runHop(deps: PipelineDeps, request: HopRequest): Promise<WriteReply> {
  const [next, ...rest] = request.downstream;
  const local = deps.store.put(request.blockId, request.data, request.checksum).then(
    () => undefined,
    (err: unknown) => toCairnError(err),
  );
  const forwarded: Promise<WriteReply> | undefined = next
    ? deps.peers
        .write(next.dataAddress, { blockId: request.blockId, data: request.data, checksum: request.checksum, token: request.token, downstream: rest })
        .catch((err: unknown) => {
          const error = toCairnError(err);
          return { stored: [], failed: [next, ...rest].map((t) => ({ datanodeId: t.datanodeId, code: error.code, message: error.message })) };
        })
    : undefined;
  const [localError, downstream] = await Promise.all([local, forwarded]);
  const stored = localError ? [] : [deps.datanodeId];
  const failed = localError ? [{ datanodeId: deps.datanodeId, code: localError.code, message: localError.message }] : [];
  return { stored: [...stored, ...(downstream?.stored ?? [])], failed: [...failed, ...(downstream?.failed ?? [])] };
}

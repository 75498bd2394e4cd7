// What a user holds durably, asked the way the upload protocol answers it: the blocks of some
// bytes (chunked as the cluster chunks) are negotiated in a probe session of their own, which is
// aborted afterwards. `present` answers are exactly the blocks a resumed upload will not send
// again, so resume tests can compare what was sent with what had to be.
import { chunkerFor } from '../../src/client/chunker.js';
import type { CairnClient } from '../../src/client/cairn-client.js';
import { putBlocksBatchMax } from '../../src/common/constants.js';
import { initHashing, sha256Hex } from '../../src/common/hashing.js';

export interface ProbeBlock {
  id: string;
  size: number;
  offset: number;
}

/** The blocks of `source` under the cluster's chunking policy. */
export async function blocksOf(source: AsyncIterable<Uint8Array>, chunking: string): Promise<ProbeBlock[]> {
  await initHashing();
  const blocks: ProbeBlock[] = [];
  let offset = 0;
  for await (const data of chunkerFor(chunking).chunks(source)) {
    blocks.push({ id: sha256Hex(data), size: data.length, offset });
    offset += data.length;
  }
  return blocks;
}

/** Bytes of `blocks` the client's user holds durably now (negotiated in a probe session at `probePath`, aborted after). */
export async function durableBytes(client: CairnClient, blocks: ProbeBlock[], probePath: string): Promise<number> {
  const { uploadId } = await client.nn.call('BeginUpload', { path: probePath, expectedRevision: 0, hasExpectedRevision: false });
  let bytes = 0;
  try {
    for (let i = 0; i < blocks.length; i += putBlocksBatchMax) {
      const batch = blocks.slice(i, i + putBlocksBatchMax);
      const { answers } = await client.nn.call('PutBlocks', { uploadId, blocks: batch });
      for (const [j, answer] of answers.entries()) if (answer.present) bytes += batch[j]?.size ?? 0;
    }
  } finally {
    await client.nn.call('AbortUpload', { uploadId });
  }
  return bytes;
}

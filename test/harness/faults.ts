// Fault helpers for cluster-health tests: damage a replica's bytes on disk the way bit rot would
// (the datanode is not told), ask the namenode for fsck, and read a block straight from one
// datanode's data plane.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FsckReply__Output } from '../../proto/gen/cairn/namenode/FsckReply.js';
import type { CairnClient } from '../../src/client/cairn-client.js';
import { BlockTokenKey } from '../../src/common/block-token.js';
import { headers } from '../../src/common/block-transfer.js';
import { flipByte } from '../unit/datanode-storage/fixtures/blocks.js';

async function segmentFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith('.seg')) found.push(join(entry.parentPath, entry.name));
  }
  return found;
}

/**
 * Flips one byte of the stored copy of `blockData` in a datanode's segment files. Returns false
 * when that datanode holds no copy. The sample is taken from the middle of the block, so it is
 * the block's own bytes, not a header.
 */
export async function corruptReplica(datanodeDir: string, blockData: Buffer): Promise<boolean> {
  const middle = Math.floor(blockData.length / 2);
  const sample = blockData.subarray(middle, middle + 64);
  for (const file of await segmentFiles(datanodeDir)) {
    const at = (await readFile(file)).indexOf(sample);
    if (at < 0) continue;
    await flipByte(file, at);
    return true;
  }
  return false;
}

export async function fsck(admin: CairnClient, path = '/', detail: { files?: boolean; blocks?: boolean } = {}): Promise<FsckReply__Output> {
  return admin.nn.admin('Fsck', { path, files: detail.files ?? false, blocks: detail.blocks ?? false });
}

/** GET of one block from one datanode's data plane, with a read token minted from the cluster secret. */
export async function fetchBlock(dataAddress: string, blockId: string, clusterSecret: string): Promise<{ status: number; body: Buffer }> {
  const token = new BlockTokenKey(clusterSecret).issue('read', blockId, Date.now() + 60_000, '');
  const res = await fetch(`http://${dataAddress}/blocks/${blockId}`, { headers: { [headers.token]: token } });
  return { status: res.status, body: Buffer.from(await res.arrayBuffer()) };
}

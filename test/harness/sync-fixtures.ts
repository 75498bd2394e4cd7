// For sync tests and benches: reproducible pseudo-random content, fast enough for files of
// hundreds of MiB (an AES-256-CTR keystream runs at GB/s; SHA-256 per 32 bytes would take
// seconds); the block lists a cluster of either chunking policy makes of it, so what an upload
// must send is known before it starts; and liveness timers for clusters that move that much.
import { createCipheriv, createHash } from 'node:crypto';
import { chunkerFor } from '../../src/client/chunker.js';
import type { ConfigInput } from '../../src/common/config.js';
import { sha256Hex } from '../../src/common/hashing.js';
import { bufferSource } from './mini-cluster.js';

/**
 * Heartbeats as fast as the mini cluster's, but a datanode counts as stale only after 5 s: chunking
 * and hashing 100 MiB in the test's own process on a busy 2-core machine can hold the heartbeat
 * timers back longer than the mini cluster's 400 ms, and these tests are not about liveness.
 */
export const patientLiveness: ConfigInput = { staleAfterMs: 5000, deadAfterMs: 20_000 };

/** `length` bytes determined by `seed` alone: the same on every machine and every run. */
export function seededRandomBytes(seed: string, length: number): Buffer {
  const key = createHash('sha256').update(`cairn-test-bytes:${seed}`).digest();
  return createCipheriv('aes-256-ctr', key, Buffer.alloc(16)).update(Buffer.alloc(length));
}

export interface LocalBlock {
  id: string;
  offset: number;
  size: number;
}

/** The blocks an upload of `data` consists of under `policy` ('cdc' | 'fixed'), as the client cuts them. */
export async function localBlocks(data: Buffer, policy: string): Promise<LocalBlock[]> {
  const blocks: LocalBlock[] = [];
  let offset = 0;
  for await (const block of chunkerFor(policy).chunks(bufferSource(data, 4 * 1024 * 1024))) {
    blocks.push({ id: sha256Hex(block), offset, size: block.length });
    offset += block.length;
  }
  return blocks;
}

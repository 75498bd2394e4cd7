// Content hashing. A block's identity is the SHA-256 of its bytes (hex in text and JSON);
// its checksum is the xxh64 used for every integrity check on disk and in transit.
// xxhash-wasm must be loaded once with `initHashing()` before `xxh64()` is called.
import { createHash } from 'node:crypto';
import xxhash from 'xxhash-wasm';
import { CairnError } from './errors.js';

type Hasher = Awaited<ReturnType<typeof xxhash>>;
let hasher: Hasher | undefined;

export async function initHashing(): Promise<void> {
  hasher ??= await xxhash();
}

export function xxh64(data: Uint8Array): bigint {
  if (hasher === undefined) throw new Error('assertion failed: initHashing() was not awaited');
  return hasher.h64Raw(data);
}

export function sha256Hex(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

const blockIdPattern = /^[0-9a-f]{64}$/;

export function isBlockId(value: string): boolean {
  return blockIdPattern.test(value);
}

export function assertBlockId(value: string): string {
  if (!isBlockId(value)) throw new CairnError('INVALID_ARGUMENT', `not a block id: ${JSON.stringify(value.slice(0, 80))}`);
  return value;
}

export function checksumToHex(checksum: bigint): string {
  return checksum.toString(16).padStart(16, '0');
}

export function checksumFromHex(hex: string): bigint {
  if (!/^[0-9a-f]{16}$/.test(hex)) throw new CairnError('INVALID_ARGUMENT', 'checksum must be 16 hex digits');
  return BigInt(`0x${hex}`);
}

// Chunkers turn a byte stream into blocks. The policy is fixed per cluster (DESIGN §3): `cdc`,
// content-defined (fastcdc.ts), or `fixed`-size blocks. Memory is bounded by a block or two.
import { blockBytesFixed } from '../common/constants.js';
import { CdcChunker } from './fastcdc.js';

export interface Chunker {
  chunks(source: AsyncIterable<Uint8Array>): AsyncGenerator<Buffer>;
}

/** Exactly `blockBytes`-sized blocks; the last one holds the rest. */
export class FixedChunker implements Chunker {
  readonly #blockBytes: number;

  constructor(blockBytes = blockBytesFixed) {
    this.#blockBytes = blockBytes;
  }

  async *chunks(source: AsyncIterable<Uint8Array>): AsyncGenerator<Buffer> {
    let block = Buffer.allocUnsafe(this.#blockBytes);
    let filled = 0;
    for await (const piece of source) {
      let offset = 0;
      while (offset < piece.length) {
        const take = Math.min(piece.length - offset, this.#blockBytes - filled);
        block.set(piece.subarray(offset, offset + take), filled);
        filled += take;
        offset += take;
        if (filled === this.#blockBytes) {
          yield block;
          block = Buffer.allocUnsafe(this.#blockBytes);
          filled = 0;
        }
      }
    }
    if (filled > 0) yield block.subarray(0, filled);
  }
}

export function chunkerFor(policy: string): Chunker {
  if (policy === 'cdc') return new CdcChunker();
  if (policy === 'fixed') return new FixedChunker();
  throw new Error(`assertion failed: unknown chunking policy ${policy}`);
}

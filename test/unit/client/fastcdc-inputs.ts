// Deterministic inputs for the FastCDC golden vectors: a seeded pseudo-random stream and a few
// files shaped like real ones (text, a log, a sparse image, zeros). Generated, never stored, so
// the fixture holds only their lengths, hashes and cut points.
import { createHash } from 'node:crypto';

const MiB = 1024 * 1024;

/** Bytes from SHA-256 in counter mode over `seed`: the same on every machine. */
export function seededBytes(seed: string, length: number): Buffer {
  const out = Buffer.allocUnsafe(length);
  for (let block = 0, at = 0; at < length; block++, at += 32) {
    createHash('sha256').update(`${seed}:${block}`).digest().copy(out, at, 0, Math.min(32, length - at));
  }
  return out;
}

/** A small deterministic generator for choices (xorshift32). */
function choices(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

const words = ['cairn', 'block', 'namenode', 'replica', 'the', 'of', 'and', 'storage', 'upload', 'revision', 'folder', 'share', 'quota', 'edit', 'journal', 'a', 'is', 'to', 'in', 'data'];

function text(length: number, seed: number): Buffer {
  const next = choices(seed);
  const parts: string[] = [];
  let size = 0;
  while (size < length) {
    const word = words[next() % words.length] ?? 'x';
    const sep = next() % 13 === 0 ? '.\n' : ' ';
    parts.push(word, sep);
    size += word.length + sep.length;
  }
  return Buffer.from(parts.join('')).subarray(0, length);
}

function log(length: number, seed: number): Buffer {
  const next = choices(seed);
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < length; i++) {
    const line = `2026-11-21T12:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}.${String(next() % 1000).padStart(3, '0')}Z INFO datanode ${next() % 4} stored block ${(next() >>> 0).toString(16).padStart(8, '0')} in ${next() % 900} us\n`;
    lines.push(line);
    size += line.length;
  }
  return Buffer.from(lines.join('')).subarray(0, length);
}

/** Mostly zeros with short random runs: a sparse disk image. */
function sparse(length: number): Buffer {
  const out = Buffer.alloc(length);
  const noise = seededBytes('sparse', 4096);
  for (let at = 0; at + 4096 <= length; at += 3 * MiB / 4) noise.copy(out, at);
  return out;
}

export const goldenInputs: Record<string, () => Buffer> = {
  'random-24MiB': () => seededBytes('cairn-golden', 24 * MiB),
  'text-6MiB': () => text(6 * MiB, 7),
  'log-5MiB': () => log(5 * MiB, 11),
  'sparse-8MiB': () => sparse(8 * MiB),
  'zeros-3MiB': () => Buffer.alloc(3 * MiB),
  'tiny-1000B': () => seededBytes('tiny', 1000),
};

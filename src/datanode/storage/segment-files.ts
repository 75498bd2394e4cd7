// File-level helpers for segment files. Segment paths are only ever built from a segment number,
// never from anything a client sent, so nothing can name a file outside the data dir. Writes and
// reads loop until complete because positioned I/O may legally transfer fewer bytes than asked.
import { open, readdir, type FileHandle } from 'node:fs/promises';
import { constants as fsConstants } from 'node:fs';
import { join } from 'node:path';
import { assert } from '../../common/assert.js';
import type { Logger } from '../../common/logger.js';

export const segmentNumberDigits = 6;
/** Far beyond what a data dir can hold at any sensible segment size; keeps names parseable. */
export const segmentNumberMax = 9_999_999_999;
/** Short transfers are retried; a file that keeps answering 0 bytes is broken. */
const zeroProgressRetriesMax = 3;

const segmentNamePattern = /^(\d{6,10})\.seg$/;

export function segmentFileName(segment: number): string {
  assert(Number.isSafeInteger(segment) && segment >= 1 && segment <= segmentNumberMax, `bad segment number ${segment}`);
  return `${String(segment).padStart(segmentNumberDigits, '0')}.seg`;
}

export function segmentPath(segmentsDir: string, segment: number): string {
  return join(segmentsDir, segmentFileName(segment));
}

/** Segment numbers present in `segmentsDir`, ascending. Other files are reported and ignored. */
export async function listSegmentNumbers(segmentsDir: string, logger: Logger): Promise<number[]> {
  const numbers: number[] = [];
  for (const name of await readdir(segmentsDir)) {
    const match = segmentNamePattern.exec(name);
    const segment = match?.[1] === undefined ? Number.NaN : Number(match[1]);
    if (!Number.isSafeInteger(segment) || segment < 1 || segmentFileName(segment) !== name) {
      logger.warn({ dir: segmentsDir, name }, 'ignoring a file that is not a segment');
      continue;
    }
    numbers.push(segment);
  }
  return numbers.sort((a, b) => a - b);
}

/** Creates a new, empty segment file; fails if it exists, so no data is ever overwritten. */
export async function createSegmentFile(path: string): Promise<FileHandle> {
  const flags = fsConstants.O_RDWR | fsConstants.O_CREAT | fsConstants.O_EXCL;
  return open(path, flags, 0o644);
}

/** Makes a directory's entries (new or removed files) durable. */
export async function syncDirectory(path: string): Promise<void> {
  const handle = await open(path, fsConstants.O_RDONLY | fsConstants.O_DIRECTORY);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Writes every buffer at `position`, in order, looping over short writes. */
export async function writeAllAt(handle: FileHandle, buffers: Buffer[], position: number): Promise<number> {
  let pending = buffers.filter((buffer) => buffer.length > 0);
  let offset = position;
  let idleRounds = 0;
  while (pending.length > 0) {
    const { bytesWritten } = await handle.writev(pending, offset);
    offset += bytesWritten;
    idleRounds = bytesWritten === 0 ? idleRounds + 1 : 0;
    if (idleRounds > zeroProgressRetriesMax) throw new Error(`write made no progress at offset ${offset}`);
    pending = dropWritten(pending, bytesWritten);
  }
  return offset - position;
}

function dropWritten(buffers: Buffer[], bytesWritten: number): Buffer[] {
  let skip = bytesWritten;
  const rest: Buffer[] = [];
  for (const buffer of buffers) {
    if (skip >= buffer.length) {
      skip -= buffer.length;
      continue;
    }
    rest.push(skip > 0 ? buffer.subarray(skip) : buffer);
    skip = 0;
  }
  return rest;
}

/** Reads up to `length` bytes at `position`; fewer only when the file ends first. */
export async function readAt(handle: FileHandle, length: number, position: number): Promise<Buffer> {
  const buffer = Buffer.allocUnsafe(length);
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(buffer, filled, length - filled, position + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return filled === length ? buffer : buffer.subarray(0, filled);
}

// Sequential validation of a segment's records, in two flavours.
// - `scanSegment` replays the tail past the index watermark and rebuilds a lost index. It decides
//   what a torn write looks like: a short header, a header that fails its checks, a payload cut
//   short by the end of the file, or a payload that fails its checksum as the file's last record.
//   Everything from a torn record on is cut off by the caller. A payload that fails its checksum
//   with valid records after it is not a torn write but damage; it is reported as corrupt and
//   skipped so the records after it survive.
// - `scanSealedSegment` reads a segment that is no longer appended to (compaction). Nothing in it
//   can be torn, so whatever does not parse is damage: it is reported as a damaged stretch and the
//   scan resumes at the next offset that holds a valid header (magic and header checksum), so one
//   rotten header does not hide the records behind it.
// Every record event carries its payload, checked against the header's xxh64 (`payloadOk`).
import type { FileHandle } from 'node:fs/promises';
import { MiB } from '../../common/constants.js';
import { xxh64 } from '../../common/hashing.js';
import { decodeRecordHeader, recordBytes, recordBytesMax, recordHeaderBytes, recordMagic, type RecordHeader } from './record.js';
import { readAt } from './segment-files.js';

/** Read-ahead of the scanner: large sequential reads, and always at least one whole record. */
export const scanReadBytes = 8 * MiB;

export interface RecordEvent {
  type: 'record';
  offset: number;
  end: number;
  header: RecordHeader;
  /** The payload as read; valid after later reads (each window is a new buffer). */
  payload: Buffer;
  payloadOk: boolean;
}

export type ScanEvent = RecordEvent | { type: 'torn'; offset: number; reason: string };
export type SealedScanEvent = RecordEvent | { type: 'damaged'; offset: number; end: number; reason: string };

type NextRecord = RecordEvent | { type: 'bad'; reason: string };

export async function* scanSegment(handle: FileHandle, fileBytes: number, startOffset: number): AsyncGenerator<ScanEvent> {
  const reader = new WindowReader(handle, fileBytes, scanReadBytes);
  let offset = startOffset;
  while (offset < fileBytes) {
    const next = await readRecord(reader, offset, fileBytes);
    if (next.type === 'bad') {
      yield { type: 'torn', offset, reason: next.reason };
      return;
    }
    if (!next.payloadOk && next.end === fileBytes) {
      yield { type: 'torn', offset, reason: 'payload checksum mismatch in the last record' };
      return;
    }
    yield next;
    offset = next.end;
  }
}

/** Scans `[startOffset, fileBytes)` of a sealed segment, reading ahead `readAheadBytes` (at least one record) at a time. */
export async function* scanSealedSegment(handle: FileHandle, fileBytes: number, startOffset: number, readAheadBytes: number): AsyncGenerator<SealedScanEvent> {
  const reader = new WindowReader(handle, fileBytes, readAheadBytes);
  let offset = startOffset;
  while (offset < fileBytes) {
    const next = await readRecord(reader, offset, fileBytes);
    if (next.type === 'record') {
      yield next;
      offset = next.end;
      continue;
    }
    const end = await findHeader(reader, offset + 1, fileBytes);
    yield { type: 'damaged', offset, end, reason: next.reason };
    offset = end;
  }
}

async function readRecord(reader: WindowReader, offset: number, fileBytes: number): Promise<NextRecord> {
  if (fileBytes - offset < recordHeaderBytes) return { type: 'bad', reason: `short header (${fileBytes - offset} bytes left)` };
  const decoded = decodeRecordHeader(await reader.read(offset, recordHeaderBytes));
  if (!decoded.ok) return { type: 'bad', reason: decoded.reason };
  const { header } = decoded;
  const end = offset + recordBytes(header.payloadBytes);
  if (end > fileBytes) return { type: 'bad', reason: `payload cut short (${fileBytes - offset - recordHeaderBytes} of ${header.payloadBytes} bytes)` };
  const payload = await reader.read(offset + recordHeaderBytes, header.payloadBytes);
  return { type: 'record', offset, end, header, payload, payloadOk: xxh64(payload) === header.payloadChecksum };
}

const magicBytes = Buffer.alloc(4);
magicBytes.writeUInt32BE(recordMagic);

/** The first offset at or after `from` holding a valid header whose record fits the file; `fileBytes` if none. */
async function findHeader(reader: WindowReader, from: number, fileBytes: number): Promise<number> {
  let position = from;
  while (fileBytes - position >= recordHeaderBytes) {
    const chunk = await reader.read(position, Math.min(reader.windowBytes, fileBytes - position));
    if (chunk.length < recordHeaderBytes) return fileBytes; // the file shrank under us
    for (let at = chunk.indexOf(magicBytes); at >= 0; at = chunk.indexOf(magicBytes, at + 1)) {
      const candidate = position + at;
      if (fileBytes - candidate < recordHeaderBytes) return fileBytes;
      const decoded = decodeRecordHeader(await reader.read(candidate, recordHeaderBytes));
      if (decoded.ok && candidate + recordBytes(decoded.header.payloadBytes) <= fileBytes) return candidate;
    }
    // The magic may straddle two chunks.
    position += chunk.length - (magicBytes.length - 1);
  }
  return fileBytes;
}

/** Serves reads from one large window. Each refill reads into a new buffer, so returned buffers stay valid. */
class WindowReader {
  private window: Buffer = Buffer.alloc(0);
  private windowStart = 0;
  readonly windowBytes: number;

  constructor(
    private readonly handle: FileHandle,
    private readonly fileBytes: number,
    readAheadBytes: number,
  ) {
    this.windowBytes = Math.max(readAheadBytes, recordBytesMax);
  }

  async read(offset: number, length: number): Promise<Buffer> {
    const windowEnd = this.windowStart + this.window.length;
    if (offset < this.windowStart || offset + length > windowEnd) {
      this.window = await readAt(this.handle, Math.min(this.windowBytes, this.fileBytes - offset), offset);
      this.windowStart = offset;
    }
    const start = offset - this.windowStart;
    // Fewer bytes than asked means the file shrank under us; the caller sees a short buffer.
    return this.window.subarray(start, Math.min(start + length, this.window.length));
  }
}

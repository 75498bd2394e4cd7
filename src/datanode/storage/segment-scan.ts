// Sequential validation of a segment's records, used to replay the tail past the index watermark
// and to rebuild a lost index. It decides what a torn write looks like: a short header, a header
// that fails its checks, a payload cut short by the end of the file, or a payload that fails its
// checksum as the file's last record. Everything from a torn record on is cut off by the caller.
// A payload that fails its checksum with valid records after it is not a torn write but damage;
// it is reported as corrupt and skipped so the records after it survive.
import type { FileHandle } from 'node:fs/promises';
import { MiB } from '../../common/constants.js';
import { xxh64 } from '../../common/hashing.js';
import { decodeRecordHeader, recordBytesMax, recordHeaderBytes, type RecordHeader } from './record.js';
import { readAt } from './segment-files.js';

/** Read-ahead of the scanner: large sequential reads, and always at least one whole record. */
export const scanReadBytes = 8 * MiB;

export type ScanEvent =
  | { type: 'record'; offset: number; end: number; header: RecordHeader; payloadOk: boolean }
  | { type: 'torn'; offset: number; reason: string };

export async function* scanSegment(handle: FileHandle, fileBytes: number, startOffset: number): AsyncGenerator<ScanEvent> {
  const reader = new WindowReader(handle, fileBytes);
  let offset = startOffset;
  while (offset < fileBytes) {
    if (fileBytes - offset < recordHeaderBytes) {
      yield { type: 'torn', offset, reason: `short header (${fileBytes - offset} bytes left)` };
      return;
    }
    const decoded = decodeRecordHeader(await reader.read(offset, recordHeaderBytes));
    if (!decoded.ok) {
      yield { type: 'torn', offset, reason: decoded.reason };
      return;
    }
    const { header } = decoded;
    const end = offset + recordHeaderBytes + header.payloadBytes;
    if (end > fileBytes) {
      yield { type: 'torn', offset, reason: `payload cut short (${fileBytes - offset - recordHeaderBytes} of ${header.payloadBytes} bytes)` };
      return;
    }
    const payload = await reader.read(offset + recordHeaderBytes, header.payloadBytes);
    const payloadOk = xxh64(payload) === header.payloadChecksum;
    if (!payloadOk && end === fileBytes) {
      yield { type: 'torn', offset, reason: 'payload checksum mismatch in the last record' };
      return;
    }
    yield { type: 'record', offset, end, header, payloadOk };
    offset = end;
  }
}

/** Serves reads from one large window; a returned buffer is valid until the next read. */
class WindowReader {
  private window: Buffer = Buffer.alloc(0);
  private windowStart = 0;

  constructor(
    private readonly handle: FileHandle,
    private readonly fileBytes: number,
  ) {}

  async read(offset: number, length: number): Promise<Buffer> {
    const windowEnd = this.windowStart + this.window.length;
    if (offset < this.windowStart || offset + length > windowEnd) {
      const wanted = Math.min(Math.max(scanReadBytes, recordBytesMax), this.fileBytes - offset);
      this.window = await readAt(this.handle, wanted, offset);
      this.windowStart = offset;
    }
    const start = offset - this.windowStart;
    // Fewer bytes than asked means the file shrank under us; the caller sees a short buffer.
    return this.window.subarray(start, Math.min(start + length, this.window.length));
  }
}

// The on-disk record format of segment files. Segments are the only truth about which blocks a
// data dir holds (the index is rebuilt from them), so every record must be self-describing and
// self-checking: a header that carries its own checksum and the payload's, so a reader can tell
// a torn or corrupt record from a good one without any other file.
//
// Header layout, big-endian, `recordHeaderBytes` long:
//   0  magic 'CRN1'        (4)
//   4  version = 1         (u8)
//   5  kind                (u8: 1 block, 2 tombstone)
//   6  reserved, zero      (2)
//   8  block id, raw       (32)
//  40  payload length      (u32)
//  44  payload xxh64       (u64)
//  52  reserved, zero      (4)
//  56  header xxh64        (u64, over bytes 0..56)
import { assert } from '../../common/assert.js';
import { blockBytesMax } from '../../common/constants.js';
import { xxh64 } from '../../common/hashing.js';

export const recordMagic = 0x43524e31; // 'CRN1'
export const recordVersion = 1;
export const recordHeaderBytes = 64;
export const blockIdBytes = 32;
/** No record carries more than one block. */
export const recordPayloadBytesMax = blockBytesMax;
/** The largest record a segment can hold. */
export const recordBytesMax = recordHeaderBytes + recordPayloadBytesMax;

const checkedHeaderBytes = 56;

export const RecordKind = { block: 1, tombstone: 2 } as const;
export type RecordKind = (typeof RecordKind)[keyof typeof RecordKind];

export interface RecordHeader {
  kind: RecordKind;
  /** 32 raw bytes, a copy owned by the header. */
  blockId: Buffer;
  payloadBytes: number;
  payloadChecksum: bigint;
}

export type DecodedHeader = { ok: true; header: RecordHeader } | { ok: false; reason: string };

let emptyChecksum: bigint | undefined;

/** The payload checksum every tombstone carries (xxh64 of no bytes). */
export function tombstoneChecksum(): bigint {
  emptyChecksum ??= xxh64(new Uint8Array(0));
  return emptyChecksum;
}

export function encodeRecordHeader(header: RecordHeader): Buffer {
  assert(header.blockId.length === blockIdBytes, 'record block id must be 32 bytes');
  assert(Number.isSafeInteger(header.payloadBytes) && header.payloadBytes >= 0, 'record length must be a non-negative integer');
  assert(header.payloadBytes <= recordPayloadBytesMax, 'record payload exceeds the block size limit');
  assert(header.kind !== RecordKind.tombstone || header.payloadBytes === 0, 'tombstones carry no payload');
  const buffer = Buffer.alloc(recordHeaderBytes);
  buffer.writeUInt32BE(recordMagic, 0);
  buffer.writeUInt8(recordVersion, 4);
  buffer.writeUInt8(header.kind, 5);
  header.blockId.copy(buffer, 8);
  buffer.writeUInt32BE(header.payloadBytes, 40);
  buffer.writeBigUInt64BE(header.payloadChecksum, 44);
  buffer.writeBigUInt64BE(xxh64(buffer.subarray(0, checkedHeaderBytes)), checkedHeaderBytes);
  return buffer;
}

/** Validates and decodes a header; `reason` says why bytes are not a usable header. */
export function decodeRecordHeader(bytes: Uint8Array): DecodedHeader {
  if (bytes.length < recordHeaderBytes) return { ok: false, reason: `short header (${bytes.length} bytes)` };
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, recordHeaderBytes);
  if (buffer.readUInt32BE(0) !== recordMagic) return { ok: false, reason: 'bad magic' };
  const storedChecksum = buffer.readBigUInt64BE(checkedHeaderBytes);
  if (xxh64(buffer.subarray(0, checkedHeaderBytes)) !== storedChecksum) return { ok: false, reason: 'header checksum mismatch' };
  const version = buffer.readUInt8(4);
  if (version !== recordVersion) return { ok: false, reason: `unknown record version ${version}` };
  const kind = buffer.readUInt8(5);
  if (kind !== RecordKind.block && kind !== RecordKind.tombstone) return { ok: false, reason: `unknown record kind ${kind}` };
  const payloadBytes = buffer.readUInt32BE(40);
  if (payloadBytes > recordPayloadBytesMax) return { ok: false, reason: `payload length ${payloadBytes} exceeds the limit` };
  if (kind === RecordKind.tombstone && payloadBytes !== 0) return { ok: false, reason: 'tombstone with a payload' };
  const header: RecordHeader = {
    kind,
    blockId: Buffer.from(buffer.subarray(8, 8 + blockIdBytes)),
    payloadBytes,
    payloadChecksum: buffer.readBigUInt64BE(44),
  };
  return { ok: true, header };
}

export function recordBytes(payloadBytes: number): number {
  return recordHeaderBytes + payloadBytes;
}

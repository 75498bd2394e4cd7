// Fixed limits of the system. Configurable timings live in the config schema instead; the
// relationships between limits are asserted here at load so a bad edit fails at once.
import { assert } from './assert.js';

export const KiB = 1024;
export const MiB = 1024 * KiB;
export const GiB = 1024 * MiB;
export const TiB = 1024 * GiB;

/** The chunking policy a namenode formats with when the config names none (DESIGN §3). */
export const defaultChunking = 'cdc';
/** Revision numbers travel as uint32: the largest a file can have. */
export const revisionMax = 0xffff_ffff;
/** Fixed chunking block size (DESIGN §3). */
export const blockBytesFixed = 400 * KiB;
/** The largest block any chunker may produce. */
export const blockBytesMax = 1 * MiB;
/** gRPC messages carry at most one block plus its envelope. */
export const grpcMessageBytesMax = 4 * MiB;
/** Blocks named in one PutBlocks call (DESIGN §6). */
export const putBlocksBatchMax = 1000;
/** Datanodes a client may ask PutBlocks to leave out of its pipelines. */
export const pipelineExcludeMax = 64;
/** Blocks located in one GetFile page. */
export const getFileBlocksPageMax = 1000;
/** Entries in one listing page. */
export const listPageMax = 1000;
/** Block ids in one block report chunk. */
export const blockReportChunkMax = 10_000;
/** Edits committed together in one synced batch. */
export const editGroupMax = 512;
/**
 * Block references one purge edit (trash purge, revision retention) releases at most, counted by
 * the revisions' block counts; an edit of a single revision may hold more (it cannot be split).
 */
export const purgeBlocksPerEditMax = 25_000;
/** Path and name limits (DESIGN §3). */
export const pathBytesMax = 4096;
export const nameBytesMax = 255;
/** Metadata kept with a revision (S3 headers, user metadata, checksums): entries, and bytes of keys and values together. */
export const revisionMetaEntriesMax = 64;
export const revisionMetaBytesMax = 8 * 1024;
/** Accepted skew for node-to-node signed headers. */
export const clusterAuthSkewMs = 5 * 60 * 1000;

assert(grpcMessageBytesMax > blockBytesMax + 64 * KiB, 'gRPC message limit must exceed the largest block plus headers');
assert(blockBytesFixed <= blockBytesMax, 'fixed block size must not exceed the block size limit');

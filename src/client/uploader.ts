// Upload (DESIGN §6): stream the source through the chunker, hash each block, negotiate with
// PutBlocks in batches (blocks the caller already holds are not sent again), write the rest
// through datanode pipelines with bounded parallelism, then commit the revision. The session is
// opened together with the first batch's negotiation (one BeginUpload call), so a file of one
// batch — every small file — costs two namenode calls, begin and commit. Memory is
// bounded by the batch size and the parallelism, never by the file size. A block whose pipeline
// leaves fewer than the required replicas is negotiated again and sent down a fresh pipeline.
//
// Resuming (`resume`) continues the caller's newest open session of the path instead of opening
// one: the file is read and negotiated again from the start, and the namenode answers `present`
// for every block the session already holds durably, so only the rest is sent. Every block is
// negotiated again at its offset, which is what lets the commit of a changed file hold exactly the
// new content. A failed upload aborts its session — unless `keepSessionOnFailure` and the failure
// is one a later resume can get past (the cluster or the local file was unavailable).
import { createHash } from 'node:crypto';
import type { BlockAnswer__Output } from '../../proto/gen/cairn/namenode/BlockAnswer.js';
import type { BlockTransferClient, PipelineTarget } from '../common/block-transfer.js';
import { pipelineExcludeMax } from '../common/constants.js';
import { CairnError } from '../common/errors.js';
import { sha256Hex, xxh64 } from '../common/hashing.js';
import type { Chunker } from './chunker.js';
import type { NamenodeClient } from './namenode-client.js';

export interface PutOptions {
  chunker: Chunker;
  parallelism: number;
  minReplicas: number;
  /** Undefined: no expectation; 0: the file must not exist; N: the newest revision must be N. */
  expectedRevision?: number;
  onProgress?: (bytes: number) => void;
  /**
   * Called once every byte is stored and before the commit, with the content's MD5 and size:
   * returns the metadata to keep with the revision, or throws to abort the upload (nothing changes).
   */
  beforeCommit?: (content: { md5Hex: string; size: number }) => Promise<Record<string, string>> | Record<string, string>;
  /** Upload part `number` of multipart upload `uploadId` (of `path`) instead of a revision of `path`. */
  part?: { uploadId: string; number: number };
  /**
   * Continue the caller's newest open session of `path` (NO_SUCH_UPLOAD when there is none);
   * `expectedRevision` is then the session's, as the put that opened it set it.
   */
  resume?: boolean;
  /**
   * Leave the session open when the upload fails for a reason a resume can get past (codes in
   * `resumableCodes`); the error then names it in `details.uploadId`.
   */
  keepSessionOnFailure?: boolean;
  /**
   * The source's size when known (a local file; not stdin): the namenode then refuses an upload
   * over quota at BeginUpload, before any block is sent. It is a hint: the commit checks the quota
   * again with the size actually read.
   */
  declaredSize?: number;
}

/** Failures after which the session is worth keeping: the cluster, the network or the local source failed, not the request. */
export const resumableCodes: ReadonlySet<string> = new Set([
  'UNAVAILABLE', 'NOT_ACTIVE', 'SAFE_MODE', 'TIMEOUT', 'NOT_ENOUGH_REPLICAS', 'NO_SPACE', 'IO_ERROR', 'CHECKSUM_MISMATCH',
]);

export interface PutResult {
  path: string;
  /** 0 for a part of a multipart upload. */
  revision: number;
  size: number;
  md5Hex: string;
  blocks: number;
  blocksUploaded: number;
  bytesUploaded: number;
  blocksDeduplicated: number;
  seconds: number;
}

interface PendingBlock {
  id: string;
  data: Buffer;
  offset: number;
  checksum: bigint;
}

const batchBlocksMax = 32;
const blockAttemptsMax = 3;

export async function putFile(nn: NamenodeClient, pool: BlockTransferClient, source: AsyncIterable<Uint8Array>, path: string, options: PutOptions): Promise<PutResult> {
  const started = performance.now();
  const { part } = options;
  const state: UploadState = { path, uploadId: undefined, attempt: 0, size: 0, blocks: 0, blocksUploaded: 0, bytesUploaded: 0, unreachable: new Set() };
  const md5 = createHash('md5');
  const writes = new WriteWindow(options.parallelism);
  try {
    let batch: PendingBlock[] = [];
    for await (const data of options.chunker.chunks(source)) {
      md5.update(data);
      batch.push({ id: sha256Hex(data), data, offset: state.size, checksum: xxh64(data) });
      state.size += data.length;
      state.blocks += 1;
      if (batch.length === batchBlocksMax) {
        await negotiate(nn, pool, batch, writes, state, options);
        batch = [];
      }
    }
    // An empty file still opens its session.
    if (batch.length > 0 || state.uploadId === undefined) await negotiate(nn, pool, batch, writes, state, options);
    const uploadId = state.uploadId as string; // negotiate opened it
    await writes.drain();
    const md5Hex = md5.digest('hex');
    const metadata = (await options.beforeCommit?.({ md5Hex, size: state.size })) ?? {};
    const commit = { uploadId, blockCount: state.blocks, size: state.size, md5: md5Hex, metadata, attempt: state.attempt };
    const committed = part === undefined ? await nn.call('CommitUpload', commit) : (await nn.call('CommitPart', commit), { path, revision: 0 });
    return {
      path: committed.path, revision: committed.revision, size: state.size, md5Hex, blocks: state.blocks, blocksUploaded: state.blocksUploaded,
      bytesUploaded: state.bytesUploaded, blocksDeduplicated: state.blocks - state.blocksUploaded, seconds: (performance.now() - started) / 1000,
    };
  } catch (caught) {
    await writes.drain().catch(() => undefined);
    // The error says how much was sent before it: 0 when the namenode refused the upload up front.
    const err = caught instanceof CairnError ? new CairnError(caught.code, caught.message, { ...caught.details, bytesUploaded: state.bytesUploaded }) : caught;
    const uploadId = state.uploadId;
    if (uploadId === undefined) throw err;
    if (options.keepSessionOnFailure === true && err instanceof CairnError && resumableCodes.has(err.code)) {
      throw new CairnError(err.code, err.message, { ...err.details, uploadId });
    }
    // With its attempt: a session another put has resumed meanwhile is not ours to end.
    await nn.call('AbortUpload', { uploadId, attempt: state.attempt }).catch(() => undefined);
    throw err;
  }
}

interface UploadState {
  path: string;
  /** The session, once the first negotiation opened it. */
  uploadId: string | undefined;
  /** This put's attempt at the session (BeginUploadReply.attempt; 0 for parts: not checked). */
  attempt: number;
  size: number;
  blocks: number;
  blocksUploaded: number;
  bytesUploaded: number;
  /** Datanodes a write failed on during this upload: new pipelines leave them out. */
  unreachable: Set<string>;
}

/** Negotiates a batch — opening the session with the first one — and queues the writes of the blocks to send. */
async function negotiate(nn: NamenodeClient, pool: BlockTransferClient, batch: PendingBlock[], writes: WriteWindow, state: UploadState, options: PutOptions): Promise<void> {
  const blocks = batch.map((b) => ({ id: b.id, size: b.data.length, offset: b.offset }));
  const exclude = [...state.unreachable].slice(-pipelineExcludeMax);
  let answers: BlockAnswer__Output[] | undefined;
  if (state.uploadId === undefined && options.part !== undefined) {
    // A part's session opens on its own (BeginPart negotiates nothing).
    state.uploadId = (await nn.call('BeginPart', { uploadId: options.part.uploadId, path: state.path, partNumber: options.part.number })).uploadId;
    if (blocks.length === 0) return;
  } else if (state.uploadId === undefined) {
    const resume = options.resume === true;
    const hasExpectedRevision = !resume && options.expectedRevision !== undefined;
    const sizeHint = options.declaredSize ?? 0;
    const begun = await nn.call('BeginUpload', { path: state.path, expectedRevision: options.expectedRevision ?? 0, hasExpectedRevision, blocks, exclude, resume, sizeHint });
    state.uploadId = begun.uploadId;
    state.attempt = begun.attempt;
    // A namenode from before BeginUpload negotiated answers nothing: then PutBlocks, as it was.
    if (begun.answers.length === blocks.length) answers = begun.answers;
  }
  const uploadId = state.uploadId;
  answers ??= (await nn.call('PutBlocks', { uploadId, blocks, exclude, attempt: state.attempt })).answers;
  for (const [i, answer] of answers.entries()) {
    const block = batch[i];
    if (!block || answer.id !== block.id) throw new CairnError('INTERNAL', 'PutBlocks answers do not match the request');
    if (answer.present) {
      options.onProgress?.(block.data.length);
      continue;
    }
    await writes.add(async () => {
      await writeBlock(nn, pool, { uploadId, attempt: state.attempt }, block, answer, state.unreachable, options);
      state.blocksUploaded += 1;
      state.bytesUploaded += block.data.length;
      options.onProgress?.(block.data.length);
    });
  }
}

/**
 * Writes one block through its pipeline; when fewer than `minReplicas` replicas were stored, asks
 * for a fresh pipeline without the datanode that failed (remembered for the rest of the upload)
 * and tries again. A pipeline that stored enough but not R replicas is fine: the namenode has
 * the shortfall copied after the commit.
 */
async function writeBlock(
  nn: NamenodeClient, pool: BlockTransferClient, session: { uploadId: string; attempt: number }, block: PendingBlock, first: BlockAnswer__Output,
  unreachable: Set<string>, options: PutOptions,
): Promise<void> {
  let answer = first;
  let lastProblem = '';
  for (let attempt = 1; attempt <= blockAttemptsMax; attempt++) {
    const [head, ...downstream] = answer.pipeline;
    if (head) {
      try {
        const reply = await pool.write(head.dataAddress, { blockId: block.id, data: block.data, checksum: block.checksum, token: answer.token, downstream: downstream.map(toTarget) });
        if (reply.stored.length >= options.minReplicas) return;
        lastProblem = `${reply.stored.length} replicas stored: ${reply.failed.map((f) => `${f.code}: ${f.message}`).join('; ')}`;
        // A hop that fails reports itself and every hop after it: the first is the culprit.
        if (reply.failed[0] !== undefined) unreachable.add(reply.failed[0].datanodeId);
      } catch (err) {
        lastProblem = err instanceof Error ? err.message : String(err);
        if (err instanceof CairnError && (err.code === 'BLOCK_ID_MISMATCH' || err.code === 'CHECKSUM_MISMATCH')) throw err;
        unreachable.add(head.datanodeId);
      }
    }
    if (attempt === blockAttemptsMax) break;
    const blocks = [{ id: block.id, size: block.data.length, offset: block.offset }];
    const again = await nn.call('PutBlocks', { ...session, blocks, exclude: [...unreachable].slice(-pipelineExcludeMax) });
    const next = again.answers[0];
    if (!next) throw new CairnError('INTERNAL', 'PutBlocks answered nothing');
    if (next.present) return;
    answer = next;
  }
  throw new CairnError('NOT_ENOUGH_REPLICAS', `block at offset ${block.offset} could not be written: ${lastProblem}`);
}

function toTarget(target: { datanodeId: string; dataAddress: string }): PipelineTarget {
  return { datanodeId: target.datanodeId, dataAddress: target.dataAddress };
}

/** At most `limit` writes in flight; the first failure is rethrown to the producer. */
class WriteWindow {
  readonly #limit: number;
  readonly #inFlight = new Set<Promise<void>>();
  #failure: unknown;

  constructor(limit: number) {
    this.#limit = limit;
  }

  async add(task: () => Promise<void>): Promise<void> {
    while (this.#inFlight.size >= this.#limit) await Promise.race(this.#inFlight);
    if (this.#failure !== undefined) throw this.#failure;
    const running: Promise<void> = task().catch((err: unknown) => {
      this.#failure ??= err;
    }).finally(() => this.#inFlight.delete(running));
    this.#inFlight.add(running);
  }

  async drain(): Promise<void> {
    await Promise.all(this.#inFlight);
    if (this.#failure !== undefined) throw this.#failure;
  }
}

// The client library's entry point: one namenode client and one datanode channel pool, shared by
// uploads and downloads, with the cluster's chunking policy.
import type { Writable } from 'node:stream';
import type { ClusterInfoReply__Output } from '../../proto/gen/cairn/namenode/ClusterInfoReply.js';
import type { OpenUpload__Output } from '../../proto/gen/cairn/namenode/OpenUpload.js';
import { BlockTransferClient } from '../common/block-transfer.js';
import { listPageMax, revisionMax } from '../common/constants.js';
import { CairnError } from '../common/errors.js';
import { initHashing } from '../common/hashing.js';
import { chunkerFor } from './chunker.js';
import { getFile, type GetOptions, type GetResult } from './downloader.js';
import type { ZkNamenodes } from './zk-namenodes.js';
import { NamenodeClient } from './namenode-client.js';
import { putFile, type PutOptions, type PutResult } from './uploader.js';

export interface CairnClientOptions {
  /** Namenode addresses; may be empty when `zk` is given. */
  namenodes: readonly string[];
  /** A ZooKeeper connect string (`HOST:PORT[,…][/CHROOT]`) to find the namenodes, the active first. */
  zk?: string | ZkNamenodes;
  /** How long a call keeps looking for the active namenode across a failover (NamenodeClient's default: 20 s). */
  failoverWaitMs?: number;
  token: string;
  uploadParallelism?: number;
  downloadParallelism?: number;
  rpcTimeoutMs?: number;
  /** Datanode connections shared with other clients (a gateway's users); closed by its owner, not here. */
  pool?: BlockTransferClient;
}

export class CairnClient {
  readonly nn: NamenodeClient;
  readonly #pool: BlockTransferClient;
  readonly #options: CairnClientOptions;
  #info: Promise<ClusterInfoReply__Output> | undefined;

  constructor(options: CairnClientOptions) {
    this.#options = options;
    this.nn = new NamenodeClient({
      addresses: options.namenodes, zk: options.zk, token: options.token, timeoutMs: options.rpcTimeoutMs, failoverWaitMs: options.failoverWaitMs,
    });
    this.#pool = options.pool ?? new BlockTransferClient(options.rpcTimeoutMs);
  }

  async put(
    source: AsyncIterable<Uint8Array>, path: string,
    options: Pick<PutOptions, 'expectedRevision' | 'onProgress' | 'beforeCommit' | 'part' | 'resume' | 'keepSessionOnFailure' | 'declaredSize'> = {},
  ): Promise<PutResult> {
    checkRevision(options.expectedRevision, 'expectedRevision');
    await initHashing();
    this.#info ??= this.nn.call('ClusterInfo', {});
    const { chunking, minReplicas } = await this.#info;
    return putFile(this.nn, this.#pool, source, path, {
      chunker: chunkerFor(chunking), parallelism: this.#options.uploadParallelism ?? 8, minReplicas, ...options,
    });
  }

  async get(path: string, sink: Writable, options: Omit<GetOptions, 'parallelism'> = {}): Promise<GetResult> {
    checkRevision(options.revision, 'revision');
    await initHashing();
    return getFile(this.nn, this.#pool, path, sink, { parallelism: this.#options.downloadParallelism ?? 8, ...options });
  }

  /** The caller's own open upload sessions (plain uploads), by path then creation, page after page. */
  async *openUploads(): AsyncGenerator<OpenUpload__Output> {
    let pageToken = '';
    do {
      const page = await this.nn.call('ListOpenUploads', { pageToken, limit: listPageMax });
      yield* page.uploads;
      pageToken = page.nextPageToken;
    } while (pageToken !== '');
  }

  close(): void {
    this.nn.close();
    if (this.#options.pool === undefined) this.#pool.close();
  }
}

/** A revision number the wire can carry: a larger one would wrap round to another revision. */
function checkRevision(revision: number | undefined, name: string): void {
  if (revision === undefined || (Number.isInteger(revision) && revision >= 0 && revision <= revisionMax)) return;
  throw new CairnError('INVALID_ARGUMENT', `${name} must be a whole number from 0 to ${revisionMax}, not ${revision}`);
}

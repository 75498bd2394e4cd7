// Calls from one namenode to another (JournalService), signed with the cluster secret as
// `namenode:<own address>` so the callee knows which member speaks. One channel per peer address,
// kept for the life of the namenode.
import type * as grpc from '@grpc/grpc-js';
import type { JournalServiceClient } from '../../../proto/gen/cairn/namenode/JournalService.js';
import type { SnapshotChunk__Output } from '../../../proto/gen/cairn/namenode/SnapshotChunk.js';
import { signNodeHeader } from '../../common/auth.js';
import type { Clock } from '../../common/clock.js';
import { CairnError } from '../../common/errors.js';
import { callUnary, channelOptions, fromServiceError, insecure, loadProtos, metadataWith } from '../../common/grpc.js';
import type { JournalPosition, JournalRecord } from '../journal/edit-log.js';
import { decodeRecords } from './journal-store.js';

export const namenodeNodePrefix = 'namenode:';

export interface PeerState {
  address: string;
  role: string;
  epoch: number;
  lastTxid: number;
}

export interface Promised extends JournalPosition {
  promisedEpoch: number;
}

export class PeerClients {
  readonly #self: string;
  readonly #secret: string;
  readonly #clock: Clock;
  readonly #timeoutMs: number;
  readonly #channels = new Map<string, JournalServiceClient>();

  constructor(self: string, secret: string, clock: Clock, timeoutMs: number) {
    this.#self = self;
    this.#secret = secret;
    this.#clock = clock;
    this.#timeoutMs = timeoutMs;
  }

  #client(address: string): JournalServiceClient {
    let client = this.#channels.get(address);
    if (client === undefined) {
      client = new (loadProtos().namenode.cairn.namenode.JournalService)(address, insecure, channelOptions);
      this.#channels.set(address, client);
    }
    return client;
  }

  #metadata(): grpc.Metadata {
    return metadataWith({ 'x-cairn-node': signNodeHeader(this.#secret, `${namenodeNodePrefix}${this.#self}`, this.#clock.now()) });
  }

  #call<Req, Res>(address: string, method: keyof JournalServiceClient, request: Req, timeoutMs = this.#timeoutMs): Promise<Res> {
    const client = this.#client(address);
    return callUnary<Req, Res>(client, (client as unknown as Record<string, never>)[method], request, this.#metadata(), timeoutMs);
  }

  async newEpoch(address: string, epoch: number): Promise<Promised> {
    return this.#call(address, 'NewEpoch', { epoch });
  }

  /** `records` as `encodeRecords` made them (the active encodes a batch once for all its standbys). */
  async append(address: string, a: { epoch: number; prevTxid: number; prevEpoch: number; records: Buffer }): Promise<Promised> {
    return this.#call(address, 'Append', { epoch: a.epoch, prevTxid: a.prevTxid, prevEpoch: a.prevEpoch, records: a.records });
  }

  async readJournal(address: string, fromTxid: number, max: number): Promise<{ records: JournalRecord[]; trimmed: boolean; lastTxid: number }> {
    const reply = await this.#call<object, { records: Buffer; trimmed: boolean; lastTxid: number }>(address, 'ReadJournal', { fromTxid, max });
    return { records: decodeRecords(reply.records), trimmed: reply.trimmed, lastTxid: reply.lastTxid };
  }

  async state(address: string, timeoutMs?: number): Promise<PeerState> {
    return this.#call(address, 'State', {}, timeoutMs);
  }

  async stepDown(address: string, to: string, timeoutMs: number): Promise<PeerState> {
    return this.#call(address, 'StepDown', { to }, timeoutMs);
  }

  /** The peer's snapshot, chunk by chunk (a server stream; no deadline: it is as long as the state). */
  async *snapshot(address: string): AsyncGenerator<Buffer> {
    const stream = this.#client(address).Snapshot({}, this.#metadata());
    try {
      for await (const chunk of stream as AsyncIterable<SnapshotChunk__Output>) yield chunk.entries;
    } catch (err) {
      throw isServiceError(err) ? fromServiceError(err, address) : err;
    } finally {
      stream.cancel();
    }
  }

  close(): void {
    for (const client of this.#channels.values()) client.close();
    this.#channels.clear();
  }
}

function isServiceError(err: unknown): err is grpc.ServiceError {
  return err instanceof Error && typeof (err as { code?: unknown }).code === 'number' && !(err instanceof CairnError);
}

// Calls to datanodes, shared by the client library and by datanodes forwarding down a pipeline.
// One channel per address, reused; every call has a deadline.
import type * as grpc from '@grpc/grpc-js';
import type { DatanodeServiceClient } from '../../proto/gen/cairn/datanode/DatanodeService.js';
import type { WriteBlockReply__Output } from '../../proto/gen/cairn/datanode/WriteBlockReply.js';
import type { Target } from '../../proto/gen/cairn/common/Target.js';
import { callUnary, channelOptions, insecure, loadProtos } from './grpc.js';
import { checksumFromHex, checksumToHex } from './hashing.js';

export interface WriteRequest {
  blockId: string;
  data: Buffer;
  checksum: bigint;
  token: string;
  downstream: Target[];
}

export interface ReadResult {
  data: Buffer;
  checksum: bigint;
}

const channelsMax = 1024;

export class DatanodeClientPool {
  readonly #clients = new Map<string, DatanodeServiceClient>();
  readonly #timeoutMs: number;

  constructor(timeoutMs = 30_000) {
    this.#timeoutMs = timeoutMs;
  }

  write(address: string, request: WriteRequest, metadata: grpc.Metadata): Promise<WriteBlockReply__Output> {
    const client = this.#client(address);
    const message = { blockId: request.blockId, data: request.data, checksum: checksumToHex(request.checksum), token: request.token, downstream: request.downstream };
    return callUnary(client, client.WriteBlock as never, message, metadata, this.#timeoutMs);
  }

  async read(address: string, blockId: string, token: string, metadata: grpc.Metadata): Promise<ReadResult> {
    const client = this.#client(address);
    const reply = await callUnary<object, { data: Buffer; checksum: string }>(client, client.ReadBlock as never, { blockId, token }, metadata, this.#timeoutMs);
    return { data: reply.data, checksum: checksumFromHex(reply.checksum) };
  }

  close(): void {
    for (const client of this.#clients.values()) client.close();
    this.#clients.clear();
  }

  #client(address: string): DatanodeServiceClient {
    let client = this.#clients.get(address);
    if (!client) {
      if (this.#clients.size >= channelsMax) this.close();
      client = new (loadProtos().datanode.cairn.datanode.DatanodeService)(address, insecure, channelOptions);
      this.#clients.set(address, client);
    }
    return client;
  }
}

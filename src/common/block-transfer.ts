// The block data plane (docs/data-plane.md): block bytes move over plain HTTP/1.1 between
// clients and datanodes and along write pipelines — several times faster between Node processes
// than gRPC's HTTP/2 framing. This is its client: keep-alive sockets per datanode, a deadline on
// every request, and CairnError codes carried back from the datanode as they were thrown.
import http from 'node:http';
import { CairnError, isErrorCode } from './errors.js';
import { checksumFromHex, checksumToHex } from './hashing.js';

export const headers = {
  token: 'x-cairn-token',
  checksum: 'x-cairn-checksum',
  pipeline: 'x-cairn-pipeline',
  node: 'x-cairn-node',
} as const;

export interface PipelineTarget {
  datanodeId: string;
  dataAddress: string;
}

export interface WriteRequest {
  blockId: string;
  data: Buffer;
  checksum: bigint;
  token: string;
  downstream: PipelineTarget[];
}

export interface WriteFailure {
  datanodeId: string;
  code: string;
  message: string;
}

export interface WriteReply {
  stored: string[];
  failed: WriteFailure[];
}

export interface ReadResult {
  data: Buffer;
  checksum: bigint;
}

const socketsPerDatanodeMax = 64;
const replyBytesMax = 64 * 1024;

export function encodePipeline(targets: readonly PipelineTarget[]): string {
  return targets.map((t) => `${t.datanodeId}@${t.dataAddress}`).join(',');
}

export function decodePipeline(header: string | undefined): PipelineTarget[] {
  if (!header) return [];
  return header.split(',').map((item) => {
    const at = item.lastIndexOf('@');
    if (at <= 0) throw new CairnError('INVALID_ARGUMENT', `bad pipeline entry ${JSON.stringify(item.slice(0, 100))}`);
    return { datanodeId: item.slice(0, at), dataAddress: item.slice(at + 1) };
  });
}

export class BlockTransferClient {
  readonly #agent = new http.Agent({ keepAlive: true, maxSockets: socketsPerDatanodeMax });
  readonly #timeoutMs: number;

  constructor(timeoutMs = 30_000) {
    this.#timeoutMs = timeoutMs;
  }

  async write(dataAddress: string, request: WriteRequest, extraHeaders: Record<string, string> = {}): Promise<WriteReply> {
    const { status, body } = await this.#request(dataAddress, 'PUT', request.blockId, {
      'content-type': 'application/octet-stream',
      'content-length': String(request.data.length),
      [headers.token]: request.token,
      [headers.checksum]: checksumToHex(request.checksum),
      [headers.pipeline]: encodePipeline(request.downstream),
      ...extraHeaders,
    }, request.data);
    const reply = parseJson(body, dataAddress);
    if (status !== 200) throw errorFrom(reply, status, dataAddress);
    return reply as unknown as WriteReply;
  }

  async read(dataAddress: string, blockId: string, token: string): Promise<ReadResult> {
    const { status, body, responseHeaders } = await this.#request(dataAddress, 'GET', blockId, { [headers.token]: token });
    if (status !== 200) throw errorFrom(parseJson(body, dataAddress), status, dataAddress);
    const checksum = responseHeaders[headers.checksum];
    if (typeof checksum !== 'string') throw new CairnError('INTERNAL', `${dataAddress}: a block without its checksum`);
    return { data: body, checksum: checksumFromHex(checksum) };
  }

  close(): void {
    this.#agent.destroy();
  }

  #request(dataAddress: string, method: 'PUT' | 'GET', blockId: string, requestHeaders: Record<string, string>, body?: Buffer) {
    const [host, port] = splitAddress(dataAddress);
    return new Promise<{ status: number; body: Buffer; responseHeaders: http.IncomingHttpHeaders }>((resolve, reject) => {
      const req = http.request({ host, port, method, path: `/blocks/${encodeURIComponent(blockId)}`, agent: this.#agent, headers: requestHeaders, timeout: this.#timeoutMs }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), responseHeaders: res.headers }));
        res.on('error', (err) => reject(new CairnError('UNAVAILABLE', `${dataAddress}: ${err.message}`)));
      });
      req.on('timeout', () => req.destroy(new CairnError('TIMEOUT', `${dataAddress}: no answer within ${this.#timeoutMs} ms`)));
      req.on('error', (err) => reject(err instanceof CairnError ? err : new CairnError('UNAVAILABLE', `${dataAddress}: ${err.message}`)));
      req.end(body);
    });
  }
}

function splitAddress(address: string): [string, number] {
  const colon = address.lastIndexOf(':');
  const port = Number(address.slice(colon + 1));
  if (colon <= 0 || !Number.isInteger(port)) throw new CairnError('INVALID_ARGUMENT', `bad data address ${JSON.stringify(address)}`);
  return [address.slice(0, colon), port];
}

function parseJson(body: Buffer, from: string): Record<string, unknown> {
  if (body.length > replyBytesMax) throw new CairnError('INTERNAL', `${from}: reply of ${body.length} bytes`);
  try {
    return JSON.parse(body.toString('utf8')) as Record<string, unknown>;
  } catch {
    throw new CairnError('INTERNAL', `${from}: a reply that is not JSON`);
  }
}

function errorFrom(reply: Record<string, unknown>, status: number, from: string): CairnError {
  const code = reply.code;
  const message = typeof reply.message === 'string' ? reply.message : `HTTP ${status}`;
  return isErrorCode(code) ? new CairnError(code, message) : new CairnError('INTERNAL', `${from}: HTTP ${status}: ${message}`);
}

// The datanode's HTTP port: the block data plane (PUT/GET /blocks/<id>, docs/data-plane.md),
// /healthz and /metrics. Writes are authorised by a write token and verified before anything is
// stored; reads by a read token, and every byte read from disk is checked against its xxh64
// first — a block that fails is reported (`onCorrupt`) and answered with BLOCK_CORRUPT.
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { BlockTokenKey } from '../../common/block-token.js';
import { decodePipeline, headers } from '../../common/block-transfer.js';
import type { Clock } from '../../common/clock.js';
import { blockBytesMax } from '../../common/constants.js';
import { CairnError, toCairnError } from '../../common/errors.js';
import { assertBlockId, checksumFromHex, checksumToHex } from '../../common/hashing.js';
import type { Logger } from '../../common/logger.js';
import { runHop, verifyBytes, type PipelineDeps } from '../pipeline/write-pipeline.js';
import type { StoredBlock } from '../storage/segment-store.js';
import type { DatanodeMetrics } from './metrics.js';

export interface DataPlaneDeps extends PipelineDeps {
  logger: Logger;
  clock: Clock;
  tokens: BlockTokenKey;
  /** Told of every block durably held after a write, with the session the token names. */
  onStored(blockId: string, uploadId: string): void;
  onCorrupt(blockId: string): void;
  activeWrites: { count: number };
  health(): Record<string, unknown>;
  metrics: DatanodeMetrics;
}

const blockRoute = '/blocks/:id';

/** Room for a whole block; fastify answers 413 for anything larger before reading it all. */
const bodyBytesMax = blockBytesMax;

export function dataPlane(deps: DataPlaneDeps): FastifyInstance {
  // A URL the router cannot take (an over-long or badly encoded id) gets the catalogue's error too.
  const frameworkErrors = (err: Error, _req: FastifyRequest, reply: FastifyReply) => sendError(reply, new CairnError('INVALID_ARGUMENT', err.message.slice(0, 200)));
  const app = Fastify({ logger: false, bodyLimit: bodyBytesMax, frameworkErrors });
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: bodyBytesMax }, (_req, body, done) => done(null, body));
  // The error code of each failed request, for the latency histogram's outcome label.
  const failures = new WeakMap<FastifyRequest, string>();
  app.setErrorHandler((err, req, reply) => {
    const error = toReplyError(err);
    failures.set(req, error.code);
    return sendError(reply, error);
  });
  app.setNotFoundHandler((req, reply) => sendError(reply, new CairnError('NOT_FOUND', `no such route: ${req.method} ${req.url.slice(0, 200)}`)));
  app.addHook('onResponse', async (req, reply) => {
    if (req.routeOptions.url === blockRoute) deps.metrics.observeRequest(req.method, failures.get(req) ?? 'OK', reply.elapsedTime / 1000);
  });
  app.get('/healthz', async () => deps.health());
  app.get('/metrics', async (_req, reply) => reply.header('content-type', deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics()));
  app.put<{ Params: { id: string } }>(blockRoute, async (req) => {
    const blockId = assertBlockId(req.params.id);
    const scope = deps.tokens.verify(header(req.headers, headers.token), 'write', blockId, deps.clock.now());
    const data = req.body;
    if (!Buffer.isBuffer(data) || data.length === 0) throw new CairnError('INVALID_ARGUMENT', 'a block write needs an application/octet-stream body of 1 byte or more');
    const request = {
      blockId, data, checksum: checksumFromHex(header(req.headers, headers.checksum)), token: header(req.headers, headers.token),
      downstream: decodePipeline(req.headers[headers.pipeline] as string | undefined),
    };
    verifyBytes(request);
    deps.activeWrites.count += 1;
    try {
      const reply = await runHop(deps, request);
      if (reply.stored.includes(deps.datanodeId)) deps.onStored(blockId, scope);
      return reply;
    } finally {
      deps.activeWrites.count -= 1;
    }
  });
  app.get<{ Params: { id: string } }>(blockRoute, async (req, reply) => {
    const blockId = assertBlockId(req.params.id);
    deps.tokens.verify(header(req.headers, headers.token), 'read', blockId, deps.clock.now());
    const { data, checksum } = await readVerified(deps, blockId);
    return reply.header('content-type', 'application/octet-stream').header(headers.checksum, checksumToHex(checksum)).send(data);
  });
  return app;
}

async function readVerified(deps: DataPlaneDeps, blockId: string): Promise<StoredBlock> {
  let block: StoredBlock | undefined;
  try {
    block = await deps.store.read(blockId);
  } catch (err) {
    if (err instanceof CairnError && err.code === 'BLOCK_CORRUPT') deps.onCorrupt(blockId);
    throw err;
  }
  if (!block) throw new CairnError('BLOCK_NOT_FOUND', `block ${blockId.slice(0, 12)}… is not here`);
  return block;
}

function header(all: Record<string, string | string[] | undefined>, name: string): string {
  const value = all[name];
  if (typeof value !== 'string' || value === '') throw new CairnError('INVALID_BLOCK_TOKEN', `missing ${name} header`);
  return value;
}

function toReplyError(err: unknown): CairnError {
  const fastifyCode = (err as { code?: string }).code;
  if (fastifyCode === 'FST_ERR_CTP_BODY_TOO_LARGE') return new CairnError('TOO_LARGE', `a block is at most ${blockBytesMax} bytes`);
  return fastifyCode?.startsWith('FST_ERR_CTP') ? new CairnError('INVALID_ARGUMENT', (err as Error).message) : toCairnError(err);
}

function sendError(reply: FastifyReply, error: CairnError): FastifyReply {
  return reply.status(error.mapping.http).send({ code: error.code, message: error.message });
}

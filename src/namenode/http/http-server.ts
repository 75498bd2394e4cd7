// The namenode's HTTP port: liveness for load balancers, a JSON status for operators, and
// Prometheus metrics.
import Fastify, { type FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import type { Safemode } from '../blocks/safemode.js';
import type { DatanodeManager } from '../datanodes/datanode-manager.js';
import type { EditLog } from '../journal/edit-log.js';

export interface StatusSource {
  clusterId: string;
  startedAt: string;
  datanodes: DatanodeManager;
  log: EditLog;
  safemode: Safemode;
  metrics: Registry;
}

export function namenodeHttp(source: StatusSource): FastifyInstance {
  const app = Fastify({ logger: false });
  app.get('/healthz', async () => ({ ok: true, safemode: source.safemode.on }));
  app.get('/status', async () => ({
    role: 'namenode',
    clusterId: source.clusterId,
    startedAt: source.startedAt,
    lastTxid: source.log.stats.lastTxid,
    safemode: source.safemode.status(),
    datanodes: source.datanodes.list().map(({ id, address, state }) => ({ id, address, state })),
  }));
  app.get('/metrics', async (_req, reply) => reply.header('content-type', source.metrics.contentType).send(await source.metrics.metrics()));
  return app;
}

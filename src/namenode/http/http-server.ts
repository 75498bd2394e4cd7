// The namenode's HTTP port: liveness for load balancers, a JSON status for operators, and
// Prometheus metrics.
import Fastify, { type FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import type { Safemode } from '../blocks/safemode.js';
import type { DatanodeManager } from '../datanodes/datanode-manager.js';

export interface StatusSource {
  clusterId: string;
  startedAt: string;
  datanodes: DatanodeManager;
  /** Where this namenode's journal ends (an active's or a standby's). */
  lastTxid(): Promise<number>;
  /** `active` or `standby` (HA); `active` alone. */
  role(): string;
  safemode: Safemode;
  metrics: Registry;
}

export function namenodeHttp(source: StatusSource): FastifyInstance {
  const app = Fastify({ logger: false });
  app.get('/healthz', async () => ({ ok: true, safemode: source.safemode.on }));
  app.get('/status', async () => ({
    role: 'namenode',
    haRole: source.role(),
    clusterId: source.clusterId,
    startedAt: source.startedAt,
    lastTxid: await source.lastTxid(),
    safemode: source.safemode.status(),
    datanodes: source.datanodes.list().map(({ id, address, state }) => ({ id, address, state })),
  }));
  app.get('/metrics', async (_req, reply) => reply.header('content-type', source.metrics.contentType).send(await source.metrics.metrics()));
  return app;
}

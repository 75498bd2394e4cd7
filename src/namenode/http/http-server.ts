// The namenode's HTTP port: liveness for load balancers and a JSON status for operators.
import Fastify, { type FastifyInstance } from 'fastify';
import type { DatanodeManager } from '../datanodes/datanode-manager.js';
import type { EditLog } from '../journal/edit-log.js';

export interface StatusSource {
  clusterId: string;
  startedAt: string;
  datanodes: DatanodeManager;
  log: EditLog;
}

export function namenodeHttp(source: StatusSource): FastifyInstance {
  const app = Fastify({ logger: false });
  app.get('/healthz', async () => ({ ok: true }));
  app.get('/status', async () => ({
    role: 'namenode',
    clusterId: source.clusterId,
    startedAt: source.startedAt,
    lastTxid: source.log.stats.lastTxid,
    datanodes: source.datanodes.list().map(({ id, address, state }) => ({ id, address, state })),
  }));
  return app;
}

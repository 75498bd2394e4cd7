// `cairn gateway`: a stateless S3 server (DESIGN §8). It keeps nothing of its own — users, keys,
// objects and their metadata live in the cluster — so any number can run behind a load
// balancer. It proves it belongs to the cluster with the cluster secret and acts for each
// request's user through a session the namenode grants after that user's signature checked out.
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import { BlockTransferClient } from '../common/block-transfer.js';
import { systemClock, type Clock } from '../common/clock.js';
import type { Config } from '../common/config.js';
import { CairnError } from '../common/errors.js';
import { silentLogger, type Logger } from '../common/logger.js';
import { removeServerInfo, writeServerInfo } from '../common/server-info.js';
import { s3App } from './s3-app.js';
import { Sessions } from './sessions.js';

export interface GatewayOptions {
  config: Config;
  logger?: Logger;
  clock?: Clock;
}

export class Gateway {
  readonly address: string;
  readonly #app: FastifyInstance;
  readonly #sessions: Sessions;
  readonly #pool: BlockTransferClient;
  readonly #dir: string | undefined;

  private constructor(address: string, app: FastifyInstance, sessions: Sessions, pool: BlockTransferClient, dir: string | undefined) {
    this.address = address;
    this.#app = app;
    this.#sessions = sessions;
    this.#pool = pool;
    this.#dir = dir;
  }

  static async start(options: GatewayOptions): Promise<Gateway> {
    const { config } = options;
    if (config.namenodes.length === 0 && config.zk === '') throw new CairnError('USAGE', 'the gateway needs --namenode HOST:PORT or --zk HOST:PORT/CHROOT');
    if (config.clusterSecret === '') throw new CairnError('INVALID_CONFIG', 'the gateway needs the cluster secret (clusterSecret)');
    const clock = options.clock ?? systemClock;
    const logger = (options.logger ?? silentLogger).child({ component: 'gateway' });
    const pool = new BlockTransferClient(config.rpcTimeoutMs);
    const sessions = new Sessions({
      namenodes: config.namenodes, zk: config.zk || undefined, clusterSecret: config.clusterSecret, gatewayId: `gateway-${randomBytes(4).toString('hex')}`, clock, pool,
      rpcTimeoutMs: config.rpcTimeoutMs, uploadParallelism: config.uploadParallelism, downloadParallelism: config.downloadParallelism,
    });
    const app = s3App({ sessions, clock, logger, region: config.s3Region, domains: config.s3Domains });
    try {
      await app.listen({ host: config.host, port: config.httpPort });
    } catch (err) {
      sessions.close();
      pool.close();
      throw err;
    }
    const port = (app.server.address() as { port: number }).port;
    const address = `${config.host}:${port}`;
    const dir = config.dataDirs[0];
    if (dir !== undefined) await mkdir(dir, { recursive: true });
    if (dir !== undefined) await writeServerInfo(dir, { role: 'gateway', pid: process.pid, rpcAddress: address, httpAddress: address, startedAt: new Date(clock.now()).toISOString() });
    logger.info({ address }, 'S3 gateway serving');
    return new Gateway(address, app, sessions, pool, dir);
  }

  async stop(): Promise<void> {
    await this.#app.close();
    this.#sessions.close();
    this.#pool.close();
    if (this.#dir !== undefined) await removeServerInfo(this.#dir);
  }
}

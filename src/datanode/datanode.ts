// The datanode's composition root: its identity (datanode.json in the first data dir), the block
// store over every data dir, the HTTP data plane, the DatanodeService, and the namenode link.
// Embeddable: `await Datanode.start(...)` → `stop()`.
import { mkdir, readFile, writeFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { signNodeHeader } from '../common/auth.js';
import { BlockTokenKey } from '../common/block-token.js';
import { systemClock, type Clock } from '../common/clock.js';
import type { Config } from '../common/config.js';
import { BlockTransferClient, headers } from '../common/block-transfer.js';
import { CairnError } from '../common/errors.js';
import { loadProtos, startGrpcServer, stopGrpcServer, type BoundServer } from '../common/grpc.js';
import { initHashing } from '../common/hashing.js';
import { newDatanodeId } from '../common/ids.js';
import { silentLogger, type Logger } from '../common/logger.js';
import { removeServerInfo, writeServerInfo } from '../common/server-info.js';
import { NamenodeLink } from './namenode-link/namenode-link.js';
import { datanodeService } from './rpc/datanode-service.js';
import { dataPlane } from './http/data-plane.js';
import { BlockStore } from './storage/block-store.js';

export interface DatanodeOptions {
  config: Config;
  logger?: Logger;
  clock?: Clock;
}

interface Identity {
  datanodeId: string;
  clusterId: string;
}

export class Datanode {
  readonly id: string;
  readonly rpcAddress: string;
  readonly httpAddress: string;
  readonly #dir: string;
  readonly #store: BlockStore;
  readonly #grpc: BoundServer;
  readonly #http: FastifyInstance;
  readonly #link: NamenodeLink;
  readonly #peers: BlockTransferClient;

  private constructor(parts: { id: string; dir: string; store: BlockStore; grpc: BoundServer; http: FastifyInstance; httpAddress: string; link: NamenodeLink; peers: BlockTransferClient }) {
    this.id = parts.id;
    this.#dir = parts.dir;
    this.#store = parts.store;
    this.#grpc = parts.grpc;
    this.#http = parts.http;
    this.#link = parts.link;
    this.#peers = parts.peers;
    this.rpcAddress = parts.grpc.address;
    this.httpAddress = parts.httpAddress;
  }

  static async start(options: DatanodeOptions): Promise<Datanode> {
    const { config } = options;
    const clock = options.clock ?? systemClock;
    const dir = config.dataDirs[0];
    if (dir === undefined) throw new CairnError('INVALID_CONFIG', "config key 'dataDirs': the datanode needs at least one data dir (--data)");
    if (config.namenodes.length === 0) throw new CairnError('INVALID_CONFIG', "config key 'namenodes': the datanode needs a namenode address (--namenode)");
    if (config.clusterSecret === '') throw new CairnError('INVALID_CONFIG', "config key 'clusterSecret': datanodes need the cluster's shared secret (CAIRN_CLUSTER_SECRET)");
    await initHashing();
    await Promise.all(config.dataDirs.map((d) => mkdir(d, { recursive: true })));
    const identity = await loadIdentity(dir);
    const logger = (options.logger ?? silentLogger).child({ component: 'datanode', datanodeId: identity.datanodeId });
    const store = await BlockStore.open({ dirs: [...config.dataDirs], segmentBytesMax: config.segmentBytesMax, logger, clock });
    const peers = new BlockTransferClient(config.rpcTimeoutMs);
    const activeWrites = { count: 0 };
    const state: { link?: NamenodeLink; clusterId: string } = { clusterId: identity.clusterId };
    const http = dataPlane({
      datanodeId: identity.datanodeId, store, peers, logger, clock, clusterSecret: config.clusterSecret, activeWrites,
      tokens: new BlockTokenKey(config.clusterSecret),
      signedHeaders: () => ({ [headers.node]: signNodeHeader(config.clusterSecret, identity.datanodeId, clock.now()) }),
      onStored: (blockId, uploadId) => state.link?.blockReceived(blockId, uploadId),
      onCorrupt: (blockId) => logger.error({ blockId }, 'corrupt replica found on read'),
      health: () => ({ ok: true, registered: state.link?.registered ?? false }),
    });
    await http.listen({ host: config.host, port: config.httpPort });
    const httpAddress = `${config.host}:${(http.server.address() as { port: number }).port}`;
    const grpc = await startGrpcServer(config.host, config.rpcPort, [{
      definition: loadProtos().datanode.cairn.datanode.DatanodeService.service,
      handlers: datanodeService(logger, async () => {
        const stats = await store.stats();
        return {
          datanodeId: identity.datanodeId, clusterId: state.clusterId, dataAddress: httpAddress, registered: state.link?.registered ?? false,
          blocks: stats.blocks, used: stats.segmentBytes, capacity: stats.capacity, free: stats.free, dirs: [...config.dataDirs],
        };
      }),
    }]);
    state.link = new NamenodeLink(
      {
        datanodeId: identity.datanodeId, address: grpc.address, dataAddress: httpAddress, rack: config.rack, clusterSecret: config.clusterSecret,
        namenodes: config.namenodes, heartbeatIntervalMs: config.heartbeatIntervalMs, blockReportIntervalMs: config.blockReportIntervalMs, rpcTimeoutMs: config.rpcTimeoutMs,
      },
      {
        store, clock, logger, activeWrites, clusterId: identity.clusterId,
        onClusterId: async (clusterId) => {
          state.clusterId = clusterId;
          await saveIdentity(dir, { ...identity, clusterId });
        },
      },
    );
    state.link.start();
    await writeServerInfo(dir, { role: 'datanode', pid: process.pid, rpcAddress: grpc.address, httpAddress, startedAt: new Date(clock.now()).toISOString() });
    logger.info({ rpcAddress: grpc.address, httpAddress, dirs: config.dataDirs }, 'datanode serving');
    return new Datanode({ id: identity.datanodeId, dir, store, grpc, http, httpAddress, link: state.link, peers });
  }

  get registered(): boolean {
    return this.#link.registered;
  }

  async stop(): Promise<void> {
    await removeServerInfo(this.#dir);
    await stopGrpcServer(this.#grpc.server);
    await this.#http.close();
    await this.#link.stop();
    this.#peers.close();
    await this.#store.close();
  }
}

async function loadIdentity(dir: string): Promise<Identity> {
  try {
    return JSON.parse(await readFile(join(dir, 'datanode.json'), 'utf8')) as Identity;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const identity = { datanodeId: newDatanodeId(), clusterId: '' };
  await saveIdentity(dir, identity);
  return identity;
}

async function saveIdentity(dir: string, identity: Identity): Promise<void> {
  const path = join(dir, 'datanode.json');
  await writeFile(`${path}.tmp`, `${JSON.stringify(identity, null, 2)}\n`);
  await rename(`${path}.tmp`, path);
}

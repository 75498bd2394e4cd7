// The namenode's composition root: opens (or formats) the metastore, wires the services, serves
// gRPC and HTTP, and announces itself in server.json. Embeddable: `await Namenode.start(...)`.
import { mkdir } from 'node:fs/promises';
import { writeEnvFile } from '../common/env-file.js';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { BlockTokenKey } from '../common/block-token.js';
import { random, systemClock, type Clock } from '../common/clock.js';
import type { Config } from '../common/config.js';
import { defaultChunking } from '../common/constants.js';
import { CairnError } from '../common/errors.js';
import { loadProtos, startGrpcServer, stopGrpcServer, type BoundServer } from '../common/grpc.js';
import { loadOrCreateSecret } from '../common/secret-file.js';
import { silentLogger, type Logger } from '../common/logger.js';
import { removeServerInfo, writeServerInfo } from '../common/server-info.js';
import { BlockManager } from './blocks/block-manager.js';
import { Fsck } from './blocks/fsck.js';
import { ReplicaMap } from './blocks/replica-map.js';
import { ReplicationMonitor } from './blocks/replication-monitor.js';
import { Safemode } from './blocks/safemode.js';
import { DatanodeManager } from './datanodes/datanode-manager.js';
import { namenodeHttp } from './http/http-server.js';
import { namenodeMetrics } from './http/metrics.js';
import { EditLog } from './journal/edit-log.js';
import { Metastore } from './metastore/metastore.js';
import { u64 } from './metastore/keys.js';
import { applyEdit } from './namespace/apply.js';
import { FileService } from './namespace/file-service.js';
import { MultipartService } from './namespace/multipart-service.js';
import { UploadReaper } from './namespace/upload-reaper.js';
import { GarbageCollector } from './blocks/garbage-collector.js';
import { RevisionRetention } from './namespace/retention.js';
import { TrashPurger } from './namespace/trash-purger.js';
import { NamespaceService } from './namespace/namespace-service.js';
import { adminService } from './rpc/admin-service.js';
import { clientService } from './rpc/client-service.js';
import type { HaView, RpcContext } from './rpc/context.js';
import { datanodeProtocol } from './rpc/datanode-protocol.js';
import { gatewayService } from './rpc/gateway-service.js';
import { UserService, type UserAllocator } from './users/user-service.js';

export interface NamenodeOptions {
  config: Config;
  logger?: Logger;
  clock?: Clock;
  seed?: number;
}

const ownerCacheMax = 10_000;

export class Namenode {
  readonly rpcAddress: string;
  readonly httpAddress: string;
  readonly clusterId: string;
  /** Set only when this start formatted the data dir: the admin's first token. */
  readonly adminToken: string | undefined;
  readonly #dir: string;
  readonly #store: Metastore;
  readonly #grpc: BoundServer;
  readonly #http: FastifyInstance;
  readonly #log: EditLog;
  readonly #monitor: ReplicationMonitor;
  readonly #reaper: UploadReaper;
  readonly #gc: GarbageCollector;
  readonly #trash: TrashPurger;
  readonly #retention: RevisionRetention;

  private constructor(parts: {
    dir: string; store: Metastore; grpc: BoundServer; http: FastifyInstance; httpAddress: string; clusterId: string; adminToken?: string; log: EditLog;
    monitor: ReplicationMonitor; reaper: UploadReaper; gc: GarbageCollector; trash: TrashPurger; retention: RevisionRetention;
  }) {
    this.#dir = parts.dir;
    this.#store = parts.store;
    this.#grpc = parts.grpc;
    this.#http = parts.http;
    this.#log = parts.log;
    this.#monitor = parts.monitor;
    this.#reaper = parts.reaper;
    this.#gc = parts.gc;
    this.#trash = parts.trash;
    this.#retention = parts.retention;
    this.rpcAddress = parts.grpc.address;
    this.httpAddress = parts.httpAddress;
    this.clusterId = parts.clusterId;
    this.adminToken = parts.adminToken;
  }

  static async start(options: NamenodeOptions): Promise<Namenode> {
    const { config } = options;
    const logger = (options.logger ?? silentLogger).child({ component: 'namenode' });
    const clock = options.clock ?? systemClock;
    const dir = config.dataDirs[0];
    if (dir === undefined) throw new CairnError('INVALID_CONFIG', "config key 'dataDirs': the namenode needs a data dir (--data)");
    await mkdir(dir, { recursive: true });
    // Without a configured secret the namenode keeps one in its data dir; datanodes must be given it.
    const clusterSecret = config.clusterSecret || (await loadOrCreateSecret(join(dir, 'cluster.secret')));
    const store = await Metastore.open(join(dir, 'meta'));
    try {
      return await Namenode.#assemble({ options, logger, clock, dir, clusterSecret, store });
    } catch (err) {
      await store.close();
      throw err;
    }
  }

  static async #assemble(a: { options: NamenodeOptions; logger: Logger; clock: Clock; dir: string; clusterSecret: string; store: Metastore }): Promise<Namenode> {
    const { config } = a.options;
    const { store, clock, logger } = a;
    const log = new EditLog(store, applyEdit, await EditLog.lastTxid(store), logger);
    const ids = await loadCounters(store);
    const users = new UserService(store, log, clock, ids, config, a.clusterSecret);
    let clusterId = (await store.sub.meta.get('clusterId')) as string | undefined;
    let adminToken: string | undefined;
    if (clusterId === undefined) {
      ({ clusterId, adminToken } = await users.format(config.chunking ?? defaultChunking));
      logger.info({ clusterId }, 'formatted a new namespace');
    }
    const chunking = (await store.sub.meta.get('chunking')) as string;
    if (config.chunking !== undefined && chunking !== config.chunking) throw new CairnError('INVALID_CONFIG', `config key 'chunking': this cluster uses '${chunking}'; it cannot change`);
    const datanodes = new DatanodeManager(clock, config, store);
    await datanodes.load();
    const blocks = new BlockManager(new ReplicaMap(store), datanodes, random(a.options.seed ?? Date.now()));
    const safemode = await Safemode.start(store, clock, config.safemodeThreshold, logger);
    const monitor = new ReplicationMonitor({ store, blocks, datanodes, safemode, clock, logger }, config);
    const namespace = new NamespaceService(store, log, clock, ids);
    const files = new FileService(store, log, clock, ids, blocks, new BlockTokenKey(a.clusterSecret), config, (short) => monitor.enqueue(short, 2));
    const multipart = new MultipartService(store, log, clock, ids, files, config.uploadLeaseMs);
    const gc = new GarbageCollector({ store, log, blocks, datanodes, monitor, safemode, clock, logger, forgotten: (ids) => files.blocksForgotten(ids) }, config.gcGraceMs);
    const trash = new TrashPurger({ store, log, safemode, clock, logger }, config.trashRetentionMs);
    const retention = new RevisionRetention({ store, log, safemode, clock, logger }, config);
    const metrics = namenodeMetrics({ datanodes, monitor, safemode, log });
    const ctx: RpcContext = {
      logger, clock, clusterId, clusterSecret: a.clusterSecret, store, log, namespace, trash, files, multipart, users, datanodes, blocks, monitor, gc, safemode, metrics,
      fsck: new Fsck(store, blocks, datanodes, config.replicationFactor, a.dir),
      replicationFactor: config.replicationFactor, minReplicasToCommit: config.minReplicasToCommit, chunking, ownerName: ownerNames(users),
      ha: soloHa(() => grpc.address, () => log.stats.lastTxid),
    };
    const protos = loadProtos().namenode.cairn.namenode;
    const grpc = await startGrpcServer(config.host, config.rpcPort, [
      { definition: protos.ClientService.service, handlers: clientService(ctx) },
      { definition: protos.AdminService.service, handlers: adminService(ctx) },
      { definition: protos.DatanodeProtocol.service, handlers: datanodeProtocol(ctx) },
      { definition: protos.GatewayService.service, handlers: gatewayService(ctx) },
    ], metrics.observeCall);
    const startedAt = new Date(clock.now()).toISOString();
    const http = namenodeHttp({ clusterId, startedAt, datanodes, log, safemode, metrics: metrics.registry });
    await http.listen({ host: config.host, port: config.httpPort });
    const port = (http.server.address() as { port: number }).port;
    const httpAddress = `${config.host}:${port}`;
    await writeServerInfo(a.dir, { role: 'namenode', pid: process.pid, rpcAddress: grpc.address, httpAddress, startedAt });
    if (adminToken !== undefined) await writeEnvFile(join(a.dir, 'admin.env'), { CAIRN_NAMENODE: grpc.address, CAIRN_TOKEN: adminToken });
    monitor.start();
    const reaper = new UploadReaper({ store, files, safemode, clock, logger }, config.uploadLeaseMs);
    reaper.start();
    gc.start();
    trash.start();
    retention.start();
    logger.info({ rpcAddress: grpc.address, httpAddress, safemode: safemode.on }, 'namenode serving');
    return new Namenode({ dir: a.dir, store, grpc, http, httpAddress, clusterId, adminToken, log, monitor, reaper, gc, trash, retention });
  }

  get lastTxid(): number {
    return this.#log.stats.lastTxid;
  }

  async stop(): Promise<void> {
    await removeServerInfo(this.#dir);
    await this.#monitor.stop();
    await this.#reaper.stop();
    await this.#gc.stop();
    await this.#trash.stop();
    await this.#retention.stop();
    await stopGrpcServer(this.#grpc.server);
    await this.#http.close();
    await this.#log.flush();
    await this.#store.close();
  }
}

/** A namenode without ZooKeeper: always the active, epoch 0, with nothing to fail over to. */
function soloHa(address: () => string, lastTxid: () => number): HaView {
  return {
    active: true,
    epoch: 0,
    get activeAddress() {
      return address();
    },
    status: async () => ({ epoch: 0, active: address(), namenodes: [{ address: address(), role: 'active', epoch: 0, lastTxid: lastTxid() }] }),
    failover: async () => {
      throw new CairnError('INVALID_ARGUMENT', 'this namenode runs without HA (no --zk): there is no standby to fail over to');
    },
  };
}

async function loadCounters(store: Metastore): Promise<UserAllocator> {
  let nextInode = ((await store.sub.meta.get('nextInodeId')) as number | undefined) ?? 5;
  let nextUser = ((await store.sub.meta.get('nextUserId')) as number | undefined) ?? 2;
  return { nextInodeId: () => nextInode++, nextUserId: () => nextUser++ };
}

function ownerNames(users: UserService): (id: number) => Promise<string> {
  const cache = new Map<number, string>();
  return async (id) => {
    const cached = cache.get(id);
    if (cached !== undefined) return cached;
    const name = (await users.get(id))?.name ?? `#${id}`;
    if (cache.size >= ownerCacheMax) cache.clear();
    cache.set(id, name);
    return name;
  };
}


// The namenode's composition root: opens (or formats) the metastore, wires the services, serves
// gRPC and HTTP, and announces itself in server.json. Embeddable: `await Namenode.start(...)`.
//
// What lives as long as the process — the metastore, the datanode registry, the replica map,
// safemode, the RPC and HTTP servers — is built once. The services that change the namespace
// belong to a *term*: they are built over the edit log of one epoch when the namenode becomes the
// active, and replaced when it stops being one. Without ZooKeeper a namenode is the active of
// epoch 0 from its start; with it (ha/ha-controller.ts) a namenode starts as a standby whose
// services are dormant (their log refuses edits) and whose client calls answer NOT_ACTIVE.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type * as grpc from '@grpc/grpc-js';
import type { FastifyInstance } from 'fastify';
import { parseZk, type ZkTarget } from '../common/discovery.js';
import { writeEnvFile } from '../common/env-file.js';
import { BlockTokenKey } from '../common/block-token.js';
import { random, systemClock, type Clock } from '../common/clock.js';
import type { Config } from '../common/config.js';
import { defaultChunking } from '../common/constants.js';
import { CairnError } from '../common/errors.js';
import { loadProtos, startGrpcServer, stopGrpcServer, toServiceError, type BoundServer } from '../common/grpc.js';
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
import { HaController } from './ha/ha-controller.js';
import { JournalFollower } from './ha/follower.js';
import { journalService } from './ha/journal-service.js';
import { PeerClients } from './ha/peer-client.js';
import { EditLog, type Replicate } from './journal/edit-log.js';
import { JournalTrimmer } from './journal/journal-trimmer.js';
import { oldestRememberedTxid, RequestExpiry } from './journal/retry-cache.js';
import { Metastore } from './metastore/metastore.js';
import { applyEdit } from './namespace/apply.js';
import { FileService } from './namespace/file-service.js';
import { MultipartService } from './namespace/multipart-service.js';
import { UploadReaper } from './namespace/upload-reaper.js';
import { GarbageCollector } from './blocks/garbage-collector.js';
import { RevisionRetention } from './namespace/retention.js';
import { TrashPurger } from './namespace/trash-purger.js';
import { NamespaceService } from './namespace/namespace-service.js';
import { ShareService } from './namespace/share-service.js';
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
/** How long an HA batch may wait for a majority of namenodes before its callers are told UNAVAILABLE. */
const quorumTimeoutMs = 5000;

/** The active's services: built over the edit log of one term (a standby's are dormant, over a fenced log). */
interface Term {
  log: EditLog;
  users: UserService;
  namespace: NamespaceService;
  shares: ShareService;
  files: FileService;
  multipart: MultipartService;
  monitor: ReplicationMonitor;
  gc: GarbageCollector;
  trash: TrashPurger;
  retention: RevisionRetention;
  /** Forgets remembered client requests after retryCacheMs (retry-cache.ts). */
  requests: RequestExpiry;
  reaper: UploadReaper;
  fsck: Fsck;
  running: boolean;
}

export class Namenode {
  readonly rpcAddress: string;
  readonly httpAddress: string;
  readonly #o: NamenodeOptions;
  readonly #logger: Logger;
  readonly #dir: string;
  readonly #store: Metastore;
  readonly #ctx: RpcContext;
  readonly #grpc: BoundServer;
  readonly #http: FastifyInstance;
  readonly #handlers: HandlerTables;
  readonly #ha: HaController | undefined;
  readonly #trimmer: JournalTrimmer;
  #term: Term;
  #adminToken: string | undefined;

  private constructor(parts: {
    options: NamenodeOptions; logger: Logger; dir: string; store: Metastore; ctx: RpcContext; grpc: BoundServer; http: FastifyInstance; httpAddress: string;
    handlers: HandlerTables; ha: HaController | undefined; term: Term; trimmer: JournalTrimmer;
  }) {
    this.#o = parts.options;
    this.#logger = parts.logger;
    this.#dir = parts.dir;
    this.#store = parts.store;
    this.#ctx = parts.ctx;
    this.#grpc = parts.grpc;
    this.#http = parts.http;
    this.#handlers = parts.handlers;
    this.#ha = parts.ha;
    this.#term = parts.term;
    this.#trimmer = parts.trimmer;
    this.rpcAddress = parts.grpc.address;
    this.httpAddress = parts.httpAddress;
  }

  get clusterId(): string {
    return this.#ctx.clusterId;
  }

  /** Set only when this namenode formatted the cluster: the admin's first token. */
  get adminToken(): string | undefined {
    return this.#adminToken;
  }

  /** Serving as the active (always, without HA). */
  get active(): boolean {
    return this.#ctx.ha.active;
  }

  static async start(options: NamenodeOptions): Promise<Namenode> {
    const { config } = options;
    const logger = (options.logger ?? silentLogger).child({ component: 'namenode' });
    const dir = config.dataDirs[0];
    if (dir === undefined) throw new CairnError('INVALID_CONFIG', "config key 'dataDirs': the namenode needs a data dir (--data)");
    if (config.zk !== '' && config.clusterSecret === '') {
      throw new CairnError('INVALID_CONFIG', "config key 'clusterSecret': namenodes with ZooKeeper (HA) must share one; set the same secret on each");
    }
    const zk = config.zk === '' ? undefined : parseZk(config.zk);
    await mkdir(dir, { recursive: true });
    // Without a configured secret the namenode keeps one in its data dir; datanodes must be given it.
    const clusterSecret = config.clusterSecret || (await loadOrCreateSecret(join(dir, 'cluster.secret')));
    const store = await Metastore.open(join(dir, 'meta'));
    try {
      return await Namenode.#assemble({ options, logger, dir, clusterSecret, store, zk });
    } catch (err) {
      await store.close();
      throw err;
    }
  }

  static async #assemble(a: { options: NamenodeOptions; logger: Logger; dir: string; clusterSecret: string; store: Metastore; zk: ZkTarget | undefined }): Promise<Namenode> {
    const { config } = a.options;
    const { store, logger } = a;
    const clock = a.options.clock ?? systemClock;
    const datanodes = new DatanodeManager(clock, config, store);
    await datanodes.load();
    const blocks = new BlockManager(new ReplicaMap(store), datanodes, random(a.options.seed ?? Date.now()));
    const safemode = await Safemode.start(store, clock, config.safemodeThreshold, logger);
    const clusterId = ((await store.sub.meta.get('clusterId')) as string | undefined) ?? '';
    // Until the first term, the services run over a log that refuses edits.
    const dormantLog = fencedLog(store, logger, a.zk === undefined ? 'the namenode is starting' : 'this namenode is a standby');
    const ctx = {
      logger, clock, clusterId, clusterSecret: a.clusterSecret, store, datanodes, blocks, safemode,
      replicationFactor: config.replicationFactor, minReplicasToCommit: config.minReplicasToCommit,
      chunking: ((await store.sub.meta.get('chunking')) as string | undefined) ?? config.chunking ?? defaultChunking,
    } as RpcContext;
    ctx.metrics = namenodeMetrics(ctx);
    const term = await buildTerm(ctx, a.options, dormantLog, a.dir);
    Object.assign(ctx, termFields(term));
    const users = term.users;
    ctx.ownerName = ownerNames(() => ctx.users ?? users);
    const handlers = handlerTables(ctx);
    const protos = loadProtos().namenode.cairn.namenode;
    let journalHost: HaController | undefined;
    const grpc = await startGrpcServer(config.host, config.rpcPort, [
      { definition: protos.ClientService.service, handlers: guarded(ctx, handlers, 'client', []) },
      { definition: protos.AdminService.service, handlers: guarded(ctx, handlers, 'admin', ['HaStatus', 'HaFailover']) },
      { definition: protos.DatanodeProtocol.service, handlers: guarded(ctx, handlers, 'datanode', 'all') },
      { definition: protos.GatewayService.service, handlers: guarded(ctx, handlers, 'gateway', []) },
      ...(a.zk === undefined ? [] : [{ definition: protos.JournalService.service, handlers: journalService(logger, () => {
        if (journalHost === undefined) throw new CairnError('UNAVAILABLE', 'the namenode is starting');
        return journalHost;
      }) }]),
    ], ctx.metrics.observeCall);
    const startedAt = new Date(clock.now()).toISOString();
    const http = namenodeHttp({
      get clusterId() {
        return ctx.clusterId;
      },
      startedAt, datanodes,
      lastTxid: async () => (await EditLog.position(store)).lastTxid,
      role: () => (ctx.ha.active ? 'active' : 'standby'),
      get safemode() {
        return ctx.safemode;
      },
      metrics: ctx.metrics.registry,
    });
    await http.listen({ host: config.host, port: config.httpPort });
    const httpAddress = `${config.host}:${(http.server.address() as { port: number }).port}`;
    let namenode: Namenode | undefined;
    const self = (): Namenode => {
      if (namenode === undefined) throw new CairnError('INTERNAL', 'namenode not assembled yet');
      return namenode;
    };
    if (a.zk !== undefined) {
      const peers = new PeerClients(grpc.address, a.clusterSecret, clock, config.rpcTimeoutMs);
      const follower = new JournalFollower({ store, apply: applyEdit, peers, logger, replaced: () => self().#replaced() });
      journalHost = new HaController({
        zk: a.zk, sessionTimeoutMs: config.zkSessionTimeoutMs, address: grpc.address, httpAddress, groupSize: config.haNamenodes, quorumTimeoutMs,
        store, follower, peers, clusterSecret: a.clusterSecret, clock, logger,
        hooks: {
          format: (epoch) => self().#format(epoch),
          promote: (epoch, replicator) => self().#promote(epoch, replicator.replicate),
          demote: (reason) => self().#demote(reason),
          clusterId: () => ctx.clusterId,
        },
      });
      ctx.ha = journalHost;
    } else {
      ctx.ha = soloHa(grpc.address, () => ctx.log.stats.lastTxid);
    }
    const trimmer = new JournalTrimmer({ store, logger, stillNeeded: async () => (await oldestRememberedTxid(store)) ?? Infinity }, config.journalRetainTxids);
    namenode = new Namenode({ options: a.options, logger, dir: a.dir, store, ctx, grpc, http, httpAddress, handlers, ha: journalHost, term, trimmer });
    try {
      if (journalHost !== undefined) {
        await journalHost.start();
      } else {
        if (ctx.clusterId === '') await namenode.#format(0);
        await namenode.#promote(0, undefined);
      }
      await writeServerInfo(a.dir, { role: 'namenode', pid: process.pid, rpcAddress: grpc.address, httpAddress, startedAt });
      trimmer.start();
    } catch (err) {
      await namenode.stop();
      throw err;
    }
    logger.info({ rpcAddress: grpc.address, httpAddress, safemode: ctx.safemode.on, ha: a.zk !== undefined }, 'namenode serving');
    return namenode;
  }

  /** Formats a new cluster in this empty metastore, with a log of its own (the first term replicates nothing yet). */
  async #format(epoch: number): Promise<string> {
    const log = new EditLog(this.#store, applyEdit, 0, this.#logger, { epoch });
    const users = new UserService(this.#store, log, this.#ctx.clock, await loadCounters(this.#store), this.#o.config, this.#ctx.clusterSecret);
    const { clusterId, adminToken } = await users.format(this.#o.config.chunking ?? defaultChunking);
    await log.flush();
    this.#ctx.clusterId = clusterId;
    this.#ctx.chunking = (await this.#store.sub.meta.get('chunking')) as string;
    this.#adminToken = adminToken;
    await writeEnvFile(join(this.#dir, 'admin.env'), { CAIRN_NAMENODE: this.rpcAddress, CAIRN_TOKEN: adminToken });
    this.#logger.info({ clusterId }, 'formatted a new namespace');
    return clusterId;
  }

  /** Becomes the active of `epoch`: the services of a new term over a log that replicates each batch (with HA). */
  async #promote(epoch: number, replicate: Replicate | undefined): Promise<void> {
    const { config } = this.#o;
    const chunking = (await this.#store.sub.meta.get('chunking')) as string;
    if (config.chunking !== undefined && chunking !== config.chunking) throw new CairnError('INVALID_CONFIG', `config key 'chunking': this cluster uses '${chunking}'; it cannot change`);
    this.#ctx.chunking = chunking;
    await this.#stopTerm();
    const log = new EditLog(this.#store, applyEdit, await EditLog.lastTxid(this.#store), this.#logger, { epoch, replicate });
    await this.#installTerm(await buildTerm(this.#ctx, this.#o, log, this.#dir));
    this.#ctx.datanodes.requireFreshReports(); // no excess replica is deleted before every live datanode has reported to this term
    for (const worker of workersOf(this.#term)) worker.start();
    this.#term.running = true;
  }

  /** Stops being the active: the log refuses edits from now on, and the term's services stop. */
  async #demote(reason: CairnError): Promise<void> {
    this.#term.log.fence(reason);
    await this.#stopTerm();
    await this.#installTerm(await buildTerm(this.#ctx, this.#o, fencedLog(this.#store, this.#logger, reason.message), this.#dir));
  }

  /** A snapshot replaced the replicated state: what was read from the old one is read again. */
  async #replaced(): Promise<void> {
    this.#ctx.clusterId = ((await this.#store.sub.meta.get('clusterId')) as string | undefined) ?? '';
    this.#ctx.chunking = ((await this.#store.sub.meta.get('chunking')) as string | undefined) ?? this.#ctx.chunking;
    this.#ctx.safemode = await Safemode.start(this.#store, this.#ctx.clock, this.#o.config.safemodeThreshold, this.#logger);
    if (!this.#term.running) await this.#installTerm(await buildTerm(this.#ctx, this.#o, this.#term.log, this.#dir));
  }

  async #installTerm(term: Term): Promise<void> {
    this.#term = term;
    Object.assign(this.#ctx, termFields(term));
    this.#handlers.rebuild();
  }

  async #stopTerm(): Promise<void> {
    const term = this.#term;
    if (!term.running) return;
    term.running = false;
    for (const worker of workersOf(term)) await worker.stop();
    await term.log.flush();
  }

  /** Where this namenode's journal ends (an active's or a standby's). */
  async lastTxid(): Promise<number> {
    return (await EditLog.position(this.#store)).lastTxid;
  }

  /** One journal trim now (tests); resolves to the records deleted. */
  trimJournal(): Promise<number> {
    return this.#trimmer.tick();
  }

  async stop(): Promise<void> {
    await removeServerInfo(this.#dir);
    await this.#trimmer.stop();
    await this.#ha?.stop();
    await this.#stopTerm();
    await stopGrpcServer(this.#grpc.server);
    await this.#http.close();
    await this.#term.log.flush();
    await this.#store.close();
  }
}

/** The services of one term over `log`. */
async function buildTerm(ctx: RpcContext, options: NamenodeOptions, log: EditLog, dir: string): Promise<Term> {
  const { config } = options;
  const { store, clock, logger, blocks, datanodes, safemode } = ctx;
  const ids = await loadCounters(store);
  const users = new UserService(store, log, clock, ids, config, ctx.clusterSecret);
  const monitor = new ReplicationMonitor({ store, blocks, datanodes, safemode, clock, logger }, config);
  const namespace = new NamespaceService(store, log, clock, ids);
  const shares = new ShareService(store, log, clock);
  const files = new FileService(store, log, clock, ids, blocks, new BlockTokenKey(ctx.clusterSecret), config, (short) => monitor.enqueue(short, 2));
  const multipart = new MultipartService(store, log, clock, ids, files, config.uploadLeaseMs);
  const gc = new GarbageCollector({ store, log, blocks, datanodes, monitor, safemode, clock, logger, forgotten: (ids) => files.blocksForgotten(ids) }, config.gcGraceMs);
  const trash = new TrashPurger({ store, log, safemode, clock, logger }, config.trashRetentionMs);
  const retention = new RevisionRetention({ store, log, safemode, clock, logger }, config);
  const requests = new RequestExpiry({ store, log, safemode, clock, logger }, config.retryCacheMs);
  const reaper = new UploadReaper({ store, files, safemode, clock, logger }, config.uploadLeaseMs);
  const fsck = new Fsck(store, blocks, datanodes, config.replicationFactor, dir);
  return { log, users, namespace, shares, files, multipart, monitor, gc, trash, retention, requests, reaper, fsck, running: false };
}

/** The term's background work, started when it begins and stopped when it ends. */
function workersOf(term: Term): Array<{ start(): void; stop(): Promise<void> }> {
  return [term.monitor, term.reaper, term.gc, term.trash, term.retention, term.requests];
}

function termFields(term: Term): Pick<RpcContext, 'log' | 'users' | 'namespace' | 'shares' | 'files' | 'multipart' | 'monitor' | 'gc' | 'trash' | 'fsck'> {
  const { log, users, namespace, shares, files, multipart, monitor, gc, trash, fsck } = term;
  return { log, users, namespace, shares, files, multipart, monitor, gc, trash, fsck };
}

/** A log that refuses every edit with NOT_ACTIVE: what a standby's (dormant) services hold. */
function fencedLog(store: Metastore, logger: Logger, why: string): EditLog {
  const log = new EditLog(store, applyEdit, 0, logger);
  log.fence(new CairnError('NOT_ACTIVE', why));
  return log;
}

type ServiceName = 'client' | 'admin' | 'datanode' | 'gateway';
type Handlers = Record<string, grpc.UntypedHandleCall>;

interface HandlerTables {
  current: Record<ServiceName, Handlers>;
  /** Builds the handlers again over the context's current services (a new term). */
  rebuild(): void;
}

function handlerTables(ctx: RpcContext): HandlerTables {
  const build = (): Record<ServiceName, Handlers> => ({
    client: clientService(ctx) as unknown as Handlers,
    admin: adminService(ctx) as unknown as Handlers,
    datanode: datanodeProtocol(ctx) as unknown as Handlers,
    gateway: gatewayService(ctx) as unknown as Handlers,
  });
  const tables: HandlerTables = { current: build(), rebuild: () => (tables.current = build()) };
  return tables;
}

/**
 * The handlers of one service, dispatched to the current term's. Unless `open` names the method
 * (or is 'all'), a namenode that is not the active answers NOT_ACTIVE, naming the active when it
 * knows it; every service waits for the state to exist (UNAVAILABLE while the namenode has none).
 */
function guarded(ctx: RpcContext, tables: HandlerTables, service: ServiceName, open: readonly string[] | 'all'): grpc.UntypedServiceImplementation {
  const methods = Object.keys(tables.current[service]);
  return Object.fromEntries(methods.map((method) => [method, (call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) => {
    if (ctx.clusterId === '') return callback(toServiceError(new CairnError('UNAVAILABLE', 'this namenode has no state yet')));
    if (open !== 'all' && !open.includes(method) && !ctx.ha.active) {
      const active = ctx.ha.activeAddress;
      return callback(toServiceError(new CairnError('NOT_ACTIVE', active === undefined ? 'this namenode is a standby; no active is known' : `this namenode is a standby; the active is ${active}`, active === undefined ? undefined : { active })));
    }
    (tables.current[service][method] as grpc.handleUnaryCall<unknown, unknown>)(call, callback);
  }]));
}

/** A namenode without ZooKeeper: always the active, epoch 0, with nothing to fail over to. */
function soloHa(address: string, lastTxid: () => number): HaView {
  return {
    active: true,
    epoch: 0,
    activeAddress: address,
    status: async () => ({ epoch: 0, active: address, namenodes: [{ address, role: 'active', epoch: 0, lastTxid: lastTxid() }] }),
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

function ownerNames(users: () => UserService): (id: number) => Promise<string> {
  const cache = new Map<number, string>();
  return async (id) => {
    const cached = cache.get(id);
    if (cached !== undefined) return cached;
    const name = (await users().get(id))?.name ?? `#${id}`;
    if (cache.size >= ownerCacheMax) cache.clear();
    cache.set(id, name);
    return name;
  };
}


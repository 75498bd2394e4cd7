// The datanode's composition root: its identity (datanode.json in the first data dir), the block
// store over every data dir, the HTTP data plane (with /metrics), the DatanodeService, the links to
// every namenode (configured, or found through ZooKeeper with `zk`) with the command executor, the
// block scanner and the compaction runner. Every
// corrupt replica found — by a read, a copy's source read, the scanner or compaction — is counted
// and reported to the namenode here.
// Embeddable: `await Datanode.start(...)` → `stop()`.
import { mkdir, readFile, writeFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { BlockTokenKey } from '../common/block-token.js';
import { systemClock, type Clock } from '../common/clock.js';
import type { Config } from '../common/config.js';
import { BlockTransferClient } from '../common/block-transfer.js';
import { parseZk } from '../common/discovery.js';
import { CairnError } from '../common/errors.js';
import { loadProtos, startGrpcServer, stopGrpcServer, type BoundServer } from '../common/grpc.js';
import { initHashing } from '../common/hashing.js';
import { newDatanodeId } from '../common/ids.js';
import { silentLogger, type Logger } from '../common/logger.js';
import { removeServerInfo, writeServerInfo } from '../common/server-info.js';
import { CompactionRunner } from './compaction/compaction-runner.js';
import { CommandExecutor } from './namenode-link/commands.js';
import { NamenodeLinks } from './namenode-link/namenode-links.js';
import { ZkPresence } from './namenode-link/zk-presence.js';
import { datanodeService } from './rpc/datanode-service.js';
import { dataPlane } from './http/data-plane.js';
import { datanodeMetrics, type CorruptSource } from './http/metrics.js';
import { BlockScanner, scanStartDelayMs } from './scanner/block-scanner.js';
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

interface Parts {
  id: string;
  dir: string;
  store: BlockStore;
  grpc: BoundServer;
  http: FastifyInstance;
  httpAddress: string;
  link: NamenodeLinks;
  zk: ZkPresence | undefined;
  peers: BlockTransferClient;
  commands: CommandExecutor;
  scanner: BlockScanner;
  compaction: CompactionRunner;
}

export class Datanode {
  readonly id: string;
  readonly rpcAddress: string;
  readonly httpAddress: string;
  readonly #parts: Parts;

  private constructor(parts: Parts) {
    this.id = parts.id;
    this.#parts = parts;
    this.rpcAddress = parts.grpc.address;
    this.httpAddress = parts.httpAddress;
  }

  static async start(options: DatanodeOptions): Promise<Datanode> {
    const { config } = options;
    const clock = options.clock ?? systemClock;
    const dir = config.dataDirs[0];
    if (dir === undefined) throw new CairnError('INVALID_CONFIG', "config key 'dataDirs': the datanode needs at least one data dir (--data)");
    if (config.namenodes.length === 0 && config.zk === '') {
      throw new CairnError('INVALID_CONFIG', "config key 'namenodes': the datanode needs a namenode address (--namenode) or ZooKeeper (--zk)");
    }
    if (config.zk !== '') parseZk(config.zk); // USAGE on a malformed connect string, before anything starts
    if (config.clusterSecret === '') throw new CairnError('INVALID_CONFIG', "config key 'clusterSecret': datanodes need the cluster's shared secret (CAIRN_CLUSTER_SECRET)");
    await initHashing();
    await Promise.all(config.dataDirs.map((d) => mkdir(d, { recursive: true })));
    const identity = await loadIdentity(dir);
    const logger = (options.logger ?? silentLogger).child({ component: 'datanode', datanodeId: identity.datanodeId });
    const state: { link?: NamenodeLinks; clusterId: string } = { clusterId: identity.clusterId };
    const store = await BlockStore.open({
      dirs: [...config.dataDirs], segmentBytesMax: config.segmentBytesMax, logger, clock, onVolumeFailed: () => state.link?.volumeFailed(),
    });
    const peers = new BlockTransferClient(config.rpcTimeoutMs);
    const tokens = new BlockTokenKey(config.clusterSecret);
    const activeWrites = { count: 0 };
    const corrupt: Record<CorruptSource, number> = { read: 0, scan: 0, compaction: 0 };
    const reportCorrupt = (source: CorruptSource) => (blockId: string) => {
      corrupt[source] += 1;
      logger.error({ blockId, source }, 'corrupt replica found; reporting it');
      state.link?.reportBadBlock(blockId);
    };
    const compaction = new CompactionRunner({
      store, clock, logger, bytesPerSec: config.compactionBytesPerSec, intervalMs: config.compactionIntervalMs, onCorrupt: reportCorrupt('compaction'),
    });
    const commands = new CommandExecutor({
      store, peers, tokens, clock, logger, streamsMax: config.replicationStreamsMax, onCorrupt: reportCorrupt('read'),
      onDeleted: (blockId) => state.link?.blockDeleted(blockId), onDrained: () => state.link?.heartbeatNow(),
      onDeletesDone: () => compaction.wake(),
    });
    const scanner = new BlockScanner({
      store, clock, logger, bytesPerSec: config.scanBytesPerSec, intervalMs: config.scanIntervalMs,
      startDelayMs: Math.min(scanStartDelayMs, config.scanIntervalMs), onCorrupt: reportCorrupt('scan'),
      paused: () => commands.activeReplications > 0,
    });
    const metrics = datanodeMetrics({
      store, activeWrites, activeReplications: () => commands.activeReplications, commands: commands.counters, scan: () => scanner.progress(), corrupt,
    });
    const http = dataPlane({
      datanodeId: identity.datanodeId, store, peers, logger, clock, activeWrites, tokens, metrics,
      onStored: (blockId, uploadId) => state.link?.blockReceived(blockId, uploadId),
      onCorrupt: reportCorrupt('read'),
      health: () => ({ ok: store.failedDirs().length < config.dataDirs.length, registered: state.link?.registered ?? false, failedVolumes: store.failedDirs().length }),
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
    const link = new NamenodeLinks(
      {
        datanodeId: identity.datanodeId, address: grpc.address, dataAddress: httpAddress, rack: config.rack, clusterSecret: config.clusterSecret,
        namenodes: config.namenodes, heartbeatIntervalMs: config.heartbeatIntervalMs, blockReportIntervalMs: config.blockReportIntervalMs, rpcTimeoutMs: config.rpcTimeoutMs,
      },
      {
        store, clock, logger, activeWrites,
        activeReplications: () => commands.activeReplications,
        onCommands: (received) => commands.accept(received),
        onNewEpoch: () => commands.dropQueued(),
        clusterId: () => state.clusterId,
        onClusterId: async (clusterId) => {
          if (clusterId === state.clusterId) return;
          // Every namenode of a group has the same id: another one is a namenode of another cluster.
          if (state.clusterId !== '') throw new CairnError('CLUSTER_MISMATCH', `a namenode of cluster ${clusterId}; this datanode belongs to ${state.clusterId}`);
          state.clusterId = clusterId;
          await saveIdentity(dir, { ...identity, clusterId });
        },
      },
    );
    state.link = link;
    const zk = config.zk === '' ? undefined : new ZkPresence(
      { zk: config.zk, sessionTimeoutMs: config.zkSessionTimeoutMs, datanodeId: identity.datanodeId, address: grpc.address },
      { logger, onNamenodes: (namenodes) => link.setDiscovered(namenodes) },
    );
    link.start();
    zk?.start();
    scanner.start();
    compaction.start();
    await writeServerInfo(dir, { role: 'datanode', pid: process.pid, rpcAddress: grpc.address, httpAddress, startedAt: new Date(clock.now()).toISOString() });
    logger.info({ rpcAddress: grpc.address, httpAddress, dirs: config.dataDirs }, 'datanode serving');
    return new Datanode({ id: identity.datanodeId, dir, store, grpc, http, httpAddress, link, zk, peers, commands, scanner, compaction });
  }

  get registered(): boolean {
    return this.#parts.link.registered;
  }

  /** The namenodes this datanode reports to now, sorted. */
  get namenodes(): string[] {
    return this.#parts.link.namenodes;
  }

  /** The newest namenode epoch this datanode has seen (0 without HA). */
  get namenodeEpoch(): number {
    return this.#parts.link.epoch;
  }

  async stop(): Promise<void> {
    const { dir, scanner, compaction, grpc, http, link, zk, commands, peers, store } = this.#parts;
    await removeServerInfo(dir);
    await zk?.stop();
    await scanner.stop();
    await compaction.stop();
    await stopGrpcServer(grpc.server);
    await http.close();
    await link.stop();
    // Closing the peers cuts copies in flight short instead of waiting out their timeouts.
    const copiesSettled = commands.stop();
    peers.close();
    await copiesSettled;
    await store.close();
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

// A namenode's life in an HA group (DESIGN §4, High availability), driven by ZooKeeper: it
// registers itself, copies the group's state if it has none, stands as a candidate, and when
// elected takes a new epoch, collects promises from a majority, brings its journal up to the most
// advanced of them, and only then serves (`hooks.promote`), announcing itself in the `active`
// znode. It stops being the active — fencing its edit log first (`hooks.demote`) — when its
// session is lost or ZooKeeper is unreachable, when a standby has promised a newer epoch, or on a
// graceful hand-over; it then goes on as a standby.
import { setTimeout as sleep } from 'node:timers/promises';
import { CairnError, isCairnError } from '../../common/errors.js';
import type { Clock } from '../../common/clock.js';
import { activeNamenode, liveNamenodes, memberNamenodes, zkPaths, type ZkTarget } from '../../common/discovery.js';
import type { Logger } from '../../common/logger.js';
import { ZkSession } from '../../common/zookeeper.js';
import type { HaStatusReply } from '../../../proto/gen/cairn/namenode/HaStatusReply.js';
import type { JournalPosition } from '../journal/edit-log.js';
import type { Metastore } from '../metastore/metastore.js';
import type { HaView } from '../rpc/context.js';
import { LeaderElection } from './election.js';
import { takeEpoch } from './epoch.js';
import type { JournalFollower } from './follower.js';
import type { JournalHost } from './journal-service.js';
import type { PeerClients, PeerState, Promised } from './peer-client.js';
import { Replicator } from './replicator.js';

const retryPauseMs = 300;
const stateTimeoutMs = 1500;
const handoverWaitMs = 15_000;
/** A hand-over names its target for this long; a target that never took over is then ignored. */
const handoverTtlMs = 30_000;

export interface HaHooks {
  /** Formats a new cluster here (the first namenode on an empty chroot); resolves to its id. */
  format(epoch: number): Promise<string>;
  /** Builds and starts the active's services over an edit log that replicates through `replicator`. */
  promote(epoch: number, replicator: Replicator): Promise<void>;
  /** Fences the edit log and stops the active's services, waiting for batches in flight. */
  demote(reason: CairnError): Promise<void>;
  /** The cluster id this namenode's state belongs to ('' before it has any). */
  clusterId(): string;
}

export interface HaControllerOptions {
  zk: ZkTarget;
  sessionTimeoutMs: number;
  address: string;
  httpAddress: string;
  groupSize: number;
  quorumTimeoutMs: number;
  store: Metastore;
  follower: JournalFollower;
  peers: PeerClients;
  clusterSecret: string;
  clock: Clock;
  logger: Logger;
  hooks: HaHooks;
}

type Role = 'standby' | 'promoting' | 'active';

export class HaController implements HaView, JournalHost {
  readonly #o: HaControllerOptions;
  #zk: ZkSession | undefined;
  #election: LeaderElection | undefined;
  #role: Role = 'standby';
  #epoch = 0;
  #activeAddress: string | undefined;
  #replicator: Replicator | undefined;
  #stopped = false;
  /** Stepped down on a lost connection: once the session is back, leave the `active` znode and stand again. */
  #rejoinOnReconnect = false;
  #disconnectedTimer: NodeJS.Timeout | undefined;
  /** Role changes one at a time. */
  #transition: Promise<unknown> = Promise.resolve();

  constructor(options: HaControllerOptions) {
    this.#o = options;
  }

  get store(): Metastore {
    return this.#o.store;
  }

  get follower(): JournalFollower {
    return this.#o.follower;
  }

  get clusterSecret(): string {
    return this.#o.clusterSecret;
  }

  get clock(): Clock {
    return this.#o.clock;
  }

  get active(): boolean {
    return this.#role === 'active';
  }

  get epoch(): number {
    return this.#epoch;
  }

  get activeAddress(): string | undefined {
    return this.#role === 'active' ? this.#o.address : this.#activeAddress;
  }

  #serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#transition.then(fn, fn);
    this.#transition = run.catch(() => undefined);
    return run;
  }

  /** Joins the group: registers, copies the state if this namenode has none, and stands for election. */
  async start(): Promise<void> {
    await this.#o.follower.load();
    await this.#session();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#disconnectedTimer);
    await this.#serial(async () => {
      if (this.#role !== 'standby') await this.#standDown(new CairnError('NOT_ACTIVE', 'the namenode is stopping'));
    });
    this.#zk?.close();
    this.#o.peers.close();
  }

  /** A new ZooKeeper session: register, watch the active, bootstrap, stand for election. */
  async #session(): Promise<void> {
    const { zk: target, sessionTimeoutMs, logger } = this.#o;
    const zk = await ZkSession.connect(target.servers, { sessionTimeoutMs, connectTimeoutMs: Math.max(sessionTimeoutMs, 5000) });
    this.#zk = zk;
    zk.onExpired(() => void this.#sessionLost(zk, 'ZooKeeper session expired'));
    zk.onConnection((connected) => {
      if (this.#zk !== zk) return;
      clearTimeout(this.#disconnectedTimer);
      if (!connected) {
        // The session may outlive the connection (another server of the ensemble takes it over),
        // but it ends on the server's clock sessionTimeout after it last heard from us, and then
        // another may lead: keep serving for a third of that at most, then step down.
        this.#disconnectedTimer = setTimeout(() => void this.#serial(async () => {
          if (this.#role === 'standby' || zk.connected) return;
          this.#rejoinOnReconnect = true;
          await this.#standDown(new CairnError('NOT_ACTIVE', 'lost ZooKeeper: stepping down before the session can expire'), false);
        }), Math.floor(zk.timeoutMs / 3));
      } else if (this.#rejoinOnReconnect) {
        // The same session came back: stand again (at the back of the line).
        this.#rejoinOnReconnect = false;
        void this.#serial(() => this.#release(true));
      }
    });
    const paths = zkPaths(target.root);
    await zk.ensurePath(paths.namenodes);
    await zk.ensurePath(paths.members);
    const me = `${paths.namenodes}/${this.#o.address}`;
    await zk.remove(me); // left by an earlier session of this namenode that has not expired yet
    await zk.create(me, Buffer.from(JSON.stringify({ address: this.#o.address, httpAddress: this.#o.httpAddress })), 'ephemeral');
    if (!(await zk.exists(`${paths.members}/${this.#o.address}`))) await zk.create(`${paths.members}/${this.#o.address}`, Buffer.alloc(0), 'persistent').catch(ignoreExists);
    await this.#watchActive(zk);
    await this.#checkCluster(zk);
    if (!this.#o.follower.bootstrapped) {
      if (await zk.exists(paths.cluster)) await this.#bootstrap(zk);
      else void this.#awaitCluster(zk); // a new cluster: copy it once the first namenode has formatted it
    }
    this.#election = new LeaderElection(zk, target.root, this.#o.address, () => void this.#serial(() => this.#lead(zk)));
    await this.#election.join();
    logger.info({ address: this.#o.address }, 'joined the namenode group');
  }

  async #watchActive(zk: ZkSession): Promise<void> {
    if (this.#stopped || zk !== this.#zk) return;
    try {
      const active = await activeNamenode(zk, this.#o.zk.root, () => void this.#watchActive(zk));
      this.#activeAddress = active?.address;
    } catch (err) {
      this.#o.logger.debug({ err }, 'watching the active znode failed');
    }
  }

  /** The cluster id in ZooKeeper must be this state's, when both exist. */
  async #checkCluster(zk: ZkSession): Promise<void> {
    const node = await zk.get(zkPaths(this.#o.zk.root).cluster);
    const mine = this.#o.hooks.clusterId();
    if (node !== undefined && mine !== '' && node.data.toString('utf8') !== mine) {
      throw new CairnError('CLUSTER_MISMATCH', `this data dir belongs to cluster ${mine}; ZooKeeper ${this.#o.zk.root} holds cluster ${node.data.toString('utf8')}`);
    }
    if (node === undefined && mine !== '') await zk.create(zkPaths(this.#o.zk.root).cluster, Buffer.from(mine), 'persistent').catch(ignoreExists);
  }

  async #awaitCluster(zk: ZkSession): Promise<void> {
    if (this.#stopped || zk !== this.#zk || this.#o.follower.bootstrapped) return;
    try {
      if (await zk.exists(zkPaths(this.#o.zk.root).cluster, () => void this.#awaitCluster(zk))) await this.#bootstrap(zk);
    } catch (err) {
      this.#o.logger.warn({ err }, 'waiting for the cluster to be formatted failed');
    }
  }

  /** Copies the state from a namenode that has it (the active, or any with edits), retrying until one answers. */
  async #bootstrap(zk: ZkSession): Promise<void> {
    const { peers, follower, logger } = this.#o;
    while (!follower.bootstrapped && !this.#stopped && zk === this.#zk) {
      const candidates = [...new Set([this.#activeAddress, ...(await liveNamenodes(zk, this.#o.zk.root))].filter((a): a is string => a !== undefined && a !== this.#o.address))];
      for (const source of candidates) {
        try {
          if ((await peers.state(source, stateTimeoutMs)).lastTxid === 0) continue;
          await follower.catchUp(source, true);
          break;
        } catch (err) {
          logger.info({ err, source }, 'could not copy the state yet');
        }
      }
      if (!follower.bootstrapped) await sleep(retryPauseMs);
    }
    await this.#checkCluster(zk);
  }

  /** Elected: take an epoch, gather promises, catch up, serve. */
  async #lead(zk: ZkSession): Promise<void> {
    if (this.#stopped || zk !== this.#zk || this.#role !== 'standby') return;
    const { follower, logger } = this.#o;
    const paths = zkPaths(this.#o.zk.root);
    try {
      if (await this.#yieldToHandover(zk)) return;
      this.#role = 'promoting';
      const epoch = await takeEpoch(zk, this.#o.zk.root);
      this.#epoch = epoch;
      if (!follower.bootstrapped && (await zk.exists(paths.cluster))) await this.#bootstrap(zk);
      if (!follower.bootstrapped) {
        const clusterId = await this.#o.hooks.format(epoch);
        follower.formatted();
        await zk.create(paths.cluster, Buffer.from(clusterId), 'persistent');
      }
      await follower.promise(epoch);
      const promised = await this.#gatherPromises(zk, epoch);
      await this.#adoptMostAdvanced(promised);
      const position = await follower.position();
      const replicator = new Replicator({
        store: this.#o.store, peers: this.#o.peers, logger, epoch, groupSize: this.#o.groupSize, quorumTimeoutMs: this.#o.quorumTimeoutMs,
        known: new Map([...promised].map(([address, p]) => [address, p.lastTxid])), lastTxid: position.lastTxid,
        onStale: (error) => void this.#serial(() => this.#standDown(error)),
      });
      this.#replicator = replicator;
      await this.#followPeers(zk, replicator);
      await this.#o.hooks.promote(epoch, replicator);
      await zk.remove(paths.active);
      await zk.create(paths.active, Buffer.from(JSON.stringify({ address: this.#o.address, epoch })), 'ephemeral');
      this.#role = 'active';
      await this.#clearHandover(zk);
      logger.info({ epoch, ...position }, 'serving as the active namenode');
    } catch (err) {
      logger.warn({ err }, 'could not become the active namenode; standing again');
      await this.#standDown(err instanceof CairnError ? err : new CairnError('NOT_ACTIVE', String(err)));
    }
  }

  /** Promises of `epoch` from a majority (this namenode's own included), retrying while the rest are away. */
  async #gatherPromises(zk: ZkSession, epoch: number): Promise<Map<string, Promised>> {
    const needed = Math.floor(this.#o.groupSize / 2); // besides this namenode
    for (;;) {
      if (this.#stopped || zk !== this.#zk || zk.expired) throw new CairnError('NOT_ACTIVE', 'lost ZooKeeper while gathering promises');
      const others = (await liveNamenodes(zk, this.#o.zk.root)).filter((a) => a !== this.#o.address);
      const replies = await Promise.allSettled(others.map((address) => this.#o.peers.newEpoch(address, epoch)));
      const promised = new Map<string, Promised>();
      replies.forEach((reply, i) => {
        if (reply.status === 'fulfilled') promised.set(others[i] as string, reply.value);
        else if (isCairnError(reply.reason, 'STALE_EPOCH')) throw reply.reason; // a newer active exists
      });
      if (promised.size >= needed) return promised;
      this.#o.logger.info({ epoch, promised: promised.size + 1, needed: needed + 1 }, 'waiting for a majority of namenodes to promise');
      await sleep(retryPauseMs); // promises already given stay valid: asking again with the same epoch is refused only by newer ones
    }
  }

  /** Brings this journal up to the most advanced of the majority (by epoch of the last record, then txid). */
  async #adoptMostAdvanced(promised: Map<string, Promised>): Promise<void> {
    const mine = await this.#o.follower.position();
    let best: [string, JournalPosition] | undefined;
    for (const [address, p] of promised) if (ahead(p, best?.[1] ?? mine)) best = [address, p];
    if (best === undefined) return;
    const [source, theirs] = best;
    // A tail of this journal beyond theirs, or at their end in another epoch, never reached a majority.
    const diverged = mine.lastTxid > theirs.lastTxid || (mine.lastTxid === theirs.lastTxid && mine.lastEpoch !== theirs.lastEpoch);
    this.#o.logger.info({ source, mine, theirs, diverged }, 'catching up with the most advanced journal before serving');
    await this.#o.follower.catchUp(source, diverged);
  }

  /** Keeps the replicator's standbys in step with the live namenodes registered in ZooKeeper. */
  async #followPeers(zk: ZkSession, replicator: Replicator): Promise<void> {
    if (this.#stopped || zk !== this.#zk || this.#replicator !== replicator) return;
    try {
      const live = await liveNamenodes(zk, this.#o.zk.root, () => void this.#followPeers(zk, replicator));
      replicator.setPeers(live.filter((a) => a !== this.#o.address));
    } catch (err) {
      this.#o.logger.warn({ err }, 'reading the live namenodes failed');
    }
  }

  /** Leaves the active role (if held) and stands again at the back of the line. */
  async #standDown(reason: CairnError, rejoin = true): Promise<void> {
    const wasServing = this.#role !== 'standby';
    this.#role = 'standby';
    this.#replicator?.stop(reason);
    this.#replicator = undefined;
    if (wasServing) {
      this.#o.logger.warn({ reason: reason.message }, 'no longer the active namenode');
      await this.#o.hooks.demote(reason);
    }
    await this.#release(rejoin);
  }

  /** Takes this namenode's name off the `active` znode and, with `rejoin`, stands again at the back of the line. */
  async #release(rejoin: boolean): Promise<void> {
    const zk = this.#zk;
    if (zk === undefined || zk.expired || !zk.connected || this.#stopped) return; // a lost session takes its znodes along
    try {
      const active = await activeNamenode(zk, this.#o.zk.root);
      if (active?.address === this.#o.address) await zk.remove(zkPaths(this.#o.zk.root).active);
      if (rejoin) await this.#rejoin(zk);
    } catch (err) {
      this.#o.logger.warn({ err }, 'could not leave the active role in ZooKeeper');
    }
  }

  async #rejoin(zk: ZkSession): Promise<void> {
    await this.#election?.leave();
    if (this.#stopped || zk !== this.#zk) return;
    this.#election = new LeaderElection(zk, this.#o.zk.root, this.#o.address, () => void this.#serial(() => this.#lead(zk)));
    await this.#election.join();
  }

  async #sessionLost(zk: ZkSession, why: string): Promise<void> {
    if (zk !== this.#zk) return;
    this.#rejoinOnReconnect = false;
    await this.#serial(async () => {
      if (this.#role !== 'standby') await this.#standDown(new CairnError('NOT_ACTIVE', why), false);
    });
    zk.close();
    this.#o.logger.warn({ why }, 'ZooKeeper session lost; joining again with a new one');
    while (!this.#stopped) {
      try {
        await this.#session();
        return;
      } catch (err) {
        this.#zk?.close();
        this.#o.logger.warn({ err }, 'cannot join through ZooKeeper yet; retrying');
        await sleep(retryPauseMs);
      }
    }
  }

  // ---- JournalHost ----

  async state(): Promise<PeerState> {
    return { address: this.#o.address, role: this.#role === 'active' ? 'active' : 'standby', epoch: this.#epoch || this.#o.follower.promised, lastTxid: (await this.#o.follower.position()).lastTxid };
  }

  epochSeen(epoch: number): void {
    if (this.#role === 'standby' || epoch <= this.#epoch) return;
    void this.#serial(() => this.#standDown(new CairnError('NOT_ACTIVE', `a namenode of epoch ${epoch} has taken over`)));
  }

  /** A graceful hand-over: no edit is taken from now on; `to` (or the standby furthest along) gets every edit, then leads. */
  stepDown(to: string): Promise<PeerState> {
    return this.#serial(async () => {
      const replicator = this.#replicator;
      const zk = this.#zk;
      if (this.#role !== 'active' || replicator === undefined || zk === undefined) throw new CairnError('NOT_ACTIVE', 'only the active namenode hands over');
      const matches = replicator.matches();
      const target = to || [...matches].sort((a, b) => b[1] - a[1])[0]?.[0];
      if (target === undefined || !matches.has(target)) throw new CairnError('NOT_FOUND', to === '' ? 'no live standby to hand over to' : `${to} is not a live standby to hand over to`);
      await zk.create(zkPaths(this.#o.zk.root).handover, Buffer.from(JSON.stringify({ to: target, at: this.#o.clock.now() })), 'ephemeral').catch(async (err: unknown) => {
        if (!isCairnError(err, 'ALREADY_EXISTS')) throw err;
        await zk.remove(zkPaths(this.#o.zk.root).handover);
        await zk.create(zkPaths(this.#o.zk.root).handover, Buffer.from(JSON.stringify({ to: target, at: this.#o.clock.now() })), 'ephemeral');
      });
      const reason = new CairnError('NOT_ACTIVE', `handing over to ${target}`);
      await this.#o.hooks.demote(reason); // fences the log and waits for the batches in flight
      this.#role = 'promoting'; // no longer serving, still holding the replicator until the target has everything
      const last = replicator.lastTxid;
      const deadline = this.#o.clock.now() + handoverWaitMs;
      while ((replicator.matches().get(target) ?? -1) < last) {
        if (this.#o.clock.now() > deadline) {
          this.#o.logger.warn({ target, last }, 'hand-over target did not catch up in time; standing down anyway');
          break;
        }
        await sleep(20);
      }
      this.#role = 'standby';
      replicator.stop(reason);
      this.#replicator = undefined;
      await this.#release(true);
      return this.state();
    });
  }

  /** A newly elected candidate that is not the named hand-over target steps back in line. */
  async #yieldToHandover(zk: ZkSession): Promise<boolean> {
    const node = await zk.get(zkPaths(this.#o.zk.root).handover);
    if (node === undefined) return false;
    const { to, at } = JSON.parse(node.data.toString('utf8')) as { to: string; at: number };
    if (to === this.#o.address || this.#o.clock.now() - at > handoverTtlMs) return false;
    if (!(await liveNamenodes(zk, this.#o.zk.root)).includes(to)) return false;
    this.#o.logger.info({ to }, 'a hand-over names another namenode: stepping back in line');
    await this.#rejoin(zk);
    return true;
  }

  async #clearHandover(zk: ZkSession): Promise<void> {
    await zk.remove(zkPaths(this.#o.zk.root).handover);
  }

  // ---- HaView ----

  async status(): Promise<HaStatusReply> {
    const zk = this.#zk;
    if (zk === undefined) throw new CairnError('UNAVAILABLE', 'not connected to ZooKeeper');
    const root = this.#o.zk.root;
    const [members, live, active, epochNode] = await Promise.all([memberNamenodes(zk, root), liveNamenodes(zk, root), activeNamenode(zk, root), zk.get(zkPaths(root).epoch)]);
    const namenodes = await Promise.all([...new Set([...members, ...live])].sort().map(async (address): Promise<PeerState> => {
      if (address === this.#o.address) return this.state();
      if (!live.includes(address)) return { address, role: 'down', epoch: 0, lastTxid: 0 };
      return this.#o.peers.state(address, stateTimeoutMs).catch(() => ({ address, role: 'down', epoch: 0, lastTxid: 0 }));
    }));
    return { epoch: active?.epoch ?? Number(epochNode?.data.toString('utf8') ?? 0), active: active?.address ?? '', namenodes };
  }

  async failover(to: string): Promise<HaStatusReply> {
    if (this.#role === 'active') await this.stepDown(to);
    else {
      const active = this.#activeAddress;
      if (active === undefined) throw new CairnError('UNAVAILABLE', 'no active namenode to hand over from');
      await this.#o.peers.stepDown(active, to, handoverWaitMs + 5000);
    }
    // Wait for the new active to announce itself.
    const zk = this.#zk;
    const deadline = this.#o.clock.now() + handoverWaitMs;
    while (zk !== undefined && this.#o.clock.now() < deadline) {
      const active = await activeNamenode(zk, this.#o.zk.root);
      if (active !== undefined && (to === '' ? true : active.address === to)) break;
      await sleep(50);
    }
    return this.status();
  }
}

function ahead(a: JournalPosition, b: JournalPosition): boolean {
  return a.lastEpoch > b.lastEpoch || (a.lastEpoch === b.lastEpoch && a.lastTxid > b.lastTxid);
}

function ignoreExists(err: unknown): void {
  if (!isCairnError(err, 'ALREADY_EXISTS')) throw err;
}

// A datanode started with `zk` (DESIGN §4, High availability): it announces itself with an
// ephemeral `datanodes/<id>` znode ({"address": its RPC address}) and follows the `namenodes/`
// children, handing each new list of live namenodes to NamenodeLinks. ZooKeeper being down never
// stops the datanode: it keeps the links it has (reads, writes and reports go on) and tries again,
// backing off up to `retryMaxMs`; an expired session is replaced by a new one, which announces the
// datanode again. Closing the session (`stop`) removes the znode at once.
import { CairnError, toCairnError } from '../../common/errors.js';
import { liveNamenodes, parseZk, zkPaths, type ZkTarget } from '../../common/discovery.js';
import type { Logger } from '../../common/logger.js';
import { ZkSession } from '../../common/zookeeper.js';

export interface ZkPresenceOptions {
  /** `HOST:PORT[,…][/CHROOT]`, as config `zk`. */
  zk: string;
  sessionTimeoutMs: number;
  datanodeId: string;
  /** This datanode's RPC address. */
  address: string;
}

export interface ZkPresenceDeps {
  logger: Logger;
  onNamenodes(namenodes: string[]): void;
}

const retryMinMs = 200;
const retryMaxMs = 5000;
const addressPattern = /^[^\s:/]+:\d{1,5}$/;

export class ZkPresence {
  readonly #options: ZkPresenceOptions;
  readonly #deps: ZkPresenceDeps;
  readonly #target: ZkTarget;
  #session: ZkSession | undefined;
  #running: Promise<void> | undefined;
  /** Wakes the loop early: the session expired, a watch fired, or `stop`. */
  #wake: (() => void) | undefined;
  /** Poked while the loop was not asleep: its next sleep returns at once. */
  #poked = false;
  #stopped = false;

  /** Throws USAGE on a malformed connect string (before anything starts). */
  constructor(options: ZkPresenceOptions, deps: ZkPresenceDeps) {
    this.#options = options;
    this.#deps = deps;
    this.#target = parseZk(options.zk);
  }

  /** Connected, announced, and following the namenodes now. */
  get connected(): boolean {
    return this.#session !== undefined && !this.#session.expired;
  }

  start(): void {
    this.#running = this.#run();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#poke();
    await this.#running;
  }

  /** One session at a time: connect, announce, list (and list again on every watch), until it expires. */
  async #run(): Promise<void> {
    let delayMs = retryMinMs;
    let changed = true;
    while (!this.#stopped) {
      try {
        if (this.#session === undefined || this.#session.expired) {
          this.#session?.close();
          this.#session = undefined;
          this.#session = await this.#connect();
          changed = true;
        }
        if (changed) {
          changed = false;
          const namenodes = await liveNamenodes(this.#session, this.#target.root, () => this.#poke(() => (changed = true)));
          this.#deps.onNamenodes(namenodes.filter((address) => addressPattern.test(address)));
        }
        delayMs = retryMinMs;
        await this.#sleep(undefined);
      } catch (err) {
        // A list that failed is tried again; a session that never came up is replaced.
        changed = true;
        const { code, message } = toCairnError(err);
        this.#deps.logger.warn({ code, reason: message, retryInMs: delayMs }, 'ZooKeeper unavailable; keeping the namenodes known so far');
        await this.#sleep(delayMs);
        delayMs = Math.min(retryMaxMs, delayMs * 2);
      }
    }
    this.#session?.close();
    this.#session = undefined;
  }

  async #connect(): Promise<ZkSession> {
    const { sessionTimeoutMs } = this.#options;
    const session = await ZkSession.connect(this.#target.servers, { sessionTimeoutMs, connectTimeoutMs: sessionTimeoutMs });
    session.onExpired(() => this.#poke());
    try {
      await this.#announce(session);
    } catch (err) {
      session.close();
      throw err;
    }
    this.#deps.logger.info({ zk: this.#target.servers, root: this.#target.root }, 'registered in ZooKeeper');
    return session;
  }

  /** The ephemeral `datanodes/<id>`; one left by this datanode's previous session (not yet expired) is replaced. */
  async #announce(session: ZkSession): Promise<void> {
    const dir = zkPaths(this.#target.root).datanodes;
    const path = `${dir}/${this.#options.datanodeId}`;
    const data = Buffer.from(JSON.stringify({ address: this.#options.address }));
    await session.ensurePath(dir);
    try {
      await session.create(path, data, 'ephemeral');
    } catch (err) {
      if (!(err instanceof CairnError && err.code === 'ALREADY_EXISTS')) throw err;
      await session.remove(path);
      await session.create(path, data, 'ephemeral');
    }
  }

  #poke(then?: () => void): void {
    then?.();
    this.#poked = true;
    this.#wake?.();
  }

  /** Until woken, or `ms` when given. */
  async #sleep(ms: number | undefined): Promise<void> {
    if (this.#stopped || this.#poked) {
      this.#poked = false;
      return;
    }
    await new Promise<void>((resolve) => {
      const timer = ms === undefined ? undefined : setTimeout(resolve, ms);
      this.#wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.#wake = undefined;
    this.#poked = false;
  }
}

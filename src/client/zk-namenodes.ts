// Finds the namenodes of a cluster through ZooKeeper (discovery.ts), so a client needs no address
// list: the active (its `active` znode) first, then every live namenode. One session per client,
// opened at the first lookup (no I/O in the constructor); what was read is kept until a watch says
// it changed or the client says it is stale (the active it named refused), so calls cost no
// ZooKeeper round trip while the cluster is steady.
import { activeNamenode, liveNamenodes, parseZk, type ZkTarget } from '../common/discovery.js';
import { ZkSession } from '../common/zookeeper.js';

export interface ZkNamenodesOptions {
  sessionTimeoutMs: number;
  connectTimeoutMs: number;
}

export interface FoundNamenodes {
  active: string | undefined;
  live: string[];
}

export class ZkNamenodes {
  readonly #target: ZkTarget;
  readonly #options: ZkNamenodesOptions;
  #session: Promise<ZkSession> | undefined;
  #known: Promise<FoundNamenodes> | undefined;
  #closed = false;

  /** `connect`: `HOST:PORT[,HOST:PORT…][/CHROOT]`; USAGE on anything else. */
  constructor(connect: string, options: ZkNamenodesOptions) {
    this.#target = parseZk(connect);
    this.#options = options;
  }

  /** The active (when one is serving) and every live namenode. */
  namenodes(): Promise<FoundNamenodes> {
    this.#known ??= this.#read().catch((err: unknown) => {
      this.#known = undefined; // the next call asks again
      throw err;
    });
    return this.#known;
  }

  /** What was read may be out of date: the next call reads ZooKeeper again. */
  stale(): void {
    this.#known = undefined;
  }

  close(): void {
    this.#closed = true;
    const session = this.#session;
    this.#session = undefined;
    void session?.then((s) => s.close(), () => undefined);
  }

  async #read(): Promise<FoundNamenodes> {
    const zk = await this.#connected();
    const changed = () => this.stale();
    const [active, live] = await Promise.all([activeNamenode(zk, this.#target.root, changed), liveNamenodes(zk, this.#target.root, changed)]);
    return { active: active?.address, live };
  }

  /** The session, (re)opened when there is none or it expired. */
  async #connected(): Promise<ZkSession> {
    const current = this.#session === undefined ? undefined : await this.#session.catch(() => undefined);
    if (current !== undefined && !current.expired) return current;
    current?.close();
    const opening = ZkSession.connect(this.#target.servers, this.#options);
    this.#session = opening;
    opening.catch(() => {
      if (this.#session === opening) this.#session = undefined;
    });
    const session = await opening;
    if (this.#closed) session.close();
    return session;
  }
}

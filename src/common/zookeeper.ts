// A ZooKeeper session as promises (node-zookeeper-client speaks callbacks), for the parts of Cairn
// that elect, fence and discover through ZooKeeper (DESIGN §4, High availability). ZooKeeper's
// own failures become Cairn error codes: a node that exists → ALREADY_EXISTS, a missing one →
// NOT_FOUND, a version that moved on (a lost compare-and-set) → REVISION_CONFLICT, anything else
// → UNAVAILABLE. The session's end (`expired`) is reported once; the session is then useless, and
// what it held (its ephemeral nodes) is gone.
import zookeeper from 'node-zookeeper-client';
import { CairnError } from './errors.js';

export type ZkMode = 'persistent' | 'ephemeral' | 'ephemeral-sequential';

const modes: Record<ZkMode, number> = {
  persistent: zookeeper.CreateMode.PERSISTENT,
  ephemeral: zookeeper.CreateMode.EPHEMERAL,
  'ephemeral-sequential': zookeeper.CreateMode.EPHEMERAL_SEQUENTIAL,
};

export interface ZkNode {
  data: Buffer;
  /** For compare-and-set (`setData`). */
  version: number;
}

export interface ZkSessionOptions {
  sessionTimeoutMs: number;
  /** How long `connect` waits for the first connection. */
  connectTimeoutMs: number;
}

function toCairnError(err: unknown, path: string): CairnError {
  const code = err instanceof zookeeper.Exception ? err.getCode() : undefined;
  if (code === zookeeper.Exception.NODE_EXISTS) return new CairnError('ALREADY_EXISTS', `znode ${path} exists`);
  if (code === zookeeper.Exception.NO_NODE) return new CairnError('NOT_FOUND', `no znode ${path}`);
  if (code === zookeeper.Exception.BAD_VERSION) return new CairnError('REVISION_CONFLICT', `znode ${path} changed meanwhile`);
  return new CairnError('UNAVAILABLE', `ZooKeeper, at ${path}: ${err instanceof Error ? err.message : String(err)}`);
}

type Callback<T> = (error: Error | zookeeper.Exception | null, value: T) => void;

export class ZkSession {
  readonly #client: zookeeper.Client;
  #expired = false;
  #connected = true;
  readonly #onExpired: Array<() => void> = [];

  private constructor(client: zookeeper.Client) {
    this.#client = client;
    client.on('disconnected', () => (this.#connected = false));
    client.on('connected', () => (this.#connected = true));
    client.once('expired', () => {
      this.#expired = true;
      for (const listener of this.#onExpired) listener();
    });
  }

  /** Connects to `connect` (host:port[,host:port…][/chroot]); UNAVAILABLE if no server answers in time. */
  static async connect(connect: string, options: ZkSessionOptions): Promise<ZkSession> {
    const client = zookeeper.createClient(connect, { sessionTimeout: options.sessionTimeoutMs, spinDelay: 200, retries: 0 });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        client.close();
        reject(new CairnError('UNAVAILABLE', `no ZooKeeper server of ${connect} answered within ${options.connectTimeoutMs} ms`));
      }, options.connectTimeoutMs);
      client.once('connected', () => {
        clearTimeout(timer);
        resolve();
      });
      client.connect();
    });
    return new ZkSession(client);
  }

  get expired(): boolean {
    return this.#expired;
  }

  /** Connected to a server now (calls made while not wait for a reconnection or the session's end). */
  get connected(): boolean {
    return this.#connected && !this.#expired;
  }

  /** The session timeout the server granted (it may differ from the one asked for). */
  get timeoutMs(): number {
    return this.#client.getSessionTimeout();
  }

  /** `listener` runs once when the session expires (never if it is closed first). */
  onExpired(listener: () => void): void {
    this.#onExpired.push(listener);
  }

  /** Also called on every connection loss; `listener` gets true when connected again. */
  onConnection(listener: (connected: boolean) => void): void {
    this.#client.on('disconnected', () => listener(false));
    this.#client.on('connected', () => listener(true));
  }

  #call<T>(path: string, run: (callback: Callback<T>) => void): Promise<T> {
    return new Promise((resolve, reject) => run((error, value) => (error ? reject(toCairnError(error, path)) : resolve(value))));
  }

  /** Creates `path` (its parent must exist); resolves to the path made (sequential nodes get a suffix). */
  create(path: string, data: Buffer, mode: ZkMode): Promise<string> {
    return this.#call(path, (cb) => this.#client.create(path, data, modes[mode], cb));
  }

  /** Creates `path` and any missing parents (persistent, empty); fine if it exists. */
  async ensurePath(path: string): Promise<void> {
    await this.#call(path, (cb) => this.#client.mkdirp(path, cb));
  }

  /** The node's data and version, or undefined when there is none; `watch` fires once on its next change. */
  async get(path: string, watch?: () => void): Promise<ZkNode | undefined> {
    try {
      const [data, stat] = await new Promise<[Buffer, zookeeper.Stat]>((resolve, reject) => {
        const done = (error: Error | zookeeper.Exception | null, value: Buffer, stat: zookeeper.Stat) => (error ? reject(toCairnError(error, path)) : resolve([value ?? Buffer.alloc(0), stat]));
        if (watch) this.#client.getData(path, () => watch(), done);
        else this.#client.getData(path, done);
      });
      return { data, version: stat.version };
    } catch (err) {
      if (err instanceof CairnError && err.code === 'NOT_FOUND') return undefined;
      throw err;
    }
  }

  /** Compare-and-set: writes only if the node is still at `version` (REVISION_CONFLICT otherwise); resolves to the new version. */
  async set(path: string, data: Buffer, version: number): Promise<number> {
    const stat = await this.#call<zookeeper.Stat>(path, (cb) => this.#client.setData(path, data, version, cb));
    return stat.version;
  }

  /** The node's children (names, unsorted); `watch` fires once when they next change. */
  children(path: string, watch?: () => void): Promise<string[]> {
    return this.#call(path, (cb) => (watch ? this.#client.getChildren(path, () => watch(), cb) : this.#client.getChildren(path, cb)));
  }

  /** Whether the node exists; `watch` fires once when it is created, changed or deleted. */
  async exists(path: string, watch?: () => void): Promise<boolean> {
    const stat = await this.#call<zookeeper.Stat | null>(path, (cb) => (watch ? this.#client.exists(path, () => watch(), cb) : this.#client.exists(path, cb)));
    return stat !== null && stat !== undefined;
  }

  /** Removes the node (any version); fine if it is already gone. */
  async remove(path: string): Promise<void> {
    try {
      await this.#call<void>(path, (cb) => this.#client.remove(path, -1, (error) => cb(error, undefined)));
    } catch (err) {
      if (!(err instanceof CairnError && err.code === 'NOT_FOUND')) throw err;
    }
  }

  /** Ends the session: its ephemeral nodes go at once. */
  close(): void {
    this.#client.close();
  }
}

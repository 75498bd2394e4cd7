// An HA group for tests: a real ZooKeeper (zookeeper.ts) and three namenodes in this process, each
// in its own temp dir, on ports fixed after their first start so a namenode comes back where the
// others (and clients) know it. Short ZooKeeper sessions (1 s) make failover quick.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config, type ConfigInput } from '../../src/common/config.js';
import { Namenode } from '../../src/namenode/namenode.js';
import { NamenodeClient } from '../../src/client/namenode-client.js';
import { fastTimers, miniClusterSecret } from './mini-cluster.js';
import { startZooKeeper, type TestZooKeeper } from './zookeeper.js';
import { waitFor } from './wait-for.js';

export interface HaClusterOptions {
  namenodes?: number;
  config?: ConfigInput;
}

export class HaCluster {
  readonly dir: string;
  readonly zk: TestZooKeeper;
  readonly namenodes: Array<Namenode | undefined> = [];
  readonly #ports: number[] = [];
  readonly #overrides: ConfigInput;
  readonly #clients: NamenodeClient[] = [];
  adminToken = '';

  private constructor(dir: string, zk: TestZooKeeper, overrides: ConfigInput) {
    this.dir = dir;
    this.zk = zk;
    this.#overrides = overrides;
  }

  static async start(options: HaClusterOptions = {}): Promise<HaCluster> {
    const dir = await mkdtemp(join(tmpdir(), 'cairn-ha-'));
    const zk = await startZooKeeper();
    const count = options.namenodes ?? 3;
    const cluster = new HaCluster(dir, zk, { clusterSecret: miniClusterSecret, ...fastTimers, zk: `${zk.connect}/cairn`, zkSessionTimeoutMs: 1000, haNamenodes: 3, ...options.config });
    await Promise.all(Array.from({ length: count }, (_, i) => cluster.startNamenode(i)));
    const formatter = cluster.namenodes.find((n) => n?.adminToken !== undefined);
    await waitFor(async () => cluster.namenodes.some((n) => n?.adminToken !== undefined), 20_000);
    cluster.adminToken = (cluster.namenodes.find((n) => n?.adminToken !== undefined) ?? formatter)?.adminToken ?? '';
    return cluster;
  }

  get zkConnect(): string {
    return `${this.zk.connect}/cairn`;
  }

  config(i: number, overrides: ConfigInput = {}): Config {
    return loadConfig({ flags: { rpcPort: this.#ports[i] ?? 0, httpPort: 0, logLevel: 'silent', ...this.#overrides, ...overrides, dataDirs: [join(this.dir, `nn${i}`)] } });
  }

  async startNamenode(i: number, overrides: ConfigInput = {}): Promise<Namenode> {
    const namenode = await Namenode.start({ config: this.config(i, overrides) });
    this.namenodes[i] = namenode;
    this.#ports[i] = Number(namenode.rpcAddress.split(':')[1]);
    return namenode;
  }

  async stopNamenode(i: number): Promise<void> {
    await this.namenodes[i]?.stop();
    this.namenodes[i] = undefined;
  }

  get addresses(): string[] {
    return this.#ports.map((port) => `127.0.0.1:${port}`);
  }

  /** The namenode serving as active, once there is one. */
  async active(timeoutMs = 20_000): Promise<Namenode> {
    let found: Namenode | undefined;
    await waitFor(async () => (found = this.namenodes.find((n) => n?.active)) !== undefined, timeoutMs);
    return found as Namenode; // set by the wait
  }

  indexOf(namenode: Namenode): number {
    return this.namenodes.indexOf(namenode);
  }

  /** A client that knows every namenode's address. */
  client(token = this.adminToken): NamenodeClient {
    const client = new NamenodeClient({ addresses: this.addresses, token, timeoutMs: 10_000, failoverWaitMs: 5000 });
    this.#clients.push(client);
    return client;
  }

  async stop(): Promise<void> {
    for (const client of this.#clients) client.close();
    await Promise.all(this.namenodes.map((n) => n?.stop()));
    await this.zk.stop();
    await rm(this.dir, { recursive: true, force: true });
  }
}

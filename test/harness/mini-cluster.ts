// An in-process cluster for tests: one namenode and N datanodes on 127.0.0.1 with ports 0, each
// in its own temp dir, with fast timers. Nodes can be stopped and started again on their dirs.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { loadConfig, type Config, type ConfigInput } from '../../src/common/config.js';
import { Namenode } from '../../src/namenode/namenode.js';
import { Metastore } from '../../src/namenode/metastore/metastore.js';
import { Datanode } from '../../src/datanode/datanode.js';
import { CairnClient } from '../../src/client/cairn-client.js';
import { waitFor } from './wait-for.js';

export interface MiniClusterOptions {
  datanodes?: number;
  config?: ConfigInput;
}

/** Shared by every node of a mini cluster; tests that forge or check tokens use it too. */
export const miniClusterSecret = 'mini-cluster-secret-0123456789';

export const fastTimers: ConfigInput = {
  heartbeatIntervalMs: 100, staleAfterMs: 400, deadAfterMs: 1500, commitWaitMs: 5000, rpcTimeoutMs: 10_000,
  replicationTickMs: 100, replicationTimeoutMs: 5000,
};

export class MiniCluster {
  readonly dir: string;
  namenode: Namenode;
  readonly datanodes: Array<Datanode | undefined>;
  readonly adminToken: string;
  readonly #overrides: ConfigInput;
  readonly #clients: CairnClient[] = [];

  private constructor(dir: string, namenode: Namenode, datanodes: Datanode[], adminToken: string, overrides: ConfigInput) {
    this.dir = dir;
    this.namenode = namenode;
    this.datanodes = datanodes;
    this.adminToken = adminToken;
    this.#overrides = overrides;
  }

  static async start(options: MiniClusterOptions = {}): Promise<MiniCluster> {
    const dir = await mkdtemp(join(tmpdir(), 'cairn-mini-'));
    const overrides = { clusterSecret: miniClusterSecret, ...fastTimers, ...options.config };
    const namenode = await Namenode.start({ config: nodeConfig(join(dir, 'nn'), overrides, []) });
    const count = options.datanodes ?? 3;
    const cluster = new MiniCluster(dir, namenode, [], namenode.adminToken ?? '', overrides);
    for (let i = 0; i < count; i++) cluster.datanodes.push(await cluster.#startDatanode(i));
    await cluster.waitForDatanodes(count);
    return cluster;
  }

  config(): Config {
    return nodeConfig(join(this.dir, 'nn'), this.#overrides, [this.namenode.rpcAddress]);
  }

  async #startDatanode(i: number): Promise<Datanode> {
    return Datanode.start({ config: nodeConfig(this.datanodeDir(i), this.#overrides, [this.namenode.rpcAddress]) });
  }

  async waitForDatanodes(count: number): Promise<void> {
    const admin = this.client(this.adminToken);
    await waitFor(async () => (await admin.nn.admin('Datanodes', {})).datanodes.filter((d) => d.state === 'live').length >= count, 10_000,
      async () => (await admin.nn.admin('Datanodes', {})).datanodes);
  }

  client(token: string): CairnClient {
    const client = new CairnClient({ namenodes: [this.namenode.rpcAddress], token, rpcTimeoutMs: 10_000 });
    this.#clients.push(client);
    return client;
  }

  async addUser(name: string): Promise<CairnClient> {
    const created = await this.client(this.adminToken).nn.admin('UserAdd', { name });
    return this.client(created.token);
  }

  /** The data dir of datanode `i`. */
  datanodeDir(i: number): string {
    return join(this.dir, `dn${i}`);
  }

  async stopDatanode(i: number): Promise<void> {
    await this.datanodes[i]?.stop();
    this.datanodes[i] = undefined;
  }

  async startDatanode(i: number): Promise<Datanode> {
    const node = await this.#startDatanode(i);
    this.datanodes[i] = node;
    return node;
  }

  /** Restarts the namenode on the same port, so datanodes and clients find it again; `whileDown` runs between stop and start. */
  async restartNamenode(whileDown?: () => Promise<void>): Promise<void> {
    const port = Number(this.namenode.rpcAddress.split(':')[1]);
    await this.namenode.stop();
    await whileDown?.();
    this.namenode = await Namenode.start({ config: nodeConfig(join(this.dir, 'nn'), { ...this.#overrides, rpcPort: port }, []) });
  }

  /** Opens the namenode's metastore (the namenode restarts around it) and hands it to `read`. */
  async inspectMetastore<T>(read: (store: Metastore) => Promise<T>): Promise<T> {
    let result: T | undefined;
    await this.restartNamenode(async () => {
      const store = await Metastore.open(join(this.dir, 'nn', 'meta'));
      try {
        result = await read(store);
      } finally {
        await store.close();
      }
    });
    return result as T;
  }

  async stop(): Promise<void> {
    for (const client of this.#clients) client.close();
    for (const node of this.datanodes) await node?.stop();
    await this.namenode.stop();
    await rm(this.dir, { recursive: true, force: true });
  }
}

function nodeConfig(dir: string, overrides: ConfigInput, namenodes: string[]): Config {
  return loadConfig({ flags: { rpcPort: 0, httpPort: 0, logLevel: 'silent', ...overrides, dataDirs: [dir], namenodes } });
}

export function bufferSource(data: Buffer, pieceBytes = 64 * 1024): AsyncIterable<Uint8Array> {
  return Readable.from((function* () {
    for (let i = 0; i < data.length; i += pieceBytes) yield data.subarray(i, i + pieceBytes);
  })());
}

export class CollectSink extends Writable {
  readonly chunks: Buffer[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, done: (err?: Error | null) => void): void {
    this.chunks.push(chunk);
    done();
  }
  get data(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

export async function readBack(client: CairnClient, path: string, revision?: number): Promise<Buffer> {
  const sink = new CollectSink();
  await client.get(path, sink, revision === undefined ? {} : { revision });
  return sink.data;
}

// An HA group of namenode *processes* (`cairn namenode`), for tests that kill, stop and resume
// them with signals: a real ZooKeeper, three namenodes on fixed free loopback ports, one shared
// cluster secret, 1 s ZooKeeper sessions. Ended by pid.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConfigInput } from '../../src/common/config.js';
import { NamenodeClient } from '../../src/client/namenode-client.js';
import { cairnBin, isRunning } from './cli-process.js';
import { miniClusterSecret } from './mini-cluster.js';
import { freePort, startZooKeeper, type TestZooKeeper } from './zookeeper.js';
import { waitFor } from './wait-for.js';

export class HaProcesses {
  readonly dir: string;
  readonly zk: TestZooKeeper;
  readonly addresses: string[];
  readonly processes: Array<ChildProcess | undefined>;
  readonly #configFile: string;
  readonly #clients: NamenodeClient[] = [];
  adminToken = '';

  private constructor(dir: string, zk: TestZooKeeper, addresses: string[], configFile: string) {
    this.dir = dir;
    this.zk = zk;
    this.addresses = addresses;
    this.processes = addresses.map(() => undefined);
    this.#configFile = configFile;
  }

  static async start(config: ConfigInput = {}, count = 3): Promise<HaProcesses> {
    const dir = await mkdtemp(join(tmpdir(), 'cairn-ha-proc-'));
    const zk = await startZooKeeper();
    const configFile = join(dir, 'config.json');
    await writeFile(configFile, JSON.stringify({
      zk: `${zk.connect}/cairn`, clusterSecret: miniClusterSecret, zkSessionTimeoutMs: 1000, haNamenodes: 3, logLevel: 'info', // each namenode's log is nn<i>.log in the group's dir (kept with CAIRN_KEEP_TEST_DIRS=1)
      heartbeatIntervalMs: 100, staleAfterMs: 400, deadAfterMs: 1500, ...config,
    }));
    const ports = await Promise.all(Array.from({ length: count }, () => freePort()));
    const group = new HaProcesses(dir, zk, ports.map((p) => `127.0.0.1:${p}`), configFile);
    for (let i = 0; i < count; i++) group.startNamenode(i);
    await waitFor(async () => (group.adminToken = await group.#findAdminToken()) !== '', 30_000);
    await group.activeIndex();
    return group;
  }

  async #findAdminToken(): Promise<string> {
    for (let i = 0; i < this.addresses.length; i++) {
      const text = await readFile(join(this.dir, `nn${i}`, 'admin.env'), 'utf8').catch(() => '');
      const token = /CAIRN_TOKEN=(.*)/.exec(text)?.[1];
      if (token !== undefined) return token.trim();
    }
    return '';
  }

  startNamenode(i: number): ChildProcess {
    const port = (this.addresses[i] as string).split(':')[1] as string;
    const log = openSync(join(this.dir, `nn${i}.log`), 'a');
    const child = spawn(process.execPath, [cairnBin, 'namenode', '--data', join(this.dir, `nn${i}`), '--host', '127.0.0.1', '--rpc-port', port, '--http-port', '0', '--config', this.#configFile], { stdio: ['ignore', log, log] });
    closeSync(log);
    this.processes[i] = child;
    return child;
  }

  client(addresses = this.addresses): NamenodeClient {
    const client = new NamenodeClient({ addresses, token: this.adminToken, timeoutMs: 10_000 });
    this.#clients.push(client);
    return client;
  }

  /** The index of the namenode that ZooKeeper names active, once there is one (other than `not`). */
  async activeIndex(not?: number, timeoutMs = 30_000): Promise<number> {
    let found = -1;
    await waitFor(async () => {
      for (let i = 0; i < this.addresses.length; i++) {
        if (i === not || this.processes[i] === undefined) continue;
        const status = await this.client([this.addresses[i] as string]).admin('HaStatus', {}).catch(() => undefined);
        const index = status === undefined ? -1 : this.addresses.indexOf(status.active);
        if (index >= 0 && index !== not) {
          found = index;
          return true;
        }
      }
      return false;
    }, timeoutMs);
    return found;
  }

  async kill(i: number): Promise<void> {
    const child = this.processes[i];
    if (child?.pid === undefined) return;
    child.kill('SIGKILL');
    await waitFor(async () => !isRunning(child.pid as number), 10_000);
    this.processes[i] = undefined;
  }

  async stop(): Promise<void> {
    for (const client of this.#clients) client.close();
    for (const child of this.processes) {
      if (child?.pid !== undefined && isRunning(child.pid)) {
        child.kill('SIGCONT');
        child.kill('SIGKILL');
      }
    }
    await this.zk.stop();
    if (process.env.CAIRN_KEEP_TEST_DIRS === undefined) await rm(this.dir, { recursive: true, force: true });
  }
}

// `cairn dev`: a whole local cluster from one command. Each server is a separate child process
// (`cairn namenode`, `cairn datanode` ×N, `cairn gateway`) with its log in DIR/logs; the supervisor waits until the
// cluster accepts writes, creates the user `dev`, writes client.env and admin.env, and prints the
// ready line. SIGINT/SIGTERM stop every child cleanly; a restart on the same dir keeps all data.
// Children hold an IPC channel to the supervisor and stop when it goes away, however it went.
//
// With `--ha`, a standalone ZooKeeper (scripts/zookeeper.sh, under DIR/zk) and three namenodes
// (DIR/namenode-1…3, rpc ports P, P+2, P+4 and http ports beside them) with one shared cluster
// secret; datanodes and the gateway find the active through ZooKeeper. A namenode that exits is
// reported and the cluster goes on (another takes over); ZooKeeper is stopped after everything else.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, openSync, closeSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NamenodeClient } from '../client/namenode-client.js';
import { defaultZkRoot } from '../common/discovery.js';
import { CairnError, isCairnError } from '../common/errors.js';
import { loadOrCreateSecret } from '../common/secret-file.js';
import { readServerInfo, type ServerInfo } from '../common/server-info.js';
import { readEnvFile, writeEnvFile } from '../common/env-file.js';
import { intFlag, parse } from './args.js';
import type { CliContext, Command } from './context.js';
import { startDevZooKeeper, type DevZooKeeper } from './dev-zookeeper.js';

const binPath = fileURLToPath(new URL('../../bin/cairn.js', import.meta.url));
const startTimeoutMs = 60_000;
const stopTimeoutMs = 15_000;
const datanodesMax = 32;
const haNamenodes = 3;

interface Child {
  name: string;
  dir: string;
  process: ChildProcess;
}

/** Where the namenodes of the cluster are, as clients and servers are told. */
interface Namenodes {
  addresses: string[];
  /** The ZooKeeper connect string with the cluster's chroot (`--ha` only). */
  zk: string | undefined;
  /** The admin.env of the namenode that formatted the cluster. */
  adminEnv: string;
}

const devOptions = {
  data: { type: 'string' },
  datanodes: { type: 'string' },
  replication: { type: 'string' },
  's3-port': { type: 'string' },
  'rpc-port': { type: 'string' },
  ha: { type: 'boolean' },
  config: { type: 'string' },
} as const;

export const devCommand: Command = async (ctx, argv) => {
  const { values } = parse(argv, devOptions, {
    min: 0, max: 0, usage: 'cairn dev [--data DIR (./data/dev)] [--datanodes N (3)] [--replication R (3)] [--s3-port 9000] [--rpc-port 7070] [--ha] [--config FILE]',
  });
  const dir = resolve(ctx.cwd, values.data ?? 'data/dev');
  const datanodes = intFlag(values.datanodes, 'datanodes') ?? 3;
  const replication = intFlag(values.replication, 'replication') ?? 3;
  if (datanodes < 1 || datanodes > datanodesMax) throw new CairnError('USAGE', `--datanodes must be 1…${datanodesMax}`);
  if (replication < 1 || replication > datanodes) throw new CairnError('USAGE', `--replication must be 1…${datanodes} (the number of datanodes)`);
  const s3Port = intFlag(values['s3-port'], 's3-port') ?? 9000;
  const rpcPort = intFlag(values['rpc-port'], 'rpc-port') ?? 7070;
  if (values.ha && rpcPort !== 0 && rpcPort + 2 * haNamenodes - 1 > 65535) throw new CairnError('USAGE', `--rpc-port with --ha needs ${2 * haNamenodes} ports from it: at most ${65536 - 2 * haNamenodes}`);
  const other = join(dir, values.ha ? 'namenode' : 'namenode-1');
  if (existsSync(other)) throw new CairnError('USAGE', `${dir} holds a cluster ${values.ha ? 'without' : 'with'} HA (${other}): start it ${values.ha ? 'without' : 'with'} --ha, or use another --data dir`);
  const supervisor = new Supervisor(ctx, dir, await clusterEnv(ctx, dir, replication, values.config));
  let zooKeeper: DevZooKeeper | undefined;
  const stopAll = async () => {
    await supervisor.stopAll();
    await zooKeeper?.stop();
  };
  try {
    let namenodes: Namenodes;
    if (values.ha) {
      zooKeeper = await startDevZooKeeper(join(dir, 'zk'));
      namenodes = await startHaNamenodes(supervisor, dir, rpcPort, `${zooKeeper.servers}${defaultZkRoot}`);
    } else {
      const namenode = await supervisor.start('namenode', ['namenode', '--data', join(dir, 'namenode'), '--rpc-port', String(rpcPort), '--http-port', '0'], true);
      namenodes = { addresses: [namenode.rpcAddress], zk: undefined, adminEnv: join(dir, 'namenode', 'admin.env') };
    }
    const findNamenodes = namenodes.zk === undefined ? ['--namenode', namenodes.addresses.join(',')] : ['--zk', namenodes.zk];
    for (let i = 1; i <= datanodes; i++) {
      await supervisor.start(`datanode-${i}`, ['datanode', '--data', join(dir, `datanode-${i}`), ...findNamenodes, '--rpc-port', '0', '--http-port', '0'], false);
    }
    const gateway = await supervisor.start('gateway', ['gateway', '--data', join(dir, 'gateway'), ...findNamenodes, '--port', String(s3Port)], false);
    await writeClientFiles(dir, namenodes, replication, gateway.httpAddress);
    const where = namenodes.zk === undefined ? `namenode ${namenodes.addresses[0]}` : `namenodes ${namenodes.addresses.join(', ')} (HA, ZooKeeper ${namenodes.zk})`;
    ctx.stdout.write(`cairn dev cluster ready: ${where}, ${datanodes} datanodes, replication ${replication}, S3 http://${gateway.httpAddress}, data in ${dir}\n`
      + `  client settings: ${join(dir, 'client.env')} (user dev)   operator: ${join(dir, 'admin.env')}\n`);
  } catch (err) {
    await stopAll();
    throw err;
  }
  const signal = await Promise.race([ctx.stopSignal, supervisor.failed]);
  ctx.stderr.write(`cairn dev: ${signal}; stopping the cluster\n`);
  await stopAll();
  return signal.startsWith('SIG') ? 0 : 1;
};

/**
 * Three namenodes on one ZooKeeper chroot: the first, then the other two together (a namenode is
 * up once it has joined the group; the active needs a majority, so none is waited for alone).
 */
async function startHaNamenodes(supervisor: Supervisor, dir: string, rpcPort: number, zk: string): Promise<Namenodes> {
  const start = (i: number) => {
    const port = (offset: number) => String(rpcPort === 0 ? 0 : rpcPort + 2 * (i - 1) + offset);
    return supervisor.start(`namenode-${i}`, ['namenode', '--data', join(dir, `namenode-${i}`), '--rpc-port', port(0), '--http-port', port(1), '--zk', zk], false);
  };
  const first = await start(1);
  const others = await Promise.all(Array.from({ length: haNamenodes - 1 }, (_, i) => start(i + 2)));
  return { addresses: [first, ...others].map((info) => info.rpcAddress), zk, adminEnv: await formattersAdminEnv(dir) };
}

/** The admin.env of the namenode that formatted the cluster: written once the first active is elected. */
async function formattersAdminEnv(dir: string): Promise<string> {
  const paths = Array.from({ length: haNamenodes }, (_, i) => join(dir, `namenode-${i + 1}`, 'admin.env'));
  const deadline = Date.now() + startTimeoutMs;
  for (;;) {
    const found = paths.find((path) => existsSync(path));
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new CairnError('TIMEOUT', `no namenode formatted the cluster within ${startTimeoutMs} ms (no admin.env in ${dir}/namenode-*); see ${join(dir, 'logs')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The cluster secret and config every child shares, through their environment. */
async function clusterEnv(ctx: CliContext, dir: string, replication: number, configFile: string | undefined): Promise<Record<string, string | undefined>> {
  await mkdir(join(dir, 'logs'), { recursive: true });
  const secret = await loadOrCreateSecret(join(dir, 'cluster.secret'));
  return {
    ...ctx.env,
    // The `zk` config of the shell (CAIRN_ZK from a sourced client.env, say) is not this cluster's:
    // children are told where ZooKeeper is by flags, or use none.
    CAIRN_ZK: undefined,
    CAIRN_CLUSTER_SECRET: secret,
    CAIRN_REPLICATION_FACTOR: String(replication),
    CAIRN_MIN_REPLICAS_TO_COMMIT: String(Math.min(2, replication)),
    ...(configFile ? { CAIRN_CONFIG_FILE: resolve(ctx.cwd, configFile) } : {}),
  };
}

class Supervisor {
  readonly #ctx: CliContext;
  readonly #dir: string;
  readonly #env: Record<string, string | undefined>;
  readonly #children: Child[] = [];
  #stopping = false;
  #fail: (reason: string) => void = () => undefined;
  readonly failed = new Promise<string>((resolve) => (this.#fail = resolve));

  constructor(ctx: CliContext, dir: string, env: Record<string, string | undefined>) {
    this.#ctx = ctx;
    this.#dir = dir;
    this.#env = env;
  }

  /**
   * Spawns `cairn <args>` and waits for the server.json it writes once serving. When an
   * `essential` child (the namenode) exits, the whole cluster stops; a datanode that exits is
   * reported and the cluster goes on without it, as a real one would (its blocks are re-replicated).
   */
  async start(name: string, args: string[], essential: boolean): Promise<ServerInfo> {
    const dataDir = args[args.indexOf('--data') + 1] ?? '';
    const configFile = this.#env.CAIRN_CONFIG_FILE;
    const log = openSync(join(this.#dir, 'logs', `${name}.log`), 'a');
    const child = spawn(process.execPath, [binPath, ...args, ...(configFile ? ['--config', configFile] : [])], { env: this.#env, stdio: ['ignore', log, log, 'ipc'] });
    closeSync(log);
    this.#children.push({ name, dir: dataDir, process: child });
    child.on('exit', (code, signal) => {
      if (this.#stopping) return;
      this.#ctx.stderr.write(`cairn dev: ${name} exited (${signal ?? code}); see ${join(this.#dir, 'logs', `${name}.log`)}\n`);
      if (essential) this.#fail(`${name} exited`);
    });
    const deadline = Date.now() + startTimeoutMs;
    while (Date.now() < deadline) {
      if (child.exitCode !== null || child.signalCode !== null) throw new CairnError('UNAVAILABLE', `${name} failed to start; see ${join(this.#dir, 'logs', `${name}.log`)}`);
      const info = await readServerInfo(dataDir).catch(() => undefined);
      if (info !== undefined && info.pid === child.pid) return info;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new CairnError('TIMEOUT', `${name} did not start within ${startTimeoutMs} ms`);
  }

  /**
   * The gateway and datanodes first, one by one, then the namenodes together (an HA group stopped
   * one at a time would elect a new active after each), each with SIGTERM and a bounded wait.
   */
  async stopAll(): Promise<void> {
    this.#stopping = true;
    const isNamenode = (c: Child) => c.name.startsWith('namenode');
    for (const child of this.#children.filter((c) => !isNamenode(c)).reverse()) await stopChild(child);
    await Promise.all(this.#children.filter(isNamenode).map(stopChild));
  }
}

async function stopChild(child: Child): Promise<void> {
  if (child.process.exitCode !== null || child.process.signalCode !== null) return;
  const exited = once(child.process, 'exit');
  child.process.kill('SIGTERM');
  const timer = setTimeout(() => child.process.kill('SIGKILL'), stopTimeoutMs);
  await exited;
  clearTimeout(timer);
}

/** client.env for the user `dev` (created on first start) and admin.env for operators. */
async function writeClientFiles(dir: string, namenodes: Namenodes, replication: number, s3Address: string): Promise<void> {
  const adminToken = readEnvFile(namenodes.adminEnv).CAIRN_TOKEN ?? '';
  const location = { CAIRN_NAMENODE: namenodes.addresses.join(','), ...(namenodes.zk === undefined ? {} : { CAIRN_ZK: namenodes.zk }) };
  await writeEnvFile(join(dir, 'admin.env'), { ...location, CAIRN_TOKEN: adminToken });
  const clientPath = join(dir, 'client.env');
  const nn = new NamenodeClient({ addresses: namenodes.addresses, token: adminToken, timeoutMs: 10_000 });
  try {
    await waitForWritable(nn, replication);
    const previous = existsSync(clientPath) ? readEnvFile(clientPath) : undefined;
    const created = previous?.CAIRN_TOKEN ? undefined : await nn.admin('UserAdd', { name: 'dev', tier: 'standard' });
    await writeEnvFile(clientPath, {
      ...location,
      CAIRN_TOKEN: created?.token ?? previous?.CAIRN_TOKEN ?? '',
      AWS_ACCESS_KEY_ID: created?.accessKeyId ?? previous?.AWS_ACCESS_KEY_ID ?? '',
      AWS_SECRET_ACCESS_KEY: created?.secretAccessKey ?? previous?.AWS_SECRET_ACCESS_KEY ?? '',
      AWS_ENDPOINT_URL: `http://${s3Address}`,
      AWS_REGION: 'us-east-1',
    });
  } finally {
    nn.close();
  }
}

/**
 * Until a namenode serves as the active (an HA group answers NOT_ACTIVE or UNAVAILABLE while it
 * elects one), out of safemode, with enough live datanodes for a write.
 */
async function waitForWritable(nn: NamenodeClient, replication: number): Promise<void> {
  const deadline = Date.now() + startTimeoutMs;
  let waitingFor = 'an active namenode';
  for (;;) {
    try {
      const live = (await nn.admin('Datanodes', {})).datanodes.filter((d) => d.state === 'live').length;
      const safemode = await nn.admin('Safemode', { action: 'get' });
      if (live >= replication && (!safemode.on || safemode.manual)) return;
      waitingFor = live < replication ? `datanodes (${live} of ${replication} registered)` : 'the end of safemode';
    } catch (err) {
      if (!isCairnError(err, 'NOT_ACTIVE') && !isCairnError(err, 'UNAVAILABLE')) throw err;
      waitingFor = `an active namenode (${err.code}: ${err.message})`;
    }
    if (Date.now() > deadline) throw new CairnError('TIMEOUT', `the cluster did not accept writes within ${startTimeoutMs} ms: waiting for ${waitingFor}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

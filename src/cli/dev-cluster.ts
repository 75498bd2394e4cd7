// `cairn dev`: a whole local cluster from one command. Each server is a separate child process
// (`cairn namenode`, `cairn datanode` ×N, `cairn gateway`) with its log in DIR/logs; the supervisor waits until the
// cluster accepts writes, creates the user `dev`, writes client.env and admin.env, and prints the
// ready line. SIGINT/SIGTERM stop every child cleanly; a restart on the same dir keeps all data.
// Children hold an IPC channel to the supervisor and stop when it goes away, however it went.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, openSync, closeSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NamenodeClient } from '../client/namenode-client.js';
import { CairnError } from '../common/errors.js';
import { loadOrCreateSecret } from '../common/secret-file.js';
import { readServerInfo, type ServerInfo } from '../common/server-info.js';
import { readEnvFile, writeEnvFile } from '../common/env-file.js';
import { intFlag, parse } from './args.js';
import type { CliContext, Command } from './context.js';

const binPath = fileURLToPath(new URL('../../bin/cairn.js', import.meta.url));
const startTimeoutMs = 60_000;
const stopTimeoutMs = 15_000;
const datanodesMax = 32;

interface Child {
  name: string;
  dir: string;
  process: ChildProcess;
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
    min: 0, max: 0, usage: 'cairn dev [--data DIR (./data/dev)] [--datanodes N (3)] [--replication R (3)] [--s3-port 9000] [--rpc-port 7070] [--config FILE]',
  });
  if (values.ha) throw new CairnError('USAGE', 'cairn dev --ha: high availability is not built yet');
  const dir = resolve(ctx.cwd, values.data ?? 'data/dev');
  const datanodes = intFlag(values.datanodes, 'datanodes') ?? 3;
  const replication = intFlag(values.replication, 'replication') ?? 3;
  if (datanodes < 1 || datanodes > datanodesMax) throw new CairnError('USAGE', `--datanodes must be 1…${datanodesMax}`);
  if (replication < 1 || replication > datanodes) throw new CairnError('USAGE', `--replication must be 1…${datanodes} (the number of datanodes)`);
  const s3Port = intFlag(values['s3-port'], 's3-port') ?? 9000;
  const supervisor = new Supervisor(ctx, dir, await clusterEnv(ctx, dir, replication, values.config));
  try {
    const namenode = await supervisor.start('namenode', ['namenode', '--data', join(dir, 'namenode'), '--rpc-port', String(intFlag(values['rpc-port'], 'rpc-port') ?? 7070), '--http-port', '0'], true);
    for (let i = 1; i <= datanodes; i++) {
      await supervisor.start(`datanode-${i}`, ['datanode', '--data', join(dir, `datanode-${i}`), '--namenode', namenode.rpcAddress, '--rpc-port', '0', '--http-port', '0'], false);
    }
    const gateway = await supervisor.start('gateway', ['gateway', '--data', join(dir, 'gateway'), '--namenode', namenode.rpcAddress, '--port', String(s3Port)], false);
    await writeClientFiles(dir, namenode.rpcAddress, replication, gateway.httpAddress);
    ctx.stdout.write(`cairn dev cluster ready: namenode ${namenode.rpcAddress}, ${datanodes} datanodes, replication ${replication}, S3 http://${gateway.httpAddress}, data in ${dir}\n`
      + `  client settings: ${join(dir, 'client.env')} (user dev)   operator: ${join(dir, 'admin.env')}\n`);
  } catch (err) {
    await supervisor.stopAll();
    throw err;
  }
  const signal = await Promise.race([ctx.stopSignal, supervisor.failed]);
  ctx.stderr.write(`cairn dev: ${signal}; stopping the cluster\n`);
  await supervisor.stopAll();
  return signal.startsWith('SIG') ? 0 : 1;
};

/** The cluster secret and config every child shares, through their environment. */
async function clusterEnv(ctx: CliContext, dir: string, replication: number, configFile: string | undefined): Promise<Record<string, string | undefined>> {
  await mkdir(join(dir, 'logs'), { recursive: true });
  const secret = await loadOrCreateSecret(join(dir, 'cluster.secret'));
  return {
    ...ctx.env,
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

  /** Datanodes first, then the namenode, each with SIGTERM and a bounded wait. */
  async stopAll(): Promise<void> {
    this.#stopping = true;
    for (const child of [...this.#children].reverse()) {
      if (child.process.exitCode !== null || child.process.signalCode !== null) continue;
      child.process.kill('SIGTERM');
      const exited = once(child.process, 'exit');
      const timer = setTimeout(() => child.process.kill('SIGKILL'), stopTimeoutMs);
      await exited;
      clearTimeout(timer);
    }
  }
}

/** client.env for the user `dev` (created on first start) and admin.env for operators. */
async function writeClientFiles(dir: string, namenodeAddress: string, replication: number, s3Address: string): Promise<void> {
  const admin = readEnvFile(join(dir, 'namenode', 'admin.env'));
  const adminToken = admin.CAIRN_TOKEN ?? '';
  await writeEnvFile(join(dir, 'admin.env'), { CAIRN_NAMENODE: namenodeAddress, CAIRN_TOKEN: adminToken });
  const clientPath = join(dir, 'client.env');
  const nn = new NamenodeClient({ addresses: [namenodeAddress], token: adminToken, timeoutMs: 10_000 });
  try {
    await waitForWritable(nn, replication);
    const previous = existsSync(clientPath) ? readEnvFile(clientPath) : undefined;
    const created = previous?.CAIRN_TOKEN ? undefined : await nn.admin('UserAdd', { name: 'dev', tier: 'standard' });
    await writeEnvFile(clientPath, {
      CAIRN_NAMENODE: namenodeAddress,
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

async function waitForWritable(nn: NamenodeClient, replication: number): Promise<void> {
  const deadline = Date.now() + startTimeoutMs;
  for (;;) {
    const live = (await nn.admin('Datanodes', {})).datanodes.filter((d) => d.state === 'live').length;
    if (live >= replication) return;
    if (Date.now() > deadline) throw new CairnError('TIMEOUT', `only ${live} of ${replication} datanodes registered`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

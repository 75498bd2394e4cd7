// `cairn namenode|datanode|gateway`: start one server in this process from flags, a config file
// and CAIRN_* variables, run until SIGINT/SIGTERM, then stop cleanly (removing server.json).
import { loadConfig, type Config, type ConfigInput } from '../common/config.js';
import { parseZk } from '../common/discovery.js';
import { CairnError } from '../common/errors.js';
import { createLogger, type Logger } from '../common/logger.js';
import { Datanode } from '../datanode/datanode.js';
import { Gateway } from '../gateway/gateway.js';
import { Namenode } from '../namenode/namenode.js';
import { intFlag, parse } from './args.js';
import type { CliContext, Command } from './context.js';

const serverOptions = {
  data: { type: 'string' },
  host: { type: 'string' },
  'rpc-port': { type: 'string' },
  'http-port': { type: 'string' },
  config: { type: 'string' },
  zk: { type: 'string' },
  namenode: { type: 'string' },
  rack: { type: 'string' },
} as const;

type ServerFlags = ReturnType<typeof parse<typeof serverOptions>>['values'];

function serverConfig(ctx: CliContext, flags: ServerFlags, base: ConfigInput): Config {
  const input: ConfigInput = {
    dataDirs: flags.data?.split(',').map((d) => d.trim()).filter(Boolean),
    host: flags.host,
    rpcPort: intFlag(flags['rpc-port'], 'rpc-port'),
    httpPort: intFlag(flags['http-port'], 'http-port'),
    namenodes: flags.namenode?.split(',').map((a) => a.trim()).filter(Boolean),
    rack: flags.rack,
    zk: flags.zk,
  };
  return checkedZk(loadConfig({ base, file: flags.config, env: ctx.env, flags: input }));
}

/** A `zk` from any source (flag, CAIRN_ZK, config file) must parse: USAGE (exit 2) before anything starts. */
function checkedZk(config: Config): Config {
  if (config.zk !== '') parseZk(config.zk);
  return config;
}

/** Datanodes and gateways find the namenodes by address or through ZooKeeper. */
function requireNamenodes(config: Config, command: string): void {
  if (config.namenodes.length === 0 && config.zk === '') throw new CairnError('USAGE', `cairn ${command} needs --namenode HOST:PORT[,…] or --zk HOST:PORT[,…]/CHROOT`);
}

async function serve(ctx: CliContext, logger: Logger, stop: () => Promise<void>): Promise<number> {
  const signal = await ctx.stopSignal;
  logger.info({ signal }, 'stopping');
  await stop();
  return 0;
}

export const namenodeCommand: Command = async (ctx, argv) => {
  const { values } = parse(argv, serverOptions, { min: 0, max: 0, usage: 'cairn namenode --data DIR [--host H] [--rpc-port 7070] [--http-port 7071] [--zk HOST:PORT[,…]/CHROOT] [--config FILE]' });
  if (!values.data) throw new CairnError('USAGE', 'cairn namenode needs --data DIR');
  const config = serverConfig(ctx, values, { rpcPort: 7070, httpPort: 7071 });
  const logger = createLogger({ level: config.logLevel });
  const namenode = await Namenode.start({ config, logger });
  if (namenode.adminToken !== undefined) {
    ctx.stdout.write(`formatted a new cluster ${namenode.clusterId}\nadmin token (shown once; also in ${config.dataDirs[0]}/admin.env): ${namenode.adminToken}\n`);
  }
  ctx.stdout.write(`namenode serving on ${namenode.rpcAddress} (http ${namenode.httpAddress})\n`);
  return serve(ctx, logger, () => namenode.stop());
};

export const datanodeCommand: Command = async (ctx, argv) => {
  const { values } = parse(argv, serverOptions, {
    min: 0, max: 0, usage: 'cairn datanode --data DIR[,DIR…] (--namenode HOST:PORT[,…] | --zk HOST:PORT[,…]/CHROOT) [--host H] [--rpc-port 7080] [--http-port 7081] [--rack NAME] [--config FILE]',
  });
  if (!values.data) throw new CairnError('USAGE', 'cairn datanode needs --data DIR[,DIR…]');
  const config = serverConfig(ctx, values, { rpcPort: 7080, httpPort: 7081 });
  requireNamenodes(config, 'datanode');
  const logger = createLogger({ level: config.logLevel });
  const datanode = await Datanode.start({ config, logger });
  ctx.stdout.write(`datanode ${datanode.id} serving on ${datanode.rpcAddress} (http ${datanode.httpAddress})\n`);
  return serve(ctx, logger, () => datanode.stop());
};

const gatewayOptions = {
  host: { type: 'string' },
  port: { type: 'string' },
  namenode: { type: 'string' },
  zk: { type: 'string' },
  config: { type: 'string' },
  data: { type: 'string' },
} as const;

export const gatewayCommand: Command = async (ctx, argv) => {
  const { values } = parse(argv, gatewayOptions, {
    min: 0, max: 0, usage: 'cairn gateway (--namenode HOST:PORT[,…] | --zk HOST:PORT[,…]/CHROOT) [--host 127.0.0.1] [--port 9000] [--data DIR (for server.json)] [--config FILE]',
  });
  const input: ConfigInput = {
    host: values.host, httpPort: intFlag(values.port, 'port'), dataDirs: values.data === undefined ? undefined : [values.data],
    namenodes: values.namenode?.split(',').map((a) => a.trim()).filter(Boolean), zk: values.zk,
  };
  const config = checkedZk(loadConfig({ base: { httpPort: 9000 }, file: values.config, env: ctx.env, flags: input }));
  requireNamenodes(config, 'gateway');
  const logger = createLogger({ level: config.logLevel });
  const gateway = await Gateway.start({ config, logger });
  ctx.stdout.write(`S3 gateway serving on http://${gateway.address}\n`);
  return serve(ctx, logger, () => gateway.stop());
};

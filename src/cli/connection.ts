// Connection settings of client commands (CLI.md): where the cluster is — `--namenode` addresses,
// a `--zk` connect string, or both — and the token. Each setting comes from the flags, else the
// environment, else an --env-file with the same variables; the location is taken whole from the
// first of those that names one, so a flag never mixes with a stale variable of another source.
import { CairnClient } from '../client/cairn-client.js';
import { parseZk } from '../common/discovery.js';
import { CairnError } from '../common/errors.js';
import { readEnvFile } from '../common/env-file.js';

export interface ConnectionFlags {
  namenode?: string;
  zk?: string;
  token?: string;
  'env-file'?: string;
}

export interface Connection {
  namenodes: string[];
  /** A `parseZk` connect string, checked; undefined when the cluster is named by addresses only. */
  zk: string | undefined;
  token: string;
}

export function connectionSettings(flags: ConnectionFlags, env: Record<string, string | undefined>): Connection {
  const file = flags['env-file'] ? readEnvFile(flags['env-file']) : {};
  const sources: Array<{ namenode?: string; zk?: string }> = [
    { namenode: flags.namenode, zk: flags.zk },
    { namenode: env.CAIRN_NAMENODE, zk: env.CAIRN_ZK },
    { namenode: file.CAIRN_NAMENODE, zk: file.CAIRN_ZK },
  ];
  const where = sources.find((s) => Boolean(s.namenode) || Boolean(s.zk)) ?? {};
  const namenodes = (where.namenode ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const zk = where.zk || undefined;
  if (zk !== undefined) parseZk(zk);
  if (namenodes.length === 0 && zk === undefined) {
    throw new CairnError('USAGE', 'no namenode: pass --namenode HOST:PORT or --zk HOST:PORT/CHROOT, set CAIRN_NAMENODE or CAIRN_ZK, or use --env-file');
  }
  const token = flags.token ?? env.CAIRN_TOKEN ?? file.CAIRN_TOKEN;
  if (!token) throw new CairnError('USAGE', 'no token: pass --token, set CAIRN_TOKEN, or use --env-file');
  return { namenodes, zk, token };
}

export function connect(flags: ConnectionFlags, env: Record<string, string | undefined>): CairnClient {
  const { namenodes, zk, token } = connectionSettings(flags, env);
  return new CairnClient({ namenodes, zk, token });
}

// Connection settings of client commands (CLI.md): flags, then the environment, then an
// --env-file with the same variables.
import { CairnClient } from '../client/cairn-client.js';
import { CairnError } from '../common/errors.js';
import { readEnvFile } from '../common/env-file.js';

export interface ConnectionFlags {
  namenode?: string;
  zk?: string;
  token?: string;
  'env-file'?: string;
}

export function connect(flags: ConnectionFlags, env: Record<string, string | undefined>): CairnClient {
  const file = flags['env-file'] ? readEnvFile(flags['env-file']) : {};
  if (flags.zk ?? env.CAIRN_ZK ?? file.CAIRN_ZK) {
    if (!(flags.namenode ?? env.CAIRN_NAMENODE ?? file.CAIRN_NAMENODE)) throw new CairnError('USAGE', '--zk discovery arrives with high availability; pass --namenode HOST:PORT');
  }
  const namenodes = (flags.namenode ?? env.CAIRN_NAMENODE ?? file.CAIRN_NAMENODE ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (namenodes.length === 0) throw new CairnError('USAGE', 'no namenode: pass --namenode HOST:PORT, set CAIRN_NAMENODE, or use --env-file');
  const token = flags.token ?? env.CAIRN_TOKEN ?? file.CAIRN_TOKEN;
  if (!token) throw new CairnError('USAGE', 'no token: pass --token, set CAIRN_TOKEN, or use --env-file');
  return new CairnClient({ namenodes, token });
}

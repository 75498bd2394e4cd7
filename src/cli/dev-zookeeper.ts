// The standalone ZooKeeper of `cairn dev --ha`, run by scripts/zookeeper.sh under DIR/zk (config,
// data, log and pid file there). It listens on 127.0.0.1 at the port of its previous run when that
// is still free — so a client.env sourced earlier keeps working — else at a free one. It is not a
// child of the supervisor (the script detaches it), so `stop` is the script's, by its recorded pid.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CairnError } from '../common/errors.js';

const scriptPath = fileURLToPath(new URL('../../scripts/zookeeper.sh', import.meta.url));
/** ZooKeeper's tick: sessions may last 2…20 ticks, so any zkSessionTimeoutMs of 2–20 s is granted as asked. */
const tickMs = 1000;
/** The script itself waits up to 60 s for the server's `imok`. */
const scriptTimeoutMs = 90_000;

export interface DevZooKeeper {
  /** `127.0.0.1:PORT`, without a chroot. */
  servers: string;
  stop(): Promise<void>;
}

export async function startDevZooKeeper(dir: string): Promise<DevZooKeeper> {
  const previous = await previousPort(dir);
  const port = previous !== undefined && (await isFree(previous)) ? previous : await freePort();
  const printed = await script(['start', dir, '--port', String(port), '--tick-ms', String(tickMs)]);
  const servers = printed.trim().split('\n').at(-1) ?? '';
  return { servers, stop: async () => void (await script(['stop', dir])) };
}

function script(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('bash', [scriptPath, ...args], { timeout: scriptTimeoutMs }, (err, stdout, stderr) => {
      if (err) reject(new CairnError('UNAVAILABLE', `scripts/zookeeper.sh ${args[0]} failed: ${stderr.trim() || err.message}`));
      else resolve(stdout);
    });
  });
}

async function previousPort(dir: string): Promise<number | undefined> {
  const config = await readFile(join(dir, 'server1', 'zoo.cfg'), 'utf8').catch(() => '');
  const match = /^clientPort=(\d+)$/m.exec(config);
  return match ? Number(match[1]) : undefined;
}

function listenOn(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(undefined));
    server.listen(port, '127.0.0.1', () => {
      const bound = (server.address() as { port: number }).port;
      server.close(() => resolve(bound));
    });
  });
}

async function isFree(port: number): Promise<boolean> {
  return (await listenOn(port)) !== undefined;
}

async function freePort(): Promise<number> {
  const port = await listenOn(0);
  if (port === undefined) throw new CairnError('UNAVAILABLE', 'no free port on 127.0.0.1 for ZooKeeper');
  return port;
}

// A real ZooKeeper for tests: Debian's server (scripts/setup-system.sh installs it), standalone,
// started as a child process on a free loopback port in a temp dir, with the short timers tests
// need (tickTime 500 ms, sessions of 1 s and up), and stopped by its pid.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from './wait-for.js';

export interface TestZooKeeper {
  /** host:port to connect to. */
  connect: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The server's answer to the four-letter word `ruok` (`imok` when it serves). */
function ruok(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let reply = '';
    socket.on('connect', () => socket.write('ruok'));
    socket.on('data', (d) => (reply += d.toString()));
    socket.on('close', () => resolve(reply));
    socket.on('error', () => resolve(''));
    socket.setTimeout(1000, () => socket.destroy());
  });
}

export async function startZooKeeper(): Promise<TestZooKeeper> {
  const dir = await mkdtemp(join(tmpdir(), 'cairn-zk-'));
  const port = await freePort();
  await writeFile(join(dir, 'zoo.cfg'), [
    'tickTime=500', 'minSessionTimeout=1000', 'maxSessionTimeout=60000', `dataDir=${join(dir, 'data')}`, `clientPort=${port}`,
    'clientPortAddress=127.0.0.1', 'admin.enableServer=false', '4lw.commands.whitelist=ruok,srvr,stat,mntr', '',
  ].join('\n'));
  const child = spawn('java', ['-cp', '/usr/share/java/zookeeper.jar:/usr/share/java/slf4j-nop.jar', 'org.apache.zookeeper.server.quorum.QuorumPeerMain', join(dir, 'zoo.cfg')], {
    stdio: 'ignore',
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(async () => (await ruok(port)) === 'imok', 30_000, () => `ZooKeeper on ${port} (exit ${child.exitCode})`);
  } catch (err) {
    await stop();
    throw err;
  }
  return { connect: `127.0.0.1:${port}`, process: child, stop };
}

// `<data dir>/server.json` announces a serving process (DESIGN §1): written once it serves,
// removed on clean shutdown. Scripts, tests and `cairn dev` find ports and pids through it.
import { readFile, rm, writeFile, rename } from 'node:fs/promises';
import { join } from 'node:path';

export interface ServerInfo {
  role: 'namenode' | 'datanode' | 'gateway';
  pid: number;
  rpcAddress: string;
  httpAddress: string;
  startedAt: string;
}

export const serverInfoFile = 'server.json';

export async function writeServerInfo(dir: string, info: ServerInfo): Promise<void> {
  const path = join(dir, serverInfoFile);
  await writeFile(`${path}.tmp`, `${JSON.stringify(info, null, 2)}\n`);
  await rename(`${path}.tmp`, path);
}

export async function readServerInfo(dir: string): Promise<ServerInfo | undefined> {
  try {
    return JSON.parse(await readFile(join(dir, serverInfoFile), 'utf8')) as ServerInfo;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

export async function removeServerInfo(dir: string): Promise<void> {
  await rm(join(dir, serverInfoFile), { force: true });
}

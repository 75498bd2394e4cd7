// Runs the real `cairn` binary as a child process, and supervises `cairn dev` clusters in tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { readdir, rm } from 'node:fs/promises';
import { readEnvFile } from '../../src/common/env-file.js';
import { readServerInfo } from '../../src/common/server-info.js';

export const cairnBin = fileURLToPath(new URL('../../bin/cairn.js', import.meta.url));

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCairn(args: string[], env: Record<string, string>, input?: Buffer): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cairnBin, ...args], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
    child.stdin.end(input);
  });
}

export interface DevCluster {
  process: ChildProcess;
  output: () => string;
  clientEnv: Record<string, string>;
  adminEnv: Record<string, string>;
}

/** Starts `cairn dev` on `dir` with ports 0 and waits for its ready line. */
export async function startDev(dir: string, extraArgs: string[] = [], timeoutMs = 90_000): Promise<DevCluster> {
  const child = spawn(process.execPath, [cairnBin, 'dev', '--data', dir, '--rpc-port', '0', '--s3-port', '0', ...extraArgs], {
    env: { ...process.env, CAIRN_HEARTBEAT_INTERVAL_MS: '200', CAIRN_STALE_AFTER_MS: '1000', CAIRN_DEAD_AFTER_MS: '3000' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString('utf8')));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString('utf8')));
  const deadline = Date.now() + timeoutMs;
  while (!output.includes('cairn dev cluster ready')) {
    if (child.exitCode !== null) throw new Error(`cairn dev exited ${child.exitCode}: ${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`cairn dev not ready after ${timeoutMs} ms: ${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { process: child, output: () => output, clientEnv: readEnvFile(join(dir, 'client.env')), adminEnv: readEnvFile(join(dir, 'admin.env')) };
}

/** The pids of every server of a dev cluster on `dir`, from their server.json files. */
export async function serverPids(dir: string, datanodes: number): Promise<number[]> {
  const dirs = [join(dir, 'namenode'), ...Array.from({ length: datanodes }, (_, i) => join(dir, `datanode-${i + 1}`)), join(dir, 'gateway')];
  const infos = await Promise.all(dirs.map((d) => readServerInfo(d)));
  return infos.flatMap((info) => (info ? [info.pid] : []));
}

export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Kills what is left of a dev cluster on `dir` (by the pids it announced) and removes the dirs. */
export async function cleanUpDev(dir: string, ...others: string[]): Promise<void> {
  const datanodes = (await readdir(dir).catch(() => [])).filter((name) => name.startsWith('datanode-')).length;
  for (const pid of await serverPids(dir, datanodes)) if (isRunning(pid)) process.kill(pid, 'SIGKILL');
  for (const d of [dir, ...others]) await rm(d, { recursive: true, force: true });
}

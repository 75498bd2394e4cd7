// What every command receives: its arguments, the environment and the process's streams, passed
// in once by cmd/cairn.ts so that commands can run inside tests as well as from a shell.
import type { Readable, Writable } from 'node:stream';

export interface CliContext {
  env: Record<string, string | undefined>;
  stdin: Readable;
  stdout: Writable;
  stderr: Writable & { isTTY?: boolean };
  cwd: string;
  /** Resolves when the process is asked to stop (SIGINT/SIGTERM). */
  stopSignal: Promise<string>;
}

export type Command = (ctx: CliContext, argv: string[]) => Promise<number>;

// Runs a CLI command in-process the way cmd/cairn.ts does: a CliContext with collecting streams,
// and a thrown CairnError turned into `cairn: CODE: message` on stderr with the table's exit code.
import { Readable, Writable } from 'node:stream';
import type { CliContext, Command } from '../../src/cli/context.js';
import { errorTable, toCairnError } from '../../src/common/errors.js';

export interface CliRun {
  code: number;
  stdout: string;
  stdoutBytes: Buffer;
  stderr: string;
  /** The error code of a `cairn: CODE: …` line on stderr, if any. */
  errorCode: string | undefined;
}

export interface CliEnv {
  env: Record<string, string | undefined>;
  cwd?: string;
  stdin?: Buffer | Readable;
  /** Replaces the collecting stdout (e.g. with one that fails); `stdout` of the result is then empty. */
  stdout?: Writable;
}

class Collector extends Writable {
  readonly chunks: Buffer[] = [];
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: (err?: Error | null) => void): void {
    this.chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    done();
  }
  get bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

export async function runCli(command: Command, argv: string[], options: CliEnv): Promise<CliRun> {
  const stdout = new Collector();
  const stderr = new Collector();
  const stdin = options.stdin instanceof Readable ? options.stdin : Readable.from(options.stdin === undefined ? [] : [options.stdin]);
  const ctx: CliContext = { env: options.env, stdin, stdout: options.stdout ?? stdout, stderr, cwd: options.cwd ?? process.cwd(), stopSignal: new Promise<string>(() => undefined) };
  let code: number;
  try {
    code = await command(ctx, argv);
  } catch (err) {
    const error = toCairnError(err);
    stderr.write(`cairn: ${error.code}: ${error.message}\n`);
    code = errorTable[error.code].exit;
  }
  const stderrText = stderr.bytes.toString('utf8');
  return {
    code, stdout: stdout.bytes.toString('utf8'), stdoutBytes: stdout.bytes, stderr: stderrText,
    errorCode: /^cairn: ([A-Z_]+): /m.exec(stderrText)?.[1],
  };
}

/** Parses stdout as the one JSON document `--json` promises (throws when it is anything else). */
export function jsonOf(run: CliRun): unknown {
  return JSON.parse(run.stdout) as unknown;
}

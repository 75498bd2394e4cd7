// The one entry point: reads argv and the environment once, dispatches to a command, and turns
// errors into the CLI contract's line `cairn: <CODE>: <message>` and exit status.
import { CairnError, errorTable, toCairnError } from '../src/common/errors.js';
import type { CliContext, Command } from '../src/cli/context.js';
import { datanodeCommand, gatewayCommand, namenodeCommand } from '../src/cli/server-commands.js';
import { devCommand } from '../src/cli/dev-cluster.js';
import { fsCommand } from '../src/cli/fs-commands.js';
import { adminCommand } from '../src/cli/admin-commands.js';

const commands: Record<string, Command> = {
  namenode: namenodeCommand,
  datanode: datanodeCommand,
  gateway: gatewayCommand,
  dev: devCommand,
  fs: fsCommand,
  admin: adminCommand,
};

const usage = `usage: cairn <command> [args]

servers:   namenode | datanode | gateway | dev      (one-command local cluster)
files:     fs put|get|cat|ls|mkdir|mv|rm|stat|revisions|restore|trash|quota
operators: admin report|datanodes|fsck|safemode|decommission|recommission|user
Run 'cairn <command> --help' for details.
`;

function stopSignal(): Promise<string> {
  return new Promise((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve(signal));
    // A child of `cairn dev` stops when its supervisor goes away, however it went.
    process.once('disconnect', () => resolve('disconnect'));
  });
}

// A reader that went away (`cairn fs cat f | head`) is not an error of ours.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
});

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage);
    return name === undefined ? 2 : 0;
  }
  const command = commands[name];
  if (!command) throw new CairnError('USAGE', `unknown command '${name}'\n${usage}`);
  const ctx: CliContext = { env: process.env, stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), stopSignal: stopSignal() };
  return command(ctx, rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    // Once stdout has flushed, nothing left open (a channel still closing) may keep a finished command alive.
    process.stdout.write('', () => setTimeout(() => process.exit(code), 100).unref());
  },
  (err: unknown) => {
    const error = toCairnError(err);
    process.stderr.write(`cairn: ${error.code}: ${error.message}\n`);
    if (error.code === 'INTERNAL' && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
    process.exit(errorTable[error.code].exit);
  },
);

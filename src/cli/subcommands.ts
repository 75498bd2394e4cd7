// Command groups (`cairn fs …`, `cairn admin …`): a table of subcommands, each with its usage
// line, dispatched the same way — help on request, a usage error (exit 2) for unknown names.
import { CairnError } from '../common/errors.js';
import type { CliContext, Command } from './context.js';

export interface Subcommand {
  usage: string;
  run: Command;
}

/** A command of a later issue: an honest error, never a pretended success. */
export function notYet(command: string, feature: string): Command {
  return async () => {
    throw new CairnError('UNAVAILABLE', `${command} arrives with ${feature}: not built yet`);
  };
}

/** True when `argv` asks for help (before any `--`, after which everything is an operand). */
export function wantsHelp(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).some((arg) => arg === '--help' || arg === '-h');
}

export function subcommandGroup(group: string, subcommands: Record<string, Subcommand>, usageText: string): Command {
  return async (ctx: CliContext, argv: string[]) => {
    const [name, ...rest] = argv;
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      ctx.stdout.write(`${usageText}\n`);
      return 0;
    }
    const sub = Object.hasOwn(subcommands, name) ? subcommands[name] : undefined;
    if (!sub) throw new CairnError('USAGE', `unknown command: ${group} ${name}\n${usageText}`);
    if (wantsHelp(rest)) {
      ctx.stdout.write(`usage: ${sub.usage}\n`);
      return 0;
    }
    return sub.run(ctx, rest);
  };
}

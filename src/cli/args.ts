// Argument parsing for every command (node:util parseArgs, strict): unknown flags and missing
// values are usage errors (exit 2) that name the flag.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { revisionMax } from '../common/constants.js';
import { CairnError } from '../common/errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;

export interface Parsed<O extends Options> {
  values: { [K in keyof O]?: O[K] extends { type: 'boolean' } ? boolean : string };
  positionals: string[];
}

export function parse<O extends Options>(argv: string[], options: O, positionals: { min: number; max: number; usage: string }): Parsed<O> {
  let result;
  try {
    result = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new CairnError('USAGE', `${(err as Error).message}\nusage: ${positionals.usage}`);
  }
  if (result.positionals.length < positionals.min || result.positionals.length > positionals.max) {
    throw new CairnError('USAGE', `usage: ${positionals.usage}`);
  }
  return result as unknown as Parsed<O>;
}

/**
 * The largest whole-number flag: revisions travel as uint32, and every other number flag (ports,
 * counts) is smaller. Larger values are refused here — on the wire they would wrap around and
 * name another revision.
 */
const intFlagMax = revisionMax;

export function intFlag(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new CairnError('USAGE', `--${name} takes a whole number, not ${JSON.stringify(value)}`);
  const number = Number(value);
  if (number > intFlagMax) throw new CairnError('USAGE', `--${name} is at most ${intFlagMax}, not ${value.slice(0, 40)}`);
  return number;
}

/** Flags shared by every client command: where the cluster is and who is calling. */
export const connectionOptions = {
  namenode: { type: 'string' },
  zk: { type: 'string' },
  token: { type: 'string' },
  'env-file': { type: 'string' },
  json: { type: 'boolean' },
  quiet: { type: 'boolean' },
} as const;

// `cairn fs ls`: a folder's entries, page by page (never the whole folder in one call), depth
// first with -R. Output streams as pages arrive, so memory is bounded by one page per folder
// level, never by the size of the tree; `--json` still prints one array.
import type { Inode__Output } from '../../proto/gen/cairn/namenode/Inode.js';
import type { NamenodeClient } from '../client/namenode-client.js';
import { listPageMax } from '../common/constants.js';
import { CairnError } from '../common/errors.js';
import { connectionOptions, parse } from './args.js';
import type { Command } from './context.js';
import { lsJson, withSession } from './fs-session.js';
import { isoTime } from './output.js';

export const lsUsage = 'cairn fs ls [PATH] [-l] [-R] [--json]     (PATH defaults to your home folder)';

/** Entries asked for per List call: the namenode's page limit. */
const listPageEntries = listPageMax;
/** Column widths of `ls -l` (fixed, so rows can print as they arrive). */
const sizeColumnChars = 14;
const revisionColumnChars = 5;

const lsOptions = { ...connectionOptions, long: { type: 'boolean', short: 'l' }, recursive: { type: 'boolean', short: 'R' } } as const;

export const lsCommand: Command = async (ctx, argv) => {
  const { values, positionals } = parse(argv, lsOptions, { min: 0, max: 1, usage: lsUsage });
  return withSession(ctx, values, async (session) => {
    const root = await session.remote(positionals[0] ?? '');
    const entries = walk(session.client.nn, root, values.recursive === true);
    if (values.json) {
      let first = true;
      for await (const entry of entries) {
        ctx.stdout.write(`${first ? '[' : ','}${JSON.stringify(lsJson(entry))}`);
        first = false;
      }
      ctx.stdout.write(first ? '[]\n' : ']\n');
      return 0;
    }
    for await (const entry of entries) {
      const name = displayName(entry, root, values.recursive === true);
      ctx.stdout.write(`${values.long ? longLine(entry, name) : name}\n`);
    }
    return 0;
  });
};

/** The entries under `path` in listing order; with `recursive`, each folder is followed by its contents. */
async function* walk(nn: NamenodeClient, path: string, recursive: boolean): AsyncGenerator<Inode__Output> {
  let startAfter = '';
  for (;;) {
    const page = await nn.call('List', { path, startAfter, limit: listPageEntries });
    for (const entry of page.entries) {
      yield entry;
      if (recursive && entry.type === 'dir' && entry.path !== path) yield* walk(nn, entry.path, true);
    }
    const last = page.entries.at(-1);
    if (!page.truncated || !last) return;
    const next = sortKey(last);
    if (next === startAfter) throw new CairnError('INTERNAL', `listing ${path} did not advance past ${JSON.stringify(next)}`);
    startAfter = next;
  }
}

/** The list cursor: an entry's name, plus '/' for folders (the namenode's S3 key order). */
function sortKey(entry: Inode__Output): string {
  return entry.type === 'dir' ? `${entry.name}/` : entry.name;
}

/** A name, or with -R the path below the listed folder; folders end in '/'. */
function displayName(entry: Inode__Output, root: string, recursive: boolean): string {
  const prefix = root === '/' ? '/' : `${root.replace(/\/+$/, '')}/`;
  const name = recursive && entry.path.startsWith(prefix) ? entry.path.slice(prefix.length) : entry.name;
  return entry.type === 'dir' ? `${name}/` : name;
}

function longLine(entry: Inode__Output, name: string): string {
  const isDir = entry.type === 'dir';
  const size = (isDir ? '-' : String(entry.size)).padStart(sizeColumnChars);
  const revision = (isDir ? '-' : String(entry.revision)).padStart(revisionColumnChars);
  return `${entry.type.padEnd(4)}  ${size}  ${revision}  ${isoTime(entry.modifiedAtMs)}  ${name}`;
}

// `cairn fs mkdir | mv | rm | stat | revisions | restore | trash | quota`: namespace calls that
// move no file bytes. Each is one or two namenode calls (`trash empty`: one per bounded part of
// the purge); `--json` prints one document (the CLI.md shape where one is fixed, else the stat
// shape of the inode the call returned).
import type { Inode__Output } from '../../proto/gen/cairn/namenode/Inode.js';
import { CairnError } from '../common/errors.js';
import { joinPath, parsePath } from '../common/paths.js';
import { connectionOptions, parse } from './args.js';
import type { CliContext, Command } from './context.js';
import { revisionFlag, statJson, withSession } from './fs-session.js';
import { formatBytes, isoTime, printJson, printTable } from './output.js';

export const namespaceUsage = {
  mkdir: 'cairn fs mkdir [-p] PATH',
  mv: 'cairn fs mv SRC DST                       (DST an existing folder: move inside it)',
  rm: 'cairn fs rm [-r] PATH                     (moves to the trash; -r for a non-empty folder)',
  stat: 'cairn fs stat PATH [--json]',
  revisions: 'cairn fs revisions PATH [--json]',
  restore: 'cairn fs restore PATH --revision N       (makes revision N the newest, as a new revision)',
  trash: 'cairn fs trash ls [--json] | trash restore PATH | trash empty [--json]   (empty: purges your trash for good)',
  quota: 'cairn fs quota [--json]',
} as const;

/** Bytes in a percent-of-quota line's divisor floor: a zero quota never divides by zero. */
const quotaBytesMin = 1;

const mkdirOptions = { ...connectionOptions, parents: { type: 'boolean', short: 'p' } } as const;
const rmOptions = { ...connectionOptions, recursive: { type: 'boolean', short: 'r' } } as const;
const restoreOptions = { ...connectionOptions, revision: { type: 'string' } } as const;

export const mkdirCommand: Command = async (ctx, argv) => {
  const { values, positionals } = parse(argv, mkdirOptions, { min: 1, max: 1, usage: namespaceUsage.mkdir });
  return withSession(ctx, values, async (session) => {
    const made = await session.client.nn.call('Mkdir', { path: await session.remote(positionals[0] as string), parents: values.parents === true });
    if (values.json) printJson(ctx.stdout, statJson(made));
    return 0;
  });
};

export const mvCommand: Command = async (ctx, argv) => {
  const { values, positionals } = parse(argv, connectionOptions, { min: 2, max: 2, usage: namespaceUsage.mv });
  const [src, dst] = positionals as [string, string];
  return withSession(ctx, values, async (session) => {
    const moved = await session.client.nn.call('Move', { src: await session.remote(src), dst: await session.remote(dst) });
    if (values.json) printJson(ctx.stdout, statJson(moved));
    return 0;
  });
};

export const rmCommand: Command = async (ctx, argv) => {
  const { values, positionals } = parse(argv, rmOptions, { min: 1, max: 1, usage: namespaceUsage.rm });
  return withSession(ctx, values, async (session) => {
    const path = joinPath(parsePath(await session.remote(positionals[0] as string)));
    // One List call of one entry tells all three cases apart: a file lists itself, an empty
    // folder lists nothing, a non-empty folder lists a child. A child added after this check
    // goes to the trash with its folder, as it would have a moment later with -r.
    if (!values.recursive) {
      const { entries } = await session.client.nn.call('List', { path, startAfter: '', limit: 1 });
      const first = entries[0];
      if (first && !(first.type === 'file' && first.path === path)) {
        throw new CairnError('DIRECTORY_NOT_EMPTY', `${path} is a folder with contents; use rm -r to move it all to the trash`);
      }
    }
    const trashed = await session.client.nn.call('Trash', { path });
    if (values.json) printJson(ctx.stdout, statJson(trashed));
    return 0;
  });
};

export const statCommand: Command = async (ctx, argv) => {
  const { values, positionals } = parse(argv, connectionOptions, { min: 1, max: 1, usage: namespaceUsage.stat });
  return withSession(ctx, values, async (session) => {
    const inode = await session.client.nn.call('Stat', { path: await session.remote(positionals[0] as string) });
    const shown = statJson(inode);
    if (values.json) printJson(ctx.stdout, shown);
    else printTable(ctx.stdout, Object.entries(shown).map(([key, value]) => [`${key}:`, value]));
    return 0;
  });
};

export const revisionsCommand: Command = async (ctx, argv) => {
  const { values, positionals } = parse(argv, connectionOptions, { min: 1, max: 1, usage: namespaceUsage.revisions });
  return withSession(ctx, values, async (session) => {
    const { revisions } = await session.client.nn.call('Revisions', { path: await session.remote(positionals[0] as string) });
    const shown = revisions.map((r) => ({ revision: r.revision, size: r.size, createdAt: isoTime(r.createdAtMs), author: r.author, md5: r.md5 }));
    if (values.json) printJson(ctx.stdout, shown);
    else printTable(ctx.stdout, [['REVISION', 'SIZE', 'CREATED', 'AUTHOR', 'MD5'], ...shown.map((r) => [r.revision, r.size, r.createdAt, r.author, r.md5])]);
    return 0;
  });
};

export const restoreCommand: Command = async (ctx, argv) => {
  const { values, positionals } = parse(argv, restoreOptions, { min: 1, max: 1, usage: namespaceUsage.restore });
  const revision = revisionFlag(values.revision, 'revision');
  if (revision === undefined) throw new CairnError('USAGE', `restore needs --revision N\nusage: ${namespaceUsage.restore}`);
  return withSession(ctx, values, async (session) => {
    const inode = await session.client.nn.call('Restore', { path: await session.remote(positionals[0] as string), revision });
    if (values.json) printJson(ctx.stdout, statJson(inode));
    else if (!values.quiet) ctx.stdout.write(`${inode.path}: revision ${revision} restored as revision ${inode.revision}\n`);
    return 0;
  });
};

export const trashCommand: Command = async (ctx, argv) => {
  const [sub, ...rest] = argv;
  if (sub === 'ls') return trashLs(ctx, rest);
  if (sub === 'restore') return trashRestore(ctx, rest);
  if (sub === 'empty') return trashEmpty(ctx, rest);
  throw new CairnError('USAGE', `usage: ${namespaceUsage.trash}`);
};

async function trashLs(ctx: CliContext, argv: string[]): Promise<number> {
  const { values } = parse(argv, connectionOptions, { min: 0, max: 0, usage: namespaceUsage.trash });
  return withSession(ctx, values, async (session) => {
    const { entries } = await session.client.nn.call('TrashList', {});
    const shown = entries.map(trashJson);
    if (values.json) printJson(ctx.stdout, shown);
    else printTable(ctx.stdout, [['TRASHED', 'TYPE', 'SIZE', 'PATH'], ...shown.map((e) => [e.trashedAt, e.type, e.type === 'dir' ? '-' : e.size, e.path])]);
    return 0;
  });
}

function trashJson(inode: Inode__Output) {
  return { path: inode.path, name: inode.name, type: inode.type, size: inode.size, revision: inode.revision, trashedAt: isoTime(inode.trashedAtMs) };
}

async function trashRestore(ctx: CliContext, argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, connectionOptions, { min: 1, max: 1, usage: 'cairn fs trash restore PATH' });
  return withSession(ctx, values, async (session) => {
    const inode = await session.client.nn.call('TrashRestore', { path: await session.remote(positionals[0] as string) });
    if (values.json) printJson(ctx.stdout, statJson(inode));
    else if (!values.quiet) ctx.stdout.write(`restored ${inode.path}\n`);
    return 0;
  });
}

/**
 * Purges the caller's trash as it was at the first call: each call does a bounded part and says
 * whether there is more. The loop ends: every call that says `more` purged something, and
 * nothing trashed after the first call is included.
 */
async function trashEmpty(ctx: CliContext, argv: string[]): Promise<number> {
  const { values } = parse(argv, connectionOptions, { min: 0, max: 0, usage: 'cairn fs trash empty [--json]' });
  return withSession(ctx, values, async (session) => {
    const purged = { items: 0, files: 0, bytes: 0 };
    let beforeMs = 0;
    for (let more = true; more;) {
      const reply = await session.client.nn.call('TrashEmpty', { beforeMs });
      purged.items += reply.items;
      purged.files += reply.files;
      purged.bytes += reply.bytes;
      beforeMs = reply.beforeMs;
      more = reply.more;
    }
    if (values.json) printJson(ctx.stdout, purged);
    else if (!values.quiet) ctx.stdout.write(`purged ${purged.items} item(s) from the trash: ${purged.files} file(s), ${formatBytes(purged.bytes)}\n`);
    return 0;
  });
}

export const quotaCommand: Command = async (ctx, argv) => {
  const { values } = parse(argv, connectionOptions, { min: 0, max: 0, usage: namespaceUsage.quota });
  return withSession(ctx, values, async (session) => {
    const me = await session.client.nn.call('WhoAmI', {});
    if (values.json) {
      printJson(ctx.stdout, { user: me.name, tier: me.tier, quotaBytes: me.quotaBytes, usedBytes: me.usedBytes });
      return 0;
    }
    const percent = ((100 * me.usedBytes) / Math.max(me.quotaBytes, quotaBytesMin)).toFixed(1);
    ctx.stdout.write(`${me.name} (${me.tier}): ${formatBytes(me.usedBytes)} of ${formatBytes(me.quotaBytes)} used (${percent}%)\n`);
    return 0;
  });
};

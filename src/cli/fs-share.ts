// `cairn fs share | unshare | shares | shared` (CLI.md "Files"): sharing an item with another
// user as viewer or editor, taking it back, the grants that give access to a path, and what
// others shared with the caller. The namenode decides who may do what (DESIGN §9); a role other
// than viewer or editor is a usage error here, before any call.
import { CairnError } from '../common/errors.js';
import { connectionOptions, parse } from './args.js';
import type { Command } from './context.js';
import { withSession } from './fs-session.js';
import { isoTime, printJson, printTable } from './output.js';

export const shareUsage = {
  share: 'cairn fs share PATH USER --role viewer|editor [--json]',
  unshare: 'cairn fs unshare PATH USER',
  shares: 'cairn fs shares PATH [--json]      (who has access to PATH, and through which item)',
  shared: 'cairn fs shared [--json]           (what others shared with you)',
} as const;

const shareOptions = { ...connectionOptions, role: { type: 'string' } } as const;
/** Items asked for per ListShared call. */
const sharedPageMax = 1000;

export const shareCommand: Command = async (ctx, argv) => {
  const { values, positionals } = parse(argv, shareOptions, { min: 2, max: 2, usage: shareUsage.share });
  const role = values.role;
  if (role !== 'viewer' && role !== 'editor') {
    throw new CairnError('USAGE', `--role is viewer or editor${role === undefined ? '' : `, not ${JSON.stringify(role)}`}\nusage: ${shareUsage.share}`);
  }
  const [path, user] = positionals as [string, string];
  return withSession(ctx, values, async (session) => {
    const grant = await session.client.nn.call('Share', { path: await session.remote(path), user, role });
    if (values.json) printJson(ctx.stdout, { path: grant.path, user: grant.user, role: grant.role });
    return 0;
  });
};

export const unshareCommand: Command = async (ctx, argv) => {
  const { values, positionals } = parse(argv, connectionOptions, { min: 2, max: 2, usage: shareUsage.unshare });
  const [path, user] = positionals as [string, string];
  return withSession(ctx, values, async (session) => {
    await session.client.nn.call('Unshare', { path: await session.remote(path), user, role: '' });
    return 0;
  });
};

export const sharesCommand: Command = async (ctx, argv) => {
  const { values, positionals } = parse(argv, connectionOptions, { min: 1, max: 1, usage: shareUsage.shares });
  return withSession(ctx, values, async (session) => {
    const { shares } = await session.client.nn.call('ListShares', { path: await session.remote(positionals[0] as string) });
    const shown = shares.map((s) => ({ path: s.path, user: s.user, role: s.role }));
    if (values.json) printJson(ctx.stdout, shown);
    else if (shown.length > 0) printTable(ctx.stdout, [['USER', 'ROLE', 'SHARED ITEM'], ...shown.map((s) => [s.user, s.role, s.path])]);
    return 0;
  });
};

export const sharedCommand: Command = async (ctx, argv) => {
  const { values } = parse(argv, connectionOptions, { min: 0, max: 0, usage: shareUsage.shared });
  return withSession(ctx, values, async (session) => {
    const shown: Array<{ path: string; type: string; role: string; owner: string; sharedBy: string; sharedAt: string }> = [];
    let afterInodeId = 0;
    do {
      const page = await session.client.nn.call('ListShared', { afterInodeId, limit: sharedPageMax });
      for (const item of page.items) {
        const inode = item.inode;
        if (inode) shown.push({ path: inode.path, type: inode.type, role: item.role, owner: inode.owner, sharedBy: item.sharedBy, sharedAt: isoTime(Number(item.sharedAtMs)) });
      }
      afterInodeId = Number(page.nextAfter);
    } while (afterInodeId !== 0);
    if (values.json) printJson(ctx.stdout, shown);
    else if (shown.length > 0) printTable(ctx.stdout, [['ROLE', 'OWNER', 'TYPE', 'PATH'], ...shown.map((s) => [s.role, s.owner, s.type, s.path])]);
    return 0;
  });
};

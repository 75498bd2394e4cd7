// `cairn fs …`: the user's file commands (CLI.md "Files"). This module only dispatches and owns
// the usage text; each subcommand lives with its kind (transfer, listing, namespace). Commands
// that later issues build answer UNAVAILABLE now, so scripts see a stable code, not a usage error.
import type { Command } from './context.js';
import { lsCommand, lsUsage } from './fs-list.js';
import {
  mkdirCommand, mvCommand, namespaceUsage, quotaCommand, restoreCommand, revisionsCommand, rmCommand, statCommand, trashCommand,
} from './fs-namespace.js';
import { notYet, subcommandGroup, type Subcommand } from './subcommands.js';
import { catCommand, catUsage, getCommand, getUsage, putCommand, putUsage } from './fs-transfer.js';
import { shareCommand, sharedCommand, sharesCommand, shareUsage, unshareCommand } from './fs-share.js';
import { uploadsCommand, uploadsUsage } from './fs-uploads.js';

const subcommands: Record<string, Subcommand> = {
  put: { usage: putUsage, run: putCommand },
  get: { usage: getUsage, run: getCommand },
  cat: { usage: catUsage, run: catCommand },
  ls: { usage: lsUsage, run: lsCommand },
  mkdir: { usage: namespaceUsage.mkdir, run: mkdirCommand },
  mv: { usage: namespaceUsage.mv, run: mvCommand },
  rm: { usage: namespaceUsage.rm, run: rmCommand },
  stat: { usage: namespaceUsage.stat, run: statCommand },
  revisions: { usage: namespaceUsage.revisions, run: revisionsCommand },
  restore: { usage: namespaceUsage.restore, run: restoreCommand },
  trash: { usage: namespaceUsage.trash, run: trashCommand },
  quota: { usage: namespaceUsage.quota, run: quotaCommand },
  share: { usage: shareUsage.share, run: shareCommand },
  unshare: { usage: shareUsage.unshare, run: unshareCommand },
  shares: { usage: shareUsage.shares, run: sharesCommand },
  shared: { usage: shareUsage.shared, run: sharedCommand },
  du: { usage: 'cairn fs du [PATH] [--json]', run: notYet('fs du', 'disk usage accounting') },
  uploads: { usage: uploadsUsage, run: uploadsCommand },
};

const usageText = [
  'usage: cairn fs <command> [flags]',
  '',
  ...Object.values(subcommands).map((s) => `  ${s.usage}`),
  '',
  'Remote paths that do not start with / are relative to your home folder, /home/<user>.',
  'Connection: --namenode HOST:PORT[,…] | --zk CONNECT, --token TOKEN (or CAIRN_NAMENODE, CAIRN_ZK,',
  'CAIRN_TOKEN, or --env-file FILE); --json prints one JSON document; --quiet hides progress.',
].join('\n');

export const fsCommand: Command = subcommandGroup('fs', subcommands, usageText);

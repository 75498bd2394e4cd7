// What every `cairn fs` subcommand shares: one client per command, closed whatever happens;
// user-typed remote paths resolved against the caller's home (`/home/<user>`), asking the
// namenode `WhoAmI` at most once and only when a relative path appears; and the JSON shapes of
// CLI.md, built field by field so that no extra key ever leaks into a script's input.
import type { Inode__Output } from '../../proto/gen/cairn/namenode/Inode.js';
import type { CairnClient } from '../client/cairn-client.js';
import { CairnError } from '../common/errors.js';
import { resolveUserPath } from '../common/paths.js';
import { intFlag } from './args.js';
import { connect, type ConnectionFlags } from './connection.js';
import type { CliContext } from './context.js';
import { isoTime } from './output.js';

export interface FsSession {
  client: CairnClient;
  /** An absolute namespace path for what the user typed: relative paths start at their home. */
  remote(path: string): Promise<string>;
}

export async function withSession<T>(ctx: CliContext, flags: ConnectionFlags, fn: (session: FsSession) => Promise<T>): Promise<T> {
  const client = connect(flags, ctx.env);
  let home: Promise<string> | undefined;
  const session: FsSession = {
    client,
    async remote(path) {
      if (path.startsWith('/')) return path;
      home ??= client.nn.call('WhoAmI', {}).then((me) => me.home);
      return resolveUserPath(path, await home);
    },
  };
  try {
    return await fn(session);
  } finally {
    client.close();
  }
}

/** The last name of a remote path ('/a/b/' → 'b'); the root has none. */
export function remoteBasename(path: string): string {
  const name = path.replace(/\/+$/, '').split('/').pop() ?? '';
  if (name === '') throw new CairnError('USAGE', `${JSON.stringify(path)} has no file name to use`);
  return name;
}

/** Reads `--revision N` style flags: a revision number is 1 or more. */
export function revisionFlag(value: string | undefined, name: string): number | undefined {
  const revision = intFlag(value, name);
  if (revision === 0) throw new CairnError('USAGE', `--${name} counts from 1, not 0`);
  return revision;
}

export interface StatJson {
  path: string;
  type: string;
  size: number;
  revision: number;
  owner: string;
  modifiedAt: string;
  blocks: number;
}

export function statJson(inode: Inode__Output): StatJson {
  return {
    path: inode.path, type: inode.type, size: inode.size, revision: inode.revision, owner: inode.owner,
    modifiedAt: isoTime(inode.modifiedAtMs), blocks: inode.blocks,
  };
}

export interface LsJson {
  name: string;
  path: string;
  type: string;
  size: number;
  revision: number;
  modifiedAt: string;
}

export function lsJson(inode: Inode__Output): LsJson {
  return { name: inode.name, path: inode.path, type: inode.type, size: inode.size, revision: inode.revision, modifiedAt: isoTime(inode.modifiedAtMs) };
}

// `cairn admin …`: the operator's commands (CLI.md "Operators") — users and tokens, and the
// cluster's state as the namenode sees it; block health (fsck, safe mode, decommissioning) lives
// in admin-health.ts, the audit log in admin-audit.ts. Every call needs an admin token; the
// namenode checks it. JSON shapes are built field by field so scripts get exactly the keys of the contract.
import type { BlockHealth__Output } from '../../proto/gen/cairn/namenode/BlockHealth.js';
import { CairnError } from '../common/errors.js';
import { parseSize } from '../common/units.js';
import { connectionOptions, parse } from './args.js';
import { decommissionCommand, fsckCommand, gcCommand, healthUsage, recommissionCommand, safemodeCommand } from './admin-health.js';
import { haCommand, haUsage } from './admin-ha.js';
import { datanodeJson, printDatanodes, withAdmin } from './admin-session.js';
import type { CliContext, Command } from './context.js';
import { subcommandGroup, type Subcommand } from './subcommands.js';
import { auditCommand, auditUsage } from './admin-audit.js';
import { formatBytes, isoTime, printJson, printTable } from './output.js';

const usage = {
  userAdd: 'cairn admin user add NAME [--tier standard|premium] [--quota SIZE] [--access-key ID --secret-key SECRET] [--json]',
  userLs: 'cairn admin user ls [--json]',
  userToken: 'cairn admin user token NAME [--revoke-all] [--json]',
  userKeys: 'cairn admin user keys NAME [--add [--access-key ID --secret-key SECRET] | --revoke ACCESS_KEY_ID] [--json]',
  userQuota: 'cairn admin user quota NAME SIZE [--json]',
  userRm: 'cairn admin user rm NAME [--json]',
  report: 'cairn admin report [--json]',
  datanodes: 'cairn admin datanodes [--json]',
} as const;

const tiers = ['standard', 'premium'] as const;

const userAddOptions = {
  ...connectionOptions, tier: { type: 'string' }, quota: { type: 'string' }, 'access-key': { type: 'string' }, 'secret-key': { type: 'string' },
} as const;

// ---- users ----

const userAdd: Command = async (ctx, argv) => {
  const { values, positionals } = parse(argv, userAddOptions, { min: 1, max: 1, usage: usage.userAdd });
  const tier = values.tier ?? 'standard';
  if (!(tiers as readonly string[]).includes(tier)) throw new CairnError('USAGE', `--tier is standard or premium, not ${JSON.stringify(tier)}\nusage: ${usage.userAdd}`);
  const accessKey = values['access-key'] ?? '';
  const secretKey = values['secret-key'] ?? '';
  if ((accessKey === '') !== (secretKey === '')) throw new CairnError('USAGE', `give both --access-key and --secret-key, or neither\nusage: ${usage.userAdd}`);
  const quotaBytes = values.quota === undefined ? 0 : parseSize(values.quota);
  if (values.quota !== undefined && quotaBytes <= 0) throw new CairnError('USAGE', '--quota must be more than 0 bytes');
  return withAdmin(ctx, values, async (client) => {
    const made = await client.nn.admin('UserAdd', { name: positionals[0], tier, quotaBytes, accessKey, secretKey });
    const shown = { name: made.name, token: made.token, accessKeyId: made.accessKeyId, secretAccessKey: made.secretAccessKey };
    if (values.json) printJson(ctx.stdout, shown);
    else printFields(ctx, shown);
    return 0;
  });
};

const userLs: Command = async (ctx, argv) => {
  const { values } = parse(argv, connectionOptions, { min: 0, max: 0, usage: usage.userLs });
  return withAdmin(ctx, values, async (client) => {
    const { users } = await client.nn.admin('UserList', {});
    const shown = users.map((u) => ({ name: u.name, tier: u.tier, quotaBytes: u.quotaBytes, usedBytes: u.usedBytes, admin: u.admin, createdAt: isoTime(u.createdAtMs) }));
    if (values.json) printJson(ctx.stdout, shown);
    else {
      printTable(ctx.stdout, [
        ['NAME', 'TIER', 'USED', 'QUOTA', 'ADMIN', 'CREATED'],
        ...shown.map((u) => [u.name, u.tier, formatBytes(u.usedBytes), formatBytes(u.quotaBytes), u.admin ? 'yes' : 'no', u.createdAt]),
      ]);
    }
    return 0;
  });
};

const userToken: Command = async (ctx, argv) => {
  const { values, positionals } = parse(argv, { ...connectionOptions, 'revoke-all': { type: 'boolean' } }, { min: 1, max: 1, usage: usage.userToken });
  return withAdmin(ctx, values, async (client) => {
    const issued = await client.nn.admin('UserToken', { name: positionals[0], revokeAll: values['revoke-all'] === true });
    const shown = { name: issued.name, token: issued.token };
    if (values.json) printJson(ctx.stdout, shown);
    else printFields(ctx, shown);
    return 0;
  });
};

const userKeysOptions = {
  ...connectionOptions, add: { type: 'boolean' }, revoke: { type: 'string' }, 'access-key': { type: 'string' }, 'secret-key': { type: 'string' },
} as const;

/** Lists a user's S3 key pairs (never secrets); `--add` prints the new pair once, `--revoke` the pairs left. */
const userKeys: Command = async (ctx, argv) => {
  const { values, positionals } = parse(argv, userKeysOptions, { min: 1, max: 1, usage: usage.userKeys });
  const name = positionals[0];
  const add = values.add === true;
  const accessKey = values['access-key'] ?? '';
  const secretKey = values['secret-key'] ?? '';
  const bad = (why: string) => new CairnError('USAGE', `${why}\nusage: ${usage.userKeys}`);
  if (add && values.revoke !== undefined) throw bad('give --add or --revoke, not both');
  if (!add && (accessKey !== '' || secretKey !== '')) throw bad('--access-key and --secret-key go with --add');
  if ((accessKey === '') !== (secretKey === '')) throw bad('give both --access-key and --secret-key, or neither');
  if (values.revoke === '') throw bad('--revoke needs an access key id');
  return withAdmin(ctx, values, async (client) => {
    if (add) {
      const made = await client.nn.admin('UserKeyAdd', { name, accessKey, secretKey });
      const shown = { name: made.name, accessKeyId: made.accessKeyId, secretAccessKey: made.secretAccessKey };
      if (values.json) printJson(ctx.stdout, shown);
      else printFields(ctx, shown);
      return 0;
    }
    const { keys } = values.revoke === undefined
      ? await client.nn.admin('UserKeys', { name })
      : await client.nn.admin('UserKeyRevoke', { name, accessKeyId: values.revoke });
    const shown = keys.map((k) => ({ accessKeyId: k.accessKeyId, createdAt: isoTime(k.createdAtMs) }));
    if (values.json) printJson(ctx.stdout, shown);
    else printTable(ctx.stdout, [['ACCESS KEY ID', 'CREATED'], ...shown.map((k) => [k.accessKeyId, k.createdAt])]);
    return 0;
  });
};

/** Sets a user's quota (SIZE as `15G`, `512MiB`, …); it holds from the next upload on. */
const userQuota: Command = async (ctx, argv) => {
  const { values, positionals } = parse(argv, connectionOptions, { min: 2, max: 2, usage: usage.userQuota });
  const [name, size] = positionals as [string, string];
  const quotaBytes = parseSize(size);
  if (quotaBytes <= 0 || !Number.isSafeInteger(quotaBytes)) throw new CairnError('USAGE', `a quota is more than 0 bytes and at most ${Number.MAX_SAFE_INTEGER}, not ${size}\nusage: ${usage.userQuota}`);
  return withAdmin(ctx, values, async (client) => {
    const user = await client.nn.admin('SetQuota', { name, quotaBytes });
    const shown = { name: user.name, tier: user.tier, quotaBytes: user.quotaBytes, usedBytes: user.usedBytes };
    if (values.json) printJson(ctx.stdout, shown);
    else ctx.stdout.write(`${user.name}: quota ${formatBytes(user.quotaBytes)}, ${formatBytes(user.usedBytes)} used\n`);
    return 0;
  });
};

/**
 * Removes a user: their home and buckets go to the caller's trash (`fs trash ls`, `fs trash
 * restore`), their tokens and S3 keys stop working at once. Admins cannot be removed.
 */
const userRm: Command = async (ctx, argv) => {
  const { values, positionals } = parse(argv, connectionOptions, { min: 1, max: 1, usage: usage.userRm });
  return withAdmin(ctx, values, async (client) => {
    const removed = await client.nn.admin('UserRemove', { name: positionals[0] });
    const shown = { name: removed.name, trashed: removed.trashed };
    if (values.json) printJson(ctx.stdout, shown);
    else {
      ctx.stdout.write(`removed ${shown.name}; in your trash now (cairn fs trash ls):\n`);
      for (const path of shown.trashed) ctx.stdout.write(`  ${path}\n`);
    }
    return 0;
  });
};

const userCommands: Record<string, Command> = {
  add: userAdd,
  ls: userLs,
  token: userToken,
  rm: userRm,
  quota: userQuota,
  keys: userKeys,
};

const userCommand: Command = async (ctx, argv) => {
  const [name, ...rest] = argv;
  const run = name !== undefined && Object.hasOwn(userCommands, name) ? userCommands[name] : undefined;
  if (!run) throw new CairnError('USAGE', `usage: ${usage.userAdd}\n       ${usage.userLs}\n       ${usage.userToken}\n       ${usage.userQuota}\n       ${usage.userKeys}\n       ${usage.userRm}`);
  return run(ctx, rest);
};

// ---- cluster state ----

const datanodesCommand: Command = async (ctx, argv) => {
  const { values } = parse(argv, connectionOptions, { min: 0, max: 0, usage: usage.datanodes });
  return withAdmin(ctx, values, async (client) => {
    const nodes = (await client.nn.admin('Datanodes', {})).datanodes.map(datanodeJson);
    if (values.json) printJson(ctx.stdout, nodes);
    else printDatanodes(ctx, nodes);
    return 0;
  });
};

interface HealthJson {
  blocks: number;
  underReplicated: number;
  overReplicated: number;
  missing: number;
  corruptReplicas: number;
  /** When the replication monitor's last full pass ended; 0 before the first one. */
  asOfMs: number;
}

function healthJson(h: BlockHealth__Output | null): HealthJson {
  if (h === null) return { blocks: 0, underReplicated: 0, overReplicated: 0, missing: 0, corruptReplicas: 0, asOfMs: 0 };
  return { blocks: h.blocks, underReplicated: h.underReplicated, overReplicated: h.overReplicated, missing: h.missing, corruptReplicas: h.corruptReplicas, asOfMs: h.asOfMs };
}

function healthLine(h: HealthJson): string {
  const counts = `${h.missing} missing, ${h.underReplicated} under-replicated, ${h.overReplicated} over-replicated, ${h.corruptReplicas} corrupt replicas`;
  return h.asOfMs === 0 ? `${counts} (no full check finished yet)` : `${counts} of ${h.blocks} blocks (as of ${isoTime(h.asOfMs)})`;
}

const reportCommand: Command = async (ctx, argv) => {
  const { values } = parse(argv, connectionOptions, { min: 0, max: 0, usage: usage.report });
  return withAdmin(ctx, values, async (client) => {
    const r = await client.nn.admin('Report', {});
    const shown = {
      clusterId: r.clusterId, files: r.files, folders: r.folders, blocks: r.blocks, blockBytes: r.blockBytes, users: r.users,
      lastTxid: r.lastTxid, replication: r.replication, chunking: r.chunking, datanodes: r.datanodes.map(datanodeJson),
      safemode: r.safemode, health: healthJson(r.health), replicationQueue: r.replicationQueue, pendingReplications: r.pendingReplications,
    };
    if (values.json) {
      printJson(ctx.stdout, shown);
      return 0;
    }
    const live = shown.datanodes.filter((d) => d.state === 'live').length;
    printTable(ctx.stdout, [
      ['cluster:', shown.clusterId],
      ['safe mode:', shown.safemode ? 'ON' : 'OFF'],
      ['files:', `${shown.files} in ${shown.folders} folders`],
      ['blocks:', `${shown.blocks} (${formatBytes(shown.blockBytes)} before replication)`],
      ['block health:', healthLine(shown.health)],
      ['replication:', `${shown.replication}, ${shown.chunking} chunking`],
      ['re-replication:', `${shown.replicationQueue} blocks queued, ${shown.pendingReplications} copies in flight`],
      ['users:', shown.users],
      ['last txid:', shown.lastTxid],
      ['datanodes:', `${live} live of ${shown.datanodes.length}`],
    ]);
    if (shown.datanodes.length > 0) {
      ctx.stdout.write('\n');
      printDatanodes(ctx, shown.datanodes);
    }
    return 0;
  });
};

// ---- dispatch ----

const subcommands: Record<string, Subcommand> = {
  report: { usage: usage.report, run: reportCommand },
  datanodes: { usage: usage.datanodes, run: datanodesCommand },
  user: { usage: `${usage.userAdd}\n  ${usage.userLs} | user rm NAME [--json]\n  ${usage.userQuota}\n  ${usage.userToken}\n  ${usage.userKeys}`, run: userCommand },
  fsck: { usage: healthUsage.fsck, run: fsckCommand },
  safemode: { usage: healthUsage.safemode, run: safemodeCommand },
  decommission: { usage: healthUsage.decommission, run: decommissionCommand },
  recommission: { usage: healthUsage.recommission, run: recommissionCommand },
  ha: { usage: `${haUsage.status} | ha failover [--to NAMENODE] [--json]`, run: haCommand },
  gc: { usage: healthUsage.gc, run: gcCommand },
  audit: { usage: auditUsage, run: auditCommand },
};

const usageText = [
  'usage: cairn admin <command> [flags]     (needs an admin token)',
  '',
  ...Object.values(subcommands).map((s) => `  ${s.usage}`),
  '',
  'Connection: --namenode HOST:PORT[,…] | --zk CONNECT, --token TOKEN (or CAIRN_NAMENODE, CAIRN_ZK,',
  'CAIRN_TOKEN, or --env-file FILE); --json prints one JSON document.',
].join('\n');

function printFields(ctx: CliContext, fields: Record<string, string>): void {
  for (const [key, value] of Object.entries(fields)) ctx.stdout.write(`${key}: ${value}\n`);
}

export const adminCommand: Command = subcommandGroup('admin', subcommands, usageText);

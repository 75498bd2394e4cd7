// `cairn admin audit [--user NAME] [--json]`: the audit log (namenode audit/audit-log.ts) — who
// added, removed or changed users, tokens, S3 keys and grants — oldest first. Pages through the
// whole log and prints each page as it comes (bounded memory, however long the log): `--json` as
// one array written element by element, else a table with fixed columns.
import type { AuditRecord__Output } from '../../proto/gen/cairn/namenode/AuditRecord.js';
import { connectionOptions, parse } from './args.js';
import { withAdmin } from './admin-session.js';
import type { Command } from './context.js';
import { formatBytes, isoTime } from './output.js';

export const auditUsage = 'cairn admin audit [--user NAME] [--json]';

/** One record as `--json` prints it: the fields every record has, then only the details its action uses. */
export interface AuditJson {
  txid: number;
  at: string;
  /** null: unknown (changes made before the audit log named who made them). */
  by: string | null;
  action: string;
  user: string;
  role?: string;
  path?: string;
  accessKeyId?: string;
  quotaBytes?: number;
  tier?: string;
  tokens?: number;
  items?: number;
}

export function auditJson(r: AuditRecord__Output): AuditJson {
  return {
    txid: r.txid, at: isoTime(r.atMs), by: r.by === '' ? null : r.by, action: r.action, user: r.user,
    ...(r.role === '' ? {} : { role: r.role }), ...(r.path === '' ? {} : { path: r.path }), ...(r.accessKeyId === '' ? {} : { accessKeyId: r.accessKeyId }),
    ...(r.quotaBytes === 0 ? {} : { quotaBytes: r.quotaBytes }), ...(r.tier === '' ? {} : { tier: r.tier }), ...(r.tokens === 0 ? {} : { tokens: r.tokens }),
    ...(r.items === 0 ? {} : { items: r.items }),
  };
}

function details(r: AuditJson): string {
  const parts = [
    r.role === undefined ? '' : `role=${r.role}`, r.path === undefined ? '' : `path=${r.path}`, r.tier === undefined ? '' : `tier=${r.tier}`,
    r.quotaBytes === undefined ? '' : `quota=${formatBytes(r.quotaBytes)}`, r.accessKeyId === undefined ? '' : `key=${r.accessKeyId}`,
    r.tokens === undefined ? '' : `tokens=${r.tokens}`, r.items === undefined ? '' : `items=${r.items}`,
  ];
  return parts.filter((p) => p !== '').join(' ');
}

/** Fixed widths, so that pages printed one after the other line up: an ISO time, the longest action; names mostly fit. */
const columns = [24, 12, 13, 12] as const;

function row(cells: [string, string, string, string, string]): string {
  return `${cells.map((cell, i) => (i < columns.length ? cell.padEnd(columns[i] ?? 0) : cell)).join('  ').trimEnd()}\n`;
}

export const auditCommand: Command = async (ctx, argv) => {
  const { values } = parse(argv, { ...connectionOptions, user: { type: 'string' } }, { min: 0, max: 0, usage: auditUsage });
  const user = values.user ?? '';
  return withAdmin(ctx, values, async (client) => {
    const page = async (afterTxid: number) => (await client.nn.admin('Audit', { user, afterTxid, limit: 0 })).records;
    let records = await page(0); // before any output: an unknown --user leaves stdout empty
    ctx.stdout.write(values.json ? '[' : row(['TIME', 'BY', 'ACTION', 'USER', 'DETAILS']));
    let printed = 0;
    while (records.length > 0) {
      for (const record of records) {
        const shown = auditJson(record);
        if (values.json) ctx.stdout.write(`${printed > 0 ? ',' : ''}${JSON.stringify(shown)}`);
        else ctx.stdout.write(row([shown.at, shown.by ?? '(unknown)', shown.action, shown.user, details(shown)]));
        printed += 1;
      }
      records = await page(records[records.length - 1]?.txid ?? 0);
    }
    if (values.json) ctx.stdout.write(']\n');
    return 0;
  });
};

// `cairn admin fsck | gc | safemode | decommission | recommission`: the operator's view of block
// health, the garbage collector, and the two switches that protect them (docs/operations.md "Cluster health"). JSON shapes are built
// field by field so scripts get exactly the keys of CLI.md. fsck exits 1 when the namespace it
// checked is CORRUPT (a block with no readable replica), like `hdfs fsck`, and prints its report
// either way; waits poll the namenode and end with TIMEOUT when their `--timeout` passes.
import type { DatanodeInfo__Output } from '../../proto/gen/cairn/namenode/DatanodeInfo.js';
import type { FsckBlock__Output } from '../../proto/gen/cairn/namenode/FsckBlock.js';
import type { FsckFile__Output } from '../../proto/gen/cairn/namenode/FsckFile.js';
import type { FsckReply__Output } from '../../proto/gen/cairn/namenode/FsckReply.js';
import type { SafemodeReply__Output } from '../../proto/gen/cairn/namenode/SafemodeReply.js';
import type { CairnClient } from '../client/cairn-client.js';
import { CairnError } from '../common/errors.js';
import { connectionOptions, parse } from './args.js';
import { datanodeJson, withAdmin, type DatanodeJson } from './admin-session.js';
import type { CliContext, Command } from './context.js';
import { formatBytes, printJson } from './output.js';
import { statusLine } from './progress.js';
import { timeoutFlag, waitUntil } from './wait.js';

export const healthUsage = {
  fsck: 'cairn admin fsck [PATH] [--files] [--blocks] [--audit] [--json]    (exit 1 when CORRUPT or the audit finds drift)',
  gc: 'cairn admin gc [--json]    (one garbage collection pass now; grace periods still apply)',
  safemode: 'cairn admin safemode get|enter|leave [--json] | safemode wait [--timeout DURATION] [--json]',
  decommission: 'cairn admin decommission NODE [--wait [--timeout DURATION]] [--json]    (NODE = datanode id or host:port)',
  recommission: 'cairn admin recommission NODE [--json]',
} as const;

/** How often a wait asks the namenode again: often enough to feel immediate, rare enough to cost nothing. */
const waitPollIntervalMs = 200;
/** How often fsck's status line shows the time it has been waiting for the namenode's walk. */
const fsckStatusIntervalMs = 200;

// ---- fsck ----

const fsckOptions = { ...connectionOptions, files: { type: 'boolean' }, blocks: { type: 'boolean' }, audit: { type: 'boolean' } } as const;

interface FsckBlockJson {
  id: string;
  offset: number;
  size: number;
  live: number;
  decommissioning: number;
  corrupt: number;
  state: string;
  locations: string[];
}

interface FsckFileJson {
  path: string;
  revision: number;
  size: number;
  blocks: number;
  underReplicated: number;
  missing: number;
  corruptReplicas: number;
  status: string;
  blockList?: FsckBlockJson[];
}

interface FsckJson {
  status: string;
  files: number;
  revisions: number;
  blocks: number;
  underReplicated: number;
  overReplicated: number;
  missing: number;
  corruptReplicas: number;
  datanodes: { live: number; stale: number; dead: number; decommissioning: number };
  details?: FsckFileJson[];
  audit?: AuditJson;
}

interface AuditJson {
  lists: number;
  blocks: number;
  unreferenced: number;
  driftCount: number;
  drift: string[];
}

const fsckStatuses = ['HEALTHY', 'CORRUPT'] as const;

function fsckBlockJson(b: FsckBlock__Output): FsckBlockJson {
  return { id: b.id, offset: b.offset, size: b.size, live: b.live, decommissioning: b.decommissioning, corrupt: b.corrupt, state: b.state, locations: [...b.locations] };
}

function fsckFileJson(f: FsckFile__Output, withBlocks: boolean): FsckFileJson {
  const file: FsckFileJson = {
    path: f.path, revision: f.revision, size: f.size, blocks: f.blocks, underReplicated: f.underReplicated, missing: f.missing,
    corruptReplicas: f.corruptReplicas, status: f.status,
  };
  if (withBlocks) file.blockList = f.blockList.map(fsckBlockJson);
  return file;
}

function fsckJson(r: FsckReply__Output, withFiles: boolean, withBlocks: boolean): FsckJson {
  const shown: FsckJson = {
    status: r.status, files: r.files, revisions: r.revisions, blocks: r.blocks, underReplicated: r.underReplicated,
    overReplicated: r.overReplicated, missing: r.missing, corruptReplicas: r.corruptReplicas,
    datanodes: { live: r.live, stale: r.stale, dead: r.dead, decommissioning: r.decommissioning },
  };
  if (withFiles) shown.details = r.details.map((f) => fsckFileJson(f, withBlocks));
  if (r.audit) shown.audit = { lists: r.audit.lists, blocks: r.audit.blocks, unreferenced: r.audit.unreferenced, driftCount: r.audit.driftCount, drift: [...r.audit.drift] };
  return shown;
}

/** Problems worth a word on a file's line; a healthy file shows none. */
function fileProblems(f: FsckFileJson): string {
  const problems = [
    f.missing > 0 ? `${f.missing} missing` : '',
    f.underReplicated > 0 ? `${f.underReplicated} under-replicated` : '',
    f.corruptReplicas > 0 ? `${f.corruptReplicas} corrupt replicas` : '',
  ].filter(Boolean);
  return problems.length === 0 ? '' : ` (${problems.join(', ')})`;
}

function blockLine(b: FsckBlockJson, index: number): string {
  const extra = [b.decommissioning > 0 ? ` decommissioning=${b.decommissioning}` : '', b.corrupt > 0 ? ` corrupt=${b.corrupt}` : ''].join('');
  return `  ${index}. ${b.id} offset=${b.offset} len=${b.size} live=${b.live}${extra} ${b.state} [${b.locations.join(', ')}]`;
}

function printFsck(ctx: CliContext, path: string, shown: FsckJson): void {
  const out = ctx.stdout;
  for (const f of shown.details ?? []) {
    out.write(`${f.path} revision ${f.revision}, ${formatBytes(f.size)}, ${f.blocks} block(s): ${f.status}${fileProblems(f)}\n`);
    (f.blockList ?? []).forEach((b, i) => out.write(`${blockLine(b, i)}\n`));
  }
  if (shown.details !== undefined && shown.details.length > 0) out.write('\n');
  const d = shown.datanodes;
  out.write([
    `Status: ${shown.status}`,
    ` Total files:             ${shown.files} (${shown.revisions} revisions)`,
    ` Total blocks:            ${shown.blocks}`,
    ` Under-replicated blocks: ${shown.underReplicated}`,
    ` Over-replicated blocks:  ${shown.overReplicated}`,
    ` Missing blocks:          ${shown.missing}`,
    ` Corrupt replicas:        ${shown.corruptReplicas}`,
    ` Datanodes:               ${d.live} live, ${d.stale} stale, ${d.dead} dead, ${d.decommissioning} decommissioning`,
    '',
    `The filesystem under path '${path}' is ${shown.status}`,
  ].join('\n') + '\n');
  const audit = shown.audit;
  if (audit === undefined) return;
  out.write(`\nReference audit: ${audit.lists} block lists, ${audit.blocks} blocks (${audit.unreferenced} unreferenced): `);
  out.write(audit.driftCount === 0 ? 'no drift\n' : `${audit.driftCount} disagreements\n${audit.drift.map((line) => `  ${line}\n`).join('')}`);
}

/** Runs the namenode's walk, with the elapsed time on a terminal's status line meanwhile. */
async function runFsck(ctx: CliContext, client: CairnClient, request: { path: string; files: boolean; blocks: boolean; audit: boolean }, silent: boolean): Promise<FsckReply__Output> {
  const status = statusLine(ctx, silent);
  const started = Date.now();
  const show = () => status.show(`fsck ${request.path}: checking (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  show();
  const ticker = setInterval(show, fsckStatusIntervalMs);
  try {
    return await client.nn.admin('Fsck', request);
  } finally {
    clearInterval(ticker);
    status.stop();
  }
}

export const fsckCommand: Command = async (ctx, argv) => {
  const { values, positionals } = parse(argv, fsckOptions, { min: 0, max: 1, usage: healthUsage.fsck });
  const path = positionals[0] ?? '/';
  if (!path.startsWith('/')) throw new CairnError('USAGE', `fsck takes an absolute path (starting with /), not ${JSON.stringify(path)}\nusage: ${healthUsage.fsck}`);
  const withBlocks = values.blocks === true;
  const withFiles = values.files === true || withBlocks;
  return withAdmin(ctx, values, async (client) => {
    const reply = await runFsck(ctx, client, { path, files: withFiles, blocks: withBlocks, audit: values.audit === true }, values.quiet === true);
    if (!(fsckStatuses as readonly string[]).includes(reply.status)) throw new CairnError('INTERNAL', `fsck: the namenode answered status ${JSON.stringify(reply.status)}, not HEALTHY or CORRUPT`);
    const shown = fsckJson(reply, withFiles, withBlocks);
    if (values.json) printJson(ctx.stdout, shown);
    else printFsck(ctx, path, shown);
    return shown.status === 'HEALTHY' && (shown.audit?.driftCount ?? 0) === 0 ? 0 : 1;
  });
};

// ---- gc ----

export const gcCommand: Command = async (ctx, argv) => {
  const { values } = parse(argv, connectionOptions, { min: 0, max: 0, usage: healthUsage.gc });
  return withAdmin(ctx, values, async (client) => {
    const r = await client.nn.admin('CollectGarbage', {});
    const shown = { condemned: r.condemned, deleted: r.deleted, forgotten: r.forgotten, bytesDeleted: r.bytesDeleted, deleting: r.deleting };
    if (values.json) printJson(ctx.stdout, shown);
    else {
      ctx.stdout.write(`condemned ${shown.condemned} blocks; deleting ${shown.deleted} (${formatBytes(shown.bytesDeleted)}); forgot ${shown.forgotten} whose replicas are gone; ${shown.deleting} still being deleted\n`);
    }
    return 0;
  });
};

// ---- safemode ----

const safemodeOptions = { ...connectionOptions, timeout: { type: 'string' } } as const;
const safemodeActions = ['get', 'enter', 'leave', 'wait'] as const;
type SafemodeAction = (typeof safemodeActions)[number];

interface SafemodeJson {
  on: boolean;
  manual: boolean;
  reportedBlocks: number;
  totalBlocks: number;
  threshold: number;
}

function safemodeJson(s: SafemodeReply__Output): SafemodeJson {
  return { on: s.on, manual: s.manual, reportedBlocks: s.reportedBlocks, totalBlocks: s.totalBlocks, threshold: s.threshold };
}

function blocksReported(s: SafemodeJson): string {
  return `${s.reportedBlocks} of ${s.totalBlocks} blocks reported (threshold ${Number((s.threshold * 100).toFixed(3))}%)`;
}

/** First line exactly `Safe mode is ON|OFF` (scripts match it); when on, why, on the next. */
function printSafemode(ctx: CliContext, s: SafemodeJson): void {
  if (!s.on) {
    ctx.stdout.write('Safe mode is OFF\n');
    return;
  }
  const why = s.manual ? "entered by an operator; only 'cairn admin safemode leave' ends it" : 'until enough blocks are reported';
  ctx.stdout.write(`Safe mode is ON\n  ${blocksReported(s)}; ${why}\n`);
}

export const safemodeCommand: Command = async (ctx, argv) => {
  const { values, positionals } = parse(argv, safemodeOptions, { min: 1, max: 1, usage: healthUsage.safemode });
  const action = positionals[0] as string; // min: 1
  if (!(safemodeActions as readonly string[]).includes(action)) throw new CairnError('USAGE', `safemode takes get, enter, leave or wait, not ${JSON.stringify(action)}\nusage: ${healthUsage.safemode}`);
  if (values.timeout !== undefined && action !== 'wait') throw new CairnError('USAGE', `--timeout goes with safemode wait\nusage: ${healthUsage.safemode}`);
  const timeoutMs = timeoutFlag(values.timeout, healthUsage.safemode);
  return withAdmin(ctx, values, async (client) => {
    const state = await safemodeState(ctx, client, action as SafemodeAction, timeoutMs, values.quiet === true);
    if (values.json) printJson(ctx.stdout, state);
    else printSafemode(ctx, state);
    return 0;
  });
};

async function safemodeState(ctx: CliContext, client: CairnClient, action: SafemodeAction, timeoutMs: number | undefined, silent: boolean): Promise<SafemodeJson> {
  if (action !== 'wait') return safemodeJson(await client.nn.admin('Safemode', { action }));
  return waitUntil(ctx, {
    what: 'safe mode to be off', intervalMs: waitPollIntervalMs, timeoutMs, silent,
    poll: async () => safemodeJson(await client.nn.admin('Safemode', { action: 'get' })),
    done: (s) => !s.on,
    describe: (s) => `ON, ${blocksReported(s)}${s.manual ? ', entered by an operator' : ''}`,
  });
}

// ---- decommission / recommission ----

const decommissionOptions = { ...connectionOptions, wait: { type: 'boolean' }, timeout: { type: 'string' } } as const;

function printNodeState(ctx: CliContext, d: DatanodeJson): void {
  ctx.stdout.write(`datanode ${d.id} (${d.address}, rack ${d.rack}): ${d.state}, ${d.blocks} blocks\n`);
}

export const decommissionCommand: Command = async (ctx, argv) => {
  const { values, positionals } = parse(argv, decommissionOptions, { min: 1, max: 1, usage: healthUsage.decommission });
  if (values.timeout !== undefined && !values.wait) throw new CairnError('USAGE', `--timeout goes with --wait\nusage: ${healthUsage.decommission}`);
  const timeoutMs = timeoutFlag(values.timeout, healthUsage.decommission);
  const node = positionals[0] as string; // min: 1
  return withAdmin(ctx, values, async (client) => {
    let state = datanodeJson(await client.nn.admin('Decommission', { node }));
    if (values.wait) state = await waitDecommissioned(ctx, client, state, timeoutMs, values.quiet === true);
    if (values.json) printJson(ctx.stdout, state);
    else printNodeState(ctx, state);
    return 0;
  });
};

/** Polls the datanode table until the node is decommissioned; its id, not what the user typed, finds it. */
async function waitDecommissioned(ctx: CliContext, client: CairnClient, node: DatanodeJson, timeoutMs: number | undefined, silent: boolean): Promise<DatanodeJson> {
  const find = (nodes: DatanodeInfo__Output[]) => {
    const found = nodes.find((d) => d.id === node.id);
    if (!found) throw new CairnError('NOT_FOUND', `datanode ${node.id} (${node.address}) left the cluster while being decommissioned`);
    return datanodeJson(found);
  };
  return waitUntil(ctx, {
    what: `datanode ${node.id} (${node.address}) to be decommissioned`, intervalMs: waitPollIntervalMs, timeoutMs, silent,
    poll: async () => {
      const current = find((await client.nn.admin('Datanodes', {})).datanodes);
      // Someone recommissioned it meanwhile: it will never finish, so say so rather than wait forever.
      if (current.state === 'live') throw new CairnError('UNAVAILABLE', `datanode ${node.id} (${node.address}) was recommissioned while waiting for its decommission`);
      return current;
    },
    done: (d) => d.state === 'decommissioned',
    describe: (d) => `${d.state}, ${d.blocks} blocks on it`,
  });
}

export const recommissionCommand: Command = async (ctx, argv) => {
  const { values, positionals } = parse(argv, connectionOptions, { min: 1, max: 1, usage: healthUsage.recommission });
  const node = positionals[0] as string; // min: 1
  return withAdmin(ctx, values, async (client) => {
    const state = datanodeJson(await client.nn.admin('Recommission', { node }));
    if (values.json) printJson(ctx.stdout, state);
    else printNodeState(ctx, state);
    return 0;
  });
};

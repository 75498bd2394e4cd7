// `cairn admin ha status | failover`: the operator's view of the namenode group (DESIGN §4, High
// availability). status names the epoch, the active and every namenode that ever joined with its
// role (`active`, `standby`, `down`) and newest txid; failover hands the active role over
// gracefully (to `--to HOST:PORT`, or the most advanced standby) and prints the status after it.
// A namenode without ZooKeeper answers status as the active of epoch 0 and refuses failover
// (INVALID_ARGUMENT, exit 2). The JSON shape is CLI.md's, built field by field.
import type { HaStatusReply__Output } from '../../proto/gen/cairn/namenode/HaStatusReply.js';
import { CairnError } from '../common/errors.js';
import { connectionOptions, parse } from './args.js';
import { withAdmin } from './admin-session.js';
import type { CliContext, Command } from './context.js';
import { printJson, printTable } from './output.js';

export const haUsage = {
  status: 'cairn admin ha status [--json]',
  failover: 'cairn admin ha failover [--to NAMENODE (HOST:PORT)] [--json]',
} as const;

interface HaStatusJson {
  epoch: number;
  active: string;
  namenodes: Array<{ address: string; role: string; lastTxid: number }>;
}

function statusJson(reply: HaStatusReply__Output): HaStatusJson {
  return {
    epoch: reply.epoch,
    active: reply.active,
    namenodes: reply.namenodes.map((n) => ({ address: n.address, role: n.role, lastTxid: n.lastTxid })),
  };
}

function printStatus(ctx: CliContext, status: HaStatusJson, json: boolean | undefined): void {
  if (json) {
    printJson(ctx.stdout, status);
    return;
  }
  ctx.stdout.write(`epoch ${status.epoch}, active ${status.active === '' ? '(none)' : status.active}\n\n`);
  printTable(ctx.stdout, [['NAMENODE', 'ROLE', 'LAST TXID'], ...status.namenodes.map((n) => [n.address, n.role, n.lastTxid])]);
}

const statusCommand: Command = async (ctx, argv) => {
  const { values } = parse(argv, connectionOptions, { min: 0, max: 0, usage: haUsage.status });
  return withAdmin(ctx, values, async (client) => {
    printStatus(ctx, statusJson(await client.nn.admin('HaStatus', {})), values.json);
    return 0;
  });
};

const failoverOptions = { ...connectionOptions, to: { type: 'string' } } as const;

/** A namenode's `HOST:PORT`, as its server.json `rpcAddress` and `ha status` name it. */
const namenodeAddress = /^[^\s,/:]+:\d{1,5}$/;

const failoverCommand: Command = async (ctx, argv) => {
  const { values } = parse(argv, failoverOptions, { min: 0, max: 0, usage: haUsage.failover });
  const to = values.to ?? '';
  if (values.to !== undefined && !namenodeAddress.test(to)) {
    throw new CairnError('USAGE', `--to takes a namenode's HOST:PORT (as admin ha status lists it), not ${JSON.stringify(to.slice(0, 100))}\nusage: ${haUsage.failover}`);
  }
  return withAdmin(ctx, values, async (client) => {
    printStatus(ctx, statusJson(await client.nn.admin('HaFailover', { to })), values.json);
    return 0;
  });
};

const haCommands: Record<string, Command> = { status: statusCommand, failover: failoverCommand };

export const haCommand: Command = async (ctx, argv) => {
  const [name, ...rest] = argv;
  const run = name !== undefined && Object.hasOwn(haCommands, name) ? haCommands[name] : undefined;
  if (!run) throw new CairnError('USAGE', `usage: ${haUsage.status}\n       ${haUsage.failover}`);
  return run(ctx, rest);
};

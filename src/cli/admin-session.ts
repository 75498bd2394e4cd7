// What every `cairn admin` subcommand shares: one client per command, closed whatever happens,
// and the datanode JSON shape of CLI.md (`admin datanodes --json`, `admin report --json`,
// `admin decommission --json`), built field by field so that no extra key reaches a script.
import type { DatanodeInfo__Output } from '../../proto/gen/cairn/namenode/DatanodeInfo.js';
import type { CairnClient } from '../client/cairn-client.js';
import { connect, type ConnectionFlags } from './connection.js';
import type { CliContext } from './context.js';
import { formatBytes, printTable } from './output.js';

export async function withAdmin<T>(ctx: CliContext, flags: ConnectionFlags, fn: (client: CairnClient) => Promise<T>): Promise<T> {
  const client = connect(flags, ctx.env);
  try {
    return await fn(client);
  } finally {
    client.close();
  }
}

export interface DatanodeJson {
  id: string;
  address: string;
  rack: string;
  state: string;
  capacity: number;
  used: number;
  free: number;
  blocks: number;
  lastHeartbeatMsAgo: number;
}

export function datanodeJson(d: DatanodeInfo__Output): DatanodeJson {
  return {
    id: d.id, address: d.address, rack: d.rack, state: d.state, capacity: d.capacity, used: d.used, free: d.free, blocks: d.blocks,
    lastHeartbeatMsAgo: d.lastHeartbeatMsAgo,
  };
}

export function printDatanodes(ctx: CliContext, nodes: DatanodeJson[]): void {
  printTable(ctx.stdout, [
    ['ID', 'ADDRESS', 'RACK', 'STATE', 'CAPACITY', 'USED', 'FREE', 'BLOCKS', 'HEARTBEAT'],
    ...nodes.map((d) => [d.id, d.address, d.rack, d.state, formatBytes(d.capacity), formatBytes(d.used), formatBytes(d.free), d.blocks, `${d.lastHeartbeatMsAgo} ms ago`]),
  ]);
}

// Real datanodes for tests that talk to a NamenodeStub: each on 127.0.0.1 port 0 with its own
// temp dir (or given data dirs), fast heartbeats, and helpers to write, read and inspect blocks
// the way clients and operators do — over the data plane and /metrics.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BlockTokenKey } from '../../src/common/block-token.js';
import { BlockTransferClient, type WriteReply } from '../../src/common/block-transfer.js';
import { loadConfig, type ConfigInput } from '../../src/common/config.js';
import { Datanode } from '../../src/datanode/datanode.js';

export const stubClusterSecret = 'stub-cluster-secret-0123456789';
export const tokens = new BlockTokenKey(stubClusterSecret);
const tokenTtlMs = 60_000;

export interface Block {
  id: string;
  data: Buffer;
  checksum: bigint;
}

export interface StubDatanodes {
  nodes: Datanode[];
  /** Each node's data dirs. */
  dirs: string[][];
  client: BlockTransferClient;
  stop(): Promise<void>;
}

/** Starts `count` datanodes reporting to `namenode` (a stub or any DatanodeProtocol server; `overrides.namenodes` may name more), each with one fresh data dir unless `dataDirs` names them. */
export async function startDatanodes(namenode: { address: string }, count: number, overrides: ConfigInput = {}, dataDirs?: string[][]): Promise<StubDatanodes> {
  const base = await mkdtemp(join(tmpdir(), 'cairn-dn-'));
  const nodes: Datanode[] = [];
  const dirs = Array.from({ length: count }, (_, i) => dataDirs?.[i] ?? [join(base, `dn${i}`)]);
  const client = new BlockTransferClient(10_000);
  const stop = async () => {
    client.close();
    for (const node of nodes) await node.stop();
    await rm(base, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < count; i++) {
      const config = loadConfig({ flags: {
        rpcPort: 0, httpPort: 0, logLevel: 'silent', heartbeatIntervalMs: 100, rpcTimeoutMs: 5000, clusterSecret: stubClusterSecret, namenodes: [namenode.address],
        ...overrides, dataDirs: dirs[i],
      } });
      nodes.push(await Datanode.start({ config }));
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return { nodes, dirs, client, stop };
}

/** Writes a block to one datanode as a client would (a pipeline head, so its SHA-256 is checked). */
export function writeBlock(client: BlockTransferClient, node: Datanode, block: Block, data = block.data): Promise<WriteReply> {
  const token = tokens.issue('write', block.id, Date.now() + tokenTtlMs);
  return client.write(node.httpAddress, { blockId: block.id, data, checksum: block.checksum, token, downstream: [] });
}

export async function readBlock(client: BlockTransferClient, node: Datanode, blockId: string): Promise<Buffer> {
  return (await client.read(node.httpAddress, blockId, tokens.issue('read', blockId, Date.now() + tokenTtlMs))).data;
}

export async function httpGet(node: Datanode, path: string): Promise<{ status: number; body: string }> {
  const response = await fetch(`http://${node.httpAddress}${path}`);
  return { status: response.status, body: await response.text() };
}

/** One sample of a metric from a datanode's /metrics, e.g. `cairn_datanode_failed_volumes` or `…_total{outcome="done"}`. */
export async function metric(node: Datanode, sample: string): Promise<number | undefined> {
  const { body } = await httpGet(node, '/metrics');
  const line = body.split('\n').find((l) => l.startsWith(`${sample} `));
  return line === undefined ? undefined : Number(line.slice(sample.length + 1));
}

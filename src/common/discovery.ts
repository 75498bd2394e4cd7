// Where a cluster lives in ZooKeeper (DESIGN §4, High availability), and how its members find each
// other there. `--zk HOST:PORT[,HOST:PORT…][/CHROOT]` names the servers and the cluster's root
// (default `/cairn`); every path below is under that root:
//
//   election/n_…        candidates for active (ephemeral sequential; data: the namenode's address)
//   epoch               the newest epoch taken (compare-and-set)
//   active              the serving active (ephemeral; data: {"address","epoch"})
//   namenodes/<address> live namenodes (ephemeral; data: {"address","httpAddress"})
//   members/<address>   every namenode that ever joined (persistent): `ha status` names the ones down
//   datanodes/<id>      live datanodes (ephemeral; data: {"address"})
//   cluster             the cluster id, written once by the namenode that formats (persistent)
//   handover            a graceful failover's target (ephemeral; data: {"to","at"})
import { CairnError } from './errors.js';
import type { ZkSession } from './zookeeper.js';

export const defaultZkRoot = '/cairn';

export interface ZkTarget {
  /** `HOST:PORT[,HOST:PORT…]`, as node-zookeeper-client takes it (no chroot). */
  servers: string;
  /** The cluster's root path, `/cairn` unless the connect string names another. */
  root: string;
}

const serverPattern = /^[^\s,/:]+:\d{1,5}$/;

/** Parses `HOST:PORT[,HOST:PORT…][/CHROOT]`; USAGE on anything else. */
export function parseZk(connect: string): ZkTarget {
  const slash = connect.indexOf('/');
  const servers = slash < 0 ? connect : connect.slice(0, slash);
  let root = slash < 0 ? defaultZkRoot : connect.slice(slash).replace(/\/+$/, '');
  if (root === '') root = defaultZkRoot;
  const list = servers.split(',').map((s) => s.trim());
  if (list.length === 0 || !list.every((s) => serverPattern.test(s))) throw new CairnError('USAGE', `--zk ${JSON.stringify(connect)}: expected HOST:PORT[,HOST:PORT…][/CHROOT]`);
  if (!/^(\/[A-Za-z0-9._-]+)+$/.test(root)) throw new CairnError('USAGE', `--zk ${JSON.stringify(connect)}: the chroot must be a path like /cairn`);
  return { servers: list.join(','), root };
}

export function zkPaths(root: string) {
  return {
    election: `${root}/election`,
    epoch: `${root}/epoch`,
    active: `${root}/active`,
    namenodes: `${root}/namenodes`,
    members: `${root}/members`,
    datanodes: `${root}/datanodes`,
    cluster: `${root}/cluster`,
    handover: `${root}/handover`,
  };
}

export interface ActiveNamenode {
  address: string;
  epoch: number;
}

/** The namenode serving as active now, if any; `watch` fires once when that changes. */
export async function activeNamenode(zk: ZkSession, root: string, watch?: () => void): Promise<ActiveNamenode | undefined> {
  const node = await zk.get(zkPaths(root).active, watch);
  if (node === undefined) {
    // Watch for the node's creation: `get` on a missing node sets no watch.
    if (watch !== undefined && (await zk.exists(zkPaths(root).active, watch))) return activeNamenode(zk, root);
    return undefined;
  }
  const parsed = JSON.parse(node.data.toString('utf8')) as ActiveNamenode;
  return { address: parsed.address, epoch: parsed.epoch };
}

/** The addresses of the namenodes alive now (registered in ZooKeeper), sorted; `watch` fires once when the set changes. */
export async function liveNamenodes(zk: ZkSession, root: string, watch?: () => void): Promise<string[]> {
  const dir = zkPaths(root).namenodes;
  await zk.ensurePath(dir);
  return (await zk.children(dir, watch)).sort();
}

/** Every namenode that ever joined the cluster, alive or not, sorted. */
export async function memberNamenodes(zk: ZkSession, root: string): Promise<string[]> {
  const dir = zkPaths(root).members;
  await zk.ensurePath(dir);
  return (await zk.children(dir)).sort();
}

// Leader election among the namenodes of one cluster, the ZooKeeper recipe (DESIGN §4, High
// availability): each candidate makes an ephemeral sequential znode under `<root>/election`
// holding its id; the lowest sequence number leads. A candidate that does not lead watches only
// the znode just before its own, so a leader's end wakes one successor, not the whole group. A
// candidate's znode lives as long as its ZooKeeper session: a namenode that dies, hangs past its
// session timeout or loses ZooKeeper stops being a candidate on the server's clock, whatever it
// believes. Leading here only makes a namenode *eligible*: it must still take a new epoch and
// collect promises (epoch.ts) before it serves.
import type { ZkSession } from '../../common/zookeeper.js';

const prefix = 'n_';

export class LeaderElection {
  readonly #zk: ZkSession;
  readonly #dir: string;
  readonly #candidateId: string;
  readonly #onLead: () => void;
  #node: string | undefined;
  #leading = false;
  #closed = false;

  /** `onLead` runs once, when this candidate becomes the leader. */
  constructor(zk: ZkSession, root: string, candidateId: string, onLead: () => void) {
    this.#zk = zk;
    this.#dir = `${root}/election`;
    this.#candidateId = candidateId;
    this.#onLead = onLead;
  }

  get leading(): boolean {
    return this.#leading;
  }

  async join(): Promise<void> {
    await this.#zk.ensurePath(this.#dir);
    const made = await this.#zk.create(`${this.#dir}/${prefix}`, Buffer.from(this.#candidateId, 'utf8'), 'ephemeral-sequential');
    this.#node = made.slice(made.lastIndexOf('/') + 1);
    await this.#check();
  }

  /** Leaves the election (a graceful hand-over): the next candidate is woken. */
  async leave(): Promise<void> {
    this.#closed = true;
    if (this.#node !== undefined) await this.#zk.remove(`${this.#dir}/${this.#node}`);
    this.#node = undefined;
    this.#leading = false;
  }

  /** Leads when first in line; otherwise watches the candidate just before it and looks again when it goes. */
  async #check(): Promise<void> {
    if (this.#closed || this.#node === undefined || this.#leading) return;
    const line = await candidates(this.#zk, this.#dir);
    const mine = line.indexOf(this.#node);
    if (mine < 0) return; // our znode is gone: the session expired, and the owner must start over
    if (mine === 0) {
      this.#leading = true;
      this.#onLead();
      return;
    }
    const before = `${this.#dir}/${line[mine - 1] as string}`; // mine > 0
    const stillThere = await this.#zk.exists(before, () => void this.#check().catch(() => undefined));
    if (!stillThere) await this.#check();
  }
}

/** The candidates in line, first (the leader) first. */
async function candidates(zk: ZkSession, dir: string): Promise<string[]> {
  return (await zk.children(dir)).filter((name) => name.startsWith(prefix)).sort((a, b) => sequenceOf(a) - sequenceOf(b));
}

function sequenceOf(name: string): number {
  return Number(name.slice(prefix.length));
}

/** The id of the candidate that leads now, if any: how clients, datanodes and gateways find the active namenode. */
export async function currentLeader(zk: ZkSession, root: string): Promise<string | undefined> {
  const dir = `${root}/election`;
  if (!(await zk.exists(dir))) return undefined;
  for (const name of await candidates(zk, dir)) {
    const node = await zk.get(`${dir}/${name}`);
    if (node !== undefined) return node.data.toString('utf8');
  }
  return undefined;
}

// A datanode reports to every namenode of its group (DESIGN §4, High availability), so a standby
// already knows where every replica is when it takes over. This keeps one NamenodeLink per
// namenode — the configured ones and, with ZooKeeper, the live ones found there — each with its
// own registration, heartbeats, reports and bounded queues: a slow or dead namenode holds back
// none of the others. Every report goes to every link.
//
// Commands are obeyed from one namenode only: one that says it is the active, in an epoch no older
// than the newest this datanode has seen from any namenode. A deposed active (an older epoch) or a
// standby gets its commands dropped, and when a newer epoch shows up the work still queued from
// the older one is dropped too (copies and deletes not yet started): the new active decides again
// from its own view (invariant 7).
import { assert } from '../../common/assert.js';
import type { Logger } from '../../common/logger.js';
import type { DatanodeCommand } from './commands.js';
import { NamenodeLink, type LinkDeps, type LinkOptions, type NamenodeReply } from './namenode-link.js';

export type LinksOptions = Omit<LinkOptions, 'namenode'> & {
  /** Namenodes always linked (config `namenodes`); ZooKeeper may add others. */
  namenodes: readonly string[];
};

export interface LinksDeps extends Omit<LinkDeps, 'onReply'> {
  logger: Logger;
  /** Commands of the current active, to execute. */
  onCommands(commands: DatanodeCommand[]): void;
  /** A newer epoch began: work still queued from older ones must go. */
  onNewEpoch(epoch: number): void;
}

/** Namenodes linked at once; an HA group has three, so past this something is misconfigured. */
const namenodeLinksMax = 16;

export class NamenodeLinks {
  readonly #options: LinksOptions;
  readonly #deps: LinksDeps;
  readonly #links = new Map<string, NamenodeLink>();
  /** Links dropped and still finishing their calls; `stop()` waits for them. */
  readonly #closing = new Set<Promise<void>>();
  #discovered: readonly string[] = [];
  #epoch = 0;
  #activeNamenode: string | undefined;
  #started = false;
  #stopped = false;

  constructor(options: LinksOptions, deps: LinksDeps) {
    this.#options = options;
    this.#deps = deps;
  }

  /** Registered with at least one namenode. */
  get registered(): boolean {
    return [...this.#links.values()].some((link) => link.registered);
  }

  /** The newest epoch seen from any namenode. */
  get epoch(): number {
    return this.#epoch;
  }

  /** The namenode whose commands were last obeyed. */
  get activeNamenode(): string | undefined {
    return this.#activeNamenode;
  }

  /** The namenodes linked now, sorted. */
  get namenodes(): string[] {
    return [...this.#links.keys()].sort();
  }

  start(): void {
    this.#started = true;
    this.#reconcile();
  }

  /** The live namenodes ZooKeeper lists now: links are added and dropped to match (configured ones stay). */
  setDiscovered(namenodes: readonly string[]): void {
    this.#discovered = [...namenodes];
    if (this.#started) this.#reconcile();
  }

  heartbeatNow(): void {
    for (const link of this.#links.values()) link.heartbeatNow();
  }

  volumeFailed(): void {
    for (const link of this.#links.values()) link.volumeFailed();
  }

  reportBadBlock(blockId: string): void {
    for (const link of this.#links.values()) link.reportBadBlock(blockId);
  }

  blockReceived(blockId: string, uploadId: string): void {
    for (const link of this.#links.values()) link.blockReceived(blockId, uploadId);
  }

  blockDeleted(blockId: string): void {
    for (const link of this.#links.values()) link.blockDeleted(blockId);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    for (const namenode of [...this.#links.keys()]) this.#drop(namenode);
    while (this.#closing.size > 0) await Promise.all([...this.#closing]);
  }

  #reconcile(): void {
    if (this.#stopped) return;
    const wanted = [...new Set([...this.#options.namenodes, ...this.#discovered])];
    if (wanted.length > namenodeLinksMax) {
      this.#deps.logger.warn({ namenodes: wanted.length, max: namenodeLinksMax }, 'more namenodes than a datanode links to; ignoring the rest');
    }
    const kept = new Set(wanted.slice(0, namenodeLinksMax));
    for (const namenode of [...this.#links.keys()]) if (!kept.has(namenode)) this.#drop(namenode);
    for (const namenode of kept) if (!this.#links.has(namenode)) this.#add(namenode);
  }

  #add(namenode: string): void {
    const link = new NamenodeLink({ ...this.#options, namenode }, { ...this.#deps, onReply: (from, reply) => this.#onReply(from, reply) });
    this.#links.set(namenode, link);
    this.#deps.logger.info({ namenode }, 'linking to a namenode');
    link.start();
  }

  #drop(namenode: string): void {
    const link = this.#links.get(namenode);
    assert(link !== undefined, 'only linked namenodes are dropped');
    this.#links.delete(namenode);
    if (this.#activeNamenode === namenode) this.#activeNamenode = undefined;
    if (!this.#stopped) this.#deps.logger.warn({ namenode }, 'namenode gone from ZooKeeper: unlinking it');
    const closing = link.stop().finally(() => this.#closing.delete(closing));
    this.#closing.add(closing);
  }

  #onReply(namenode: string, { epoch, active, commands }: NamenodeReply): void {
    if (this.#stopped || !this.#links.has(namenode)) return;
    if (epoch > this.#epoch) {
      this.#deps.logger.info({ namenode, epoch, previous: this.#epoch }, 'a newer namenode epoch: dropping work queued by older ones');
      this.#epoch = epoch;
      this.#deps.onNewEpoch(epoch);
    }
    if (commands === undefined) return;
    if (!active || epoch < this.#epoch) {
      if (commands.length > 0) this.#deps.logger.warn({ namenode, epoch, newest: this.#epoch, active, commands: commands.length }, 'ignoring commands of a standby or an older epoch');
      return;
    }
    this.#activeNamenode = namenode;
    this.#deps.onCommands(commands);
  }
}

// Runs the work the namenode hands out in heartbeat replies (DESIGN §4):
// - replicate: copy one block from here to the command's targets, as a write pipeline over the
//   same HTTP data plane clients use. The bytes come from a verified local read; the first hop is
//   sent without this node's signature, so the receiver treats it as a pipeline head and checks
//   the SHA-256 against the block id — a copy is verified by whoever receives it, never taken on
//   this node's word. The write token is minted here (the datanode holds the cluster secret)
//   with no upload scope, so a copy proves nothing about anyone's upload. Receivers report the
//   block like any write; that is how the namenode learns the copy landed.
// - delete: drop blocks from the store and report each one deleted; once the queued deletes are
//   done, `onDeletesDone` fires (the datanode then looks for segments worth compacting).
// Copies run at most `streamsMax` at a time; a copy already queued or running for the same block
// is not queued again. A source replica that fails its checksum is reported corrupt and the copy
// dropped; any other failure is only logged (the namenode times the copy out and reschedules it).
// When a batch of work is nearly done — fewer copies waiting than streams, deletes done —
// `onDrained` fires once, so the datanode heartbeats at once and the next batch arrives while the
// last copies still run: the streams do not idle until the next heartbeat interval. If that
// heartbeat brings nothing (the namenode had not scheduled more yet), it asks again a little
// later, a bounded number of times, then waits for the regular heartbeats.
import type { BlockTokenKey } from '../../common/block-token.js';
import type { BlockTransferClient, PipelineTarget } from '../../common/block-transfer.js';
import type { Clock } from '../../common/clock.js';
import { assert } from '../../common/assert.js';
import { toCairnError } from '../../common/errors.js';
import { isBlockId } from '../../common/hashing.js';
import type { Logger } from '../../common/logger.js';
import type { BlockStore } from '../storage/block-store.js';
import type { StoredBlock } from '../storage/segment-store.js';

export type DatanodeCommand =
  | { type: 'replicate'; blockId: string; targets: PipelineTarget[] }
  | { type: 'delete'; blockIds: string[] };

export interface CommandDeps {
  store: BlockStore;
  peers: BlockTransferClient;
  tokens: BlockTokenKey;
  clock: Clock;
  logger: Logger;
  streamsMax: number;
  /** A source replica failed its checksum: report it to the namenode. */
  onCorrupt(blockId: string): void;
  /** A block is gone from this datanode (deleted now, or not held at all). */
  onDeleted(blockId: string): void;
  onDrained(): void;
  /** The delete queue ran empty. */
  onDeletesDone?(): void;
}

export interface CommandCounters {
  /** Copy commands whose every target stored the block. */
  copiesDone: number;
  /** Copy commands that left at least one target without the block. */
  copiesFailed: number;
  /** Block bytes times the replicas they created. */
  bytesCopied: number;
  /** Blocks removed from the store by delete commands. */
  blocksDeleted: number;
}

/** Copies waiting for a stream; past this, new ones are dropped (the namenode reschedules them). */
const copyQueueMax = 10_000;
/** Block ids waiting to be deleted; past this, new ones are dropped (the namenode asks again). */
const deleteQueueMax = 100_000;
/** Deletes issued together: their tombstones share group commits. */
const deleteBatchMax = 64;
/** After asking for more work and getting none: ask again this much later, at most this often. */
const askAgainMs = 250;
const askAgainMax = 8;
/** A copy's write token lives this long: enough for one pipeline, useless soon after. */
const copyTokenTtlMs = 2 * 60_000;

interface Copy {
  blockId: string;
  targets: PipelineTarget[];
}

export class CommandExecutor {
  readonly counters: CommandCounters = { copiesDone: 0, copiesFailed: 0, bytesCopied: 0, blocksDeleted: 0 };
  readonly #deps: CommandDeps;
  readonly #copies: Copy[] = [];
  /** Blocks with a copy queued or running. */
  readonly #copying = new Set<string>();
  readonly #running = new Set<Promise<void>>();
  #copiesRunning = 0;
  #deletes: string[] = [];
  #deleting = false;
  #hadWork = false;
  /** Asked for more work and none has come yet: how many more times to ask. */
  #asksLeft = 0;
  #askTimer: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(deps: CommandDeps) {
    this.#deps = deps;
  }

  /** Copies in progress (sent in heartbeats so the namenode does not overload this node). */
  get activeReplications(): number {
    return this.#copiesRunning;
  }

  /** A heartbeat reply's commands (possibly none). */
  accept(commands: readonly DatanodeCommand[]): void {
    if (this.#stopped) return;
    for (const command of commands) {
      if (command.type === 'replicate') this.#queueCopy(command);
      else this.#queueDeletes(command.blockIds);
    }
    if (commands.length > 0) this.#asksLeft = 0;
    else if (this.#asksLeft > 0 && this.#askTimer === undefined) this.#askTimer = setTimeout(() => this.#askAgain(), askAgainMs);
    this.#pump();
  }

  /**
   * A newer namenode epoch began: copies and deletes not yet started were decided by a deposed
   * active, so they go (the new active decides again from its own view). Work running finishes.
   */
  dropQueued(): void {
    for (const copy of this.#copies) this.#copying.delete(copy.blockId);
    const dropped = this.#copies.length + this.#deletes.length;
    this.#copies.length = 0;
    this.#deletes = [];
    if (dropped > 0) this.#deps.logger.warn({ dropped }, 'dropped queued commands of an older namenode epoch');
  }

  /** Drops queued work and waits for what is running; the caller then closes the peers. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#askTimer);
    this.#copies.length = 0;
    this.#deletes = [];
    while (this.#running.size > 0) await Promise.allSettled([...this.#running]);
  }

  #queueCopy(command: Extract<DatanodeCommand, { type: 'replicate' }>): void {
    if (!isBlockId(command.blockId) || command.targets.length === 0) {
      this.#deps.logger.warn({ blockId: command.blockId.slice(0, 80), targets: command.targets.length }, 'ignoring a malformed replicate command');
      return;
    }
    if (this.#copying.has(command.blockId)) return;
    if (this.#copies.length >= copyQueueMax) {
      this.#deps.logger.warn({ blockId: command.blockId, queued: this.#copies.length }, 'copy queue full; dropping a replicate command');
      return;
    }
    this.#copying.add(command.blockId);
    this.#copies.push({ blockId: command.blockId, targets: command.targets });
    this.#hadWork = true;
  }

  #queueDeletes(all: readonly string[]): void {
    const blockIds = all.filter(isBlockId);
    if (blockIds.length < all.length) this.#deps.logger.warn({ ignored: all.length - blockIds.length }, 'ignoring malformed block ids in a delete command');
    const room = deleteQueueMax - this.#deletes.length;
    if (blockIds.length > room) this.#deps.logger.warn({ dropped: blockIds.length - room, queued: this.#deletes.length }, 'delete queue full; dropping block deletions');
    this.#deletes = this.#deletes.concat(blockIds.slice(0, Math.max(0, room)));
    if (this.#deletes.length > 0) this.#hadWork = true;
  }

  #pump(): void {
    while (!this.#stopped && this.#copiesRunning < this.#deps.streamsMax && this.#copies.length > 0) {
      const copy = this.#copies.shift() as Copy; // length checked above
      this.#copiesRunning += 1;
      this.#track(this.#copy(copy).finally(() => {
        this.#copiesRunning -= 1;
        this.#copying.delete(copy.blockId);
        this.#pump();
      }));
    }
    if (!this.#stopped && !this.#deleting && this.#deletes.length > 0) {
      this.#deleting = true;
      this.#track(this.#deleteAll().finally(() => {
        this.#deleting = false;
        this.#pump();
      }));
    }
    if (this.#hadWork && this.#copies.length < this.#deps.streamsMax && !this.#deleting && this.#deletes.length === 0) {
      this.#hadWork = false;
      this.#asksLeft = askAgainMax;
      if (!this.#stopped) this.#deps.onDrained();
    }
  }

  #askAgain(): void {
    this.#askTimer = undefined;
    if (this.#stopped || this.#asksLeft === 0) return;
    this.#asksLeft -= 1;
    this.#deps.onDrained();
  }

  #track(work: Promise<void>): void {
    this.#running.add(work);
    void work.finally(() => this.#running.delete(work));
  }

  async #copy({ blockId, targets }: Copy): Promise<void> {
    const block = await this.#readSource(blockId);
    const stored = block === undefined ? 0 : await this.#send(blockId, block, targets);
    if (stored === targets.length) this.counters.copiesDone += 1;
    else this.counters.copiesFailed += 1;
  }

  /** The verified local bytes; undefined (after reporting or logging why) when there are none. */
  async #readSource(blockId: string): Promise<StoredBlock | undefined> {
    try {
      const block = await this.#deps.store.read(blockId);
      if (block === undefined) this.#deps.logger.warn({ blockId }, 'block to copy is not here');
      return block;
    } catch (err) {
      const error = toCairnError(err);
      // The namenode copies from another replica once it knows this one is bad.
      if (error.code === 'BLOCK_CORRUPT') this.#deps.onCorrupt(blockId);
      else this.#deps.logger.warn({ blockId, code: error.code, reason: error.message }, 'reading a block to copy failed');
      return undefined;
    }
  }

  /** Sends the block down the targets' pipeline; returns how many of them stored it. */
  async #send(blockId: string, { data, checksum }: StoredBlock, targets: PipelineTarget[]): Promise<number> {
    const [first, ...downstream] = targets;
    assert(first !== undefined, 'replicate commands are accepted only with targets');
    const token = this.#deps.tokens.issue('write', blockId, this.#deps.clock.now() + copyTokenTtlMs);
    try {
      // No x-cairn-node header: the first target checks the SHA-256 like any pipeline head.
      const reply = await this.#deps.peers.write(first.dataAddress, { blockId, data, checksum, token, downstream });
      const stored = targets.filter((target) => reply.stored.includes(target.datanodeId)).length;
      this.counters.bytesCopied += data.length * stored;
      if (reply.failed.length > 0) this.#deps.logger.warn({ blockId, failed: reply.failed }, 'block copy did not reach every target');
      return stored;
    } catch (err) {
      const error = toCairnError(err);
      this.#deps.logger.warn({ blockId, target: first.dataAddress, code: error.code, reason: error.message }, 'block copy failed');
      return 0;
    }
  }

  async #deleteAll(): Promise<void> {
    while (!this.#stopped && this.#deletes.length > 0) {
      const batch = this.#deletes.splice(0, deleteBatchMax);
      await Promise.all(batch.map((blockId) => this.#deleteOne(blockId)));
    }
    if (!this.#stopped) this.#deps.onDeletesDone?.();
  }

  async #deleteOne(blockId: string): Promise<void> {
    try {
      if (await this.#deps.store.delete(blockId)) this.counters.blocksDeleted += 1;
      // Reported even when it was not here: either way the namenode must stop counting it.
      this.#deps.onDeleted(blockId);
    } catch (err) {
      const error = toCairnError(err);
      this.#deps.logger.warn({ blockId, code: error.code, reason: error.message }, 'block delete failed');
    }
  }
}

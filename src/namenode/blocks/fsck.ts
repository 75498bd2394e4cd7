// fsck: the health of the blocks under a path, counted now (not from the monitor's last pass).
// For `/` the counts come from the block map, each stored block once (a block announced by an
// upload whose bytes never arrived is not data yet), and from the inode and revision
// indexes; below `/` they come from walking the tree: every revision of every file under the
// path, a block counted once per reference. Details (per file, newest revision; per block with
// `blocks`) are only gathered when asked. Everything streams: memory does not grow with the
// namespace, only with the details asked for.
import type { FsckBlock } from '../../../proto/gen/cairn/namenode/FsckBlock.js';
import type { FsckFile } from '../../../proto/gen/cairn/namenode/FsckFile.js';
import type { FsckReply } from '../../../proto/gen/cairn/namenode/FsckReply.js';
import type { DatanodeManager } from '../datanodes/datanode-manager.js';
import { childKey, listKey, prefixEnd, u64 } from '../metastore/keys.js';
import type { Metastore } from '../metastore/metastore.js';
import { rootInodeId, type InodeRecord, type RevisionRecord } from '../metastore/records.js';
import { blockHealth, emptyTally, healthPage, tallyBlock, type HealthTally } from './block-health.js';
import type { BlockManager } from './block-manager.js';
import { auditReferences } from './reference-audit.js';

/** Blocks read per page when counting the whole block map. */
const wholeMapPageMax = 1000;

export interface FsckOptions {
  files: boolean;
  blocks: boolean;
  /** Recount every reference of the namespace too (reference-audit.ts). */
  audit?: boolean;
}

interface Counts extends HealthTally {
  files: number;
  revisions: number;
}

export class Fsck {
  readonly #store: Metastore;
  readonly #blocks: BlockManager;
  readonly #datanodes: DatanodeManager;
  readonly #replication: number;
  readonly #scratchDir: string;

  /** `scratchDir`: where the audit may spill its counts (the namenode's data dir). */
  constructor(store: Metastore, blocks: BlockManager, datanodes: DatanodeManager, replication: number, scratchDir: string) {
    this.#scratchDir = scratchDir;
    this.#store = store;
    this.#blocks = blocks;
    this.#datanodes = datanodes;
    this.#replication = replication;
  }

  /** `root` is the resolved inode at `path` (the caller checked it exists and may be read). */
  async run(root: InodeRecord, path: string, options: FsckOptions): Promise<FsckReply> {
    const counts: Counts = { files: 0, revisions: 0, ...emptyTally() };
    const details: FsckFile[] = [];
    if (root.id === rootInodeId && !options.files && !options.blocks) await this.#countWholeMap(counts);
    else await this.#walk(root, path, options, counts, details);
    const nodes = this.#datanodes.countByState();
    const audit = options.audit === true ? await auditReferences(this.#store, this.#scratchDir) : undefined;
    return {
      status: counts.missing > 0 ? 'CORRUPT' : 'HEALTHY', ...counts, details, ...(audit === undefined ? {} : { audit }),
      live: nodes.live, stale: nodes.stale, dead: nodes.dead, decommissioning: nodes.decommissioning,
    };
  }

  async #countWholeMap(counts: Counts): Promise<void> {
    for await (const inode of this.#store.sub.inodes.values()) if (inode.type === 'file' && inode.revision > 0) counts.files += 1;
    for await (const _key of this.#store.sub.revisions.keys()) counts.revisions += 1;
    const deps = { store: this.#store, replicas: this.#blocks.replicas, datanodes: this.#datanodes, replication: this.#replication };
    for (let after: Buffer | undefined, more = true; more;) {
      const page = await healthPage(deps, after, wholeMapPageMax);
      for (const { health } of page.blocks) tallyBlock(counts, health);
      ({ last: after, more } = page);
    }
  }

  /** Depth first, one folder iterator open per level. */
  async #walk(inode: InodeRecord, path: string, options: FsckOptions, counts: Counts, details: FsckFile[]): Promise<void> {
    if (inode.type === 'file') {
      await this.#file(inode, path, options, counts, details);
      return;
    }
    const prefix = childKey(inode.id, '');
    for await (const childId of this.#store.sub.children.values({ gte: prefix, lt: prefixEnd(prefix) })) {
      const child = await this.#store.get('inodes', u64(childId));
      if (child !== undefined) await this.#walk(child, path === '/' ? `/${child.name}` : `${path}/${child.name}`, options, counts, details);
    }
  }

  async #file(inode: InodeRecord, path: string, options: FsckOptions, counts: Counts, details: FsckFile[]): Promise<void> {
    if (inode.revision === 0) return;
    counts.files += 1;
    const prefix = u64(inode.id);
    for await (const revision of this.#store.sub.revisions.values({ gte: prefix, lt: prefixEnd(prefix) })) {
      counts.revisions += 1;
      const newest = revision.number === inode.revision;
      const mine: Counts | undefined = newest && (options.files || options.blocks) ? { files: 1, revisions: 1, ...emptyTally() } : undefined;
      const blockList: FsckBlock[] = [];
      await this.#revisionBlocks(revision, async (id, offset, size) => {
        const block = await this.#countBlock(id, counts, mine);
        if (mine !== undefined && options.blocks) blockList.push({ ...block, offset, size });
      });
      if (mine !== undefined) {
        details.push({
          path, revision: revision.number, size: revision.size, blocks: mine.blocks, underReplicated: mine.underReplicated, missing: mine.missing,
          corruptReplicas: mine.corruptReplicas, status: mine.missing > 0 ? 'CORRUPT' : 'HEALTHY', blockList,
        });
      }
    }
  }

  async #revisionBlocks(revision: RevisionRecord, each: (id: string, offset: number, size: number) => Promise<void>): Promise<void> {
    const prefix = listKey(revision.listId);
    for await (const [key, [id, size]] of this.#store.sub.listEntries.iterator({ gte: prefix, lt: prefixEnd(prefix) })) {
      await each(id, Number(key.readBigUInt64BE(prefix.length)), size);
    }
  }

  async #countBlock(id: string, ...into: Array<Counts | undefined>): Promise<Omit<FsckBlock, 'offset' | 'size'>> {
    const health = blockHealth(await this.#blocks.replicas.of(id), this.#datanodes, this.#replication);
    for (const counts of into) if (counts !== undefined) tallyBlock(counts, health);
    const locations = [...health.live, ...health.decommissioning].map((nodeId) => this.#datanodes.get(nodeId)?.address ?? nodeId);
    return {
      id, live: health.live.length, decommissioning: health.decommissioning.length, corrupt: health.corrupt.length, state: health.condition, locations,
    };
  }
}

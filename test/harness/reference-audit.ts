// Recounts, from a stopped namenode's metastore, every reference the namespace holds and compares
// it with the stored counts: each list entry holds one reference to its block (in `blocks` and in
// its list owner's `userBlocks`), and each list is held by the revisions, open uploads and parts
// that name it. Returns every disagreement (none is the only right answer) and the blocks nothing
// references any more.
import { listKey, prefixEnd, readU64 } from '../../src/namenode/metastore/keys.js';
import type { Metastore } from '../../src/namenode/metastore/metastore.js';

export interface ReferenceAudit {
  drift: string[];
  /** Blocks whose count is 0: released, waiting for the garbage collector. */
  unreferenced: Set<string>;
  lists: number;
}

export async function auditReferences(store: Metastore): Promise<ReferenceAudit> {
  const drift: string[] = [];
  const listHolders = new Map<string, number>();
  const hold = (listId: string) => listHolders.set(listId, (listHolders.get(listId) ?? 0) + 1);
  for await (const revision of store.sub.revisions.values()) hold(revision.listId);
  for await (const upload of store.sub.uploads.values()) hold(upload.uploadId);
  for await (const part of store.sub.parts.values()) hold(part.listId);

  const blockRefs = new Map<string, number>();
  const userRefs = new Map<string, number>();
  let lists = 0;
  for await (const [key, list] of store.sub.lists.iterator()) {
    lists += 1;
    const listId = key.toString('hex');
    if ((listHolders.get(listId) ?? 0) !== list.refs) drift.push(`list ${listId}: ${list.refs} refs stored, ${listHolders.get(listId) ?? 0} holders`);
    listHolders.delete(listId);
    for await (const [, [blockId]] of store.sub.listEntries.iterator({ gte: listKey(listId), lt: prefixEnd(listKey(listId)) })) {
      blockRefs.set(blockId, (blockRefs.get(blockId) ?? 0) + 1);
      const scoped = `${list.ownerId}:${blockId}`;
      userRefs.set(scoped, (userRefs.get(scoped) ?? 0) + 1);
    }
  }
  for (const listId of listHolders.keys()) drift.push(`list ${listId} is named but missing`);
  const unreferenced = new Set<string>();
  for await (const [key, block] of store.sub.blocks.iterator()) {
    const id = key.toString('hex');
    if ((blockRefs.get(id) ?? 0) !== block.refs) drift.push(`block ${id}: ${block.refs} refs stored, ${blockRefs.get(id) ?? 0} entries`);
    if (block.refs === 0) unreferenced.add(id);
    blockRefs.delete(id);
  }
  for (const id of blockRefs.keys()) drift.push(`block ${id} is listed but has no record`);
  for await (const [key, scoped] of store.sub.userBlocks.iterator()) {
    const id = `${readU64(key)}:${key.subarray(8).toString('hex')}`;
    if ((userRefs.get(id) ?? 0) !== scoped.refs) drift.push(`user block ${id}: ${scoped.refs} refs stored, ${userRefs.get(id) ?? 0} entries`);
    userRefs.delete(id);
  }
  for (const id of userRefs.keys()) drift.push(`user block ${id} has no record`);
  return { drift, unreferenced, lists };
}

// The block side of `apply` (DESIGN §4, block manager): reference counts and the garbage
// collector's states. A block's count is the number of list entries naming it; each reference is
// also counted in its list owner's dedup scope (`userBlocks`, DESIGN §7). A block whose count
// reaches 0 enters the `collectable` index, and leaves it in the same edit that references it
// again, so the collector only ever looks at blocks nothing references:
//
//   live, refs 0 ──gcGraceMs──▶ condemned ──gcGraceMs──▶ deleting ──replicas gone──▶ (forgotten)
//        ▲                          │
//        └────── a reference ───────┘      (a deleting block takes no reference: see FileService)
//
// Each step is an edit carrying the block ids the collector chose; applying it moves a block only
// if its state still allows it, so a reference that arrived in between always wins.
import { assert } from '../../common/assert.js';
import type { EditOf } from '../journal/edits.js';
import type { Tx } from '../journal/tx.js';
import { blockKey, collectableKey, userBlockKey } from '../metastore/keys.js';
import type { BlockRecord } from '../metastore/records.js';

export async function referenceBlock(tx: Tx, ownerId: number, blockId: string, size: number, at: number): Promise<void> {
  const block = await tx.get('blocks', blockKey(blockId));
  if (block === undefined) {
    tx.put('blocks', blockKey(blockId), { size, refs: 1, state: 'live', since: at, stored: false });
  } else {
    assert(block.state !== 'deleting', `block ${blockId} being deleted takes no reference`);
    if (block.refs === 0) tx.del('collectable', collectableKey(block.state, block.since, blockId));
    tx.put('blocks', blockKey(blockId), { ...block, refs: block.refs + 1, state: 'live', since: block.state === 'live' ? block.since : at });
  }
  const scoped = await tx.get('userBlocks', userBlockKey(ownerId, blockId));
  tx.put('userBlocks', userBlockKey(ownerId, blockId), { refs: (scoped?.refs ?? 0) + 1, proven: scoped?.proven ?? false });
}

export async function releaseBlock(tx: Tx, ownerId: number, blockId: string, at: number): Promise<void> {
  const block = await tx.get('blocks', blockKey(blockId));
  assert(block !== undefined && block.refs > 0, `released block ${blockId} is referenced`);
  if (block.refs === 1) {
    tx.put('blocks', blockKey(blockId), { ...block, refs: 0, state: 'live', since: at });
    tx.put('collectable', collectableKey('live', at, blockId), true);
  } else {
    tx.put('blocks', blockKey(blockId), { ...block, refs: block.refs - 1 });
  }
  const scoped = await tx.get('userBlocks', userBlockKey(ownerId, blockId));
  assert(scoped !== undefined && scoped.refs > 0, `user ${ownerId} references block ${blockId}`);
  if (scoped.refs === 1) tx.del('userBlocks', userBlockKey(ownerId, blockId));
  else tx.put('userBlocks', userBlockKey(ownerId, blockId), { ...scoped, refs: scoped.refs - 1 });
}

type GcEdit = EditOf<'CondemnBlocks'> | EditOf<'DeleteBlocks'> | EditOf<'ForgetBlocks'>;

const stepFrom = { CondemnBlocks: 'live', DeleteBlocks: 'condemned', ForgetBlocks: 'deleting' } as const;
const stepTo = { CondemnBlocks: 'condemned', DeleteBlocks: 'deleting', ForgetBlocks: undefined } as const;

/** One collector step for each named block still unreferenced in the step's starting state. */
export async function applyGcStep(edit: GcEdit, tx: Tx): Promise<void> {
  const from = stepFrom[edit.type];
  const to = stepTo[edit.type];
  for (const blockId of edit.blockIds) {
    const block: BlockRecord | undefined = await tx.get('blocks', blockKey(blockId));
    if (block === undefined || block.refs > 0 || block.state !== from) continue;
    tx.del('collectable', collectableKey(from, block.since, blockId));
    if (to === undefined) {
      tx.del('blocks', blockKey(blockId));
    } else {
      tx.put('blocks', blockKey(blockId), { ...block, state: to, since: edit.at });
      tx.put('collectable', collectableKey(to, edit.at, blockId), true);
    }
  }
}

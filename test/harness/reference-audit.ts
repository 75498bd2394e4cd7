// The namenode's own reference audit (`fsck --audit`, src/namenode/blocks/reference-audit.ts) run
// on a stopped namenode's metastore, plus the set of blocks nothing references, for tests that
// look at what the collector will get.
import { tmpdir } from 'node:os';
import { auditReferences as audit } from '../../src/namenode/blocks/reference-audit.js';
import type { Metastore } from '../../src/namenode/metastore/metastore.js';

export interface ReferenceAudit {
  drift: string[];
  /** Blocks whose count is 0: released, waiting for (or in the hands of) the garbage collector. */
  unreferenced: Set<string>;
  lists: number;
}

export async function auditReferences(store: Metastore): Promise<ReferenceAudit> {
  const result = await audit(store, tmpdir());
  const unreferenced = new Set<string>();
  for await (const [key, block] of store.sub.blocks.iterator()) if (block.refs === 0) unreferenced.add(key.toString('hex'));
  return { drift: result.drift, unreferenced, lists: result.lists };
}

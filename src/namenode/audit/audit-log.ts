// The audit log (issue 7, item 5): who changed users, credentials and grants. Those changes are
// edits already; applying one of them also writes an audit record keyed by its txid (`audit`),
// with the names of the actor and the subject as they were then, and one index entry per name
// involved (`auditByUser`), so `cairn admin audit --user NAME` reads one range — a removed user's
// records included. Both sublevels are replicated state (HA snapshots copy them) and grow with
// the number of such edits, which are rare admin actions. No record holds a secret or a token hash.
import { assert } from '../../common/assert.js';
import { CairnError } from '../../common/errors.js';
import type { Edit } from '../journal/edits.js';
import type { Tx } from '../journal/tx.js';
import { auditUserKey, auditUserPrefix, prefixEnd, readU64, u64 } from '../metastore/keys.js';
import type { Metastore } from '../metastore/metastore.js';
import type { AuditRecord } from '../metastore/records.js';

/** Records one audit page holds at most. */
export const auditPageMax = 1000;

export interface AuditEntry extends AuditRecord {
  txid: number;
}

/** Part of applying `edit` (before its own change, so that a removed user's name is still there): its audit record, if it is audited. */
export async function recordAudit(edit: Edit, txid: number, tx: Tx): Promise<void> {
  const record = await auditRecordOf(edit, tx);
  if (record === undefined) return;
  tx.put('audit', u64(txid), record);
  tx.put('auditByUser', auditUserKey(record.user.name, txid), true);
  if (record.by !== null && record.by.name !== record.user.name) tx.put('auditByUser', auditUserKey(record.by.name, txid), true);
}

async function auditRecordOf(edit: Edit, tx: Tx): Promise<AuditRecord | undefined> {
  const base = async (action: AuditRecord['action'], by: number | undefined, userId: number) => ({
    at: edit.at, action, by: by === undefined ? null : await userRef(tx, by), user: await userRef(tx, userId),
  });
  switch (edit.type) {
    case 'UserAdd': {
      const { user } = edit;
      return {
        at: edit.at, action: 'user.add', by: edit.by === undefined ? null : await userRef(tx, edit.by), user: { id: user.id, name: user.name },
        tier: user.tier, quotaBytes: user.quotaBytes, ...(edit.s3 ? { accessKeyId: edit.s3.accessKeyId } : {}),
      };
    }
    case 'UserRemove': return { ...(await base('user.remove', edit.by, edit.userId)), items: edit.items.length };
    case 'UserQuota': return { ...(await base('user.quota', edit.by, edit.userId)), quotaBytes: edit.quotaBytes };
    case 'TokenAdd': return base('token.issue', edit.by, edit.userId);
    case 'TokensRevoke': return { ...(await base('tokens.revoke', edit.by, edit.userId)), tokens: edit.tokenHashes.length };
    case 'KeyAdd': return { ...(await base('key.add', edit.by, edit.userId)), accessKeyId: edit.accessKeyId };
    case 'KeyRevoke': return { ...(await base('key.revoke', edit.by, edit.userId)), accessKeyId: edit.accessKeyId };
    case 'Share': return { ...(await base('share', edit.by, edit.userId)), role: edit.role, path: edit.path };
    case 'Unshare': return { ...(await base('unshare', edit.by, edit.userId)), path: edit.path };
    default: return undefined;
  }
}

/** A user's id and name as the transaction sees them; a user gone already is named by its id. */
async function userRef(tx: Tx, id: number): Promise<{ id: number; name: string }> {
  const user = await tx.get('users', u64(id));
  return { id, name: user?.name ?? `#${id}` };
}

/**
 * Up to `limit` audit records after txid `afterTxid`, oldest first: all of them, or those where
 * `user` is the actor or the subject (by name: a removed user's records stay listed under it,
 * and a name given again lists the records of both users). An unknown name is NOT_FOUND.
 */
export async function auditPage(store: Metastore, user: string, afterTxid: number, limit: number): Promise<AuditEntry[]> {
  if (!Number.isSafeInteger(afterTxid) || afterTxid < 0) throw new CairnError('INVALID_ARGUMENT', `bad txid ${afterTxid}`);
  const count = limit <= 0 ? auditPageMax : Math.min(limit, auditPageMax);
  if (user === '') {
    const entries = await store.sub.audit.iterator({ gt: u64(afterTxid), limit: count }).all();
    return entries.map(([key, record]) => ({ txid: readU64(key), ...record }));
  }
  const prefix = auditUserPrefix(user);
  const keys = await store.sub.auditByUser.keys({ gt: auditUserKey(user, afterTxid), lt: prefixEnd(prefix), limit: count }).all();
  if (keys.length === 0 && afterTxid === 0 && (await store.get('userNames', user)) === undefined) {
    throw new CairnError('NOT_FOUND', `no user ${JSON.stringify(user.slice(0, 80))}, now or in the audit log`);
  }
  const txids = keys.map((key) => readU64(key, prefix.length));
  const records = await store.sub.audit.getMany(txids.map((txid) => u64(txid)));
  return txids.map((txid, i) => {
    const record = records[i];
    assert(record !== undefined, `indexed audit record ${txid} exists`); // written in one batch with its index entries
    return { txid, ...record };
  });
}

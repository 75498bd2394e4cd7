// The pure apply of credential edits and of a user's removal (apply.ts dispatches here): token revocation (with the
// token that replaces them), S3 key pairs added and revoked. Like every apply it trusts the edit:
// UserService already checked the user, the keys and the caller.
import { assert } from '../../common/assert.js';
import type { EditOf } from '../journal/edits.js';
import type { Tx } from '../journal/tx.js';
import { u64 } from '../metastore/keys.js';
import { dropGrantsTo } from '../namespace/apply-shares.js';

type CredentialEdit = EditOf<'TokensRevoke'> | EditOf<'KeyAdd'> | EditOf<'KeyRevoke'>;

export function applyCredentialEdit(edit: CredentialEdit, tx: Tx): void {
  switch (edit.type) {
    case 'TokensRevoke':
      for (const hash of edit.tokenHashes) tx.del('credentials', `t:${hash}`);
      tx.put('credentials', `t:${edit.tokenHash}`, { userId: edit.userId, kind: 'token', createdAt: edit.at });
      return;
    case 'KeyAdd':
      tx.put('credentials', `k:${edit.accessKeyId}`, { userId: edit.userId, kind: 's3', secret: edit.secret, createdAt: edit.at });
      return;
    case 'KeyRevoke':
      tx.del('credentials', `k:${edit.accessKeyId}`);
  }
}

/**
 * The user-side of a UserRemove (apply.ts moves their items first): the user, their name, every
 * token and S3 key the service found, and every grant given to them go. What their lists hold
 * stays counted in their dedup scope (`userBlocks`) until the lists are released.
 */
export async function applyUserRemoval(edit: EditOf<'UserRemove'>, tx: Tx): Promise<void> {
  const user = await tx.get('users', u64(edit.userId));
  assert(user !== undefined, `removed user ${edit.userId} exists`);
  tx.del('users', u64(user.id));
  tx.del('userNames', user.name);
  for (const hash of edit.tokenHashes) tx.del('credentials', `t:${hash}`);
  for (const accessKeyId of edit.accessKeyIds) tx.del('credentials', `k:${accessKeyId}`);
  await dropGrantsTo(tx, user.id);
}

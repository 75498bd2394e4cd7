// The pure apply of credential edits (apply.ts dispatches here): token revocation (with the
// token that replaces them), S3 key pairs added and revoked. Like every apply it trusts the edit:
// UserService already checked the user, the keys and the caller.
import type { EditOf } from '../journal/edits.js';
import type { Tx } from '../journal/tx.js';

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

// Block tokens (DESIGN §9): the namenode authorises a read or write of one block for a short
// time; datanodes check the token with a key derived from the shared cluster secret, so they
// never ask the namenode. A token is `op.expiresAtMs.scope.mac`, the MAC covering op, block,
// expiry and scope. For writes the scope is the upload session: a datanode that stored the
// verified bytes reports them against that session, which is how a user proves possession of
// content (DESIGN §7) without the namenode ever trusting the client's word.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { CairnError } from './errors.js';

export type BlockOp = 'read' | 'write';

const scopePattern = /^[0-9a-f]{0,32}$/;

export class BlockTokenKey {
  readonly #key: Buffer;

  constructor(clusterSecret: string) {
    this.#key = createHmac('sha256', clusterSecret).update('cairn block token key v1').digest();
  }

  issue(op: BlockOp, blockId: string, expiresAtMs: number, scope = ''): string {
    if (!scopePattern.test(scope)) throw new Error('assertion failed: token scope must be hex');
    return `${op}.${expiresAtMs}.${scope}.${this.#mac(op, blockId, expiresAtMs, scope).toString('base64url')}`;
  }

  /** Returns the token's scope; throws INVALID_BLOCK_TOKEN unless it allows `op` on `blockId` at `nowMs`. */
  verify(token: string, op: BlockOp, blockId: string, nowMs: number): string {
    const parts = typeof token === 'string' ? token.split('.') : [];
    const [tokenOp, expiresText, scope, macText] = parts;
    const expiresAtMs = Number(expiresText);
    if (parts.length !== 4 || tokenOp !== op || !Number.isSafeInteger(expiresAtMs) || scope === undefined || !scopePattern.test(scope) || macText === undefined) {
      throw new CairnError('INVALID_BLOCK_TOKEN', `block token does not allow ${op}`);
    }
    // The MAC's text is compared, not its decoding: base64 ignores the spare bits of the last
    // character, so several texts decode to the same bytes and a changed token would pass.
    const given = Buffer.from(macText);
    const expected = Buffer.from(this.#mac(op, blockId, expiresAtMs, scope).toString('base64url'));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new CairnError('INVALID_BLOCK_TOKEN', `block token does not match block ${blockId.slice(0, 12)}…`);
    }
    if (expiresAtMs < nowMs) throw new CairnError('INVALID_BLOCK_TOKEN', 'block token expired');
    return scope;
  }

  #mac(op: BlockOp, blockId: string, expiresAtMs: number, scope: string): Buffer {
    return createHmac('sha256', this.#key).update(`${op}\n${blockId}\n${expiresAtMs}\n${scope}`).digest().subarray(0, 16);
  }
}

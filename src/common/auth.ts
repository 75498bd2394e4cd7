// Credentials on the wire. Users send `authorization: Bearer <token>`; the namenode stores only
// SHA-256 of tokens (they are 256-bit random, so a slow hash adds nothing). Nodes of one cluster
// sign `x-cairn-node: <nodeId>.<timeMs>.<mac>` with the shared cluster secret.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { clusterAuthSkewMs } from './constants.js';
import { CairnError } from './errors.js';
import { newSecret } from './ids.js';

export const userTokenPrefix = 'cn1_';

export function newUserToken(): string {
  return `${userTokenPrefix}${newSecret(32)}`;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function signNodeHeader(clusterSecret: string, nodeId: string, nowMs: number): string {
  return `${nodeId}.${nowMs}.${nodeMac(clusterSecret, nodeId, nowMs)}`;
}

/** Returns the node id of a correctly signed, fresh header; throws UNAUTHENTICATED otherwise. */
export function verifyNodeHeader(clusterSecret: string, header: string, nowMs: number): string {
  const lastDot = header.lastIndexOf('.');
  const secondDot = header.lastIndexOf('.', lastDot - 1);
  const nodeId = header.slice(0, secondDot);
  const timeMs = Number(header.slice(secondDot + 1, lastDot));
  const given = Buffer.from(header.slice(lastDot + 1), 'base64url');
  const expected = Buffer.from(nodeMac(clusterSecret, nodeId, timeMs), 'base64url');
  if (secondDot <= 0 || !Number.isSafeInteger(timeMs) || given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new CairnError('UNAUTHENTICATED', 'bad cluster signature');
  }
  if (Math.abs(nowMs - timeMs) > clusterAuthSkewMs) throw new CairnError('UNAUTHENTICATED', 'cluster signature outside the clock-skew window');
  return nodeId;
}

function nodeMac(clusterSecret: string, nodeId: string, timeMs: number): string {
  return createHmac('sha256', clusterSecret).update(`cairn node\n${nodeId}\n${timeMs}`).digest('base64url');
}

// Credentials on the wire. Users send `authorization: Bearer <token>`; the namenode stores only
// SHA-256 of tokens (they are 256-bit random, so a slow hash adds nothing). Nodes of one cluster
// sign `x-cairn-node: <nodeId>.<timeMs>.<mac>` with the shared cluster secret. A gateway acting
// for an S3 user gets a short-lived session token from the namenode (`cs1_…`, below).
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
  // MAC texts are compared, not their decodings: base64 ignores the spare bits of the last character.
  const given = Buffer.from(header.slice(lastDot + 1));
  const expected = Buffer.from(nodeMac(clusterSecret, nodeId, timeMs));
  if (secondDot <= 0 || !Number.isSafeInteger(timeMs) || given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new CairnError('UNAUTHENTICATED', 'bad cluster signature');
  }
  if (Math.abs(nowMs - timeMs) > clusterAuthSkewMs) throw new CairnError('UNAUTHENTICATED', 'cluster signature outside the clock-skew window');
  return nodeId;
}

function nodeMac(clusterSecret: string, nodeId: string, timeMs: number): string {
  return createHmac('sha256', clusterSecret).update(`cairn node\n${nodeId}\n${timeMs}`).digest('base64url');
}

export const sessionTokenPrefix = 'cs1_';

/**
 * A short-lived user session minted by the namenode for a gateway acting for that user (after
 * the user's SigV4 signature checked out): `cs1_<userId>.<expiresAtMs>.<mac>`, verified with the
 * cluster secret alone, so it needs no storage and dies by itself. Given the access key the
 * signature used, the token names it (`…<mac>.<accessKeyId>`, covered by the MAC) so that the
 * namenode can refuse the session as soon as that key is revoked.
 */
export function signSessionToken(clusterSecret: string, userId: number, expiresAtMs: number, accessKeyId = ''): string {
  const keyPart = accessKeyId === '' ? '' : `.${accessKeyId}`;
  return `${sessionTokenPrefix}${userId}.${expiresAtMs}.${sessionMac(clusterSecret, userId, expiresAtMs, accessKeyId)}${keyPart}`;
}

/** The user id of a correctly signed, unexpired session token; throws UNAUTHENTICATED otherwise. */
export function verifySessionToken(clusterSecret: string, token: string, nowMs: number): number {
  return verifySession(clusterSecret, token, nowMs).userId;
}

/** The user and access key ('' when none) of a correctly signed, unexpired session token; throws UNAUTHENTICATED otherwise. */
export function verifySession(clusterSecret: string, token: string, nowMs: number): { userId: number; accessKeyId: string } {
  const parts = token.slice(sessionTokenPrefix.length).split('.');
  const [userPart, expiresPart, mac, accessKeyId = ''] = parts;
  const userId = Number(userPart);
  const expiresAtMs = Number(expiresPart);
  const given = Buffer.from(mac ?? ''); // the text, as for node headers
  const valid = token.startsWith(sessionTokenPrefix) && parts.length <= 4 && Number.isSafeInteger(userId) && Number.isSafeInteger(expiresAtMs);
  const expected = valid ? Buffer.from(sessionMac(clusterSecret, userId, expiresAtMs, accessKeyId)) : Buffer.alloc(0);
  if (!valid || given.length !== expected.length || !timingSafeEqual(given, expected)) throw new CairnError('UNAUTHENTICATED', 'bad session token');
  if (nowMs >= expiresAtMs) throw new CairnError('UNAUTHENTICATED', 'session token expired');
  return { userId, accessKeyId };
}

function sessionMac(clusterSecret: string, userId: number, expiresAtMs: number, accessKeyId: string): string {
  const keyLine = accessKeyId === '' ? '' : `\n${accessKeyId}`;
  return createHmac('sha256', clusterSecret).update(`cairn session\n${userId}\n${expiresAtMs}${keyLine}`).digest('base64url');
}

/**
 * SigV4's signing key for one day, region and service: HMAC chain from the secret. The namenode
 * derives it and hands only this scoped key to a gateway, never the secret itself.
 */
export function deriveSigningKey(secret: string, date: string, region: string, service: string): Buffer {
  const dateKey = createHmac('sha256', `AWS4${secret}`).update(date).digest();
  const regionKey = createHmac('sha256', dateKey).update(region).digest();
  const serviceKey = createHmac('sha256', regionKey).update(service).digest();
  return createHmac('sha256', serviceKey).update('aws4_request').digest();
}

// Random identifiers that leave the process: upload ids, datanode ids, cluster ids, secrets.
import { randomBytes, randomUUID } from 'node:crypto';

export function newClusterId(): string {
  return `CID-${randomUUID()}`;
}

export function newDatanodeId(): string {
  return `DN-${randomUUID()}`;
}

/** 16 hex digits: upload sessions and block lists. */
export function newUploadId(): string {
  return randomBytes(8).toString('hex');
}

export function newSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

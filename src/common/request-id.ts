// Client request ids (DESIGN §4, High availability). Every mutating call a client makes carries a
// random 128-bit id in the `x-cairn-request-id` metadata, the same on every retry of that call. On
// the server, the handler of such a call runs inside a request scope (set up where gRPC handlers
// are wrapped, grpc.ts `unary`), and the namenode's edit log tags the n-th edit the call submits
// `<id>#<n>` (retry-cache.ts): a retry, whose n-th submit carries the same tag, is answered with the
// edit its first attempt made instead of applying anything again.
//
// The scope ends when the handler settles: work the handler merely set off (a timer, a background
// round) submits untagged edits, never ones that could be mistaken for the call's own.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import { CairnError } from './errors.js';

export const requestIdHeader = 'x-cairn-request-id';

/** 128 bits, hex. */
const requestIdPattern = /^[0-9a-f]{32}$/;

export function newRequestId(): string {
  return randomBytes(16).toString('hex');
}

interface RequestScope {
  readonly id: string;
  submits: number;
  ended: boolean;
}

const scopes = new AsyncLocalStorage<RequestScope | undefined>();

/**
 * Runs a handler in the scope of request `id` (none when the call carries none). A malformed id
 * is refused with INVALID_ARGUMENT before the handler runs: it must never tag anything.
 */
export async function inRequest<T>(id: unknown, handler: () => Promise<T>): Promise<T> {
  if (id === undefined) return scopes.run(undefined, handler);
  if (typeof id !== 'string' || !requestIdPattern.test(id)) throw new CairnError('INVALID_ARGUMENT', `${requestIdHeader} must be 32 lowercase hex digits`);
  const scope: RequestScope = { id, submits: 0, ended: false };
  try {
    return await scopes.run(scope, handler);
  } finally {
    scope.ended = true;
  }
}

/** Runs `fn` as work of no request: what it submits is never tagged (commands that are idempotent by nature). */
export function outsideRequest<T>(fn: () => T): T {
  return scopes.run(undefined, fn);
}

function liveScope(): RequestScope | undefined {
  const scope = scopes.getStore();
  return scope === undefined || scope.ended ? undefined : scope;
}

/** The tag of the current request's next edit, counting it as submitted; undefined outside a request. */
export function takeRequestTag(): string | undefined {
  const scope = liveScope();
  if (scope === undefined) return undefined;
  scope.submits += 1;
  return `${scope.id}#${scope.submits}`;
}

/** The tag the current request's next edit (or the one `ahead` after it) will carry, without counting it. */
export function peekRequestTag(ahead = 0): string | undefined {
  const scope = liveScope();
  return scope === undefined ? undefined : `${scope.id}#${scope.submits + 1 + ahead}`;
}

// A short memory of what a user's session found to exist (a bucket, a folder), so a burst of
// requests checks it once instead of once per request. Entries live `ttlMs`; a stale one is
// harmless — whatever then fails is still refused by the namenode — only its error is less precise.
import type { UserSession } from './sessions.js';

export class RecentlySeen {
  readonly #ttlMs: number;
  readonly #max: number;
  readonly #seen = new WeakMap<UserSession, Map<string, number>>();

  constructor(ttlMs: number, max: number) {
    this.#ttlMs = ttlMs;
    this.#max = max;
  }

  has(session: UserSession, key: string, nowMs: number): boolean {
    return (this.#seen.get(session)?.get(key) ?? -Infinity) > nowMs - this.#ttlMs;
  }

  add(session: UserSession, key: string, nowMs: number): void {
    const seen = this.#seen.get(session) ?? new Map<string, number>();
    if (seen.size >= this.#max) seen.clear();
    seen.set(key, nowMs);
    this.#seen.set(session, seen);
  }

  forget(session: UserSession, key: string): void {
    this.#seen.get(session)?.delete(key);
  }
}

// The retry cache (DESIGN §4, High availability): a mutating call retried after its reply was lost
// — typically on a new active after failover — is answered, not applied again.
//
// The n-th edit a call with a client request id submits carries the tag `<id>#<n>`
// (request-id.ts). Applying a tagged edit remembers the tag (`requests`: tag → txid, time) in the
// same transaction, so a standby learns it from the replicated journal exactly when it learns the
// edit, and a new active answers retries of calls its predecessor applied. A submit whose tag is
// remembered runs no prepare step and applies nothing: the edit log resolves it with the original
// journal record, so the service builds its reply as the first time.
//
// Entries expire `retryCacheMs` after their edit, through `ForgetRequests` edits made by a
// background round on the active: every namenode forgets the same ones at the same txid. The
// journal must keep every record from `oldestRememberedTxid` on (the journal trimmer's floor).
import { BackgroundRound, quarterPeriodMs } from '../../common/background-round.js';
import type { Clock } from '../../common/clock.js';
import { CairnError } from '../../common/errors.js';
import type { Logger } from '../../common/logger.js';
import { peekRequestTag } from '../../common/request-id.js';
import type { Safemode } from '../blocks/safemode.js';
import { readU64, requestTxidKey, u64 } from '../metastore/keys.js';
import type { Metastore } from '../metastore/metastore.js';
import type { EditLog } from './edit-log.js';
import type { Edit, EditOf, EditType, JournalFields } from './edits.js';
import { committedReader, type Tx, type TxReader } from './tx.js';

export type LoggedEdit = Edit & JournalFields;

/** Requests one ForgetRequests edit forgets at most. */
export const forgetPerEditMax = 1024;
/** Edits of one call `replayOf` looks through for the one it wants. */
const replayScanMax = 8;
/** ForgetRequests edits one expiry round submits at most; the next round goes on. */
const forgetEditsPerRoundMax = 16;
const roundIntervalMinMs = 100;
const roundIntervalMaxMs = 60_000;

/** Part of applying a tagged edit: its request is remembered. */
export function rememberRequest(tx: Tx, tag: string, txid: number, at: number): void {
  tx.put('requests', tag, { txid, at });
  tx.put('requestsByTxid', requestTxidKey(txid, tag), at);
}

export function applyForgetRequests(edit: EditOf<'ForgetRequests'>, tx: Tx): void {
  for (const [txid, tag] of edit.requests) {
    tx.del('requests', tag);
    tx.del('requestsByTxid', requestTxidKey(txid, tag));
  }
}

/** The journal record of the edit request `tag` made, as `reader` sees it; undefined when none is remembered. */
export async function recordedEdit(reader: TxReader, tag: string): Promise<LoggedEdit | undefined> {
  const entry = await reader.get('requests', tag);
  if (entry === undefined) return undefined;
  const record = (await reader.get('journal', u64(entry.txid))) as LoggedEdit | undefined;
  // The journal trimmer keeps every record from oldestRememberedTxid on: a gap is a bug, not a retry to apply twice.
  if (record === undefined || record.request !== tag) throw new CairnError('INTERNAL', `journal record ${entry.txid} of request ${tag} is gone`);
  return record;
}

/**
 * For a service whose checks ahead of the submit would fail once the call has been applied (the
 * upload it commits is closed): the durable edit of type `type` that one of the current request's
 * next submits will be answered with, if any (a commit may follow a TrimUpload of the same call).
 * The service then skips those checks and replies from it.
 */
export async function replayOf<T extends EditType>(store: Metastore, type: T): Promise<(EditOf<T> & JournalFields) | undefined> {
  const reader = committedReader(store);
  for (let ahead = 0; ahead < replayScanMax; ahead++) {
    const tag = peekRequestTag(ahead);
    const edit = tag === undefined ? undefined : await recordedEdit(reader, tag);
    if (edit === undefined) return undefined;
    if (edit.type === type) return edit as EditOf<T> & JournalFields;
  }
  return undefined;
}

/** The smallest txid a remembered request refers to: the journal keeps every record from there on. Undefined when none is. */
export async function oldestRememberedTxid(store: Metastore): Promise<number | undefined> {
  const [first] = await store.sub.requestsByTxid.keys({ limit: 1 }).all();
  return first === undefined ? undefined : readU64(first);
}

/** The background round that forgets requests older than `retryCacheMs`, oldest first. */
export class RequestExpiry {
  readonly #store: Metastore;
  readonly #log: EditLog;
  readonly #clock: Clock;
  readonly #retryCacheMs: number;
  readonly #rounds: BackgroundRound<number>;

  constructor(deps: { store: Metastore; log: EditLog; safemode: Safemode; clock: Clock; logger: Logger }, retryCacheMs: number) {
    this.#store = deps.store;
    this.#log = deps.log;
    this.#clock = deps.clock;
    this.#retryCacheMs = retryCacheMs;
    this.#rounds = new BackgroundRound({
      what: 'forgetting expired client requests', logger: deps.logger.child({ component: 'retry-cache' }),
      intervalMs: quarterPeriodMs(retryCacheMs, roundIntervalMinMs, roundIntervalMaxMs),
      holdOff: () => deps.safemode.on, none: () => 0, round: () => this.#expire(),
    });
  }

  start(): void {
    this.#rounds.start();
  }

  stop(): Promise<void> {
    return this.#rounds.stop();
  }

  /** One round: how many requests it forgot. */
  tick(): Promise<number> {
    return this.#rounds.tick();
  }

  async #expire(): Promise<number> {
    const cutoff = this.#clock.now() - this.#retryCacheMs;
    let forgotten = 0;
    for (let edits = 0; edits < forgetEditsPerRoundMax; edits++) {
      const due: Array<[number, string]> = [];
      for await (const [key, at] of this.#store.sub.requestsByTxid.iterator({ limit: forgetPerEditMax })) {
        if (at > cutoff) break;
        due.push([readU64(key), key.subarray(8).toString('utf8')]);
      }
      if (due.length === 0) break;
      // Only this round forgets, one round at a time: what it read is still there.
      await this.#log.submit(async () => ({ type: 'ForgetRequests' as const, at: this.#clock.now(), requests: due }));
      forgotten += due.length;
      if (due.length < forgetPerEditMax) break;
    }
    return forgotten;
  }
}

// JournalService: what namenodes of one group ask each other (DESIGN §4, High availability) —
// promises and batches for the quorum journal, journal reads and snapshots for catching up, and
// each one's state for `admin ha status`. Every call must be signed by a member (`namenode:` ids).
import { once } from 'node:events';
import type * as grpc from '@grpc/grpc-js';
import type { JournalServiceHandlers } from '../../../proto/gen/cairn/namenode/JournalService.js';
import { verifyNodeHeader } from '../../common/auth.js';
import type { Clock } from '../../common/clock.js';
import { CairnError, toCairnError } from '../../common/errors.js';
import { toServiceError, unary } from '../../common/grpc.js';
import type { Logger } from '../../common/logger.js';
import type { Metastore } from '../metastore/metastore.js';
import type { JournalFollower } from './follower.js';
import { decodeRecords, encodeRecords, readRecords } from './journal-store.js';
import { namenodeNodePrefix, type PeerState } from './peer-client.js';
import { snapshotChunks } from './snapshot.js';

const readMax = 5000;

export interface JournalHost {
  readonly store: Metastore;
  readonly follower: JournalFollower;
  readonly clusterSecret: string;
  readonly clock: Clock;
  state(): Promise<PeerState>;
  /** Another namenode speaks for epoch `epoch`: an active of an older one steps down. */
  epochSeen(epoch: number): void;
  stepDown(to: string): Promise<PeerState>;
}

/** The member address a call is signed by; UNAUTHENTICATED for anything else. */
function memberOf(host: JournalHost, call: { metadata: grpc.Metadata }): string {
  const header = call.metadata.get('x-cairn-node')[0];
  if (typeof header !== 'string') throw new CairnError('UNAUTHENTICATED', 'namenode call without a cluster signature');
  const id = verifyNodeHeader(host.clusterSecret, header, host.clock.now());
  if (!id.startsWith(namenodeNodePrefix)) throw new CairnError('UNAUTHENTICATED', 'only namenodes may call the journal service');
  return id.slice(namenodeNodePrefix.length);
}

/** `hostOf` answers the namenode's host of the journal at call time (it refuses calls that come before there is one). */
export function journalService(logger: Logger, hostOf: () => JournalHost): JournalServiceHandlers {
  const u = <Req, Res>(fn: Parameters<typeof unary<Req, Res>>[1]) => unary<Req, Res>(logger, fn);
  return {
    NewEpoch: u(async (req, call) => {
      const host = hostOf();
      memberOf(host, call);
      host.epochSeen(req.epoch);
      return host.follower.promise(req.epoch);
    }),
    Append: u(async (req, call) => {
      const host = hostOf();
      const leader = memberOf(host, call);
      host.epochSeen(req.epoch);
      return host.follower.append(leader, { epoch: req.epoch, prevTxid: req.prevTxid, prevEpoch: req.prevEpoch, records: decodeRecords(req.records) });
    }),
    ReadJournal: u(async (req, call) => {
      const host = hostOf();
      memberOf(host, call);
      if (!host.follower.bootstrapped) throw new CairnError('UNAVAILABLE', 'this namenode has no state yet');
      const read = await readRecords(host.store, req.fromTxid, Math.min(req.max || readMax, readMax));
      return { records: encodeRecords(read.records), trimmed: read.trimmed, lastTxid: (await host.follower.position()).lastTxid };
    }),
    State: u(async (_req, call) => {
      const host = hostOf();
      memberOf(host, call);
      return host.state();
    }),
    StepDown: u(async (req, call) => {
      const host = hostOf();
      memberOf(host, call);
      return host.stepDown(req.to);
    }),
    Snapshot: (call) => {
      void (async () => {
        const host = hostOf();
        memberOf(host, call);
        if (!host.follower.bootstrapped) throw new CairnError('UNAVAILABLE', 'this namenode has no state yet');
        for await (const entries of snapshotChunks(host.store)) {
          if (call.cancelled) return;
          if (!call.write({ entries })) await once(call, 'drain');
        }
        call.end();
      })().catch((err: unknown) => {
        const error = toCairnError(err);
        if (error.code === 'INTERNAL') logger.error({ err }, 'snapshot failed');
        call.destroy(Object.assign(new Error(error.message), toServiceError(error)));
      });
    },
  };
}

// The uploader's side of resumable uploads, against a scripted namenode: a resume asks BeginUpload
// for the caller's session of the path without an expectation of its own (the session keeps the
// first put's), and every later call carries the attempt the namenode handed out; a failure a
// resume can get past leaves the session open and names it, any other failure aborts it — with
// the attempt, so a session another put took over is left alone.
import t from 'tap';
import { FixedChunker } from '../../../src/client/chunker.js';
import type { NamenodeClient } from '../../../src/client/namenode-client.js';
import { putFile, type PutOptions } from '../../../src/client/uploader.js';
import type { BlockTransferClient } from '../../../src/common/block-transfer.js';
import { CairnError } from '../../../src/common/errors.js';
import { initHashing } from '../../../src/common/hashing.js';

interface Call {
  method: string;
  request: Record<string, unknown>;
}

type Block = { id: string; size: number; offset: number };

const uploadId = '0123456789abcdef';

/** Answers every block `upload` (the first `present`), hands out attempt 3, and fails the commit with `commitError` if given. */
function scriptedNamenode(commitError?: CairnError): { nn: NamenodeClient; calls: Call[] } {
  const calls: Call[] = [];
  const answer = (blocks: Block[]) => blocks.map((b) => ({
    id: b.id, present: b.offset === 0, pipeline: [{ datanodeId: 'dn-1', address: 'x:1', dataAddress: 'x:2' }], token: 't',
  }));
  const nn = {
    async call(method: string, request: Record<string, unknown>) {
      calls.push({ method, request });
      switch (method) {
        case 'BeginUpload': return { uploadId, blocksHeld: 1, bytesHeld: 1000, attempt: 3, answers: answer(request.blocks as Block[]) };
        case 'PutBlocks': return { answers: answer(request.blocks as Block[]) };
        case 'CommitUpload':
          if (commitError) throw commitError;
          return { path: '/home/a/f', revision: 1 };
        case 'AbortUpload': return {};
        default: throw new Error(`unexpected ${method}`);
      }
    },
  };
  return { nn: nn as unknown as NamenodeClient, calls };
}

const pool = { async write() { return { stored: ['dn-1'], failed: [] }; } } as unknown as BlockTransferClient;

async function* bytes(n: number, failure?: CairnError): AsyncGenerator<Uint8Array> {
  yield Buffer.alloc(n).map((_v, i) => i % 251);
  if (failure) throw failure;
}

const options = (extra: Partial<PutOptions>): PutOptions => ({ chunker: new FixedChunker(1000), parallelism: 4, minReplicas: 1, ...extra });

t.before(() => initHashing());

t.test('uploader resume: asks for the session of the path, then carries its attempt everywhere', async (t) => {
  const { nn, calls } = scriptedNamenode();
  const result = await putFile(nn, pool, bytes(40_000), '/home/a/f', options({ resume: true, expectedRevision: 7 }));
  t.same(calls.map((c) => c.method), ['BeginUpload', 'PutBlocks', 'CommitUpload']);
  t.match(calls[0]?.request, { path: '/home/a/f', resume: true, hasExpectedRevision: false }, 'the session keeps its own expected revision');
  t.equal(calls[1]?.request.attempt, 3, 'PutBlocks carries the attempt');
  t.equal(calls[2]?.request.attempt, 3, 'and so does the commit');
  t.match(result, { blocks: 40, blocksUploaded: 39, bytesUploaded: 39_000, blocksDeduplicated: 1 }, 'a block the session holds is not sent');
});

t.test('uploader: a resumable failure keeps the session (and names it) only when asked to', async (t) => {
  const gone = new CairnError('IO_ERROR', 'the local file went away');
  const kept = scriptedNamenode();
  const err = await putFile(kept.nn, pool, bytes(40_000, gone), '/home/a/f', options({ keepSessionOnFailure: true })).catch((e: unknown) => e);
  t.match(err, { code: 'IO_ERROR', details: { uploadId } }, 'the error names the open session');
  t.notOk(kept.calls.some((c) => c.method === 'AbortUpload'), 'nothing is aborted');

  const dropped = scriptedNamenode();
  t.match(await putFile(dropped.nn, pool, bytes(40_000, gone), '/home/a/f', options({})).catch((e: unknown) => e), { code: 'IO_ERROR' });
  t.match(dropped.calls.at(-1), { method: 'AbortUpload', request: { uploadId, attempt: 3 } }, 'without it the session is aborted, with its attempt');
});

t.test('uploader: a failure no resume can get past aborts the session even when keeping was asked', async (t) => {
  const { nn, calls } = scriptedNamenode(new CairnError('REVISION_CONFLICT', 'the file moved on'));
  t.match(await putFile(nn, pool, bytes(5000), '/home/a/f', options({ keepSessionOnFailure: true })).catch((e: unknown) => e), { code: 'REVISION_CONFLICT' });
  t.match(calls.at(-1), { method: 'AbortUpload', request: { uploadId, attempt: 3 } });
});

// The uploader's conversation with the namenode, against a scripted namenode and datanode pool:
// the session opens together with the first batch's negotiation (a small file costs BeginUpload
// and CommitUpload, no PutBlocks); later batches use PutBlocks; a namenode that does not
// negotiate in BeginUpload (an older release) is asked with PutBlocks instead; an empty file
// still opens and commits its session; and a refused begin sends no bytes and aborts nothing.
import t from 'tap';
import { FixedChunker } from '../../../src/client/chunker.js';
import type { NamenodeClient } from '../../../src/client/namenode-client.js';
import { putFile } from '../../../src/client/uploader.js';
import type { BlockTransferClient } from '../../../src/common/block-transfer.js';
import { CairnError } from '../../../src/common/errors.js';
import { initHashing } from '../../../src/common/hashing.js';
import { code } from '../../harness/error-code.js';

interface Call {
  method: string;
  request: Record<string, unknown>;
}

type Block = { id: string; size: number; offset: number };

/** A namenode that answers every block `upload` down a one-node pipeline; `negotiatesInBegin` false plays an older release. */
function scriptedNamenode(options: { negotiatesInBegin: boolean; refuseBegin?: CairnError }): { nn: NamenodeClient; calls: Call[] } {
  const calls: Call[] = [];
  const answer = (blocks: Block[]) => blocks.map((b) => ({ id: b.id, present: false, pipeline: [{ datanodeId: 'dn-1', address: 'x:1', dataAddress: 'x:2' }], token: 't' }));
  const nn = {
    async call(method: string, request: Record<string, unknown>) {
      calls.push({ method, request });
      switch (method) {
        case 'BeginUpload':
          if (options.refuseBegin) throw options.refuseBegin;
          return { uploadId: '0123456789abcdef', blocksHeld: 0, answers: options.negotiatesInBegin ? answer(request.blocks as Block[]) : [] };
        case 'PutBlocks': return { answers: answer(request.blocks as Block[]) };
        case 'CommitUpload': return { path: request.path ?? '/f', revision: 1 };
        case 'AbortUpload': return {};
        default: throw new Error(`unexpected ${method}`);
      }
    },
  };
  return { nn: nn as unknown as NamenodeClient, calls };
}

function scriptedPool(): { pool: BlockTransferClient; writes: string[] } {
  const writes: string[] = [];
  const pool = {
    async write(_address: string, request: { blockId: string }) {
      writes.push(request.blockId);
      return { stored: ['dn-1'], failed: [] };
    },
  };
  return { pool: pool as unknown as BlockTransferClient, writes };
}

async function* bytes(n: number): AsyncGenerator<Uint8Array> {
  yield Buffer.alloc(n, 7).map((_v, i) => i % 251);
}

const chunker = new FixedChunker(1000);
const put = (nn: NamenodeClient, pool: BlockTransferClient, size: number) => putFile(nn, pool, bytes(size), '/home/a/f', { chunker, parallelism: 4, minReplicas: 1 });

t.before(() => initHashing());

t.test('uploader: a file of one batch costs BeginUpload (with its blocks) and CommitUpload', async (t) => {
  const { nn, calls } = scriptedNamenode({ negotiatesInBegin: true });
  const { pool, writes } = scriptedPool();
  const result = await put(nn, pool, 4500);
  t.same(calls.map((c) => c.method), ['BeginUpload', 'CommitUpload']);
  t.equal((calls[0]?.request.blocks as Block[]).length, 5, 'the begin carries every block');
  t.same((calls[0]?.request.blocks as Block[]).map((b) => b.offset), [0, 1000, 2000, 3000, 4000]);
  t.equal(writes.length, 5, 'every block is written');
  t.match(result, { size: 4500, blocks: 5, blocksUploaded: 5 });
});

t.test('uploader: batches after the first are negotiated with PutBlocks', async (t) => {
  const { nn, calls } = scriptedNamenode({ negotiatesInBegin: true });
  const { pool, writes } = scriptedPool();
  await put(nn, pool, 40_000); // 40 blocks: a batch of 32, then 8
  t.same(calls.map((c) => c.method), ['BeginUpload', 'PutBlocks', 'CommitUpload']);
  t.equal((calls[1]?.request.blocks as Block[])[0]?.offset, 32_000);
  t.equal(writes.length, 40);
});

t.test('uploader: a namenode that does not negotiate in BeginUpload is asked with PutBlocks', async (t) => {
  const { nn, calls } = scriptedNamenode({ negotiatesInBegin: false });
  const { pool, writes } = scriptedPool();
  await put(nn, pool, 2500);
  t.same(calls.map((c) => c.method), ['BeginUpload', 'PutBlocks', 'CommitUpload']);
  t.equal(writes.length, 3);
});

t.test('uploader: an empty file opens its session with no blocks and commits it', async (t) => {
  const { nn, calls } = scriptedNamenode({ negotiatesInBegin: true });
  const { pool, writes } = scriptedPool();
  await put(nn, pool, 0);
  t.same(calls.map((c) => c.method), ['BeginUpload', 'CommitUpload']);
  t.same(calls[0]?.request.blocks, []);
  t.match(calls[1]?.request, { blockCount: 0, size: 0 });
  t.equal(writes.length, 0);
});

t.test('uploader: a refused begin sends no bytes and has nothing to abort', async (t) => {
  const { nn, calls } = scriptedNamenode({ negotiatesInBegin: true, refuseBegin: new CairnError('REVISION_CONFLICT', 'the file moved on') });
  const { pool, writes } = scriptedPool();
  t.equal(await code(put(nn, pool, 4500)), 'REVISION_CONFLICT');
  t.same(calls.map((c) => c.method), ['BeginUpload']);
  t.equal(writes.length, 0);
});

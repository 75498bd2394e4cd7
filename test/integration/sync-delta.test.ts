// Delta uploads (DESIGN §3, §6–§7): a new revision sends only the blocks its owner does not hold
// yet, so what an edit costs depends on how the cluster cuts blocks. On a `cdc` cluster a 1-byte
// insert in the middle of a 100 MiB file re-sends at most 3 blocks, a 1-byte overwrite 1 block,
// an append only the old last block and the new bytes, and a re-upload nothing. On a `fixed`
// cluster overwrite, append and re-upload cost the same, but an insert shifts every later block:
// everything from the edited block on is sent again — the case content-defined chunking wins.
// Each scenario's `bytesUploaded` must equal exactly what the client's own block list says is
// new, and every revision reads back byte for byte.
// One datanode and R=1: `bytesUploaded` counts bytes sent by the client, whatever R is, and a
// single copy keeps three 100 MiB clusters' worth of uploads fast.
import t from 'tap';
import { blockBytesFixed, KiB, MiB } from '../../src/common/constants.js';
import { sha256Hex } from '../../src/common/hashing.js';
import { MiniCluster, bufferSource, readBack } from '../harness/mini-cluster.js';
import { localBlocks, patientLiveness, seededRandomBytes, type LocalBlock } from '../harness/sync-fixtures.js';

const fileBytes = 100 * MiB;
const base = seededRandomBytes('sync-delta', fileBytes);
const middle = fileBytes / 2 + 12_345;
const overwriteAt = Math.floor(fileBytes * 0.3) + 777;
const appended = seededRandomBytes('sync-delta-tail', 3 * MiB + 4321);

const edits = {
  reupload: base,
  overwrite: (() => {
    const edited = Buffer.from(base);
    edited[overwriteAt] = (edited[overwriteAt] as number) ^ 0xff;
    return edited;
  })(),
  insert: Buffer.concat([base.subarray(0, middle), Buffer.from([0x42]), base.subarray(middle)]),
  append: Buffer.concat([base, appended]),
};

interface Expected {
  blocks: number;
  bytes: number;
}

/** What an upload of `blocks` must send: every block whose id its owner does not hold yet. */
function expectedSend(blocks: LocalBlock[], held: ReadonlySet<string>): Expected {
  const fresh = blocks.filter((b) => !held.has(b.id));
  return { blocks: fresh.length, bytes: fresh.reduce((sum, b) => sum + b.size, 0) };
}

const blockAt = (blocks: LocalBlock[], offset: number): LocalBlock => {
  const found = blocks.find((b) => b.offset <= offset && offset < b.offset + b.size);
  if (!found) throw new Error(`no block holds offset ${offset}`);
  return found;
};

for (const policy of ['cdc', 'fixed'] as const) {
  t.test(`delta uploads on a ${policy} cluster: re-upload, 1-byte overwrite, 1-byte insert and append of a 100 MiB file`, async (t) => {
    const cluster = await MiniCluster.start({ datanodes: 1, config: { chunking: policy, replicationFactor: 1, minReplicasToCommit: 1, ...patientLiveness } });
    t.teardown(() => cluster.stop());
    const alice = await cluster.addUser('alice');
    t.equal((await alice.nn.call('ClusterInfo', {})).chunking, policy, `the cluster chunks ${policy}`);
    const path = '/home/alice/big.bin';

    const baseBlocks = await localBlocks(base, policy);
    const first = await alice.put(bufferSource(base, MiB), path);
    t.match(first, { revision: 1, size: fileBytes, blocks: baseBlocks.length, bytesUploaded: fileBytes, blocksDeduplicated: 0 }, 'the first upload sends every byte');
    const held = new Set(baseBlocks.map((b) => b.id));
    const lastBase = baseBlocks[baseBlocks.length - 1] as LocalBlock;

    const sent: Record<string, Expected> = {};
    for (const [name, content] of Object.entries(edits)) {
      const blocks = await localBlocks(content, policy);
      const expected = expectedSend(blocks, held);
      const put = await alice.put(bufferSource(content, MiB), path);
      t.match(put, { size: content.length, blocks: blocks.length, blocksUploaded: expected.blocks, bytesUploaded: expected.bytes },
        `${name}: sends exactly the ${expected.blocks} block(s), ${expected.bytes} B, not held yet`);
      t.equal(put.blocksDeduplicated, blocks.length - expected.blocks, `${name}: every other block is deduplicated`);
      t.equal(sha256Hex(await readBack(alice, path, put.revision)), sha256Hex(content), `${name}: revision ${put.revision} reads back byte for byte`);
      sent[name] = expected;
      for (const b of blocks) held.add(b.id);
    }
    t.equal(sha256Hex(await readBack(alice, path, 1)), sha256Hex(base), 'revision 1 still reads back');

    t.same(sent.reupload, { blocks: 0, bytes: 0 }, 're-uploading the same file sends nothing');
    const overwritten = blockAt(baseBlocks, overwriteAt);
    t.same(sent.overwrite, { blocks: 1, bytes: overwritten.size }, 'overwriting 1 byte sends only the block holding it');
    if (policy === 'cdc') {
      const insert = sent.insert as Expected;
      t.ok(insert.blocks >= 1 && insert.blocks <= 3 && insert.bytes <= 3 * MiB, `a 1-byte insert re-sends ${insert.blocks} block(s), ${(insert.bytes / KiB).toFixed(0)} KiB: at most 3 blocks and 3 MiB`);
      t.equal(sent.append?.bytes, lastBase.size + appended.length, 'appending sends the old last block (cut only by the end of the file) and the new bytes');
    } else {
      const insertedBlock = Math.floor(middle / blockBytesFixed);
      t.same(sent.insert, { blocks: Math.ceil((fileBytes + 1) / blockBytesFixed) - insertedBlock, bytes: fileBytes + 1 - insertedBlock * blockBytesFixed },
        'a 1-byte insert re-sends every block from the edited one to the end: all later bytes shift');
      t.ok((sent.insert?.bytes ?? 0) > fileBytes / 2 - blockBytesFixed, 'about half the file for an insert in the middle');
      // 100 MiB is 256 whole 400 KiB blocks: the old last block is full and unchanged.
      t.equal(lastBase.size, blockBytesFixed, 'the old last block is a whole block');
      t.equal(sent.append?.bytes, appended.length, 'appending sends only the new bytes, as the old last block was full');
    }
  });
}

// Tampering (issue 7): credentials that were forged, modified, moved to another block or session,
// or replayed after they expired are refused over the real RPCs and data plane, and a refused
// request changes nothing — no namespace entry, no block on any datanode, no file outside the
// data dirs. Each scenario also runs the genuine credential once, so a refusal is shown to be the
// check at work and not a broken path. Block tokens live `blockTokenTtlMs` = 1.5 s here.
import t, { type Test } from 'tap';
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MiniCluster, bufferSource, miniClusterSecret, readBack } from '../harness/mini-cluster.js';
import { NamenodeClient } from '../../src/client/namenode-client.js';
import { signNodeHeader } from '../../src/common/auth.js';
import { BlockTokenKey } from '../../src/common/block-token.js';
import { BlockTransferClient, headers } from '../../src/common/block-transfer.js';
import { KiB } from '../../src/common/constants.js';
import { initHashing, sha256Hex, xxh64 } from '../../src/common/hashing.js';
import type { Datanode } from '../../src/datanode/datanode.js';
import { code } from '../harness/error-code.js';
import { storeFigures, totalFigures } from '../harness/store-figures.js';
import { waitFor } from '../harness/wait-for.js';

const blockTokenTtlMs = 1500;
const noExpectation = { expectedRevision: 0, hasExpectedRevision: false };

/** Block tokens are `op.expiresAtMs.scope.mac`; these rewrite one field and keep the rest. */
const tokenParts = (token: string) => {
  const [op = '', expires = '', scope = '', mac = ''] = token.split('.');
  return { op, expires, scope, mac };
};
const withParts = (token: string, over: Partial<ReturnType<typeof tokenParts>>) => {
  const p = { ...tokenParts(token), ...over };
  return `${p.op}.${p.expires}.${p.scope}.${p.mac}`;
};
/** The string with the byte at `index` changed to another character of the same alphabet. */
const flipAt = (text: string, index: number) => {
  const c = text[index] ?? '';
  const replacement = c === 'A' ? 'B' : 'A';
  return `${text.slice(0, index)}${replacement}${text.slice(index + 1)}`;
};

t.test('tampering: forged, modified, truncated and re-labelled API tokens are UNAUTHENTICATED and change nothing', async (t) => {
  const cluster = await MiniCluster.start({ datanodes: 1 });
  t.teardown(() => cluster.stop());
  const admin = cluster.client(cluster.adminToken);
  const alice = await admin.nn.admin('UserAdd', { name: 'alice' });
  const carol = await admin.nn.admin('UserAdd', { name: 'carol', accessKey: 'CAROLKEY00000001', secretKey: 'carol-secret-0123456789' });
  const gateway = new NamenodeClient({ addresses: [cluster.namenode.rpcAddress], token: '', signNode: () => signNodeHeader(miniClusterSecret, 'gw-test', Date.now()) });
  t.teardown(() => gateway.close());
  const sessionOf = async (accessKeyId: string) => (await gateway.gateway('S3SigningKey', { accessKeyId, date: '20261121', region: 'us-east-1', service: 's3' })).sessionToken;
  const session = await sessionOf(carol.accessKeyId);
  // A session token is `cs1_<userId>.<expiresAtMs>.<mac>.<accessKeyId>`; alice's user id comes from one of hers.
  const aliceId = Number((await sessionOf(alice.accessKeyId)).slice(4).split('.')[0]);

  // The genuine tokens work: the refusals below are the check, not a broken connection.
  t.equal((await cluster.client(alice.token).nn.call('WhoAmI', {})).name, 'alice', "alice's own token");
  t.equal((await cluster.client(session).nn.call('WhoAmI', {})).name, 'carol', "the gateway's session for carol");

  const [userPart, expires, mac, keyPart, ...rest] = session.slice(4).split('.');
  t.same({ keyPart, rest }, { keyPart: carol.accessKeyId, rest: [] }, "carol's session names the key it was made for");
  const prefix = 'cs1';
  const key = `.${carol.accessKeyId}`;
  const forgeries: Array<[string, string]> = [
    ['a random token of the right shape', `cn1_${randomBytes(32).toString('base64url')}`],
    ['a random string', randomBytes(24).toString('hex')],
    ["alice's token with one byte changed", flipAt(alice.token, alice.token.length - 5)],
    ["alice's token with its last byte changed", flipAt(alice.token, alice.token.length - 1)],
    ["alice's token truncated by one character", alice.token.slice(0, -1)],
    ["alice's token truncated to its prefix", alice.token.slice(0, 4)],
    ["alice's token with a character appended", `${alice.token}A`],
    ["carol's session with the user part swapped for alice's", `${prefix}_${aliceId}.${expires}.${mac}${key}`],
    ["carol's session with its expiry moved later", `${prefix}_${userPart}.${Number(expires) + 3_600_000}.${mac}${key}`],
    ["carol's session with one byte of its MAC changed", `${prefix}_${userPart}.${expires}.${flipAt(mac ?? '', 3)}${key}`],
    ["carol's session with the MAC's last character changed", `${prefix}_${userPart}.${expires}.${flipAt(mac ?? '', (mac ?? '').length - 1)}${key}`],
    ["carol's session without its key part", `${prefix}_${userPart}.${expires}.${mac}`],
    ["carol's session naming alice's key instead", `${prefix}_${userPart}.${expires}.${mac}.${alice.accessKeyId}`],
    ["carol's session truncated into its MAC", session.slice(0, session.indexOf(key) - 2)],
    ["carol's session with a field appended", `${session}.${carol.accessKeyId}`],
    ['a session signed with another secret', `cs1_${aliceId}.${Date.now() + 60_000}.${'A'.repeat(43)}`],
  ];
  t.ok(aliceId > 0, "alice's user id is known");
  for (const [what, token] of forgeries) {
    t.not(token, alice.token);
    const client = cluster.client(token);
    t.equal(await code(client.nn.call('WhoAmI', {})), 'UNAUTHENTICATED', `${what}: WhoAmI`);
    t.equal(await code(client.nn.call('Mkdir', { path: '/home/alice/made-by-forgery', parents: false })), 'UNAUTHENTICATED', `${what}: Mkdir in alice's home`);
    t.equal(await code(client.nn.call('Mkdir', { path: '/home/carol/made-by-forgery', parents: false })), 'UNAUTHENTICATED', `${what}: Mkdir in carol's home`);
    t.equal(await code(client.nn.admin('UserAdd', { name: 'mallory' })), 'UNAUTHENTICATED', `${what}: an admin call`);
  }
  for (const path of ['/home/alice/made-by-forgery', '/home/carol/made-by-forgery']) t.equal(await code(admin.nn.call('Stat', { path })), 'NOT_FOUND', `nothing was made at ${path}`);
  t.notOk((await admin.nn.admin('UserList', {})).users.some((u) => u.name === 'mallory'), 'no user was added');
});

/** A mini cluster of two datanodes (R=2) whose block tokens live 1.5 s. */
async function shortTokenCluster(t: Test): Promise<{ cluster: MiniCluster; datanodes: Datanode[]; pool: BlockTransferClient; stored: () => Promise<number> }> {
  await initHashing();
  const cluster = await MiniCluster.start({ datanodes: 2, config: { replicationFactor: 2, minReplicasToCommit: 2, blockTokenTtlMs } });
  t.teardown(() => cluster.stop());
  const pool = new BlockTransferClient(10_000);
  t.teardown(() => pool.close());
  const datanodes = cluster.datanodes.flatMap((d) => (d ? [d] : []));
  const stored = async () => totalFigures(await Promise.all(datanodes.map((d) => storeFigures(d.httpAddress)))).blocks;
  return { cluster, datanodes, pool, stored };
}

const firstBlock = async (client: { nn: { call: NamenodeClient['call'] } }, path: string) => {
  const block = (await client.nn.call('GetFile', { path, revision: 0, fromOffset: 0, maxBlocks: 1 })).blocks[0];
  if (!block) throw new Error(`${path} has no block`);
  return block;
};

t.test('tampering: block tokens moved to another block, op or session, modified, or replayed after expiry are INVALID_BLOCK_TOKEN and store nothing', async (t) => {
  const { cluster, datanodes, pool, stored } = await shortTokenCluster(t);
  const [dn] = datanodes;
  if (!dn) throw new Error('no datanode');
  const alice = await cluster.addUser('alice');
  const fileA = randomBytes(4 * KiB);
  const fileB = randomBytes(4 * KiB);
  await alice.put(bufferSource(fileA), '/home/alice/a');
  await alice.put(bufferSource(fileB), '/home/alice/b');
  const a = await firstBlock(alice, '/home/alice/a');
  const b = await firstBlock(alice, '/home/alice/b');
  const before = await stored();
  t.equal(before, 4, 'two one-block files, two replicas each');

  t.ok((await pool.read(dn.httpAddress, a.id, a.token)).data.equals(fileA), "the genuine read token reads block A");
  t.ok((await pool.read(dn.httpAddress, b.id, b.token)).data.equals(fileB), "and B's reads B");

  const fresh = randomBytes(4 * KiB);
  const freshId = sha256Hex(fresh);
  const writeWith = (token: string, blockId = freshId, data: Buffer = fresh) => pool.write(dn.httpAddress, { blockId, data, checksum: xxh64(data), token, downstream: [] });
  const { expires, mac } = tokenParts(a.token);
  const readRefusals: Array<[string, string, string]> = [
    ["A's read token for block B", b.id, a.token],
    ["A's read token with one byte of its MAC changed", a.id, withParts(a.token, { mac: flipAt(mac, 5) })],
    ["A's read token with the MAC's last character changed", a.id, withParts(a.token, { mac: flipAt(mac, mac.length - 1) })],
    ["A's read token with its expiry moved an hour later", a.id, withParts(a.token, { expires: String(Number(expires) + 3_600_000) })],
    ["A's read token with its expiry moved 1 ms later", a.id, withParts(a.token, { expires: String(Number(expires) + 1) })],
    ["A's read token with a scope added", a.id, withParts(a.token, { scope: '0123456789abcdef' })],
    ["A's read token with its MAC cut short", a.id, withParts(a.token, { mac: mac.slice(0, -2) })],
    ["A's read token relabelled as a write token", a.id, withParts(a.token, { op: 'write' })],
  ];
  for (const [what, blockId, token] of readRefusals) t.equal(await code(pool.read(dn.httpAddress, blockId, token)), 'INVALID_BLOCK_TOKEN', `${what}: read refused`);

  const writeRefusals: Array<[string, string]> = [
    ["A's read token used to write block A's bytes", a.token],
    ["A's read token relabelled as a write token", withParts(a.token, { op: 'write' })],
  ];
  for (const [what, token] of writeRefusals) t.equal(await code(writeWith(token, a.id, fileA)), 'INVALID_BLOCK_TOKEN', `${what}: write refused`);
  t.equal(await code(writeWith(a.token)), 'INVALID_BLOCK_TOKEN', "A's read token used to write another block");

  // Two upload sessions of alice's: X announced block C, Y block D. A write token names its block and its session.
  const c = randomBytes(4 * KiB);
  const d = randomBytes(4 * KiB);
  const ref = (data: Buffer) => ({ id: sha256Hex(data), size: data.length, offset: 0 });
  const x = await alice.nn.call('BeginUpload', { path: '/home/alice/x', ...noExpectation, blocks: [ref(c)], exclude: [] });
  const y = await alice.nn.call('BeginUpload', { path: '/home/alice/y', ...noExpectation, blocks: [ref(d)], exclude: [] });
  const tokenX = x.answers[0]?.token ?? '';
  const tokenY = y.answers[0]?.token ?? '';
  t.equal(tokenParts(tokenX).scope, x.uploadId, "X's write token is scoped to session X");
  const sessionRefusals: Array<[string, string, Buffer]> = [
    ["X's write token (for C) used to write D", tokenX, d],
    ["Y's write token (for D) used to write C", tokenY, c],
    ["X's write token re-scoped to session Y", withParts(tokenX, { scope: y.uploadId }), c],
    ["X's write token with its scope removed", withParts(tokenX, { scope: '' }), c],
    ["X's write token with one byte of its MAC changed", withParts(tokenX, { mac: flipAt(tokenParts(tokenX).mac, 0) }), c],
    ["X's write token with its expiry moved later", withParts(tokenX, { expires: String(Number(tokenParts(tokenX).expires) + 60_000) }), c],
    ["X's write token relabelled as a read token, to write", withParts(tokenX, { op: 'read' }), c],
  ];
  for (const [what, token, data] of sessionRefusals) t.equal(await code(writeWith(token, sha256Hex(data), data)), 'INVALID_BLOCK_TOKEN', `${what}: refused`);
  t.equal(await code(pool.read(dn.httpAddress, sha256Hex(c), withParts(tokenX, { op: 'read' }))), 'INVALID_BLOCK_TOKEN', "X's write token relabelled as a read token, to read");
  t.equal(await stored(), before, 'no refused write stored anything on any datanode');
  const sessions: Array<[typeof x, Buffer]> = [[x, c], [y, d]];
  for (const [session, data] of sessions) {
    const again = await alice.nn.call('PutBlocks', { uploadId: session.uploadId, blocks: [ref(data)], exclude: [] });
    t.equal(again.answers[0]?.present, false, `the namenode holds nothing for session ${session.uploadId.slice(0, 6)}…`);
  }
  t.equal(await code(writeWith(tokenX, sha256Hex(c), c)), 'OK', "the control: X's own token writes C");
  t.equal(await stored(), before + 1, 'and that write is stored');
  // From here on the namenode may copy C about, so what is checked is that D is stored nowhere.
  const anyRead = new BlockTokenKey(miniClusterSecret);
  const heldAnywhere = async (data: Buffer) => {
    const codes = await Promise.all(datanodes.map((node) => code(pool.read(node.httpAddress, sha256Hex(data), anyRead.issue('read', sha256Hex(data), Date.now() + 60_000)))));
    return codes.some((c) => c !== 'BLOCK_NOT_FOUND');
  };
  t.equal(await heldAnywhere(d), false, 'D is held by no datanode');

  // Replay after expiry: the same genuine tokens, once their expiry has passed.
  const expiresAt = Math.max(Number(expires), Number(tokenParts(tokenY).expires));
  await waitFor(() => Date.now() > expiresAt + 10, blockTokenTtlMs + 5000, () => ({ now: Date.now(), expiresAt }));
  t.equal(await code(pool.read(dn.httpAddress, a.id, a.token)), 'INVALID_BLOCK_TOKEN', "A's read token replayed after expiry");
  t.equal(await code(writeWith(tokenY, sha256Hex(d), d)), 'INVALID_BLOCK_TOKEN', "Y's write token replayed after expiry");
  t.equal(await heldAnywhere(d), false, 'the expired write stored nothing');
  const renewed = await firstBlock(alice, '/home/alice/a');
  t.ok((await pool.read(dn.httpAddress, a.id, renewed.token)).data.equals(fileA), 'a token GetFile issues now reads A again');
  for (const session of [x, y]) await alice.nn.call('AbortUpload', { uploadId: session.uploadId });
});

t.test('tampering: after Unshare the viewer is refused at once, and a block token issued before stops working within blockTokenTtlMs', async (t) => {
  const { cluster, datanodes, pool } = await shortTokenCluster(t);
  const alice = await cluster.addUser('alice');
  const bob = await cluster.addUser('bob');
  const data = randomBytes(8 * KiB);
  await alice.nn.call('Mkdir', { path: '/home/alice/shared', parents: false });
  await alice.put(bufferSource(data), '/home/alice/shared/f');
  await alice.nn.call('Share', { path: '/home/alice/shared', user: 'bob', role: 'viewer' });
  t.ok((await readBack(bob, '/home/alice/shared/f')).equals(data), 'the viewer reads the shared file');
  const held = await firstBlock(bob, '/home/alice/shared/f');
  const [dn] = datanodes;
  if (!dn) throw new Error('no datanode');
  t.equal((await pool.read(dn.httpAddress, held.id, held.token)).data.length, data.length, "bob's block token reads the block");

  await alice.nn.call('Unshare', { path: '/home/alice/shared', user: 'bob', role: '' });
  const unsharedAt = Date.now();
  t.equal(await code(bob.nn.call('GetFile', { path: '/home/alice/shared/f', revision: 0, fromOffset: 0, maxBlocks: 1 })), 'PERMISSION_DENIED', 'GetFile is refused at once');
  t.equal(await code(bob.nn.call('Stat', { path: '/home/alice/shared/f' })), 'PERMISSION_DENIED', 'so is Stat');
  t.equal(await code(readBack(bob, '/home/alice/shared/f')), 'PERMISSION_DENIED', 'and a whole get');
  // The token already issued is a bearer credential the datanodes check alone: it lives out its TTL, no longer.
  const expiresAt = Number(tokenParts(held.token).expires);
  t.ok(expiresAt <= unsharedAt + blockTokenTtlMs, 'it was issued to expire within blockTokenTtlMs');
  await waitFor(async () => (await code(pool.read(dn.httpAddress, held.id, held.token))) === 'INVALID_BLOCK_TOKEN', blockTokenTtlMs + 5000, () => ({ now: Date.now(), expiresAt }));
  t.ok(Date.now() <= unsharedAt + blockTokenTtlMs + 2000, 'the old token stopped working within the TTL (plus polling slack)');
  for (const node of datanodes) t.equal(await code(pool.read(node.httpAddress, held.id, held.token)), 'INVALID_BLOCK_TOKEN', `${node.id} refuses it too`);
  t.ok((await readBack(alice, '/home/alice/shared/f')).equals(data), 'the owner still reads her file');
});

/** A plain HTTP server that records the headers of every request and answers like a datanode that stored the block. */
async function listener(t: Test): Promise<{ address: string; seen: http.IncomingHttpHeaders[] }> {
  const seen: http.IncomingHttpHeaders[] = [];
  const server = http.createServer((req, res) => {
    seen.push(req.headers);
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ stored: ['DN-listener'], failed: [] })));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const port = (server.address() as { port: number }).port;
  return { address: `127.0.0.1:${port}`, seen };
}

// The pipeline header is the client's to write, so a datanode forwards a block to any address a
// client names there. Were a hop signed with the cluster secret, a client could collect that
// signature at its own listener and present it as the datanode: to skip the SHA-256 check of the
// next hop (bytes stored under another content's id) or to call the namenode as a cluster member.
t.test('tampering: a pipeline pointed at a client-named address yields no cluster signature, and no hop skips the SHA-256 check', async (t) => {
  const { cluster, datanodes, pool, stored } = await shortTokenCluster(t);
  const [head, other] = datanodes;
  if (!head || !other) throw new Error('two datanodes expected');
  const bob = await cluster.addUser('bob');
  const admin = cluster.client(cluster.adminToken);
  const carol = await admin.nn.admin('UserAdd', { name: 'carol' });
  const own = randomBytes(4 * KiB);
  const upload = await bob.nn.call('BeginUpload', { path: '/home/bob/own', ...noExpectation, blocks: [{ id: sha256Hex(own), size: own.length, offset: 0 }], exclude: [] });
  const trap = await listener(t);
  const reply = await pool.write(head.httpAddress, { blockId: sha256Hex(own), data: own, checksum: xxh64(own), token: upload.answers[0]?.token ?? '', downstream: [{ datanodeId: other.id, dataAddress: trap.address }] });
  t.same(reply.stored, [head.id, 'DN-listener'], 'the head stored the block and forwarded it to the named address');
  t.equal(trap.seen.length, 1, 'the listener was sent the block');
  const captured = trap.seen[0]?.[headers.node];
  t.equal(captured, undefined, 'with no cluster signature on it');

  // Whatever a listener could have captured: a datanode's genuine signature, made just now.
  const signature = signNodeHeader(miniClusterSecret, head.id, Date.now());
  const victim = randomBytes(4 * KiB);
  const garbage = randomBytes(4 * KiB);
  const announced = await bob.nn.call('BeginUpload', { path: '/home/bob/claim', ...noExpectation, blocks: [{ id: sha256Hex(victim), size: victim.length, offset: 0 }], exclude: [] });
  const before = await stored();
  const poison = pool.write(other.httpAddress, { blockId: sha256Hex(victim), data: garbage, checksum: xxh64(garbage), token: announced.answers[0]?.token ?? '', downstream: [] }, { [headers.node]: signature });
  t.equal(await code(poison), 'BLOCK_ID_MISMATCH', 'bytes under another content\'s id are refused even with a datanode\'s signature');
  t.equal(await stored(), before, 'and nothing is stored');
  t.equal(await code(pool.read(other.httpAddress, sha256Hex(victim), new BlockTokenKey(miniClusterSecret).issue('read', sha256Hex(victim), Date.now() + 60_000))), 'BLOCK_NOT_FOUND', 'the victim id is held by nobody');
  const victimUpload = await cluster.client(carol.token).put(bufferSource(victim), '/home/carol/victim');
  t.equal(victimUpload.size, victim.length, 'the content\'s owner later stores it');
  t.ok((await readBack(cluster.client(carol.token), '/home/carol/victim')).equals(victim), 'and reads back her own bytes');
  for (const session of [upload, announced]) await bob.nn.call('AbortUpload', { uploadId: session.uploadId });
});

/** One raw HTTP request, the path sent exactly as given (no URL normalisation), so `..` and `%00` reach the server. */
function rawRequest(address: string, method: 'GET' | 'PUT', path: string, requestHeaders: Record<string, string>, body?: Buffer): Promise<{ status: number; code: string }> {
  const colon = address.lastIndexOf(':');
  return new Promise((resolve, reject) => {
    const req = http.request({ host: address.slice(0, colon), port: Number(address.slice(colon + 1)), method, path, headers: requestHeaders }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let errorCode = '';
        try {
          errorCode = String((JSON.parse(text) as { code?: unknown }).code ?? '');
        } catch {
          errorCode = `(not JSON: ${text.slice(0, 60)})`;
        }
        resolve({ status: res.statusCode ?? 0, code: errorCode });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Every file under `dir` with its size and mtime, for a before/after comparison. */
async function snapshotTree(dir: string): Promise<Record<string, string>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files: Record<string, string> = {};
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const info = await stat(path);
    files[path] = `${info.size}@${info.mtimeMs}`;
  }
  return files;
}

// Block ids become LevelDB keys and segment offsets, never file names; the data plane still
// refuses anything that is not 64 lowercase hex digits before it looks at a token or a body. The
// datanode's gRPC side (`DatanodeService.Info`) takes no id or path at all. Each id below comes
// with a token whose MAC is right for that very string, so the refusal is the id check.
t.test('tampering: path traversal against datanodes is refused with a 4xx and touches no file outside the data dirs', async (t) => {
  const { cluster, datanodes, stored } = await shortTokenCluster(t);
  const [dn] = datanodes;
  if (!dn) throw new Error('no datanode');
  const sentinel = join(cluster.dir, 'sentinel');
  const sentinelText = `sentinel ${randomBytes(8).toString('hex')}\n`;
  await writeFile(sentinel, sentinelText);
  await writeFile(join(cluster.datanodeDir(0), 'sentinel'), sentinelText);
  const outside = async () => Object.fromEntries(Object.entries(await snapshotTree(cluster.dir)).filter(([path]) => !datanodes.some((_, i) => path.startsWith(`${cluster.datanodeDir(i)}/`) && !path.endsWith('/sentinel')) && !path.startsWith(join(cluster.dir, 'nn'))));
  const before = { files: await outside(), blocks: await stored() };
  t.ok(Object.keys(before.files).length >= 2, 'both sentinels are watched');

  const keys = new BlockTokenKey(miniClusterSecret);
  const soon = Date.now() + 60_000;
  const body = randomBytes(64);
  const hex = sha256Hex(body);
  // [as sent on the wire, the id the server would decode from it]
  const attempts: Array<[string, string]> = [
    ['../../sentinel', '../../sentinel'],
    ['..%2f..%2fsentinel', '../../sentinel'],
    ['..%2F..%2F..%2F..%2Fetc%2Fpasswd', '../../../../etc/passwd'],
    ['%2e%2e%2f%2e%2e%2fsentinel', '../../sentinel'],
    ['..%5c..%5csentinel', '..\\..\\sentinel'],
    [`${hex}%2f..%2f..%2fsentinel`, `${hex}/../../sentinel`],
    [`%2f${hex}`, `/${hex}`],
    ['%2fetc%2fpasswd', '/etc/passwd'],
    [encodeURIComponent(sentinel), sentinel],
    [`${hex.slice(0, 63)}%00`, `${hex.slice(0, 63)}\0`],
    [`${hex}%00.txt`, `${hex}\0.txt`],
    [`${hex}0`, `${hex}0`],
    ['a'.repeat(4096), 'a'.repeat(4096)],
    ['g'.repeat(64), 'g'.repeat(64)],
    [hex.toUpperCase(), hex.toUpperCase()],
    [`${hex.slice(0, 62)}%20%20`, `${hex.slice(0, 62)}  `],
    ['.', '.'],
    ['..', '..'],
  ];
  for (const [wire, id] of attempts) {
    for (const method of ['GET', 'PUT'] as const) {
      const token = keys.issue(method === 'GET' ? 'read' : 'write', id, soon);
      const requestHeaders: Record<string, string> = { [headers.token]: token };
      if (method === 'PUT') Object.assign(requestHeaders, { 'content-type': 'application/octet-stream', [headers.checksum]: xxh64(body).toString(16).padStart(16, '0') });
      const reply = await rawRequest(dn.httpAddress, method, `/blocks/${wire}`, requestHeaders, method === 'PUT' ? body : undefined);
      const what = `${method} /blocks/${wire.slice(0, 40)}`;
      t.ok(reply.status >= 400 && reply.status < 500, `${what}: a 4xx (${reply.status})`);
      t.ok(['INVALID_ARGUMENT', 'NOT_FOUND'].includes(reply.code), `${what}: a clear code (${reply.code})`);
    }
  }
  // The other routes do not take a path: anything past them is an unknown route.
  for (const path of ['/healthz/../../sentinel', '/metrics/..%2f..%2fsentinel', '/blocks/', '/blocks', '/../sentinel', '/%2e%2e/sentinel']) {
    const reply = await rawRequest(dn.httpAddress, 'GET', path, {});
    t.ok(reply.status >= 400 && reply.status < 500 && ['NOT_FOUND', 'INVALID_ARGUMENT'].includes(reply.code), `GET ${path}: ${reply.status} ${reply.code}`);
  }
  t.same(await outside(), before.files, 'no file outside the data dirs was created or changed');
  t.equal(await readFile(sentinel, 'utf8'), sentinelText, 'the sentinel next to the data dirs is intact');
  t.equal(await readFile(join(cluster.datanodeDir(0), 'sentinel'), 'utf8'), sentinelText, 'and so is the one inside a data dir');
  t.equal(await stored(), before.blocks, 'no block was stored');
  const control = await rawRequest(dn.httpAddress, 'GET', `/blocks/${hex}`, { [headers.token]: keys.issue('read', hex, soon) });
  t.same(control, { status: 404, code: 'BLOCK_NOT_FOUND' }, 'the control: a well-formed id with a good token reaches the store');
});

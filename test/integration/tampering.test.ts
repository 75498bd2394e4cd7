// Tampering (issue 7): credentials that were forged, modified, moved to another block or session,
// or replayed after they expired are refused over the real RPCs and data plane, and a refused
// request changes nothing — no namespace entry, no block on any datanode, no file outside the
// data dirs. Each scenario also runs the genuine credential once, so a refusal is shown to be the
// check at work and not a broken path. Block tokens live `blockTokenTtlMs` = 1.5 s here.
import t from 'tap';
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

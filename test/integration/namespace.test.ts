// Namespace operations over real gRPC against a namenode on a real LevelDB, including restart.
import t from 'tap';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/common/config.js';
import { Namenode } from '../../src/namenode/namenode.js';
import { NamenodeClient } from '../../src/client/namenode-client.js';
import { CairnError } from '../../src/common/errors.js';
import { code } from '../harness/error-code.js';

async function startNamenode(dir: string) {
  const config = loadConfig({ flags: { dataDirs: [dir], rpcPort: 0, httpPort: 0, clusterSecret: 'test-secret-0123456789' } });
  return Namenode.start({ config });
}


t.test('namespace: mkdir, list, move, trash and restore survive a namenode restart', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'cairn-ns-'));
  let nn = await startNamenode(dir);
  t.ok(nn.adminToken, 'formatting prints an admin token');
  const admin = new NamenodeClient({ addresses: [nn.rpcAddress], token: nn.adminToken ?? '' });
  const alice = await admin.admin('UserAdd', { name: 'alice', tier: 'standard' });
  t.match(alice.token, /^cn1_/);
  const a = new NamenodeClient({ addresses: [nn.rpcAddress], token: alice.token });

  t.equal((await a.call('WhoAmI', {})).home, '/home/alice');
  const made = await a.call('Mkdir', { path: '/home/alice/docs/2026/nov', parents: true });
  t.equal(made.path, '/home/alice/docs/2026/nov');
  t.equal(made.type, 'dir');
  t.equal(await code(a.call('Mkdir', { path: '/home/alice/x/y', parents: false })), 'NOT_FOUND', 'missing parent without -p');
  t.equal(await code(a.call('Mkdir', { path: '/home/alice/docs', parents: false })), 'ALREADY_EXISTS');
  t.equal(await code(a.call('Mkdir', { path: '/home/alice/docs', parents: true })), 'OK', 'mkdir -p of an existing folder');
  for (const bad of ['relative', '/home/alice/a/../b', '/home/alice/a\0b', `/home/alice/${'x'.repeat(256)}`]) {
    t.equal(await code(a.call('Mkdir', { path: bad, parents: true })), 'INVALID_PATH', `refuses ${JSON.stringify(bad.slice(0, 30))}`);
  }
  for (const name of ['b', 'a-b', 'a', 'Z', 'é']) await a.call('Mkdir', { path: `/home/alice/sort/${name}`, parents: true });
  const listed = await a.call('List', { path: '/home/alice/sort', startAfter: '', limit: 2 });
  // S3 order: folders sort as `name/`, so 'a-b' (0x2d) comes before the folder 'a' ('a/', 0x2f).
  t.same(listed.entries.map((e) => e.name), ['Z', 'a-b'], 'first page in UTF-8 byte order');
  t.equal(listed.truncated, true);
  const rest = await a.call('List', { path: '/home/alice/sort', startAfter: 'a-b/', limit: 10 });
  t.same(rest.entries.map((e) => e.name), ['a', 'b', 'é'], 'second page continues after the cursor');

  t.equal(await code(a.call('Move', { src: '/home/alice/docs', dst: '/home/alice/docs/2026/inside' })), 'MOVE_INTO_SELF');
  const moved = await a.call('Move', { src: '/home/alice/docs/2026', dst: '/home/alice/archive' });
  t.equal(moved.path, '/home/alice/archive');
  t.equal((await a.call('Stat', { path: '/home/alice/archive/nov' })).type, 'dir', 'children move with their folder');
  t.equal(await code(a.call('Stat', { path: '/home/alice/docs/2026' })), 'NOT_FOUND');

  await a.call('Trash', { path: '/home/alice/archive' });
  t.equal(await code(a.call('Stat', { path: '/home/alice/archive/nov' })), 'NOT_FOUND', 'trashed subtree is gone from the tree');
  t.same((await a.call('TrashList', {})).entries.map((e) => e.path), ['/home/alice/archive']);
  t.equal(await code(a.call('Trash', { path: '/home/alice' })), 'PERMISSION_DENIED', 'a home folder cannot be trashed');

  await nn.stop();
  nn = await startNamenode(dir);
  t.equal(nn.adminToken, undefined, 'a restart does not format again');
  const a2 = new NamenodeClient({ addresses: [nn.rpcAddress], token: alice.token });
  await a2.call('TrashRestore', { path: '/home/alice/archive' });
  t.equal((await a2.call('Stat', { path: '/home/alice/archive/nov' })).type, 'dir', 'restored with its subtree after restart');

  const bob = await new NamenodeClient({ addresses: [nn.rpcAddress], token: nn.adminToken ?? alice.token }).admin('UserAdd', { name: 'bob' }).catch((e: unknown) => e);
  t.equal((bob as CairnError).code, 'PERMISSION_DENIED', 'only admins add users');
  const bad = new NamenodeClient({ addresses: [nn.rpcAddress], token: 'cn1_forged' });
  t.equal(await code(bad.call('Stat', { path: '/home/alice' })), 'UNAUTHENTICATED');
  a.close();
  a2.close();
  admin.close();
  bad.close();
  await nn.stop();
});

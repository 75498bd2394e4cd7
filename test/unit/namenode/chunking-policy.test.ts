// The chunking policy is chosen once, when the namenode formats its namespace (DESIGN §3): `cdc`
// unless the config names one. A later start that names another policy is refused — blocks
// already stored were cut by the first — and a start that names none keeps the stored one.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { loadConfig, type ConfigInput } from '../../../src/common/config.js';
import { CairnClient } from '../../../src/client/cairn-client.js';
import { Namenode } from '../../../src/namenode/namenode.js';
import { code } from '../../harness/error-code.js';

async function startIn(dir: string, flags: ConfigInput): Promise<Namenode> {
  return Namenode.start({ config: loadConfig({ flags: { rpcPort: 0, httpPort: 0, logLevel: 'silent', clusterSecret: 'chunking-policy-test-secret', dataDirs: [dir], ...flags } }) });
}

/** Admin tokens by data dir: a namenode hands its token out only when it formats. */
const tokens = new Map<string, string>();

async function policyOf(dir: string, flags: ConfigInput): Promise<string> {
  const namenode = await startIn(dir, flags);
  if (namenode.adminToken !== undefined) tokens.set(dir, namenode.adminToken);
  const client = new CairnClient({ namenodes: [namenode.rpcAddress], token: tokens.get(dir) ?? '', rpcTimeoutMs: 10_000 });
  try {
    return (await client.nn.call('ClusterInfo', {})).chunking;
  } finally {
    client.close();
    await namenode.stop();
  }
}

t.test('chunking: formats with cdc by default; a fixed cluster stays fixed and refuses cdc later', async (t) => {
  const root = await mkdtemp(join(tmpdir(), 'cairn-chunking-'));
  t.teardown(() => rm(root, { recursive: true, force: true }));
  t.equal(await policyOf(join(root, 'a'), {}), 'cdc', 'a namespace formatted without the key uses cdc');
  t.equal(await policyOf(join(root, 'a'), {}), 'cdc', 'and keeps it');
  t.equal(await code(startIn(join(root, 'a'), { chunking: 'fixed' })), 'INVALID_CONFIG', 'a cdc cluster refuses fixed');

  t.equal(await policyOf(join(root, 'b'), { chunking: 'fixed' }), 'fixed', 'formatted with fixed when told');
  t.equal(await policyOf(join(root, 'b'), {}), 'fixed', 'a start without the key keeps fixed');
  t.equal(await policyOf(join(root, 'b'), { chunking: 'fixed' }), 'fixed', 'naming the same policy is fine');
  t.equal(await code(startIn(join(root, 'b'), { chunking: 'cdc' })), 'INVALID_CONFIG', 'a fixed cluster refuses cdc');
});

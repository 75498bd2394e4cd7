// The one config schema: layers in order, and errors that name the key (DESIGN §11).
import t from 'tap';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { envName, loadConfig } from '../../src/common/config.js';
import { CairnError } from '../../src/common/errors.js';
import { runCairn } from '../harness/cli-process.js';

function failure(fn: () => unknown): CairnError | undefined {
  try {
    fn();
    return undefined;
  } catch (err) {
    return err as CairnError;
  }
}

t.test('config: defaults, file, environment and flags apply in that order, and the result is frozen', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'cairn-config-'));
  const file = join(dir, 'c.yaml');
  await writeFile(file, 'heartbeatIntervalMs: 1000\nreplicationFactor: 2\nrack: /from-file\n');
  t.equal(loadConfig().heartbeatIntervalMs, 3000, 'built-in default');
  const config = loadConfig({ file, env: { CAIRN_REPLICATION_FACTOR: '4', CAIRN_NAMENODES: 'a:1,b:2' }, flags: { rack: '/from-flag' } });
  t.equal(config.heartbeatIntervalMs, 1000, 'file over defaults');
  t.equal(config.replicationFactor, 4, 'environment over file');
  t.same(config.namenodes, ['a:1', 'b:2'], 'lists from comma-separated variables');
  t.equal(config.rack, '/from-flag', 'flags over everything');
  t.ok(Object.isFrozen(config));
  t.equal(envName('heartbeatIntervalMs'), 'CAIRN_HEARTBEAT_INTERVAL_MS');
});

t.test('config: an invalid value is refused with a message that names the key', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'cairn-config-'));
  const cases: Array<[string, () => unknown, RegExp]> = [
    ['a string where a number belongs', () => loadConfig({ env: { CAIRN_HEARTBEAT_INTERVAL_MS: 'soon' } }), /heartbeatIntervalMs/],
    ['a negative port', () => loadConfig({ flags: { rpcPort: -1 } }), /rpcPort/],
    ['an unknown key', () => loadConfig({ flags: { heartbeatMs: 5 } as never }), /heartbeatMs/],
    ['minReplicasToCommit above replicationFactor', () => loadConfig({ flags: { replicationFactor: 1 } }), /minReplicasToCommit/],
    ['stale before a heartbeat', () => loadConfig({ flags: { staleAfterMs: 100 } }), /staleAfterMs/],
    ['an unknown chunking policy', () => loadConfig({ flags: { chunking: 'magic' } as never }), /chunking/],
  ];
  for (const [what, fn, key] of cases) {
    const err = failure(fn);
    t.equal(err?.code, 'INVALID_CONFIG', what);
    t.match(err?.message ?? '', key, `${what}: names the key`);
  }
  const bad = join(dir, 'bad.yaml');
  await writeFile(bad, 'replicationFactor: many\n');
  const run = await runCairn(['namenode', '--data', join(dir, 'nn'), '--rpc-port', '0', '--http-port', '0', '--config', bad], {});
  t.equal(run.code, 2, 'the process stops with exit 2');
  t.match(run.stderr, /^cairn: INVALID_CONFIG: .*replicationFactor/, 'and names the key');
  const env = await runCairn(['datanode', '--data', join(dir, 'dn'), '--namenode', '127.0.0.1:1'], { CAIRN_DEAD_AFTER_MS: '-5' });
  t.equal(env.code, 2);
  t.match(env.stderr, /deadAfterMs/);
});

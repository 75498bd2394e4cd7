import { execFileSync } from 'node:child_process';
import { MiniCluster } from '/work/main/test/harness/mini-cluster.js';
const cluster = await MiniCluster.start({ datanodes: 1 });
const admin = cluster.client(cluster.adminToken);
await admin.nn.admin('Safemode', { action: 'enter' });
const env = { ...process.env, CAIRN_NAMENODE: cluster.namenode.rpcAddress, CAIRN_TOKEN: cluster.adminToken };
try {
  execFileSync('script', ['-qec', 'node /work/main/bin/cairn.js admin safemode wait --timeout 700ms', '/dev/null'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
} catch (err) { console.log(JSON.stringify((err as { stdout: Buffer }).stdout.toString())); }
const out = execFileSync('script', ['-qec', 'node /work/main/bin/cairn.js admin fsck', '/dev/null'], { env });
console.log(JSON.stringify(out.toString()));
await cluster.stop();

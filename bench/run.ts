// Benchmark runner: `npm run bench -- <name> [options]`. Each benchmark prints its figures next
// to the machine's own limit measured in the same run, and writes a results table to bench/results.
const benches: Record<string, () => Promise<{ run(args: string[]): Promise<void> }>> = {
  auth: () => import('./auth.js'),
  compaction: () => import('./compaction.js'),
  core: () => import('./core.js'),
  ha: () => import('./ha.js'),
  metadata: () => import('./metadata.js'),
  repair: () => import('./repair.js'),
  s3: () => import('./s3.js'),
  sync: () => import('./sync.js'),
};

const [name, ...args] = process.argv.slice(2);
const load = name === undefined ? undefined : benches[name];
if (!load) {
  process.stderr.write(`usage: npm run bench -- <${Object.keys(benches).join('|')}> [options]\n`);
  process.exit(2);
}
await (await load()).run(args);
process.exit(0);

// The namenode's Prometheus metrics (GET /metrics). One registry per namenode (tests run several
// in one process). Gauges read their value at scrape time from the components that own it; block
// health comes from the replication monitor's last census pass, so scraping never walks the map.
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { CallObserver } from '../../common/grpc.js';
import type { ReplicationMonitor } from '../blocks/replication-monitor.js';
import type { Safemode } from '../blocks/safemode.js';
import type { DatanodeManager } from '../datanodes/datanode-manager.js';
import type { EditLog } from '../journal/edit-log.js';

export interface NamenodeMetricSources {
  datanodes: DatanodeManager;
  monitor: ReplicationMonitor;
  safemode: Safemode;
  log: EditLog;
}

export interface NamenodeMetrics {
  registry: Registry;
  observeCall: CallObserver;
  corruptReports: Counter;
}

export function namenodeMetrics(sources: NamenodeMetricSources): NamenodeMetrics {
  const registry = new Registry();
  const gauge = (name: string, help: string, read: () => number) =>
    new Gauge({ name, help, registers: [registry], collect() { this.set(read()); } });

  new Gauge({
    name: 'cairn_datanodes', help: 'Datanodes by state.', labelNames: ['state'], registers: [registry],
    collect() {
      for (const [state, count] of Object.entries(sources.datanodes.countByState())) this.set({ state }, count);
    },
  });
  const health = () => sources.monitor.stats.health;
  gauge('cairn_blocks', 'Blocks in the block map (last census pass).', () => health().blocks);
  gauge('cairn_block_bytes_capacity', 'Bytes the live datanodes can hold.', () => sum(sources, 'capacity'));
  gauge('cairn_block_bytes_used', 'Bytes the live datanodes use for blocks.', () => sum(sources, 'used'));
  gauge('cairn_blocks_under_replicated', 'Blocks with fewer good live replicas than the replication factor.', () => health().underReplicated);
  gauge('cairn_blocks_over_replicated', 'Blocks with more good live replicas than the replication factor.', () => health().overReplicated);
  gauge('cairn_blocks_missing', 'Blocks with no readable good replica.', () => health().missing);
  gauge('cairn_replicas_corrupt', 'Replicas that failed a checksum, on datanodes that are not dead.', () => health().corruptReplicas);
  gauge('cairn_block_census_age_seconds', 'Seconds since the census pass behind the block counts ended (-1: none yet).',
    () => (health().asOfMs === 0 ? -1 : (Date.now() - health().asOfMs) / 1000));
  gauge('cairn_replication_queue', 'Blocks queued for the replication monitor.', () => sources.monitor.stats.queue);
  gauge('cairn_replication_pending_copies', 'Block copies scheduled and not yet reported done.', () => sources.monitor.stats.pendingCopies);
  gauge('cairn_replication_pending_deletes', 'Replica deletions scheduled and not yet reported done.', () => sources.monitor.stats.pendingDeletes);
  const counterOf = (name: string, help: string, read: () => number) => {
    let last = 0;
    return new Counter({ name, help, registers: [registry], collect() { const now = read(); this.inc(now - last); last = now; } });
  };
  counterOf('cairn_replication_copies_scheduled_total', 'Block copies scheduled.', () => sources.monitor.stats.copiesScheduled);
  counterOf('cairn_replication_copies_timed_out_total', 'Block copies that timed out and were scheduled again.', () => sources.monitor.stats.copiesTimedOut);
  counterOf('cairn_replication_deletes_scheduled_total', 'Replica deletions scheduled.', () => sources.monitor.stats.deletesScheduled);
  counterOf('cairn_edits_total', 'Edits made durable.', () => sources.log.stats.edits);
  counterOf('cairn_edit_groups_total', 'Synced journal batches (group commits): one fsync each.', () => sources.log.stats.groups);
  gauge('cairn_safemode', '1 while the namenode is in safemode.', () => (sources.safemode.on ? 1 : 0));
  gauge('cairn_last_txid', 'The last durable edit.', () => sources.log.stats.lastTxid);
  const corruptReports = new Counter({ name: 'cairn_corrupt_replica_reports_total', help: 'Corrupt replicas reported by datanodes.', registers: [registry] });
  const calls = new Histogram({
    name: 'cairn_rpc_duration_seconds', help: 'Namenode RPC latency by method and outcome.', labelNames: ['method', 'outcome'], registers: [registry],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
  });
  return { registry, corruptReports, observeCall: (method, outcome, seconds) => calls.observe({ method, outcome }, seconds) };
}

function sum(sources: NamenodeMetricSources, key: 'capacity' | 'used'): number {
  return sources.datanodes.all().filter((n) => sources.datanodes.isAlive(n.id)).reduce((total, n) => total + n[key], 0);
}

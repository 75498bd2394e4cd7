// The datanode's Prometheus metrics (GET /metrics on its HTTP port). One registry per datanode,
// never prom-client's global one: tests run several datanodes in one process. Values are read at
// scrape time from the components that own them (store and its compaction, command executor,
// scanner); one scrape measures the store once. Request latency is the only thing observed as it
// happens.
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { CommandCounters } from '../namenode-link/commands.js';
import type { ScanProgress } from '../scanner/block-scanner.js';
import type { BlockStore, BlockStoreStats } from '../storage/block-store.js';

export type CorruptSource = 'read' | 'scan' | 'compaction';

export interface DatanodeMetricSources {
  store: BlockStore;
  activeWrites: { count: number };
  activeReplications(): number;
  commands: Readonly<CommandCounters>;
  scan(): ScanProgress;
  /** Corrupt replicas found, by how they were found. */
  corrupt: Readonly<Record<CorruptSource, number>>;
}

export interface DatanodeMetrics {
  registry: Registry;
  /** One data-plane request: its method, outcome ('OK' or the Cairn error code) and duration. */
  observeRequest(method: string, outcome: string, seconds: number): void;
}

const requestBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10];

export function datanodeMetrics(sources: DatanodeMetricSources): DatanodeMetrics {
  const registry = new Registry();
  let measuring: Promise<BlockStoreStats> | undefined;
  // The gauges of one scrape are collected together: they share one measurement of the store.
  const stats = (): Promise<BlockStoreStats> => (measuring ??= sources.store.stats().finally(() => (measuring = undefined)));
  const storeGauge = (name: string, help: string, read: (s: BlockStoreStats) => number) =>
    new Gauge({ name, help, registers: [registry], async collect() { this.set(read(await stats())); } });
  const gauge = (name: string, help: string, read: () => number) =>
    new Gauge({ name, help, registers: [registry], collect() { this.set(read()); } });
  // Counters mirror totals kept by their owners: each scrape adds what is new since the last.
  const counter = (name: string, help: string, label: string, read: () => Readonly<Record<string, number>>) => {
    const last = new Map<string, number>();
    return new Counter({
      name, help, labelNames: label === '' ? [] : [label], registers: [registry],
      collect() {
        for (const [value, total] of Object.entries(read())) {
          this.inc(label === '' ? {} : { [label]: value }, total - (last.get(value) ?? 0));
          last.set(value, total);
        }
      },
    });
  };
  const total = (read: () => number) => () => ({ '': read() });

  storeGauge('cairn_datanode_blocks', 'Blocks stored in data dirs in service.', (s) => s.blocks);
  storeGauge('cairn_datanode_live_bytes', 'Payload bytes of the blocks stored.', (s) => s.liveBytes);
  storeGauge('cairn_datanode_segment_bytes', 'Bytes of all segment files, live or not.', (s) => s.segmentBytes);
  storeGauge('cairn_datanode_capacity_bytes', 'Size of the file systems of the data dirs in service.', (s) => s.capacity);
  storeGauge('cairn_datanode_free_bytes', 'Bytes available on the file systems of the data dirs in service.', (s) => s.free);
  storeGauge('cairn_datanode_volumes', 'Data dirs in service.', (s) => s.dirs);
  storeGauge('cairn_datanode_failed_volumes', 'Data dirs taken out of service after an I/O fault.', (s) => s.failedDirs);
  gauge('cairn_datanode_active_writes', 'Block writes in progress on the data plane.', () => sources.activeWrites.count);
  gauge('cairn_datanode_active_replications', 'Block copies to other datanodes in progress.', () => sources.activeReplications());

  counter('cairn_datanode_syncs_total', 'fdatasync calls on segment files (group commits).', '', () => ({ '': sources.store.syncCount() }));
  counter('cairn_datanode_replication_copies_total', 'Block copies commanded by the namenode, by outcome.', 'outcome',
    () => ({ done: sources.commands.copiesDone, failed: sources.commands.copiesFailed }));
  counter('cairn_datanode_replication_bytes_total', 'Block bytes copied to other datanodes, per replica created.', '', total(() => sources.commands.bytesCopied));
  counter('cairn_datanode_deleted_blocks_total', 'Blocks deleted on the namenode\'s command.', '', total(() => sources.commands.blocksDeleted));
  counter('cairn_datanode_corrupt_replicas_total', 'Replicas found failing their checksum, by how: read (data plane or copy source), scan or compaction.', 'source', () => sources.corrupt);

  counter('cairn_datanode_compaction_segments_total', 'Segment files compacted and removed.', '', total(() => sources.store.compactionCounters().segments));
  counter('cairn_datanode_compaction_copied_bytes_total', 'Record bytes compaction appended (live blocks moved, tombstones still needed).', '', total(() => sources.store.compactionCounters().copiedBytes));
  counter('cairn_datanode_compaction_reclaimed_bytes_total', 'Disk bytes compaction gave back: removed segments minus what was copied out of them.', '', total(() => sources.store.compactionCounters().reclaimedBytes));

  counter('cairn_datanode_scan_blocks_total', 'Blocks the scanner has read.', '', total(() => sources.scan().totalBlocks));
  counter('cairn_datanode_scan_bytes_total', 'Bytes the scanner has read.', '', total(() => sources.scan().totalBytes));
  counter('cairn_datanode_scan_passes_total', 'Complete scanner passes over every block.', '', total(() => sources.scan().passesCompleted));
  gauge('cairn_datanode_scan_pass_blocks', 'Blocks read in the current scanner pass.', () => sources.scan().passBlocks);
  gauge('cairn_datanode_scan_pass_bytes', 'Bytes read in the current scanner pass.', () => sources.scan().passBytes);
  gauge('cairn_datanode_scan_last_pass_end_seconds', 'Unix time the last complete scanner pass ended (0: none yet).', () => sources.scan().lastPassEndMs / 1000);

  const requests = new Histogram({
    name: 'cairn_datanode_request_duration_seconds', help: 'Data-plane block request latency by method and outcome.', labelNames: ['method', 'outcome'], registers: [registry],
    buckets: requestBuckets,
  });
  return { registry, observeRequest: (method, outcome, seconds) => requests.observe({ method, outcome }, seconds) };
}

// An in-process cluster (test/harness/mini-cluster.ts) with an S3 gateway in front of it, both
// on 127.0.0.1 with ports 0 and stopped by the test.
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import type { Test } from 'tap';
import { loadConfig, type ConfigInput } from '../../src/common/config.js';
import { Gateway } from '../../src/gateway/gateway.js';
import { MiniCluster, miniClusterSecret } from './mini-cluster.js';

/** `config`: overrides for the cluster's nodes (the gateway keeps its defaults). */
export async function startS3Cluster(t: Test, overrides: ConfigInput = {}): Promise<{ cluster: MiniCluster; gateway: Gateway }> {
  const cluster = await MiniCluster.start({ datanodes: 3, config: overrides });
  t.teardown(() => cluster.stop());
  const config = loadConfig({ flags: { host: '127.0.0.1', httpPort: 0, namenodes: [cluster.namenode.rpcAddress], clusterSecret: miniClusterSecret, logLevel: 'silent' } });
  const gateway = await Gateway.start({ config });
  t.teardown(() => gateway.stop());
  return { cluster, gateway };
}

/** A stock AWS SDK client of `gateway` (path-style), signing with `keys`; destroyed when the test ends. */
export function sdkClient(t: Test, gateway: Gateway, keys: { accessKeyId: string; secretAccessKey: string }, extra: Partial<S3ClientConfig> = {}): S3Client {
  const client = new S3Client({ endpoint: `http://${gateway.address}`, region: 'us-east-1', forcePathStyle: true, credentials: keys, ...extra });
  t.teardown(() => client.destroy());
  return client;
}

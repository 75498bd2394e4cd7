// Real S3 clients other than the JavaScript SDK, run as the programs users run: the `aws` CLI
// (Python, botocore's defaults: CRC32 checksums and aws-chunked uploads), Debian's s3cmd and
// rclone (plain SigV4 with signed payloads or Content-MD5). Each makes a bucket, uploads, lists,
// downloads and deletes through the gateway of a real cluster; the bytes must come back exactly.
// A second file is large enough that each client uploads it in parts (multipart).
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import t, { type Test } from 'tap';
import { startS3Cluster } from '../harness/s3-cluster.js';

const run = promisify(execFile);
/** The environment without AWS_* settings of the machine (a CA bundle, a profile) that would change what the clients do. */
const baseEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_') && !name.startsWith('RCLONE_')));

async function setup(t: Test) {
  const { cluster, gateway } = await startS3Cluster(t);
  const keys = await cluster.client(cluster.adminToken).nn.admin('UserAdd', { name: 'tools' });
  const work = await mkdtemp(join(tmpdir(), 'cairn-s3-clients-'));
  t.teardown(() => rm(work, { recursive: true, force: true }));
  const data = randomBytes(5 * 1024 * 1024 + 321); // below every client's multipart threshold
  await writeFile(join(work, 'in.bin'), data);
  const big = randomBytes(17 * 1024 * 1024 + 5); // above the aws CLI's 8 MiB threshold; the others are told 5 MiB parts
  await writeFile(join(work, 'big.bin'), big);
  return { endpoint: `http://${gateway.address}`, address: gateway.address, keys, work, data, big };
}

t.test('s3 clients: the aws CLI', async (t) => {
  const { endpoint, keys, work, data, big } = await setup(t);
  const env = { ...baseEnv, AWS_ACCESS_KEY_ID: keys.accessKeyId, AWS_SECRET_ACCESS_KEY: keys.secretAccessKey, AWS_DEFAULT_REGION: 'us-east-1', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' };
  const aws = (...args: string[]) => run('aws', ['--endpoint-url', endpoint, ...args], { env, timeout: 60_000 });
  await aws('s3', 'mb', 's3://cli-bucket');
  await aws('s3', 'cp', join(work, 'in.bin'), 's3://cli-bucket/dir/in file.bin');
  const listed = await aws('s3', 'ls', 's3://cli-bucket/dir/');
  t.match(listed.stdout, /in file\.bin/, 'aws s3 ls lists the key');
  await aws('s3', 'cp', 's3://cli-bucket/dir/in file.bin', join(work, 'aws-out.bin'));
  t.ok((await readFile(join(work, 'aws-out.bin'))).equals(data), 'aws s3 cp reads back exactly');
  const head = JSON.parse((await aws('s3api', 'head-object', '--bucket', 'cli-bucket', '--key', 'dir/in file.bin')).stdout) as { ContentLength: number };
  t.equal(head.ContentLength, data.length);
  await aws('s3', 'rm', 's3://cli-bucket/dir/in file.bin');
  await t.rejects(aws('s3api', 'head-object', '--bucket', 'cli-bucket', '--key', 'dir/in file.bin'), 'gone after aws s3 rm');

  await aws('s3', 'cp', join(work, 'big.bin'), 's3://cli-bucket/big.bin');
  const bigHead = JSON.parse((await aws('s3api', 'head-object', '--bucket', 'cli-bucket', '--key', 'big.bin')).stdout) as { ETag: string };
  t.match(bigHead.ETag, /^"[0-9a-f]{32}-3"$/, 'aws s3 cp uploaded the large file in 3 parts');
  await aws('s3', 'cp', 's3://cli-bucket/big.bin', join(work, 'aws-big.bin'));
  t.ok((await readFile(join(work, 'aws-big.bin'))).equals(big), 'the multipart upload reads back exactly');
  await aws('s3', 'sync', work, 's3://cli-bucket/synced/', '--exclude', 'aws-*');
  t.match((await aws('s3', 'ls', 's3://cli-bucket/synced/')).stdout, /big\.bin[\s\S]*in\.bin/, 'aws s3 sync uploads the folder');
  const again = await aws('s3', 'sync', work, 's3://cli-bucket/synced/', '--exclude', 'aws-*');
  t.equal(again.stdout.trim(), '', 'a second sync finds nothing to do');
});

t.test('s3 clients: s3cmd', async (t) => {
  const { address, keys, work, data, big } = await setup(t);
  const config = join(work, 's3cfg');
  await writeFile(config, [
    '[default]', `access_key = ${keys.accessKeyId}`, `secret_key = ${keys.secretAccessKey}`, `host_base = ${address}`, `host_bucket = ${address}`,
    'use_https = False', 'bucket_location = us-east-1', 'signature_v2 = False', '',
  ].join('\n'));
  const s3cmd = (...args: string[]) => run('s3cmd', ['-c', config, ...args], { env: baseEnv, timeout: 60_000 });
  await s3cmd('mb', 's3://s3cmd-bucket');
  await s3cmd('put', join(work, 'in.bin'), 's3://s3cmd-bucket/a/b.bin');
  t.match((await s3cmd('ls', 's3://s3cmd-bucket/a/')).stdout, /s3:\/\/s3cmd-bucket\/a\/b\.bin/);
  await s3cmd('get', 's3://s3cmd-bucket/a/b.bin', join(work, 's3cmd-out.bin'));
  t.ok((await readFile(join(work, 's3cmd-out.bin'))).equals(data), 's3cmd get reads back exactly');
  await s3cmd('del', 's3://s3cmd-bucket/a/b.bin');
  t.notMatch((await s3cmd('ls', 's3://s3cmd-bucket/a/')).stdout, /b\.bin/, 'gone after s3cmd del');
  await s3cmd('put', '--multipart-chunk-size-mb=5', join(work, 'big.bin'), 's3://s3cmd-bucket/big.bin');
  await s3cmd('get', 's3://s3cmd-bucket/big.bin', join(work, 's3cmd-big.bin'));
  t.ok((await readFile(join(work, 's3cmd-big.bin'))).equals(big), 's3cmd\'s multipart upload reads back exactly');
});

t.test('s3 clients: rclone', async (t) => {
  const { endpoint, keys, work, data, big } = await setup(t);
  const env = {
    ...baseEnv, RCLONE_CONFIG: '/dev/null', RCLONE_CONFIG_CAIRN_TYPE: 's3', RCLONE_CONFIG_CAIRN_PROVIDER: 'Other', RCLONE_CONFIG_CAIRN_ENDPOINT: endpoint,
    RCLONE_CONFIG_CAIRN_ACCESS_KEY_ID: keys.accessKeyId, RCLONE_CONFIG_CAIRN_SECRET_ACCESS_KEY: keys.secretAccessKey, RCLONE_CONFIG_CAIRN_REGION: 'us-east-1',
    RCLONE_CONFIG_CAIRN_FORCE_PATH_STYLE: 'true',
  };
  const rclone = (...args: string[]) => run('rclone', [...args], { env, timeout: 60_000 });
  await rclone('mkdir', 'cairn:rclone-bucket');
  await rclone('copyto', join(work, 'in.bin'), 'cairn:rclone-bucket/x/y.bin');
  t.match((await rclone('lsf', '-R', 'cairn:rclone-bucket')).stdout, /x\/y\.bin/);
  await rclone('copyto', 'cairn:rclone-bucket/x/y.bin', join(work, 'rclone-out.bin'));
  t.ok((await readFile(join(work, 'rclone-out.bin'))).equals(data), 'rclone reads back exactly');
  await rclone('deletefile', 'cairn:rclone-bucket/x/y.bin');
  t.notMatch((await rclone('lsf', '-R', 'cairn:rclone-bucket')).stdout, /y\.bin/, 'gone after rclone deletefile');
  await rclone('copyto', '--s3-upload-cutoff', '5M', '--s3-chunk-size', '5M', join(work, 'big.bin'), 'cairn:rclone-bucket/big.bin');
  await rclone('copyto', 'cairn:rclone-bucket/big.bin', join(work, 'rclone-big.bin'));
  t.ok((await readFile(join(work, 'rclone-big.bin'))).equals(big), 'rclone\'s multipart upload reads back exactly');
});

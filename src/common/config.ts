// One schema validates every process's configuration (DESIGN §11). Layers, later wins:
// built-in defaults → YAML/JSON file → CAIRN_* environment variables → flags. The result is
// validated once, its cross-key relationships asserted, then frozen. `src/` never reads the
// environment itself: `cmd/` passes it in.
import { readFileSync } from 'node:fs';
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { parse as parseYaml } from 'yaml';
import { CairnError } from './errors.js';
import { GiB, MiB, TiB } from './constants.js';

const Ms = (def: number) => Type.Integer({ minimum: 1, default: def });
const Port = (def: number) => Type.Integer({ minimum: 0, maximum: 65535, default: def });

export const ConfigSchema = Type.Object(
  {
    dataDirs: Type.Array(Type.String({ minLength: 1 }), { default: [] }),
    host: Type.String({ minLength: 1, default: '127.0.0.1' }),
    rpcPort: Port(7070),
    httpPort: Port(7071),
    namenodes: Type.Array(Type.String({ pattern: '^[^\\s:]+:\\d+$' }), { default: [] }),
    rack: Type.String({ minLength: 1, default: '/default-rack' }),
    /** Empty: the namenode keeps its own in its data dir; otherwise at least 16 characters. */
    clusterSecret: Type.String({ pattern: '^(|.{16,})$', default: '' }),
    logLevel: Type.Union(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)), { default: 'info' }),
    heartbeatIntervalMs: Ms(3000),
    staleAfterMs: Ms(9000),
    deadAfterMs: Ms(30_000),
    blockReportIntervalMs: Ms(6 * 3_600_000),
    replicationFactor: Type.Integer({ minimum: 1, maximum: 16, default: 3 }),
    minReplicasToCommit: Type.Integer({ minimum: 1, maximum: 16, default: 2 }),
    replicationTickMs: Ms(1000),
    /** Block copies one datanode runs at once, as source (datanode) and as scheduled by the namenode. */
    replicationStreamsMax: Type.Integer({ minimum: 1, maximum: 64, default: 8 }),
    /** A scheduled copy not reported done within this is scheduled again. */
    replicationTimeoutMs: Ms(60_000),
    /** Fraction of blocks that must have a reported replica before the namenode leaves safemode. */
    safemodeThreshold: Type.Number({ minimum: 0, maximum: 1, default: 0.999 }),
    gcGraceMs: Ms(3_600_000),
    trashRetentionMs: Ms(30 * 86_400_000),
    revisionRetentionCount: Type.Integer({ minimum: 1, default: 100 }),
    revisionRetentionMs: Ms(30 * 86_400_000),
    scanIntervalMs: Ms(7 * 86_400_000),
    scanBytesPerSec: Type.Integer({ minimum: 1, default: 20 * MiB }),
    uploadLeaseMs: Ms(7 * 86_400_000),
    /** `HOST:PORT[,…][/CHROOT]`: run with ZooKeeper (HA namenodes; others find the active there). Empty: no ZooKeeper. */
    zk: Type.String({ default: '' }),
    zkSessionTimeoutMs: Ms(5000),
    /** The size of the namenode group: an edit is acknowledged once a majority of it holds the edit durably. */
    haNamenodes: Type.Integer({ minimum: 1, maximum: 9, default: 3 }),
    /** Journal records kept behind the newest (older ones are trimmed; a namenode further behind copies a snapshot). */
    journalRetainTxids: Type.Integer({ minimum: 1, default: 1_000_000 }),
    /** How long a mutating call's request id is remembered, so a retry after failover is answered, not applied again. */
    retryCacheMs: Ms(600_000),
    /** Chosen when the namenode formats (`cdc` unless set); a later start that sets another is refused. */
    chunking: Type.Optional(Type.Union([Type.Literal('cdc'), Type.Literal('fixed')])),
    segmentBytesMax: Type.Integer({ minimum: MiB, default: GiB }),
    /** How often a datanode looks for segments to compact (also right after a batch of deletes). */
    compactionIntervalMs: Ms(60_000),
    /** Segment bytes compaction reads per second at most, per datanode. */
    compactionBytesPerSec: Type.Integer({ minimum: 1, default: 32 * MiB }),
    defaultQuotaBytes: Type.Integer({ minimum: 0, default: 15 * GiB }),
    premiumQuotaBytes: Type.Integer({ minimum: 0, default: TiB }),
    commitWaitMs: Ms(10_000),
    /** Lifetime of a block token: how long a read or write already allowed outlives a share taken back. */
    blockTokenTtlMs: Ms(600_000),
    uploadParallelism: Type.Integer({ minimum: 1, maximum: 64, default: 8 }),
    downloadParallelism: Type.Integer({ minimum: 1, maximum: 64, default: 8 }),
    rpcTimeoutMs: Ms(30_000),
    /** The region S3 clients are told (GetBucketLocation); signatures of any region are accepted. */
    s3Region: Type.String({ pattern: '^[a-z0-9-]{1,64}$', default: 'us-east-1' }),
    /** Virtual-host addressing: a request to host `b.<domain>` names bucket `b` (path-style works everywhere). */
    s3Domains: Type.Array(Type.String({ pattern: '^[a-z0-9.-]{1,253}$' }), { default: ['localhost'] }),
  },
  { additionalProperties: false },
);

export type Config = Readonly<Static<typeof ConfigSchema>>;
export type ConfigInput = Partial<Static<typeof ConfigSchema>>;
export type ConfigKey = keyof Config;

const properties = ConfigSchema.properties as Record<string, TSchema>;

export function defaultConfig(): Config {
  return Object.freeze(Value.Default(ConfigSchema, {}) as Config);
}

export interface ConfigSources {
  file?: string;
  env?: Record<string, string | undefined>;
  flags?: ConfigInput;
  /** Role defaults that sit between the built-in defaults and the file (ports, say). */
  base?: ConfigInput;
}

export function loadConfig(sources: ConfigSources = {}): Config {
  const merged: Record<string, unknown> = {
    ...(Value.Default(ConfigSchema, {}) as object),
    ...sources.base,
    ...(sources.file === undefined ? {} : readConfigFile(sources.file)),
    ...configFromEnv(sources.env ?? {}),
    ...stripUndefined(sources.flags ?? {}),
  };
  return validateConfig(merged);
}

export function validateConfig(candidate: Record<string, unknown>): Config {
  const error = Value.Errors(ConfigSchema, candidate).First();
  if (error) {
    const key = error.path.replace(/^\//, '').replace(/\//g, '.') || '(root)';
    const unknown = error.path === '' ? Object.keys(candidate).find((k) => !(k in properties)) : undefined;
    throw new CairnError('INVALID_CONFIG', unknown ? `unknown config key '${unknown}'` : `config key '${key}': ${error.message}`);
  }
  const config = candidate as Config;
  if (config.staleAfterMs <= config.heartbeatIntervalMs) throw new CairnError('INVALID_CONFIG', "config key 'staleAfterMs' must exceed heartbeatIntervalMs");
  if (config.deadAfterMs < config.staleAfterMs) throw new CairnError('INVALID_CONFIG', "config key 'deadAfterMs' must be at least staleAfterMs");
  if (config.minReplicasToCommit > config.replicationFactor) {
    throw new CairnError('INVALID_CONFIG', "config key 'minReplicasToCommit' must not exceed replicationFactor");
  }
  return Object.freeze({ ...config, dataDirs: Object.freeze([...config.dataDirs]), namenodes: Object.freeze([...config.namenodes]) }) as Config;
}

function readConfigFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new CairnError('INVALID_CONFIG', `cannot read config file ${path}: ${(err as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = parseYaml(text);
  } catch (err) {
    throw new CairnError('INVALID_CONFIG', `config file ${path} is not valid YAML/JSON: ${(err as Error).message}`);
  }
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) throw new CairnError('INVALID_CONFIG', `config file ${path} must hold a mapping`);
  return parsed as Record<string, unknown>;
}

/** `heartbeatIntervalMs` ← `CAIRN_HEARTBEAT_INTERVAL_MS`; arrays are comma-separated. */
export function envName(key: string): string {
  return `CAIRN_${key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()}`;
}

function configFromEnv(env: Record<string, string | undefined>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(properties)) {
    const raw = env[envName(key)];
    if (raw === undefined || raw === '') continue;
    out[key] = coerce(raw, schema);
  }
  return out;
}

function coerce(raw: string, schema: TSchema): unknown {
  if (schema.type === 'integer' || schema.type === 'number') return /^-?\d+(\.\d+)?$/.test(raw.trim()) ? Number(raw) : raw;
  if (schema.type === 'array') return raw.split(',').map((s) => s.trim()).filter((s) => s !== '');
  return raw;
}

function stripUndefined(input: ConfigInput): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
}

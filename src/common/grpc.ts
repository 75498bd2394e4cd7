// gRPC plumbing shared by every role: loading the protos, starting servers, wrapping async
// handlers, and carrying CairnError codes across the wire (status from the error table plus a
// `cairn-code` trailer) so the caller gets back the very code the callee threw.
import { fileURLToPath } from 'node:url';
import type { Http2Session } from 'node:http2';
import type { Socket } from 'node:net';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import type { ProtoGrpcType as NamenodeProto } from '../../proto/gen/namenode.js';
import type { ProtoGrpcType as DatanodeProto } from '../../proto/gen/datanode.js';
import { grpcMessageBytesMax } from './constants.js';
import { CairnError, isErrorCode, toCairnError, type ErrorCode } from './errors.js';
import type { Logger } from './logger.js';
import { inRequest, requestIdHeader } from './request-id.js';

const protoDir = fileURLToPath(new URL('../../proto', import.meta.url));
const loaderOptions: protoLoader.Options = { keepCase: false, longs: Number, enums: String, defaults: true, oneofs: true, includeDirs: [protoDir] };

let protos: { namenode: NamenodeProto; datanode: DatanodeProto } | undefined;

export function loadProtos(): { namenode: NamenodeProto; datanode: DatanodeProto } {
  protos ??= {
    namenode: grpc.loadPackageDefinition(protoLoader.loadSync('namenode.proto', loaderOptions)) as unknown as NamenodeProto,
    datanode: grpc.loadPackageDefinition(protoLoader.loadSync('datanode.proto', loaderOptions)) as unknown as DatanodeProto,
  };
  return protos;
}

/**
 * HTTP/2 flow-control window per stream and per connection. The protocol default (64 KiB) makes
 * every 400 KiB block wait for several window updates from a busy receiver; a window that holds
 * a few whole blocks lets a block cross in one go.
 */
export const flowControlWindowBytes = 8 * grpcMessageBytesMax;

export const channelOptions: grpc.ChannelOptions = {
  'grpc.max_receive_message_length': grpcMessageBytesMax,
  'grpc.max_send_message_length': grpcMessageBytesMax,
  'grpc.keepalive_time_ms': 30_000,
  'grpc.enable_retries': 0,
  'grpc-node.flow_control_window': flowControlWindowBytes,
  // Channels to one address share a subchannel and its reconnect backoff (grpc-js's default
  // grows to 120 s): a namenode that restarts or fails over must be found again within seconds.
  'grpc.initial_reconnect_backoff_ms': 100,
  'grpc.max_reconnect_backoff_ms': 2000,
};

/**
 * grpc-js applies `grpc-node.flow_control_window` to client sessions only. Its servers keep the
 * HTTP/2 defaults: a 64 KiB window per stream and, worse, per connection — every call on a
 * connection then shares 64 KiB in flight, and concurrent block writes queue behind each other.
 * Both windows are widened here, in the one place that reaches into grpc-js internals; an
 * upgrade that moves them fails loudly at start rather than silently slowing every write.
 */
function widenServerWindows(server: grpc.Server, phase: 'settings' | 'sessions'): void {
  const internal = server as unknown as {
    commonServerOptions?: { settings?: Record<string, unknown> };
    http2Servers?: Map<{ on(event: 'session', fn: (session: Http2Session) => void): void; on(event: 'connection', fn: (socket: Socket) => void): void }, unknown>;
  };
  if (phase === 'settings') {
    if (internal.commonServerOptions === undefined) throw new Error('assertion failed: grpc-js server internals changed; revisit widenServerWindows');
    internal.commonServerOptions.settings = { ...internal.commonServerOptions.settings, initialWindowSize: flowControlWindowBytes };
    return;
  }
  if (!(internal.http2Servers instanceof Map)) throw new Error('assertion failed: grpc-js server internals changed; revisit widenServerWindows');
  for (const http2Server of internal.http2Servers.keys()) {
    http2Server.on('session', (session) => session.setLocalWindowSize(flowControlWindowBytes));
    // Without TCP_NODELAY, Nagle's algorithm holds a reply's last small frame until the peer's
    // delayed ACK (~40 ms): every hop of a write pipeline paid that once.
    http2Server.on('connection', (socket) => socket.setNoDelay(true));
  }
}

export interface BoundServer {
  server: grpc.Server;
  port: number;
  address: string;
}

/** Told of every finished unary call: its method, outcome (OK or the Cairn error code) and duration. */
export type CallObserver = (method: string, outcome: string, seconds: number) => void;

export async function startGrpcServer(
  host: string,
  port: number,
  services: Array<{ definition: grpc.ServiceDefinition; handlers: grpc.UntypedServiceImplementation }>,
  observe?: CallObserver,
): Promise<BoundServer> {
  const server = new grpc.Server(channelOptions);
  widenServerWindows(server, 'settings');
  for (const { definition, handlers } of services) server.addService(definition, observe ? observed(handlers, observe) : handlers);
  const bound = await new Promise<number>((resolve, reject) => {
    server.bindAsync(`${host}:${port}`, grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p)));
  });
  widenServerWindows(server, 'sessions');
  return { server, port: bound, address: `${host}:${bound}` };
}

function observed(handlers: grpc.UntypedServiceImplementation, observe: CallObserver): grpc.UntypedServiceImplementation {
  return Object.fromEntries(Object.entries(handlers).map(([method, handler]) => [method, (call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) => {
    const started = process.hrtime.bigint();
    (handler as grpc.handleUnaryCall<unknown, unknown>)(call, (err, value) => {
      const outcome = err ? String(err.metadata?.get('cairn-code')[0] ?? 'ERROR') : 'OK';
      observe(method, outcome, Number(process.hrtime.bigint() - started) / 1e9);
      callback(err, value);
    });
  }]));
}

/** Stops accepting calls, lets running ones finish for up to `graceMs`, then cuts the rest. */
export async function stopGrpcServer(server: grpc.Server, graceMs = 2000): Promise<void> {
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      server.forceShutdown();
      resolve();
    }, graceMs);
    server.tryShutdown(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * Wraps an async handler: its CairnErrors reach the caller with their code; other errors become
 * INTERNAL. A call with a client request id runs in that request's scope (request-id.ts).
 */
export function unary<Req, Res>(
  logger: Logger,
  handler: (request: Req, call: grpc.ServerUnaryCall<Req, Res>) => Promise<Res>,
): grpc.handleUnaryCall<Req, Res> {
  return (call, callback) => {
    inRequest(call.metadata.get(requestIdHeader)[0], () => handler(call.request, call)).then(
      (response) => callback(null, response),
      (err: unknown) => {
        const error = toCairnError(err);
        if (error.code === 'INTERNAL') logger.error({ err }, 'handler failed');
        callback(toServiceError(error));
      },
    );
  };
}

export function toServiceError(error: CairnError): Partial<grpc.StatusObject> {
  const metadata = new grpc.Metadata();
  metadata.set('cairn-code', error.code);
  if (error.details !== undefined) metadata.set('cairn-details', JSON.stringify(error.details));
  return { code: error.mapping.grpc, details: error.message, metadata };
}

/** Turns a failed call back into the CairnError the server threw, or a transport error code. */
export function fromServiceError(err: grpc.ServiceError, target: string): CairnError {
  const code = err.metadata?.get('cairn-code')[0];
  if (isErrorCode(code)) {
    const rawDetails = err.metadata.get('cairn-details')[0];
    const details = typeof rawDetails === 'string' ? (JSON.parse(rawDetails) as Record<string, unknown>) : undefined;
    return new CairnError(code, err.details, details);
  }
  const byStatus: Partial<Record<grpc.status, ErrorCode>> = {
    [grpc.status.UNAVAILABLE]: 'UNAVAILABLE',
    [grpc.status.DEADLINE_EXCEEDED]: 'TIMEOUT',
    [grpc.status.RESOURCE_EXHAUSTED]: 'TOO_LARGE',
    [grpc.status.UNAUTHENTICATED]: 'UNAUTHENTICATED',
    [grpc.status.CANCELLED]: 'UNAVAILABLE',
  };
  // grpc-js fails a call fast, before sending anything, while its channel cannot connect.
  const unsent = err.code === grpc.status.UNAVAILABLE && /No connection established|ECONNREFUSED/.test(err.details ?? '');
  return new CairnError(byStatus[err.code] ?? 'INTERNAL', `${target}: ${err.details || err.message}`, unsent ? { unsent: true } : undefined);
}

/** A call that never left this process: retrying it cannot apply anything twice. */
export function wasNeverSent(err: unknown): boolean {
  return err instanceof CairnError && err.details?.unsent === true;
}

type UnaryMethod<Req, Res> = (
  request: Req,
  metadata: grpc.Metadata,
  options: grpc.CallOptions,
  callback: (err: grpc.ServiceError | null, value?: Res) => void,
) => grpc.ClientUnaryCall;

/** Calls a unary method with a deadline and returns a promise that rejects with a CairnError. */
export function callUnary<Req, Res>(
  client: grpc.Client,
  method: UnaryMethod<Req, Res>,
  request: Req,
  metadata: grpc.Metadata,
  timeoutMs: number,
): Promise<Res> {
  return new Promise((resolve, reject) => {
    method.call(client, request, metadata, { deadline: Date.now() + timeoutMs }, (err, value) => {
      if (err) reject(fromServiceError(err, client.getChannel().getTarget()));
      else if (value === undefined) reject(new CairnError('INTERNAL', 'empty reply'));
      else resolve(value);
    });
  });
}

export function metadataWith(entries: Record<string, string>): grpc.Metadata {
  const metadata = new grpc.Metadata();
  for (const [key, value] of Object.entries(entries)) metadata.set(key, value);
  return metadata;
}

export const insecure = grpc.credentials.createInsecure();

// `cairn fs put | get | cat`: moving bytes between local files (or stdin/stdout) and the cluster.
// Guarantees: a local file is streamed, never read whole; `get` into a file never leaves a
// half-written file under the target name — it writes `LOCAL.cairn-part-<random>` beside it,
// syncs it, and renames it into place only once the whole download arrived verified, removing the
// temp file on any failure. Local I/O failures surface as CairnErrors (NOT_FOUND, IO_ERROR, …).
// A put that fails because the cluster, the network or the local file failed — or that is
// stopped (Ctrl-C, SIGTERM) — leaves its upload session open, and `put --resume` continues it:
// only what the session does not hold durably yet is sent again (the lease bounds how long).
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { basename, join, resolve, sep } from 'node:path';
import { Writable, type Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { GetResult } from '../client/downloader.js';
import type { PutResult } from '../client/uploader.js';
import { CairnError, isCairnError } from '../common/errors.js';
import { childPath } from '../common/paths.js';
import { connectionOptions, intFlag, parse } from './args.js';
import type { CliContext, Command } from './context.js';
import { withSession, remoteBasename, revisionFlag, type FsSession } from './fs-session.js';
import { formatBytes, printJson } from './output.js';
import { progressBar } from './progress.js';

/** Bytes read from a local file per chunk handed to the chunker. */
const localReadChunkBytes = 256 * 1024;
/** Random bytes in a temp file's name (hex-encoded): enough that concurrent gets never collide. */
const partNameRandomBytes = 6;
const partSuffix = '.cairn-part-';

export const putUsage = 'cairn fs put LOCAL REMOTE [--resume] [--if-revision N] [--json]    (LOCAL - = stdin)';
export const getUsage = 'cairn fs get REMOTE LOCAL [--revision N] [--json]       (LOCAL - = stdout)';
export const catUsage = 'cairn fs cat REMOTE [--revision N]';

const putOptions = { ...connectionOptions, 'if-revision': { type: 'string' }, resume: { type: 'boolean' } } as const;
const getOptions = { ...connectionOptions, revision: { type: 'string' } } as const;

export const putCommand: Command = async (ctx, argv) => {
  const { values, positionals } = parse(argv, putOptions, { min: 2, max: 2, usage: putUsage });
  const [local, remote] = positionals as [string, string];
  const expectedRevision = intFlag(values['if-revision'], 'if-revision');
  const resume = values.resume === true;
  if (resume && expectedRevision !== undefined) {
    throw new CairnError('USAGE', `--resume keeps the --if-revision of the put that opened the session; give one or the other\nusage: ${putUsage}`);
  }
  const source = local === '-' ? { path: '-', name: undefined, size: 0 } : await localSource(resolve(ctx.cwd, local));
  return withSession(ctx, values, async (session) => {
    const path = await putTarget(session, remote, source.name);
    const bar = progressBar(ctx, 'put', source.size, values.quiet === true);
    let result: PutResult;
    try {
      const openLocal = () => (source.path === '-' ? ctx.stdin : createReadStream(source.path, { highWaterMark: localReadChunkBytes }));
      const chunks = localChunks(openLocal, source.path);
      const declaredSize = source.path === '-' ? undefined : source.size; // stdin's size is not known up front
      const upload = session.client.put(chunks, path, { expectedRevision, resume, keepSessionOnFailure: true, declaredSize, onProgress: (bytes) => bar.add(bytes) });
      result = await untilStopped(ctx, upload);
    } catch (err) {
      throw putError(err, path, resume);
    } finally {
      bar.stop();
    }
    if (values.json) printJson(ctx.stdout, putJson(result));
    else if (!values.quiet) ctx.stdout.write(`${putLine(result)}\n`);
    return 0;
  });
};

export const getCommand: Command = async (ctx, argv) => {
  const { values, positionals } = parse(argv, getOptions, { min: 2, max: 2, usage: getUsage });
  const [remote, local] = positionals as [string, string];
  const revision = revisionFlag(values.revision, 'revision');
  if (local === '-' && values.json) throw new CairnError('USAGE', `--json cannot share stdout with the file's bytes; give LOCAL a file name\nusage: ${getUsage}`);
  return withSession(ctx, values, async (session) => {
    const path = await session.remote(remote);
    const silent = values.quiet === true;
    if (local === '-') {
      await download(ctx, session, path, ctx.stdout, revision, silent);
      return 0;
    }
    const { result, target } = await downloadToFile(ctx, session, path, resolve(ctx.cwd, local), revision, silent);
    if (values.json) printJson(ctx.stdout, getJson(result));
    else if (!silent) ctx.stdout.write(`${result.path} revision ${result.revision} -> ${target} (${formatBytes(result.size)} in ${result.seconds.toFixed(2)} s)\n`);
    return 0;
  });
};

export const catCommand: Command = async (ctx, argv) => {
  const { values, positionals } = parse(argv, getOptions, { min: 1, max: 1, usage: catUsage });
  const revision = revisionFlag(values.revision, 'revision');
  return withSession(ctx, values, async (session) => {
    await download(ctx, session, await session.remote(positionals[0] as string), ctx.stdout, revision, true);
    return 0;
  });
};

// ---- put ----

async function localSource(path: string): Promise<{ path: string; name: string; size: number }> {
  const info = await stat(path).catch((err: unknown) => {
    throw localError(err, path);
  });
  if (info.isDirectory()) throw new CairnError('IS_A_DIRECTORY', `${path} is a local folder; put takes one file`);
  return { path, name: basename(path), size: info.size };
}

/** REMOTE as typed, or — when it ends in '/' or names an existing folder — LOCAL's name inside it. */
async function putTarget(session: FsSession, remote: string, localName: string | undefined): Promise<string> {
  const path = await session.remote(remote);
  if (remote.endsWith('/')) return childPath(path.replace(/\/+$/, '') || '/', requireName(localName));
  let existing;
  try {
    existing = await session.client.nn.call('Stat', { path });
  } catch (err) {
    if (isCairnError(err, 'NOT_FOUND')) return path;
    throw err;
  }
  return existing.type === 'dir' ? childPath(existing.path, requireName(localName)) : path;
}

function requireName(localName: string | undefined): string {
  if (localName === undefined) throw new CairnError('USAGE', `put from stdin needs a file name in REMOTE, not a folder\nusage: ${putUsage}`);
  return localName;
}

/**
 * The local bytes as Uint8Arrays. The file opens only when the upload starts reading and closes
 * however the upload ends; read errors become CairnErrors.
 */
async function* localChunks(openStream: () => Readable, path: string): AsyncGenerator<Uint8Array> {
  const stream = openStream();
  try {
    for await (const chunk of stream as AsyncIterable<unknown>) {
      if (typeof chunk === 'string') yield Buffer.from(chunk);
      else if (chunk instanceof Uint8Array) yield chunk;
      else throw new CairnError('INTERNAL', `${path}: the stream yielded ${typeof chunk}, not bytes`);
    }
  } catch (err) {
    throw localError(err, path === '-' ? 'stdin' : path);
  } finally {
    if (path !== '-') stream.destroy();
  }
}

/**
 * The upload, unless the process is asked to stop first: then the put ends at once with TIMEOUT
 * (as a stopped wait does), leaving its session open for `--resume`.
 */
async function untilStopped<T>(ctx: CliContext, work: Promise<T>): Promise<T> {
  const stopped = ctx.stopSignal.then((signal): never => {
    throw new CairnError('TIMEOUT', `stopped by ${signal}`, { sessionKept: true });
  });
  stopped.catch(() => undefined); // a signal after the upload ended is nobody's error
  return Promise.race([work, stopped]);
}

/** A put's failure for the user: NOT_FOUND for a session that is not there, and what `--resume` can do. */
function putError(err: unknown, path: string, resume: boolean): unknown {
  if (!(err instanceof CairnError)) return err;
  if (err.code === 'NO_SUCH_UPLOAD') return new CairnError('NOT_FOUND', `${err.message}${resume ? '; start it again without --resume' : ''}`, err.details);
  if (err.code === 'QUOTA_EXCEEDED') {
    const sent = Number(err.details?.bytesUploaded ?? 0);
    return new CairnError(err.code, `${err.message}; ${sent === 0 ? 'refused before any block was sent' : `the ${sent} bytes sent are released`}`, err.details);
  }
  const uploadId = err.details?.uploadId;
  const kept = typeof uploadId === 'string' ? `upload ${uploadId}` : err.details?.sessionKept === true ? 'the upload' : undefined;
  if (kept === undefined) return err;
  return new CairnError(err.code, `${err.message} — ${kept} of ${path} stays open: the same put with --resume continues it`, err.details);
}

function putJson(r: PutResult) {
  return {
    path: r.path, revision: r.revision, size: r.size, blocks: r.blocks, blocksUploaded: r.blocksUploaded,
    bytesUploaded: r.bytesUploaded, blocksDeduplicated: r.blocksDeduplicated, seconds: r.seconds,
  };
}

function putLine(r: PutResult): string {
  return `${r.path} revision ${r.revision} (${formatBytes(r.size)} in ${r.blocks} block${r.blocks === 1 ? '' : 's'}: ${r.blocksUploaded} uploaded, `
    + `${r.blocksDeduplicated} already stored) in ${r.seconds.toFixed(2)} s`;
}

// ---- get ----

function getJson(r: GetResult) {
  return { path: r.path, revision: r.revision, size: r.size, blocks: r.blocks, seconds: r.seconds };
}

async function download(
  ctx: CliContext, session: FsSession, path: string, sink: Writable, revision: number | undefined, silent: boolean, sinkName = 'stdout',
): Promise<GetResult> {
  const bar = progressBar(ctx, 'get', 0, silent);
  try {
    const work = session.client.get(path, sink, { revision, onStart: ({ size }) => bar.setTotal(size), onProgress: (bytes) => bar.add(bytes) })
      .then(async (result) => {
        await flushed(sink, sinkName);
        return result;
      });
    return await untilSinkFails(sink, sinkName, work);
  } finally {
    bar.stop();
  }
}

/**
 * Ends the wait as soon as the sink fails (a full disk, a closed pipe): the downloader only sees a
 * sink error while it waits for 'drain', so without this it could wait forever.
 */
async function untilSinkFails<T>(sink: Writable, sinkName: string, work: Promise<T>): Promise<T> {
  let onError: ((err: Error) => void) | undefined;
  const failed = new Promise<never>((_resolve, reject) => {
    onError = (err) => reject(localError(err, sinkName));
    sink.once('error', onError);
  });
  try {
    return await Promise.race([work, failed]);
  } finally {
    if (onError) sink.off('error', onError);
  }
}

async function downloadToFile(ctx: CliContext, session: FsSession, path: string, local: string, revision: number | undefined, silent: boolean) {
  const target = await localTarget(local, path);
  const temp = `${target}${partSuffix}${randomBytes(partNameRandomBytes).toString('hex')}`;
  const sink = await FileSink.create(temp);
  try {
    const result = await download(ctx, session, path, sink, revision, silent, temp);
    await finish(sink).catch((err: unknown) => {
      throw localError(err, temp);
    });
    await rename(temp, target).catch((err: unknown) => {
      throw localError(err, target);
    });
    return { result, target };
  } catch (err) {
    await closeQuietly(sink);
    await rm(temp, { force: true }).catch(() => undefined);
    throw err;
  }
}

/** Resolves once every byte written so far has left the sink; rejects when any of them failed. */
function flushed(sink: Writable, sinkName: string): Promise<void> {
  if (sink.errored) return Promise.reject(localError(sink.errored, sinkName));
  return new Promise((resolve, reject) => {
    sink.write(Buffer.alloc(0), (err) => (err ? reject(localError(err, sinkName)) : resolve()));
  });
}

/** LOCAL as typed, or REMOTE's name inside it when LOCAL is an existing folder. */
async function localTarget(local: string, remotePath: string): Promise<string> {
  try {
    if ((await stat(local)).isDirectory()) return join(local, remoteBasename(remotePath));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw localError(err, local);
    if (local.endsWith(sep)) throw new CairnError('NOT_FOUND', `${local}: no such local folder`);
  }
  return local;
}

/** Ends the sink and waits until its bytes are synced and its handle closed (or it failed). */
async function finish(sink: Writable): Promise<void> {
  if (sink.errored) throw sink.errored;
  sink.end();
  await finished(sink);
}

async function closeQuietly(sink: Writable): Promise<void> {
  if (sink.closed) return;
  sink.destroy();
  await finished(sink).catch(() => undefined);
}

/** A local file written through one handle, synced before it closes so the rename publishes durable bytes. */
class FileSink extends Writable {
  readonly #handle: FileHandle;

  private constructor(handle: FileHandle) {
    super();
    this.#handle = handle;
    // A write that fails after the downloader stopped listening must not crash the process: the
    // failure stays visible through `errored`, `finish()` and the download's race.
    this.on('error', () => undefined);
  }

  static async create(path: string): Promise<FileSink> {
    const handle = await open(path, 'wx').catch((err: unknown) => {
      throw localError(err, path);
    });
    return new FileSink(handle);
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (err?: Error | null) => void): void {
    writeAll(this.#handle, chunk).then(() => done(), (err: Error) => done(err));
  }

  override _final(done: (err?: Error | null) => void): void {
    this.#handle.sync().then(() => done(), (err: Error) => done(err));
  }

  override _destroy(err: Error | null, done: (err?: Error | null) => void): void {
    this.#handle.close().then(() => done(err), (closeErr: Error) => done(err ?? closeErr));
  }
}

async function writeAll(handle: FileHandle, data: Buffer): Promise<void> {
  let offset = 0;
  while (offset < data.length) {
    const { bytesWritten } = await handle.write(data, offset, data.length - offset);
    if (bytesWritten <= 0) throw new CairnError('IO_ERROR', 'the local file accepted no bytes');
    offset += bytesWritten;
  }
}

/** A local file-system failure as a CairnError with a code scripts can act on. */
function localError(err: unknown, path: string): CairnError {
  if (err instanceof CairnError) return err;
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const message = err instanceof Error ? err.message : String(err);
  if (code === 'ENOENT') return new CairnError('NOT_FOUND', `${path}: no such local file or folder`);
  if (code === 'EISDIR') return new CairnError('IS_A_DIRECTORY', `${path} is a local folder`);
  if (code === 'EEXIST') return new CairnError('ALREADY_EXISTS', `${path} exists`);
  if (code === 'EACCES' || code === 'EPERM') return new CairnError('PERMISSION_DENIED', `${path}: ${message}`);
  return new CairnError('IO_ERROR', `${path}: ${message}`);
}

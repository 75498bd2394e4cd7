// `cairn fs uploads [--json]` and `cairn fs uploads abort UPLOAD_ID`: the caller's own open upload
// sessions — what an interrupted `cairn fs put` (or a client library put) left behind, which
// `put --resume` continues — and ending one, which releases the blocks it holds. Only plain
// sessions are listed: S3 multipart uploads are listed and aborted through S3 (their ids abort
// here too). Nobody sees another user's sessions; an id that is not the caller's open session is
// NOT_FOUND, whether or not it exists (an admin may abort anyone's, as operators clean up).
import type { OpenUpload__Output } from '../../proto/gen/cairn/namenode/OpenUpload.js';
import { CairnError } from '../common/errors.js';
import { connectionOptions, parse } from './args.js';
import type { CliContext, Command } from './context.js';
import { withSession } from './fs-session.js';
import { formatBytes, isoTime, printJson, printTable } from './output.js';

export const uploadsUsage = 'cairn fs uploads [--json] | fs uploads abort UPLOAD_ID';
const abortUsage = 'cairn fs uploads abort UPLOAD_ID';
const uploadIdPattern = /^[0-9a-f]{16}$/;

interface UploadJson {
  uploadId: string;
  path: string;
  createdAt: string;
  leaseExpiresAt: string;
  blocks: number;
  bytes: number;
}

export const uploadsCommand: Command = async (ctx, argv) => {
  if (argv[0] === 'abort') return abortUpload(ctx, argv.slice(1));
  const { values } = parse(argv, connectionOptions, { min: 0, max: 0, usage: uploadsUsage });
  return withSession(ctx, values, async (session) => {
    const shown: UploadJson[] = [];
    for await (const upload of session.client.openUploads()) shown.push(uploadJson(upload));
    if (values.json) printJson(ctx.stdout, shown);
    else if (shown.length > 0) {
      const rows = shown.map((u) => [u.uploadId, u.createdAt, u.leaseExpiresAt, u.blocks, formatBytes(u.bytes), u.path]);
      printTable(ctx.stdout, [['UPLOAD_ID', 'CREATED', 'LEASE_EXPIRES', 'BLOCKS', 'BYTES', 'PATH'], ...rows]);
    }
    return 0;
  });
};

async function abortUpload(ctx: CliContext, argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, connectionOptions, { min: 1, max: 1, usage: abortUsage });
  const uploadId = positionals[0] as string;
  if (!uploadIdPattern.test(uploadId)) throw new CairnError('USAGE', `an upload id is 16 hex digits, not ${JSON.stringify(uploadId.slice(0, 40))}\nusage: ${abortUsage}`);
  return withSession(ctx, values, async (session) => {
    await session.client.nn.call('AbortUpload', { uploadId, attempt: 0 }).catch((err: unknown) => {
      if (err instanceof CairnError && err.code === 'NO_SUCH_UPLOAD') throw new CairnError('NOT_FOUND', `no open upload ${uploadId} of yours`);
      throw err;
    });
    if (values.json) printJson(ctx.stdout, { uploadId, aborted: true });
    else if (!values.quiet) ctx.stdout.write(`aborted upload ${uploadId}\n`);
    return 0;
  });
}

function uploadJson(u: OpenUpload__Output): UploadJson {
  return {
    uploadId: u.uploadId, path: u.path, createdAt: isoTime(u.createdAtMs), leaseExpiresAt: isoTime(u.leaseExpiresAtMs), blocks: u.blocks, bytes: u.bytes,
  };
}

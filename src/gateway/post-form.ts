// The multipart/form-data body of a browser upload (S3 POST Object), read with @fastify/busboy as
// it arrives. The fields before the part named `file` (the name is case-sensitive, as in S3) are
// collected, bounded in number and bytes; the file is handed over as a stream that the socket
// feeds only as fast as the caller reads it, so memory does not grow with the file. Whatever
// follows the file is read and ignored.
//
// Guarantees: `done` settles once the whole body has been read — it rejects when the body is cut
// short, is not well-formed, or the connection goes — so a caller that waits for it before
// committing never stores a truncated file. Every failure is an S3Error: MalformedPOSTRequest,
// MaxPostPreDataLengthExceededError (fields too large), IncorrectNumberOfFilesInPostRequest (no
// file), IncompleteBody (the client went away).
import { finished, type Readable } from 'node:stream';
import { Busboy, type BusboyFileStream, type BusboyInstance } from '@fastify/busboy';
import { KiB } from '../common/constants.js';
import { S3Error } from './s3-errors.js';

/** The fields before the file together, names and values, in bytes (S3 allows a 20 KiB policy among them). */
export const formFieldsBytesMax = 64 * KiB;
/** Fields before the file. */
export const formFieldsMax = 100;
/** Header pairs and bytes of one part's header block (Content-Disposition, Content-Type, …). */
const partHeaderPairsMax = 16;
const partHeaderBytesMax = 16 * KiB;

export interface PostForm {
  /** The fields before the file, names as sent, in order. */
  fields: Array<[string, string]>;
  file: {
    /** The file name the client sent, without any directory part; '' when none. */
    filename: string;
    stream: AsyncIterable<Buffer>;
  };
  /** Resolves once the body has been read to its end and was well-formed. */
  done: Promise<void>;
  /** Stops parsing: the rest of the body is left to whoever drains the request. */
  discard(): void;
}

/** Reads the body up to the start of the file; rejects with an S3Error when there is no usable file part. */
export function readPostForm(raw: Readable, contentType: string): Promise<PostForm> {
  let busboy: BusboyInstance;
  try {
    busboy = parserOf(contentType);
  } catch {
    return Promise.reject(malformed('the Content-Type names no multipart boundary'));
  }
  return new Promise<PostForm>((resolve, reject) => {
    const fields: Array<[string, string]> = [];
    let fieldBytes = 0;
    let file: BusboyFileStream | undefined;
    let failure: S3Error | undefined;
    let settleDone: (error?: S3Error) => void = () => undefined;
    const done = new Promise<void>((resolveDone, rejectDone) => {
      settleDone = (error) => (error === undefined ? resolveDone() : rejectDone(error));
    });
    done.catch(() => undefined); // its failure also ends the file stream; not every caller gets to wait for it
    const discard = () => raw.unpipe(busboy);
    const fail = (error: S3Error) => {
      if (failure !== undefined) return;
      failure = error;
      discard();
      file?.destroy(error);
      reject(error); // a no-op once the form was handed over
      settleDone(error);
    };

    busboy.on('field', (name, value, _nameTruncated, valueTruncated) => {
      if (file !== undefined || failure !== undefined) return; // after the file: ignored
      if (name === undefined || name === '') return fail(malformed('a form field has no name'));
      fieldBytes += Buffer.byteLength(name) + Buffer.byteLength(value);
      if (valueTruncated || fieldBytes > formFieldsBytesMax) return fail(fieldsTooLarge(`at most ${formFieldsBytesMax} bytes of fields`));
      fields.push([name, value]);
    });
    const tooMany = () => {
      if (file === undefined) fail(fieldsTooLarge(`at most ${formFieldsMax} fields`));
    };
    busboy.on('fieldsLimit', tooMany);
    busboy.on('partsLimit', tooMany);
    busboy.on('file', (_name, stream, filename) => {
      stream.on('error', () => undefined); // failures arrive through `fail`, which destroys the stream
      if (failure !== undefined) return void stream.resume();
      file = stream;
      resolve({ fields, file: { filename: filename ?? '', stream: bytesOf(stream) }, done, discard });
    });
    busboy.on('error', () => fail(malformed('the body is not well-formed multipart/form-data')));
    busboy.on('finish', () => {
      if (file === undefined) fail(new S3Error('IncorrectNumberOfFilesInPostRequest', 'POST requires exactly one file upload per request.'));
      else settleDone();
    });
    /** The file's bytes; a failure of the form, whichever event brings it first, as its S3Error. */
    async function* bytesOf(stream: BusboyFileStream): AsyncGenerator<Buffer> {
      try {
        for await (const piece of stream) yield piece as Buffer;
      } catch (err) {
        throw failure ?? (err instanceof S3Error ? err : malformed('the file part ended early'));
      }
    }
    finished(raw, (err) => {
      if (err !== undefined && err !== null) fail(new S3Error('IncompleteBody', 'The request body ended before the form did'));
    });
    raw.pipe(busboy);
  });
}

/** A parser that takes only the part named `file` as the file, and holds everything else to the limits above. */
function parserOf(contentType: string): BusboyInstance {
  return Busboy({
    headers: { 'content-type': contentType },
    isPartAFile: (name) => name === 'file',
    limits: { fields: formFieldsMax, fieldSize: formFieldsBytesMax, files: 1, parts: formFieldsMax + 1, headerPairs: partHeaderPairsMax, headerSize: partHeaderBytesMax },
  });
}

function malformed(detail: string): S3Error {
  return new S3Error('MalformedPOSTRequest', `The body of your POST request is not well-formed multipart/form-data: ${detail}.`);
}

function fieldsTooLarge(detail: string): S3Error {
  return new S3Error('MaxPostPreDataLengthExceededError', `Your POST request fields preceding the upload file were too large: ${detail}.`);
}

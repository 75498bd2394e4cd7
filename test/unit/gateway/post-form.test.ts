// Reading a browser upload's multipart/form-data body (src/gateway/post-form.ts): the fields
// before the file, the file streamed as the body arrives, what follows it ignored, the limits on
// fields, and bodies that are cut short or not multipart at all — which must never look complete.
import { PassThrough } from 'node:stream';
import t from 'tap';
import { formFieldsBytesMax, formFieldsMax, readPostForm } from '../../../src/gateway/post-form.js';
import { s3Code } from '../../harness/error-code.js';

const boundary = 'form-boundary-1234';
const contentType = `multipart/form-data; boundary=${boundary}`;

type Part = { name: string; value: string | Buffer; filename?: string };

function multipart(parts: Part[], closing = true): Buffer {
  const pieces: Buffer[] = [];
  for (const part of parts) {
    const disposition = `form-data; name="${part.name}"${part.filename === undefined ? '' : `; filename="${part.filename}"`}`;
    pieces.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n\r\n`), Buffer.from(part.value), Buffer.from('\r\n'));
  }
  if (closing) pieces.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(pieces);
}

/** A request body that arrives in small pieces, as from a socket, honouring backpressure; `sent` counts the bytes let in. */
function bodyOf(bytes: Buffer, pieceBytes = 1000): PassThrough & { sent: number } {
  const body = Object.assign(new PassThrough(), { sent: 0 });
  void (async () => {
    for (let i = 0; i < bytes.length; i += pieceBytes) {
      const piece = bytes.subarray(i, i + pieceBytes);
      body.sent += piece.length;
      if (!body.write(piece)) await new Promise((resolve) => body.once('drain', resolve));
    }
    body.end();
  })();
  return body;
}

async function readAll(stream: AsyncIterable<Buffer>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks);
}

t.test('post form: fields before the file, the file as a stream, what follows ignored', async (t) => {
  const file = Buffer.alloc(300_000, 7);
  const body = multipart([
    { name: 'key', value: 'uploads/${filename}' }, { name: 'Content-Type', value: 'image/png' }, { name: 'File', value: 'a field, not the file' },
    { name: 'file', value: file, filename: 'C:\\Users\\me\\photo.png' }, { name: 'x-amz-meta-late', value: 'ignored' },
    { name: 'file', value: 'a second file', filename: 'two.txt' },
  ]);
  const form = await readPostForm(bodyOf(body), contentType);
  t.same(form.fields, [['key', 'uploads/${filename}'], ['Content-Type', 'image/png'], ['File', 'a field, not the file']], 'names as sent, in order; only `file` is the file');
  t.equal(form.file.filename, 'photo.png', 'the file name without its directory');
  t.ok((await readAll(form.file.stream)).equals(file), 'the file\'s bytes, exactly');
  await form.done;
  t.same(form.fields.map(([name]) => name), ['key', 'Content-Type', 'File'], 'fields after the file are not added');
});

t.test('post form: the file is read only as fast as the caller reads it', async (t) => {
  const body = bodyOf(multipart([{ name: 'key', value: 'k' }, { name: 'file', value: Buffer.alloc(8 * 1024 * 1024, 1), filename: 'big' }]), 64 * 1024);
  const form = await readPostForm(body, contentType);
  await new Promise((resolve) => setTimeout(resolve, 100));
  t.ok(body.sent < 1024 * 1024, `most of the body is still waiting in the socket, not in memory (${body.sent} bytes let in)`);
  t.equal((await readAll(form.file.stream)).length, 8 * 1024 * 1024);
  await form.done;
});

t.test('post form: a body cut short never looks complete', async (t) => {
  const full = multipart([{ name: 'key', value: 'k' }, { name: 'file', value: Buffer.alloc(50_000, 2), filename: 'f' }]);
  for (const cut of [4, 10, 20_000]) {
    const form = await readPostForm(bodyOf(full.subarray(0, full.length - cut)), contentType);
    const outcome = await s3Code((async () => {
      await readAll(form.file.stream);
      await form.done;
    })());
    t.equal(outcome, 'MalformedPOSTRequest', `${cut} bytes missing: the file stream or the end of the form fails`);
  }
  const gone = new PassThrough();
  gone.write(full.subarray(0, 30_000));
  const form = await readPostForm(gone, contentType);
  const reading = s3Code(readAll(form.file.stream));
  gone.destroy();
  t.equal(await reading, 'IncompleteBody', 'the client went away mid-file');
});

t.test('post form: forms without a file, with too much before it, or not multipart', async (t) => {
  t.equal(await s3Code(readPostForm(bodyOf(multipart([{ name: 'key', value: 'k' }])), contentType)), 'IncorrectNumberOfFilesInPostRequest');
  const manyFields = Array.from({ length: formFieldsMax + 1 }, (_, i) => ({ name: `x-ignore-${i}`, value: 'v' }));
  t.equal(await s3Code(readPostForm(bodyOf(multipart([...manyFields, { name: 'file', value: 'x', filename: 'f' }])), contentType)), 'MaxPostPreDataLengthExceededError', `more than ${formFieldsMax} fields`);
  const bigFields = [{ name: 'policy', value: 'p'.repeat(formFieldsBytesMax - 100) }, { name: 'x-amz-meta-a', value: 'a'.repeat(200) }];
  t.equal(await s3Code(readPostForm(bodyOf(multipart([...bigFields, { name: 'file', value: 'x', filename: 'f' }])), contentType)), 'MaxPostPreDataLengthExceededError', `more than ${formFieldsBytesMax} bytes of fields`);
  t.equal(await s3Code(readPostForm(bodyOf(multipart([{ name: 'policy', value: 'p'.repeat(formFieldsBytesMax + 1) }])), contentType)), 'MaxPostPreDataLengthExceededError', 'one field over the limit');
  t.equal(await s3Code(readPostForm(bodyOf(Buffer.from('key=k&file=x')), 'multipart/form-data')), 'MalformedPOSTRequest', 'no boundary');
  t.equal(await s3Code(readPostForm(bodyOf(Buffer.from('not multipart at all')), contentType)), 'MalformedPOSTRequest', 'no part at all');
});

// A throwaway S3 endpoint for tests of what real S3 clients send and parse: it listens on
// 127.0.0.1:0, records every raw request (method, URL, headers, body) and answers each with what
// `answer` returns — by default 200 with an empty body's ETag. The test closes it.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { Test } from 'tap';

export interface CapturedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface Answer {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
}

const emptyEtag = '"d41d8cd98f00b204e9800998ecf8427e"';

export async function captureEndpoint(t: Test, answer: (request: CapturedRequest) => Answer = () => ({})): Promise<{ endpoint: string; captured: CapturedRequest[] }> {
  const captured: CapturedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) };
      captured.push(request);
      const reply = answer(request);
      res.writeHead(reply.status ?? 200, reply.headers ?? { etag: emptyEtag }).end(reply.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { endpoint: `http://127.0.0.1:${(server.address() as { port: number }).port}`, captured };
}

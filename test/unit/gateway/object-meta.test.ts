// Object metadata, ETags, conditional requests and ranges as S3 applies them.
import t from 'tap';
import { etagOf, evaluateConditions, headersFromMeta, metaFromRequest, parseRange } from '../../../src/gateway/object-meta.js';

t.test('metadata: content headers and user metadata are kept; aws-chunked is not an encoding', async (t) => {
  const meta = metaFromRequest({
    'content-type': 'text/plain', 'content-encoding': 'aws-chunked,gzip', 'cache-control': 'no-cache', 'x-amz-meta-colour': 'blue',
    'x-amz-meta-a.b': 'c', authorization: 'secret stuff', 'x-amz-checksum-crc32': 'AAAAAA==',
  });
  t.same(meta, { 'content-type': 'text/plain', 'content-encoding': 'gzip', 'cache-control': 'no-cache', 'x-amz-meta-colour': 'blue', 'x-amz-meta-a.b': 'c' });
  t.same(metaFromRequest({ 'content-encoding': 'aws-chunked' }), { 'content-type': 'binary/octet-stream' }, 'the S3 default type; nothing else');
  t.throws(() => metaFromRequest({ 'x-amz-meta-big': 'x'.repeat(2100) }), { code: 'MetadataTooLarge' });
  t.same(headersFromMeta({ ...meta, 'x-amz-checksum-crc32': 'AAAAAA==', etag: 'abc-2' }, false), meta, 'checksums only when asked; never internal keys');
  t.equal(headersFromMeta({ 'x-amz-checksum-crc32': 'AAAAAA==' }, true)['x-amz-checksum-crc32'], 'AAAAAA==');
  t.equal(etagOf('0123', {}), '"0123"');
  t.equal(etagOf('0123', { etag: 'ffff-3' }), '"ffff-3"', 'a multipart ETag recorded at commit wins');
});

t.test('conditions: If-Match, If-None-Match and the date forms in S3 precedence', async (t) => {
  const object = { etag: '"abc"', lastModifiedMs: Date.parse('2026-01-02T00:00:00Z') };
  const before = 'Thu, 01 Jan 2026 00:00:00 GMT';
  const after = 'Sat, 03 Jan 2026 00:00:00 GMT';
  t.equal(evaluateConditions({ 'if-match': '"abc"' }, object, 'GET'), 'ok');
  t.equal(evaluateConditions({ 'if-match': '"zzz", "abc"' }, object, 'GET'), 'ok', 'any of a list');
  t.equal(evaluateConditions({ 'if-match': '"zzz"' }, object, 'GET'), 'failed');
  t.equal(evaluateConditions({ 'if-none-match': '"abc"' }, object, 'GET'), 'not-modified');
  t.equal(evaluateConditions({ 'if-none-match': '*' }, object, 'PUT'), 'failed', 'a conditional create over an existing object');
  t.equal(evaluateConditions({ 'if-modified-since': after }, object, 'GET'), 'not-modified');
  t.equal(evaluateConditions({ 'if-modified-since': before }, object, 'GET'), 'ok');
  t.equal(evaluateConditions({ 'if-unmodified-since': before }, object, 'GET'), 'failed');
  t.equal(evaluateConditions({ 'if-match': '"abc"', 'if-unmodified-since': before }, object, 'GET'), 'ok', 'If-Match true overrides If-Unmodified-Since');
  t.equal(evaluateConditions({ 'if-none-match': '"zzz"', 'if-modified-since': after }, object, 'GET'), 'ok', 'If-None-Match false overrides If-Modified-Since');
  t.equal(evaluateConditions({ 'if-modified-since': 'not a date' }, object, 'GET'), 'ok', 'an unparsable date is ignored');
});

t.test('ranges: bounded, open and suffix; 416 beyond the end; malformed ones ignored', async (t) => {
  t.same(parseRange('bytes=0-9', 100), { start: 0, end: 10 });
  t.same(parseRange('bytes=90-', 100), { start: 90, end: 100 });
  t.same(parseRange('bytes=-10', 100), { start: 90, end: 100 });
  t.same(parseRange('bytes=-500', 100), { start: 0, end: 100 }, 'a suffix longer than the object is the whole object');
  t.same(parseRange('bytes=50-500', 100), { start: 50, end: 100 }, 'an end beyond the object is clamped');
  t.throws(() => parseRange('bytes=100-', 100), { code: 'InvalidRange' });
  t.throws(() => parseRange('bytes=-0', 100), { code: 'InvalidRange' });
  t.throws(() => parseRange('bytes=0-0', 0), { code: 'InvalidRange' }, 'any range of an empty object');
  t.equal(parseRange('bytes=5-1', 100), undefined, 'an inverted range is ignored');
  t.equal(parseRange('bytes=0-1,5-6', 100), undefined, 'multiple ranges are not supported: whole object');
  t.equal(parseRange('items=0-1', 100), undefined);
  t.equal(parseRange(undefined, 100), undefined);
});

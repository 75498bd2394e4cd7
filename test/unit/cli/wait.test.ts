// waitUntil (src/cli/wait.ts) without a cluster: it returns the state that satisfied it, gives up
// with TIMEOUT at its deadline or when the process is asked to stop, and on a terminal leaves no
// status line behind; off a terminal it writes nothing at all.
import t from 'tap';
import { Readable, Writable } from 'node:stream';
import type { CliContext } from '../../../src/cli/context.js';
import { timeoutFlag, waitUntil, type WaitSpec } from '../../../src/cli/wait.js';
import { CairnError } from '../../../src/common/errors.js';
import { code } from '../../harness/error-code.js';

class Collector extends Writable {
  text = '';
  isTTY: boolean;
  constructor(isTTY: boolean) {
    super();
    this.isTTY = isTTY;
  }
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString('utf8');
    done();
  }
}

function context(isTTY: boolean, stopSignal = new Promise<string>(() => undefined)): { ctx: CliContext; stderr: Collector } {
  const stderr = new Collector(isTTY);
  return { ctx: { env: {}, stdin: Readable.from([]), stdout: new Collector(false), stderr, cwd: '/', stopSignal }, stderr };
}

/** A counter that reaches `doneAt` on its `doneAt`-th poll. */
function counting(doneAt: number, timeoutMs: number | undefined): WaitSpec<number> {
  let polls = 0;
  return {
    what: 'the counter', intervalMs: 10, timeoutMs, silent: false,
    poll: async () => ++polls,
    done: (n) => n >= doneAt,
    describe: (n) => `at ${n}`,
  };
}

t.test('waitUntil: returns the satisfying state; the status line is drawn and cleared on a terminal', async (t) => {
  const { ctx, stderr } = context(true);
  t.equal(await waitUntil(ctx, counting(3, 5000)), 3);
  t.match(stderr.text, /\rwaiting for the counter \(\d+\.\d s\): at 1\x1b\[K/);
  t.ok(stderr.text.endsWith('\r\x1b[K'), 'the status line is erased at the end');
});

t.test('statusLine: cut to the terminal width; a pseudo-terminal that says 0 columns gets 80', async (t) => {
  for (const [columns, width] of [[40, 39], [0, 79]] as const) {
    const { ctx, stderr } = context(true);
    Object.assign(stderr, { columns });
    await waitUntil(ctx, { ...counting(2, 5000), what: 'x'.repeat(200) });
    const line = /\r([^\r]*)\x1b\[K/.exec(stderr.text)?.[1] ?? '';
    t.equal(line.length, width, `${columns} columns: a line of ${width} characters`);
  }
});

t.test('waitUntil: off a terminal it writes nothing', async (t) => {
  const { ctx, stderr } = context(false);
  t.equal(await waitUntil(ctx, counting(3, undefined)), 3);
  t.equal(stderr.text, '');
});

t.test('waitUntil: TIMEOUT at the deadline, and when the process is asked to stop', async (t) => {
  const { ctx, stderr } = context(true);
  const started = Date.now();
  t.equal(await code(waitUntil(ctx, counting(Infinity, 100))), 'TIMEOUT');
  t.ok(Date.now() - started < 2000, 'gives up near its deadline');
  t.ok(stderr.text.endsWith('\r\x1b[K'), 'the status line is erased after a timeout too');

  const stopped = context(false, new Promise((resolve) => setTimeout(() => resolve('SIGINT'), 50)));
  const error = await waitUntil(stopped.ctx, counting(Infinity, undefined)).catch((err: unknown) => err);
  t.ok(error instanceof CairnError && error.code === 'TIMEOUT' && error.message.startsWith('stopped by SIGINT'), 'a stop ends an unbounded wait');
});

t.test('timeoutFlag: durations with units, more than 0', async (t) => {
  t.equal(timeoutFlag(undefined, 'u'), undefined);
  t.equal(timeoutFlag('300ms', 'u'), 300);
  t.equal(timeoutFlag('2m', 'u'), 120_000);
  t.equal(await code(Promise.resolve().then(() => timeoutFlag('0s', 'u'))), 'USAGE');
  t.equal(await code(Promise.resolve().then(() => timeoutFlag('soon', 'u'))), 'USAGE');
});

// Waiting for a cluster state from the command line (`safemode wait`, `decommission --wait`): poll
// at a fixed interval until the state holds, with an optional deadline. Guarantees: at most one
// call in flight; the wait ends with the state that satisfied it, or with TIMEOUT when the
// deadline passes or the process is asked to stop (Ctrl-C) — a script sees the same outcome for
// both, "the state was not reached"; and the status line is cleared whatever happens.
import { CairnError } from '../common/errors.js';
import { parseDuration } from '../common/units.js';
import type { CliContext } from './context.js';
import { statusLine } from './progress.js';

export interface WaitSpec<T> {
  /** What is awaited, for messages: 'safe mode to be off'. */
  what: string;
  intervalMs: number;
  /** undefined: until the state holds or the process is stopped. */
  timeoutMs: number | undefined;
  poll: () => Promise<T>;
  done: (value: T) => boolean;
  /** The polled state in a few words, for the status line and a timeout's message. */
  describe: (value: T) => string;
  silent: boolean;
}

export async function waitUntil<T>(ctx: CliContext, spec: WaitSpec<T>): Promise<T> {
  const started = Date.now();
  const deadline = spec.timeoutMs === undefined ? Infinity : started + spec.timeoutMs;
  const status = statusLine(ctx, spec.silent);
  let timer: NodeJS.Timeout | undefined;
  let stopped: string | undefined;
  // Attached once: the stop signal may never come, and a reaction per poll would pile up.
  const stop = ctx.stopSignal.then((signal) => {
    stopped = signal;
  });
  try {
    for (;;) {
      const value = await spec.poll();
      if (spec.done(value)) return value;
      const elapsedS = ((Date.now() - started) / 1000).toFixed(1);
      if (stopped !== undefined) throw new CairnError('TIMEOUT', `stopped by ${stopped} after ${elapsedS} s waiting for ${spec.what}: ${spec.describe(value)}`);
      if (Date.now() >= deadline) throw new CairnError('TIMEOUT', `gave up after ${elapsedS} s waiting for ${spec.what}: ${spec.describe(value)}`);
      status.show(`waiting for ${spec.what} (${elapsedS} s): ${spec.describe(value)}`);
      const pauseMs = Math.min(spec.intervalMs, Math.max(deadline - Date.now(), 0));
      await Promise.race([new Promise((resolve) => (timer = setTimeout(resolve, pauseMs))), stop]);
      clearTimeout(timer);
    }
  } finally {
    clearTimeout(timer);
    status.stop();
  }
}

/** `--timeout DURATION` of a wait: more than 0 (ms/s/m/h/d); undefined when not given. */
export function timeoutFlag(value: string | undefined, usage: string): number | undefined {
  if (value === undefined) return undefined;
  const timeoutMs = parseDuration(value);
  if (timeoutMs <= 0) throw new CairnError('USAGE', `--timeout must be more than 0, not ${JSON.stringify(value)}\nusage: ${usage}`);
  return timeoutMs;
}

// A progress bar for long transfers: on stderr, only when it is a terminal and not --quiet.
import cliProgress from 'cli-progress';
import type { CliContext } from './context.js';
import { formatBytes } from '../common/units.js';

export interface Progress {
  add(bytes: number): void;
  setTotal(bytes: number): void;
  stop(): void;
}

const quiet: Progress = { add: () => undefined, setTotal: () => undefined, stop: () => undefined };

export function progressBar(ctx: CliContext, label: string, totalBytes: number, silent: boolean): Progress {
  if (silent || !ctx.stderr.isTTY) return quiet;
  const bar = new cliProgress.SingleBar(
    { stream: ctx.stderr as NodeJS.WritableStream, format: `${label} [{bar}] {percentage}% {done} / {size} {speed}`, hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  const started = Date.now();
  let done = 0;
  let total = totalBytes;
  const payload = () => ({ done: formatBytes(done), size: total > 0 ? formatBytes(total) : '?', speed: `${formatBytes(done / Math.max((Date.now() - started) / 1000, 0.001))}/s` });
  bar.start(Math.max(total, 1), 0, payload());
  return {
    add(bytes) {
      done += bytes;
      bar.update(Math.min(done, Math.max(total, 1)), payload());
    },
    setTotal(bytes) {
      total = bytes;
      bar.setTotal(Math.max(bytes, 1));
    },
    stop() {
      bar.stop();
    },
  };
}

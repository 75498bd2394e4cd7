// Progress on stderr for long work — a bar for transfers, a status line for waits — only when stderr is
// a terminal and not --quiet.
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

/**
 * One line of status on stderr, rewritten in place (`\r` and erase-to-end), for work whose size is
 * not known in bytes: fsck while the namenode walks, a wait for a state. Quiet like the bar.
 */
export interface StatusLine {
  show(text: string): void;
  stop(): void;
}

const quietStatus: StatusLine = { show: () => undefined, stop: () => undefined };
/** Where a terminal does not say its width; a line longer than the terminal would wrap and not be rewritten. */
const statusColumnsDefault = 80;

export function statusLine(ctx: CliContext, silent: boolean): StatusLine {
  if (silent || !ctx.stderr.isTTY) return quietStatus;
  // A pseudo-terminal without a size says 0 columns.
  const said = (ctx.stderr as { columns?: number }).columns ?? 0;
  const columns = said > 0 ? said : statusColumnsDefault;
  let shown = false;
  return {
    show(text) {
      ctx.stderr.write(`\r${text.slice(0, Math.max(columns - 1, 1))}\x1b[K`);
      shown = true;
    },
    stop() {
      if (shown) ctx.stderr.write('\r\x1b[K');
      shown = false;
    },
  };
}

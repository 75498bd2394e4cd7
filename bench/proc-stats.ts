// Peak resident memory of processes, read from /proc/<pid>/status (VmHWM) while they run.
import { readFileSync } from 'node:fs';

export function peakRssBytes(pid: number): number | undefined {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Polls the peak RSS of `pids` every `intervalMs` until stopped; remembers the largest seen. */
export class PeakWatcher {
  readonly peaks = new Map<number, number>();
  readonly #timer: NodeJS.Timeout;

  constructor(pids: () => number[], intervalMs = 100) {
    this.#timer = setInterval(() => {
      for (const pid of pids()) {
        const peak = peakRssBytes(pid);
        if (peak !== undefined) this.peaks.set(pid, Math.max(peak, this.peaks.get(pid) ?? 0));
      }
    }, intervalMs);
  }

  stop(): void {
    clearInterval(this.#timer);
  }
}

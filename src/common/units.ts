// Human units for sizes and durations, as the CLI contract accepts them.
import { CairnError } from './errors.js';

const sizeUnits: Record<string, number> = {
  '': 1, B: 1,
  K: 1024, KB: 1024, KIB: 1024,
  M: 1024 ** 2, MB: 1024 ** 2, MIB: 1024 ** 2,
  G: 1024 ** 3, GB: 1024 ** 3, GIB: 1024 ** 3,
  T: 1024 ** 4, TB: 1024 ** 4, TIB: 1024 ** 4,
};

export function parseSize(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(text);
  const unit = match?.[2]?.toUpperCase() ?? '';
  const factor = sizeUnits[unit];
  if (!match || factor === undefined) throw new CairnError('USAGE', `not a size: ${JSON.stringify(text)} (use e.g. 15G, 512MiB)`);
  return Math.round(Number(match[1]) * factor);
}

const durationUnits: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export function parseDuration(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/.exec(text);
  if (!match) throw new CairnError('USAGE', `not a duration: ${JSON.stringify(text)} (use e.g. 500ms, 30s, 7d)`);
  return Math.round(Number(match[1]) * (durationUnits[match[2] ?? 'ms'] ?? 1));
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`;
}

// Output helpers: `--json` prints exactly one JSON document; human output is plain text tables.
import type { Writable } from 'node:stream';
import { formatBytes } from '../common/units.js';

export function printJson(out: Writable, value: unknown): void {
  out.write(`${JSON.stringify(value)}\n`);
}

export function printTable(out: Writable, rows: Array<Array<string | number>>): void {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, String(cell).length)));
  for (const row of rows) out.write(`${row.map((cell, i) => (i === row.length - 1 ? String(cell) : String(cell).padEnd(widths[i] ?? 0))).join('  ')}\n`);
}

export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

export { formatBytes };

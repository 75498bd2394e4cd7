// `KEY=value` files (admin.env, client.env, --env-file): written mode 0600 since they hold
// credentials; parsed leniently (comments, `export`, quotes).
import { chmod, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { CairnError } from './errors.js';

export async function writeEnvFile(path: string, vars: Record<string, string>): Promise<void> {
  await writeFile(path, Object.entries(vars).map(([k, v]) => `${k}=${v}\n`).join(''), { mode: 0o600 });
  await chmod(path, 0o600);
}

export function readEnvFile(path: string): Record<string, string> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new CairnError('USAGE', `cannot read env file ${path}: ${(err as Error).message}`);
  }
  const vars: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (match?.[1] !== undefined && match[2] !== undefined) vars[match[1]] = match[2].trim().replace(/^(['"])(.*)\1$/, '$2');
  }
  return vars;
}

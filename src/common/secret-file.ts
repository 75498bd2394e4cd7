// A secret kept in a file of its own (mode 0600): read it, or create it on first use. Creation
// is exclusive, so two processes starting together end up with the same secret.
import { readFile, writeFile } from 'node:fs/promises';
import { newSecret } from './ids.js';

export async function loadOrCreateSecret(path: string): Promise<string> {
  try {
    await writeFile(path, `${newSecret()}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  return (await readFile(path, 'utf8')).trim();
}

// Namespace paths: absolute, '/'-separated; names are 1–255 UTF-8 bytes, never '.', '..' or
// containing NUL or '/'; a whole path is at most 4096 bytes (DESIGN §3). Every path that enters
// the namenode goes through `parsePath` first.
import { nameBytesMax, pathBytesMax } from './constants.js';
import { CairnError } from './errors.js';

export function validateName(name: string): string {
  const bytes = Buffer.byteLength(name, 'utf8');
  if (bytes === 0) throw new CairnError('INVALID_PATH', 'empty name');
  if (bytes > nameBytesMax) throw new CairnError('INVALID_PATH', `name longer than ${nameBytesMax} bytes`);
  if (name === '.' || name === '..') throw new CairnError('INVALID_PATH', `name may not be '${name}'`);
  if (name.includes('\0')) throw new CairnError('INVALID_PATH', 'name contains NUL');
  if (name.includes('/')) throw new CairnError('INVALID_PATH', "name contains '/'");
  if (!name.isWellFormed()) throw new CairnError('INVALID_PATH', 'name is not valid UTF-8');
  return name;
}

/** Splits an absolute path into validated names; '/' is the empty list. */
export function parsePath(path: string): string[] {
  if (typeof path !== 'string' || !path.startsWith('/')) {
    throw new CairnError('INVALID_PATH', `path must be absolute: ${JSON.stringify(String(path).slice(0, 200))}`);
  }
  if (Buffer.byteLength(path, 'utf8') > pathBytesMax) throw new CairnError('INVALID_PATH', `path longer than ${pathBytesMax} bytes`);
  if (path === '/') return [];
  const trimmed = path.endsWith('/') ? path.slice(0, -1) : path;
  return trimmed.slice(1).split('/').map(validateName);
}

export function joinPath(names: readonly string[]): string {
  return `/${names.join('/')}`;
}

export function childPath(parent: string, name: string): string {
  return parent === '/' ? `/${name}` : `${parent}/${name}`;
}

/** Resolves a user-typed path: absolute as is, relative against `home`. */
export function resolveUserPath(input: string, home: string): string {
  if (input === '' || input === '.') return home;
  return input.startsWith('/') ? input : childPath(home, input);
}

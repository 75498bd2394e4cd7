// The namenode's whole persistent state: one LevelDB under the data dir, in the sublevels
// DESIGN §4 names. Only the edit writer mutates namespace sublevels; replica locations are the
// exception (they are not edits) and are written by the block manager.
import { Level } from 'level';
import type { AbstractSublevel } from 'abstract-level';
import type {
  BlockRecord, CredentialRecord, InodeRecord, ListEntry, ListRecord, RevisionRecord,
  TrashRecord, UploadRecord, UserBlockRecord, UserRecord,
} from './records.js';

type Sub<V> = AbstractSublevel<Level<string, unknown>, string | Buffer | Uint8Array, Buffer, V>;
type TextSub<V> = AbstractSublevel<Level<string, unknown>, string | Buffer | Uint8Array, string, V>;

/** The value type of each sublevel. */
export interface SublevelValues {
  inodes: InodeRecord;
  children: number;
  revisions: RevisionRecord;
  lists: ListRecord;
  listEntries: ListEntry;
  blocks: BlockRecord;
  replicas: number;
  userBlocks: UserBlockRecord;
  uploads: UploadRecord;
  users: UserRecord;
  userNames: number;
  credentials: CredentialRecord;
  trash: TrashRecord;
  journal: unknown;
  meta: unknown;
}

type TextName = 'userNames' | 'credentials' | 'meta';

export type Sublevels = {
  [N in keyof SublevelValues]: N extends TextName ? TextSub<SublevelValues[N]> : Sub<SublevelValues[N]>;
};

export type SublevelName = keyof Sublevels;

const textSublevels: ReadonlySet<SublevelName> = new Set(['userNames', 'credentials', 'meta']);

export class Metastore {
  readonly db: Level<string, unknown>;
  readonly sub: Sublevels;

  private constructor(db: Level<string, unknown>, sub: Sublevels) {
    this.db = db;
    this.sub = sub;
  }

  static async open(dir: string): Promise<Metastore> {
    const db = new Level<string, unknown>(dir, { valueEncoding: 'json' });
    await db.open();
    const make = (name: SublevelName) =>
      db.sublevel(name, { keyEncoding: textSublevels.has(name) ? 'utf8' : 'buffer', valueEncoding: 'json' });
    const names: SublevelName[] = [
      'inodes', 'children', 'revisions', 'lists', 'listEntries', 'blocks', 'replicas', 'userBlocks',
      'uploads', 'users', 'userNames', 'credentials', 'trash', 'journal', 'meta',
    ];
    const sub = Object.fromEntries(names.map((n) => [n, make(n)])) as unknown as Sublevels;
    return new Metastore(db, sub);
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}

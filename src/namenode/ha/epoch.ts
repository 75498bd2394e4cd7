// Epochs (DESIGN §4, High availability): every namenode that becomes active first takes a new
// epoch, one higher than any taken before, by compare-and-set on the `<root>/epoch` znode. Two
// namenodes that both believe they lead can never take the same epoch, so the journal quorum and
// the datanodes, which refuse anything from an epoch older than the newest they have seen, obey
// at most one of them.
import { CairnError } from '../../common/errors.js';
import type { ZkSession } from '../../common/zookeeper.js';

/** Compare-and-set attempts before giving up: each lost attempt means another namenode took one. */
const epochAttemptsMax = 16;

export async function takeEpoch(zk: ZkSession, root: string): Promise<number> {
  const path = `${root}/epoch`;
  await zk.ensurePath(root);
  for (let attempt = 0; attempt < epochAttemptsMax; attempt++) {
    const current = await zk.get(path);
    if (current === undefined) {
      try {
        await zk.create(path, Buffer.from('1'), 'persistent');
        return 1;
      } catch (err) {
        if (err instanceof CairnError && err.code === 'ALREADY_EXISTS') continue;
        throw err;
      }
    }
    const epoch = Number(current.data.toString('utf8'));
    if (!Number.isSafeInteger(epoch) || epoch < 0) throw new CairnError('INTERNAL', `znode ${path} holds ${JSON.stringify(current.data.toString('utf8').slice(0, 40))}, not an epoch`);
    try {
      await zk.set(path, Buffer.from(String(epoch + 1)), current.version);
      return epoch + 1;
    } catch (err) {
      if (!(err instanceof CairnError && err.code === 'REVISION_CONFLICT')) throw err;
    }
  }
  throw new CairnError('UNAVAILABLE', `could not take an epoch at ${path}: ${epochAttemptsMax} namenodes took one first`);
}

// A gateway sends the same session token on every call it makes for a user, so the namenode
// remembers the tokens it has verified. Remembering must not stretch a session: an expired token
// is refused even right after it was accepted, and a token that was never verified is checked.
import t from 'tap';
import { signSessionToken } from '../../../src/common/auth.js';
import { code } from '../../harness/error-code.js';
import { fixtureClusterSecret, openNamespace } from './fixtures/namespace.js';

t.test('session callers: a remembered session token still expires, and a forged one is still refused', async (t) => {
  let nowMs = 1_000_000;
  const ns = await openNamespace(t, { clock: { now: () => nowMs } });
  await ns.users.add(ns.admin, 'alice', 'standard', 0, '', '');
  const token = signSessionToken(fixtureClusterSecret, 2, nowMs + 60_000);
  t.match(await ns.users.authenticate(token), { userId: 2, name: 'alice', admin: false });
  t.match(await ns.users.authenticate(token), { userId: 2, name: 'alice' }, 'the second call is answered from memory');
  nowMs += 59_999;
  t.match(await ns.users.authenticate(token), { userId: 2 }, 'valid until its expiry');
  nowMs += 1;
  t.equal(await code(ns.users.authenticate(token)), 'UNAUTHENTICATED', 'refused from its expiry on, although remembered');
  const longer = signSessionToken(fixtureClusterSecret, 2, nowMs + 60_000);
  const forged = `${longer.slice(0, -2)}${longer.endsWith('AA') ? 'BB' : 'AA'}`;
  t.equal(await code(ns.users.authenticate(forged)), 'UNAUTHENTICATED', 'a token with another MAC is verified, not looked up');
  const asAdmin = `${longer.slice(0, 4)}1${longer.slice(5)}`;
  t.equal(await code(ns.users.authenticate(asAdmin)), 'UNAUTHENTICATED', 'nor is another user\'s id under a remembered MAC');
  t.match(await ns.users.authenticate(longer), { userId: 2 }, 'a fresh session of the same user works');
});

import { describe, expect, it } from 'vitest';
import { loginUrl, safeNext } from '../src/lib/server/guard.ts';
import { createConfirmedUsers, readSession } from '../src/lib/server/session.ts';

const token = (claims: object) =>
  ['e30', Buffer.from(JSON.stringify(claims)).toString('base64url'), 'signature'].join('.');
const now = Date.UTC(2026, 10, 25);
const inAnHour = now / 1000 + 3600;

describe('readSession', () => {
  it('reads the expiry and nothing the UI could be fooled by', () => {
    const jwt = token({ username: 'root', admin: true, exp: inAnHour });
    expect(readSession(jwt, now)).toEqual({ token: jwt, expiresAt: inAnHour });
  });
  it('refuses an expired token', () => {
    expect(readSession(token({ username: 'ada', exp: now / 1000 - 1 }), now)).toBeNull();
  });
  it.each([
    ['no payload', 'abc'],
    ['a payload that is not JSON', 'e30.bm90IGpzb24.sig'],
    ['a payload without exp', token({ username: 'ada' })],
    ['a payload with a string exp', token({ username: 'ada', exp: String(inAnHour) })],
    ['a JSON null payload', token(null as unknown as object)],
  ])('refuses %s instead of throwing', (_name, jwt) => {
    expect(readSession(jwt, now)).toBeNull();
  });
});

describe('safeNext', () => {
  const site = new URL('http://127.0.0.1:3000/login');
  it.each([
    ['a path with its query and hash', '/history?limit=5#top', '/history?limit=5#top'],
    ['nothing', null, '/'],
    ['a backslash, which browsers read as a slash', '/\\evil.example/', '/'],
    ['two backslashes', '\\\\evil.example', '/'],
    ['a protocol-relative address', '//evil.example/', '/'],
    ['a tab that browsers drop', '/\t/evil.example/', '/'],
    ['a header split', '/\r\nset-cookie:x=1', '/'],
    ['another site', 'https://evil.example/', '/'],
    ['a script', 'javascript:alert(1)', '/'],
    ['a relative path', 'history', '/'],
  ])('%s → %s', (_name, next, expected) => {
    expect(safeNext(next, site)).toBe(expected);
  });
});

describe('loginUrl', () => {
  it('asks to come back to the page, but not to an account page', () => {
    expect(loginUrl(new URL('http://x/history?limit=5'), 'expired')).toBe(
      '/login?reason=expired&next=%2Fhistory%3Flimit%3D5',
    );
    expect(loginUrl(new URL('http://x/login'), 'expired')).toBe('/login?reason=expired');
  });
});

describe('createConfirmedUsers', () => {
  const ada = { username: 'ada', isAdmin: false };
  const session = (name: string, expiresAt = inAnHour) => ({ token: `token-${name}`, expiresAt });

  it('recalls a confirmed user for its time, then asks again', () => {
    const users = createConfirmedUsers(10_000, 10);
    expect(users.recall('token-ada', now)).toBeNull();
    users.remember(session('ada'), ada, now);
    expect(users.recall('token-ada', now + 9_999)).toEqual(ada);
    expect(users.recall('token-ada', now + 10_000)).toBeNull();
  });

  it('never recalls a token past its expiry, nor one it was not given', () => {
    const users = createConfirmedUsers(10_000, 10);
    users.remember(session('ada', now / 1000 + 2), ada, now);
    expect(users.recall('token-ada', now + 2_000)).toBeNull();
    expect(users.recall('token-ada.forged', now)).toBeNull();
  });

  it('forgets the oldest when full', () => {
    const users = createConfirmedUsers(10_000, 2);
    for (const name of ['a', 'b', 'c']) users.remember(session(name), ada, now);
    expect(['a', 'b', 'c'].map((name) => users.recall(`token-${name}`, now) !== null)).toEqual([
      false,
      true,
      true,
    ]);
  });
});

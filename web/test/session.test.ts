import { describe, expect, it } from 'vitest';
import { readSession } from '../src/lib/server/session.ts';

const token = (claims: object) =>
  ['e30', Buffer.from(JSON.stringify(claims)).toString('base64url'), 'signature'].join('.');
const now = Date.UTC(2026, 10, 25);
const inAnHour = now / 1000 + 3600;

describe('readSession', () => {
  it('reads the username, the admin claim and the expiry', () => {
    const jwt = token({ username: 'ada', admin: true, exp: inAnHour });
    expect(readSession(jwt, now)).toEqual({
      token: jwt,
      user: { username: 'ada', isAdmin: true },
      expiresAt: inAnHour,
    });
  });
  it('treats a missing admin claim as not an admin', () => {
    expect(readSession(token({ username: 'ada', exp: inAnHour }), now)?.user.isAdmin).toBe(false);
  });
  it('refuses an expired token', () => {
    expect(readSession(token({ username: 'ada', exp: now / 1000 - 1 }), now)).toBeNull();
  });
  it.each([
    ['no payload', 'abc'],
    ['a payload that is not JSON', 'e30.bm90IGpzb24.sig'],
    ['a payload without exp', token({ username: 'ada' })],
    ['a payload with a numeric username', token({ username: 42, exp: inAnHour })],
    ['a JSON null payload', token(null as unknown as object)],
  ])('refuses %s instead of throwing', (_name, jwt) => {
    expect(readSession(jwt, now)).toBeNull();
  });
});

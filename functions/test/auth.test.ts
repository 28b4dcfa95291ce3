import jwt from 'jsonwebtoken';
import { describe, expect, it } from 'vitest';
import {
  createTokens,
  DECOY_PASSWORD_HASH,
  hashPassword,
  SCRYPT_PARAMS,
  verifyPassword,
} from '../src/auth.ts';

const SECRET = 'a-test-secret-of-at-least-32-bytes!!';

describe('passwords', () => {
  it('verifies the right password and rejects a wrong one', async () => {
    const hash = await hashPassword('correct horse');
    expect(await verifyPassword('correct horse', hash)).toBe(true);
    expect(await verifyPassword('correct horsE', hash)).toBe(false);
  });

  it('salts every hash and never contains the password', async () => {
    const [a, b] = await Promise.all([
      hashPassword('same password'),
      hashPassword('same password'),
    ]);
    expect(a).not.toBe(b);
    expect(a).not.toContain('same password');
  });

  it('rejects a malformed stored hash instead of throwing', async () => {
    expect(await verifyPassword('x', 'plaintext')).toBe(false);
  });

  it('keeps the decoy hash on the current parameters, so unknown names cost the same time', () => {
    const [, N, r, p] = DECOY_PASSWORD_HASH.split('$');
    expect({ N: Number(N), r: Number(r), p: Number(p) }).toEqual(SCRYPT_PARAMS);
  });
});

describe('tokens', () => {
  const tokens = createTokens(SECRET, 3600);
  const user = { id: 7, username: 'alice' };
  const signed = { ...user, isAdmin: false };

  it('round-trips a user and reports when the token expires', () => {
    const before = Date.now();
    const { token, expiresAt } = tokens.sign(signed);
    expect(tokens.verify(token)).toEqual(user);
    const expiry = Date.parse(expiresAt);
    expect(expiry).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 3600_000);
    expect(expiry).toBeLessThanOrEqual(before + 3600_000);
  });

  it('rejects a token signed with another secret', () => {
    const other = createTokens('another-secret-of-at-least-32-bytes!', 3600);
    expect(tokens.verify(other.sign(signed).token)).toBeNull();
  });

  it('rejects a token past its expiry', () => {
    let now = Date.now();
    const clocked = createTokens(SECRET, 60, () => now);
    const { token } = clocked.sign(signed);
    now += 61_000;
    expect(clocked.verify(token)).toBeNull();
  });

  it('forgets a remembered token from the second it expires, as jsonwebtoken does', () => {
    let now = Date.now();
    const clocked = createTokens(SECRET, 60, () => now);
    const { token, expiresAt } = clocked.sign(signed);
    const fresh = clocked.sign({ ...signed, id: 8 }).token;
    expect(clocked.verify(token)).toEqual(user); // now remembered
    now = Date.parse(expiresAt) - 1000;
    expect(clocked.verify(token)).toEqual(user);
    now = Date.parse(expiresAt);
    expect(clocked.verify(token)).toBeNull();
    expect(clocked.verify(fresh)).toBeNull(); // the same second, never remembered
  });

  it('rejects a tampered copy of a token it remembers', () => {
    const { token } = tokens.sign(signed);
    expect(tokens.verify(token)).toEqual(user);
    const last = token.at(-2) === 'A' ? 'B' : 'A';
    expect(tokens.verify(`${token.slice(0, -2)}${last}${token.at(-1)}`)).toBeNull();
  });

  it('still verifies every token when more are in use than it remembers', () => {
    const many = Array.from({ length: 1100 }, (_, i) => tokens.sign({ ...signed, id: i + 1 }));
    for (const { token } of many) tokens.verify(token);
    expect(many.map(({ token }) => tokens.verify(token)?.id)).toEqual(many.map((_, i) => i + 1));
  });

  it('rejects an unsigned (alg: none) token', () => {
    const token = jwt.sign({ username: 'alice', sub: '7' }, '', {
      algorithm: 'none',
      expiresIn: 60,
      issuer: 'sentiment-api',
      audience: 'sentiment',
    });
    expect(tokens.verify(token)).toBeNull();
  });

  it('rejects a token without exp, even if correctly signed', () => {
    const token = jwt.sign({ username: 'alice' }, SECRET, {
      algorithm: 'HS256',
      issuer: 'sentiment-api',
      audience: 'sentiment',
      subject: '7',
    });
    expect(tokens.verify(token)).toBeNull();
  });

  it('rejects a token for another issuer or audience', () => {
    const sign = (issuer: string, audience: string) =>
      jwt.sign({ username: 'alice' }, SECRET, {
        algorithm: 'HS256',
        expiresIn: 60,
        issuer,
        audience,
        subject: '7',
      });
    expect(tokens.verify(sign('someone-else', 'sentiment'))).toBeNull();
    expect(tokens.verify(sign('sentiment-api', 'another-app'))).toBeNull();
  });

  it('rejects garbage', () => {
    expect(tokens.verify('not.a.jwt')).toBeNull();
  });
});

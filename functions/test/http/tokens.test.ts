import jwt from 'jsonwebtoken';
import { describe, expect, it } from 'vitest';
import { errorOf, TEST_SECRET, useApi } from '../helpers/api.ts';

const api = useApi();

const claims = { username: 'alice' };
const valid = { issuer: 'sentiment-api', audience: 'sentiment', subject: '1' };

function tamperedPayload(original: string): string {
  const [h, p, s] = original.split('.');
  const body = JSON.parse(Buffer.from(p ?? '', 'base64url').toString()) as Record<string, unknown>;
  body.username = 'root';
  return [h, Buffer.from(JSON.stringify(body)).toString('base64url'), s].join('.');
}

describe('Bearer tokens', () => {
  const cases: [string, () => string | undefined][] = [
    ['no Authorization header', () => undefined],
    ['a tampered payload', () => tamperedPayload(api.token)],
    [
      'an expired token',
      () => jwt.sign({ ...claims, exp: Math.floor(Date.now() / 1000) - 10 }, TEST_SECRET, valid),
    ],
    [
      'an alg:none token',
      () => jwt.sign(claims, '', { ...valid, algorithm: 'none', expiresIn: 60 }),
    ],
    ['a token with no exp', () => jwt.sign(claims, TEST_SECRET, valid)],
    [
      'another secret',
      () => jwt.sign(claims, 'another-secret-that-is-long-enough-too', { ...valid, expiresIn: 60 }),
    ],
    [
      'another audience',
      () => jwt.sign(claims, TEST_SECRET, { ...valid, audience: 'x', expiresIn: 60 }),
    ],
    [
      'an HS512 token',
      () => jwt.sign(claims, TEST_SECRET, { ...valid, algorithm: 'HS512', expiresIn: 60 }),
    ],
    [
      'a non-numeric subject',
      () => jwt.sign(claims, TEST_SECRET, { ...valid, subject: 'alice', expiresIn: 60 }),
    ],
  ];

  it.each(cases)('answers 401 unauthenticated for %s', async (_name, make) => {
    const res = await api.request('GET', '/v1/me', { token: make() });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
    expect((await errorOf(res)).code).toBe('unauthenticated');
  });

  it('accepts the token it issued, with a case-insensitive scheme', async () => {
    const res = await api.request('GET', '/v1/me', {
      headers: { authorization: `bearer ${api.token}` },
    });
    expect(res.status).toBe(200);
  });

  it('never writes the token or the password to the log', () => {
    const log = JSON.stringify(api.logs);
    expect(log).not.toContain(api.token);
    expect(log).not.toContain('a long enough password');
    expect(api.logs.length).toBeGreaterThan(0);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FIRST_LOCK_MS, FREE_ATTEMPTS } from '../../src/throttle.ts';
import { errorOf, startApi, type TestApi } from '../helpers/api.ts';

let api: TestApi;
beforeEach(async () => {
  api = await startApi({ ADMIN_USERNAMES: 'root' });
});
afterEach(() => api.close());

const password = 'a long enough password';

describe('POST /v1/users', () => {
  it('creates an account with a case-folded name', async () => {
    const res = await api.request('POST', '/v1/users', { json: { username: 'Alice', password } });
    expect(res.status).toBe(201);
    const { user } = (await res.json()) as { user: Record<string, unknown> };
    expect(user).toEqual({
      id: expect.any(Number),
      username: 'alice',
      createdAt: expect.any(String),
    });
    expect(Date.parse(user.createdAt as string)).not.toBeNaN();
  });

  it('answers 409 username_taken for a name taken in another case', async () => {
    await api.request('POST', '/v1/users', { json: { username: 'alice', password } });
    const res = await api.request('POST', '/v1/users', { json: { username: 'ALICE', password } });
    expect(res.status).toBe(409);
    expect(await errorOf(res)).toMatchObject({ code: 'username_taken', field: 'username' });
  });

  it('lets exactly one of many concurrent sign-ups for one name win', async () => {
    const attempts = await Promise.all(
      Array.from({ length: 12 }, () =>
        api.request('POST', '/v1/users', { json: { username: 'race', password } }),
      ),
    );
    const statuses = attempts.map((res) => res.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(11);
  });

  it('answers 400 invalid_input naming the field', async () => {
    const res = await api.request('POST', '/v1/users', { json: { username: 'al', password } });
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toMatchObject({ code: 'invalid_input', field: 'username' });
    const weak = await api.request('POST', '/v1/users', {
      json: { username: 'alice', password: 'short' },
    });
    expect(await errorOf(weak)).toMatchObject({ code: 'invalid_input', field: 'password' });
  });
});

describe('POST /v1/sessions', () => {
  beforeEach(async () => {
    await api.request('POST', '/v1/users', { json: { username: 'alice', password } });
  });
  const login = (username: string, pass: string) =>
    api.request('POST', '/v1/sessions', { json: { username, password: pass } });

  it('returns a Bearer token, its expiry and the user', async () => {
    const res = await login('ALICE', password);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toEqual({
      token: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
      tokenType: 'Bearer',
      expiresAt: expect.any(String),
      user: {
        id: expect.any(Number),
        username: 'alice',
        createdAt: expect.any(String),
        isAdmin: false,
      },
    });
    const me = await api.request('GET', '/v1/me', { token: body.token as string });
    expect(me.status).toBe(200);
  });

  it('says the same for a wrong password and an unknown user', async () => {
    const wrong = await login('alice', 'not the password');
    const unknown = await login('nobody', password);
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    const [a, b] = [await errorOf(wrong), await errorOf(unknown)];
    expect(a).toEqual({ code: 'invalid_credentials', message: 'invalid username or password' });
    expect(b).toEqual(a);
  });

  it(`throttles a name after ${FREE_ATTEMPTS} failures with 429 and Retry-After, even for the right password`, async () => {
    for (let i = 0; i < FREE_ATTEMPTS; i++)
      expect((await login('alice', 'wrong password')).status).toBe(401);
    const locked = await login('alice', password);
    expect(locked.status).toBe(429);
    expect(locked.headers.get('retry-after')).toBe(String(FIRST_LOCK_MS / 1000));
    expect((await errorOf(locked)).code).toBe('too_many_attempts');
  });

  it('throttles unknown names the same way, so throttling reveals nothing', async () => {
    for (let i = 0; i < FREE_ATTEMPTS; i++) await login('ghost', 'wrong password');
    expect((await login('ghost', 'wrong password')).status).toBe(429);
  });

  it('lifts the lock when it runs out, and a success clears the count', async () => {
    for (let i = 0; i < FREE_ATTEMPTS; i++) await login('alice', 'wrong password');
    api.advance(FIRST_LOCK_MS);
    expect((await login('alice', password)).status).toBe(200);
    // The count started again: another wrong password is a plain 401, not a lock.
    expect((await login('alice', 'wrong password')).status).toBe(401);
    expect((await login('alice', password)).status).toBe(200);
  });

  it('doubles the lock for a failure right after one ran out', async () => {
    for (let i = 0; i < FREE_ATTEMPTS; i++) await login('alice', 'wrong password');
    api.advance(FIRST_LOCK_MS);
    expect((await login('alice', 'wrong password')).status).toBe(401);
    const locked = await login('alice', password);
    expect(locked.headers.get('retry-after')).toBe(String((2 * FIRST_LOCK_MS) / 1000));
  });
});

describe('GET /v1/me', () => {
  it('returns the user and counts per label', async () => {
    const token = await api.signIn('alice');
    for (const text of ['I love it', 'great stuff', 'this is awful', 'a table']) {
      await api.request('POST', '/v1/analyses', { token, json: { text } });
    }
    const res = await api.request('GET', '/v1/me', { token });
    expect(await res.json()).toMatchObject({
      user: { username: 'alice', isAdmin: false },
      counts: { positive: 2, negative: 1, neutral: 1 },
      total: 4,
    });
  });
});

describe('GET /v1/users', () => {
  it('lists users with their analysis counts to an admin', async () => {
    const alice = await api.signIn('alice');
    await api.request('POST', '/v1/analyses', { token: alice, json: { text: 'fine' } });
    const root = await api.signIn('root');
    const res = await api.request('GET', '/v1/users', { token: root });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      users: [
        { username: 'alice', createdAt: expect.any(String), analyses: 1 },
        { username: 'root', createdAt: expect.any(String), analyses: 0 },
      ],
    });
  });

  it('tells an admin so at login and in /v1/me, and in a token claim the UI can show', async () => {
    await api.request('POST', '/v1/users', { json: { username: 'root', password } });
    const res = await api.request('POST', '/v1/sessions', { json: { username: 'root', password } });
    const { token, user } = (await res.json()) as { token: string; user: { isAdmin: boolean } };
    expect(user.isAdmin).toBe(true);
    const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as {
      admin: boolean;
    };
    expect(claims.admin).toBe(true);
    const me = await api.request('GET', '/v1/me', { token });
    expect(await me.json()).toMatchObject({ user: { username: 'root', isAdmin: true } });
  });

  it('answers 403 to everyone else, and 401 without a token', async () => {
    const alice = await api.signIn('alice');
    const res = await api.request('GET', '/v1/users', { token: alice });
    expect(res.status).toBe(403);
    expect((await errorOf(res)).code).toBe('forbidden');
    expect((await api.request('GET', '/v1/users')).status).toBe(401);
  });
});

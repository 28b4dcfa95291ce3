import { execFile } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connect.ts';
import { setAdmin } from '../../src/db/queries.ts';
import { FIRST_LOCK_MS, FREE_ATTEMPTS } from '../../src/throttle.ts';
import { errorOf, TEST_SECRET, useApi } from '../helpers/api.ts';

/** The secret the UI and the API share to vouch for the browser's address. */
const CLIENT_SECRET = 'the-ui-and-api-share-this-client-secret';

const api = useApi({
  scope: 'test',
  username: null,
  // ADMIN_USERNAMES once granted admin to whoever registered the name first: it must do nothing.
  env: { ADMIN_USERNAMES: 'root', CLIENT_ADDRESS_SECRET: CLIENT_SECRET },
});

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

describe('POST /v1/sessions under attack', () => {
  beforeEach(async () => {
    await api.request('POST', '/v1/users', { json: { username: 'alice', password } });
  });

  /** What the UI sends: the browser's address, signed with the shared secret. */
  const from = (address: string, secret = CLIENT_SECRET) => ({
    'x-client-address': address,
    'x-client-address-signature': createHmac('sha256', secret).update(address).digest('base64url'),
  });
  const login = (pass: string, headers: Record<string, string> = {}) =>
    api.request('POST', '/v1/sessions', { json: { username: 'alice', password: pass }, headers });

  it(`checks at most ${FREE_ATTEMPTS} of 100 simultaneous guesses`, async () => {
    const guesses = Array.from({ length: 100 }, (_, i) => (i === 60 ? password : `wrong ${i}`));
    const statuses = (await Promise.all(guesses.map((guess) => login(guess)))).map((r) => r.status);
    const checked = statuses.filter((status) => status !== 429);
    expect(checked.length).toBeLessThanOrEqual(FREE_ATTEMPTS);
    expect(statuses.filter((status) => status === 429)).toHaveLength(100 - checked.length);
  });

  it('does not let a stranger who knows the username lock its owner out', async () => {
    for (let i = 0; i < FREE_ATTEMPTS + 3; i++) await login('wrong password', from('203.0.113.9'));
    expect((await login('wrong password', from('203.0.113.9'))).status).toBe(429);
    expect((await login(password, from('198.51.100.4'))).status).toBe(200);
  });

  it('ignores an address that is not signed with the shared secret', async () => {
    for (let i = 0; i < FREE_ATTEMPTS; i++) {
      await login('wrong password', from(`192.0.2.${i}`, 'a guess at the secret, long enough'));
    }
    // Every forged address counted as the connection's own, so a new forgery is still locked.
    const forged = await login(password, from('192.0.2.200', 'a guess at the secret, long enough'));
    expect(forged.status).toBe(429);
  });
});

describe('granting admin', () => {
  const run = promisify(execFile);
  const admin = (...args: string[]) =>
    run(process.execPath, [join(import.meta.dirname, '../../src/admin.ts'), ...args], {
      env: { PATH: process.env.PATH ?? '', DATA_DIR: api.dataDir, JWT_SECRET: TEST_SECRET },
    });

  it('gives nothing to whoever registers a name listed in ADMIN_USERNAMES', async () => {
    const root = await api.signIn('root');
    expect((await api.request('GET', '/v1/users', { token: root })).status).toBe(403);
    const me = await api.request('GET', '/v1/me', { token: root });
    expect(await me.json()).toMatchObject({ user: { username: 'root', isAdmin: false } });
  });

  it('takes the operator’s command on an existing account, read from the database on each request', async () => {
    const ops = await api.signIn('ops');
    await admin('grant', 'OPS');
    // The same token, issued before the grant: the database decides, not a claim in it.
    expect((await api.request('GET', '/v1/users', { token: ops })).status).toBe(200);
    const me = await api.request('GET', '/v1/me', { token: ops });
    expect(await me.json()).toMatchObject({ user: { username: 'ops', isAdmin: true } });
    await admin('revoke', 'ops');
    expect((await api.request('GET', '/v1/users', { token: ops })).status).toBe(403);
  });

  it('refuses to grant a name nobody has registered', async () => {
    await expect(admin('grant', 'nobody')).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('no account named "nobody"'),
    });
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

/** What `npm run admin -w functions -- grant NAME` does, without a process per test. */
async function grantInDatabase(username: string) {
  const database = openDatabase({
    databaseUrl: `file:${join(api.dataDir, 'sentiment.db')}`,
    databaseAuthToken: undefined,
  });
  expect(await setAdmin(await database.client(), username, true)).toBe(true);
  database.close();
}

describe('GET /v1/users', () => {
  it('lists users with their analysis counts to an admin', async () => {
    const alice = await api.signIn('alice');
    await api.request('POST', '/v1/analyses', { token: alice, json: { text: 'fine' } });
    const root = await api.signIn('root');
    await grantInDatabase('root');
    const res = await api.request('GET', '/v1/users', { token: root });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      users: [
        { username: 'alice', createdAt: expect.any(String), analyses: 1 },
        { username: 'root', createdAt: expect.any(String), analyses: 0 },
      ],
    });
  });

  it('tells an admin so at login and in /v1/me, and puts no admin claim in the token', async () => {
    await api.request('POST', '/v1/users', { json: { username: 'root', password } });
    await grantInDatabase('root');
    const res = await api.request('POST', '/v1/sessions', { json: { username: 'root', password } });
    const { token, user } = (await res.json()) as { token: string; user: { isAdmin: boolean } };
    expect(user.isAdmin).toBe(true);
    const claims = JSON.parse(
      Buffer.from(token.split('.')[1] ?? '', 'base64url').toString(),
    ) as Record<string, unknown>;
    expect(Object.keys(claims).sort()).toEqual(['aud', 'exp', 'iat', 'iss', 'sub', 'username']);
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

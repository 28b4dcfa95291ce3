import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client/sqlite3';
import { freePort } from '@sentiment/testkit/process';
import jwt from 'jsonwebtoken';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connect.ts';
import { MIGRATIONS } from '../../src/db/migrations.ts';
import { errorOf, startApi, TEST_SECRET, type TestApi } from '../helpers/api.ts';

let api: TestApi | undefined;
afterEach(() => api?.close());

describe('when the database fails', () => {
  it('answers 500 internal without details, and logs the cause', async () => {
    api = await startApi();
    const token = await api.signIn('alice');
    // Break the schema behind the function's back.
    const other = createClient({ url: `file:${join(api.dataDir, 'sentiment.db')}` });
    await other.execute('DROP TABLE analyses');
    other.close();

    const res = await api.request('POST', '/v1/analyses', { token, json: { text: 'hello' } });
    expect(res.status).toBe(500);
    expect(await errorOf(res)).toEqual({ code: 'internal', message: 'internal error' });
    const logged = api.logs.find((line) => line.severity === 'ERROR' && line.stack);
    expect(String(logged?.stack)).toContain('no such table');
  });

  it('answers 503 unavailable when the libSQL server cannot be reached, while /healthz stays 200', async () => {
    api = await startApi({ DATABASE_URL: `http://127.0.0.1:${await freePort()}` });
    const res = await api.request('POST', '/v1/users', {
      json: { username: 'alice', password: 'long enough' },
    });
    expect(res.status).toBe(503);
    expect((await errorOf(res)).code).toBe('unavailable');
    expect((await api.request('GET', '/readyz')).status).toBe(503);
    expect((await api.request('GET', '/healthz')).status).toBe(200);
  });

  it('answers every database route 503 JSON while the libSQL server is unreachable, the export too', async () => {
    api = await startApi({ DATABASE_URL: `http://127.0.0.1:${await freePort()}` });
    const token = jwt.sign({ username: 'alice' }, TEST_SECRET, {
      issuer: 'sentiment-api',
      audience: 'sentiment',
      subject: '1',
      expiresIn: 60,
    });
    const routes: [string, string, unknown?][] = [
      ['GET', '/v1/me'],
      ['GET', '/v1/analyses'],
      ['GET', '/v1/analyses/export'],
      ['GET', '/v1/analyses/daily'],
      ['GET', '/v1/analyses/1'],
      ['DELETE', '/v1/analyses/1'],
      ['POST', '/v1/analyses', { text: 'hello' }],
      ['POST', '/v1/sessions', { username: 'alice', password: 'long enough' }],
    ];
    for (const [method, path, json] of routes) {
      const res = await api.request(method, path, { token, json });
      expect([method, path, res.status, res.headers.get('content-type')]).toEqual([
        method,
        path,
        503,
        'application/json; charset=utf-8',
      ]);
      expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    }
  });
});

describe('openDatabase', () => {
  it('tries again after a failed connection instead of failing for good', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sentiment-db-'));
    const blocker = join(dir, 'not-yet');
    writeFileSync(blocker, ''); // a file where the database's directory must go
    const database = openDatabase({
      databaseUrl: `file:${join(blocker, 'app.db')}`,
      databaseAuthToken: undefined,
    });
    await expect(database.client()).rejects.toThrow();

    rmSync(blocker);
    const client = await database.client();
    const { rows } = await client.execute('SELECT max(version) AS version FROM schema_migrations');
    expect(rows[0]?.version).toBe(MIGRATIONS.at(-1)?.version);
    database.close();
    rmSync(dir, { recursive: true });
  });
});

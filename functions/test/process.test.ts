import { mkdirSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client/sqlite3';
import { spawnApi } from '@sentiment/testkit/api';
import { waitUntilServing, type NodeProcess } from '@sentiment/testkit/process';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../src/db/migrations.ts';

/** The real `functions-framework` CLI in its own process, as a container runs it. */

const running: NodeProcess[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((fn) => fn.stop()));
});

async function start(env: Record<string, string>): Promise<NodeProcess> {
  const fn = await spawnApi(env);
  running.push(fn);
  return fn;
}

const json = (body: unknown, token?: string) => ({
  method: 'POST',
  headers: {
    'content-type': 'application/json',
    ...(token && { authorization: `Bearer ${token}` }),
  },
  body: JSON.stringify(body),
});

describe('the function process', () => {
  it('keeps accounts, analyses and sessions across a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sentiment-restart-'));
    const credentials = { username: 'alice', password: 'survives restarts' };

    const first = await start({ DATA_DIR: dataDir });
    await waitUntilServing(first);
    expect((await fetch(`${first.url}/v1/users`, json(credentials))).status).toBe(201);
    const { token } = (await (
      await fetch(`${first.url}/v1/sessions`, json(credentials))
    ).json()) as {
      token: string;
    };
    expect(
      (await fetch(`${first.url}/v1/analyses`, json({ text: 'kept safe' }, token))).status,
    ).toBe(201);
    await first.stop();

    const second = await start({ DATA_DIR: dataDir });
    await waitUntilServing(second);
    // The generated secret was kept, so the old session is still good.
    const history = await fetch(`${second.url}/v1/analyses`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(history.status).toBe(200);
    const { items } = (await history.json()) as { items: { text: string }[] };
    expect(items.map((item) => item.text)).toEqual(['kept safe']);
    expect((await fetch(`${second.url}/v1/sessions`, json(credentials))).status).toBe(200);
    expect(statSync(join(dataDir, 'jwt-secret')).mode & 0o777).toBe(0o600);
    // It holds password hashes: no other local user may read it.
    expect(statSync(join(dataDir, 'sentiment.db')).mode & 0o777).toBe(0o600);
  });

  it('refuses to start with a directory where the secret file goes, in one line naming it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sentiment-secret-dir-'));
    mkdirSync(join(dataDir, 'jwt-secret'));
    const fn = await start({ DATA_DIR: dataDir });
    expect(await fn.exited).toBe(1);
    const stderr = fn.stderr().trim();
    expect(stderr.split('\n')).toEqual([expect.stringContaining(join(dataDir, 'jwt-secret'))]);
  });

  it('logs one JSON line per request on stdout', async () => {
    const fn = await start({ DATA_DIR: mkdtempSync(join(tmpdir(), 'sentiment-log-')) });
    await waitUntilServing(fn);
    await fetch(`${fn.url}/v1/me`);
    await fn.stop();
    const lines = fn
      .stdout()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.at(-1)).toMatchObject({ method: 'GET', route: '/v1/me', status: 401 });
  });

  const refusals: [string, Record<string, string>, RegExp][] = [
    [
      'a file: database under Knative',
      { K_SERVICE: 'api', JWT_SECRET: 'x'.repeat(32) },
      /DATABASE_URL must point to a libSQL server under Knative/,
    ],
    [
      'Knative without JWT_SECRET',
      { K_SERVICE: 'api', DATABASE_URL: 'http://127.0.0.1:9' },
      /JWT_SECRET must be set/,
    ],
  ];
  it.each(refusals)(
    'refuses to start with %s, in one line, exit code 1',
    async (_name, env, message) => {
      const fn = await start({
        DATA_DIR: mkdtempSync(join(tmpdir(), 'sentiment-refuse-')),
        ...env,
      });
      expect(await fn.exited).toBe(1);
      const stderr = fn.stderr().trim();
      expect(stderr).toMatch(message);
      expect(stderr.split('\n')).toHaveLength(1);
    },
  );

  it('migrates once when several instances start on a fresh database together', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sentiment-together-'));
    const env = { DATA_DIR: dataDir, JWT_SECRET: 'y'.repeat(32) };
    const fns = await Promise.all([start(env), start(env), start(env)]);
    await Promise.all(fns.map((fn) => waitUntilServing(fn, '/readyz')));

    const db = createClient({ url: `file:${join(dataDir, 'sentiment.db')}` });
    const { rows } = await db.execute('SELECT version FROM schema_migrations');
    db.close();
    expect(rows.map((row) => row.version)).toEqual(MIGRATIONS.map((m) => m.version));
    for (const fn of fns) expect(fn.stdout()).not.toContain('"severity":"ERROR"');
  });
});

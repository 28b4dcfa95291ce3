import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { errorOf, startApi, type TestApi } from '../helpers/api.ts';

/**
 * The embedded database locked by another process, as `sqlite3 DB 'BEGIN EXCLUSIVE;'` would: a
 * lock held past the busy timeout fails the statement with SQLITE_BUSY, and @libsql/client 0.18
 * then leaves the connection unable to commit (tursodatabase/libsql-client-ts#352: the failed
 * statement stays "in progress", so later autocommit writes are never committed).
 */

const BUSY_TIMEOUT_MS = 200;
let api: TestApi | undefined;
let holder: ChildProcess | undefined;
afterEach(async () => {
  holder?.kill();
  await api?.close();
});

/** Node's own SQLite, in another process, takes the write lock and keeps it until told to. */
async function lockDatabase(file: string) {
  const script = `
    const { DatabaseSync } = require('node:sqlite');
    const db = new DatabaseSync(${JSON.stringify(file)});
    db.exec('BEGIN EXCLUSIVE');
    console.log('locked');
    process.stdin.once('data', () => { db.exec('COMMIT'); db.close(); process.exit(0); });
  `;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
  holder = child;
  await once(child.stdout, 'data');
  return async () => {
    child.stdin.write('go\n');
    await once(child, 'exit');
  };
}

/**
 * SQL on another connection, in another process: two SQLite libraries in one process (libSQL's
 * and Node's) do not share POSIX locks, and closing one's file drops the other's, so a WAL file
 * can be deleted under a live connection (sqlite.org/howtocorrupt.html §2.2).
 */
function sqlElsewhere(file: string, sql: string): unknown[] {
  const script = `
    const { DatabaseSync } = require('node:sqlite');
    const db = new DatabaseSync(process.argv[1]);
    const statement = db.prepare(process.argv[2]);
    console.log(JSON.stringify(statement.columns().length ? statement.all() : statement.run()));
  `;
  return JSON.parse(
    execFileSync(process.execPath, ['-e', script, file, sql], { encoding: 'utf8' }),
  ) as unknown[];
}

const password = 'a long enough password';

describe('a database locked by another process', () => {
  it('answers 503 with Retry-After during the lock, and writes durably after it without a restart', async () => {
    api = await startApi({}, { busyTimeoutMs: BUSY_TIMEOUT_MS });
    const file = join(api.dataDir, 'sentiment.db');
    const token = await api.signIn('alice');
    const unlock = await lockDatabase(file);

    for (const res of [
      await api.request('POST', '/v1/users', { json: { username: 'during', password } }),
      await api.request('POST', '/v1/analyses', { token, json: { text: 'during the lock' } }),
      await api.request('POST', '/v1/sessions', {
        json: { username: 'alice', password: 'wrong!!!' },
      }),
    ]) {
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
      expect((await errorOf(res)).code).toBe('unavailable');
    }
    expect((await api.request('GET', '/readyz')).status).toBe(503);
    await unlock();

    const registered = await api.request('POST', '/v1/users', {
      json: { username: 'after', password },
    });
    expect(registered.status).toBe(201);
    const analysed = await api.request('POST', '/v1/analyses', {
      token,
      json: { text: 'after it' },
    });
    expect(analysed.status).toBe(201);
    expect((await api.request('GET', '/readyz')).status).toBe(200);
    expect(sqlElsewhere(file, 'SELECT username FROM users ORDER BY id')).toEqual([
      { username: 'alice' },
      { username: 'after' },
    ]);
    expect(sqlElsewhere(file, 'SELECT text FROM analyses')).toEqual([{ text: 'after it' }]);
  });
});

describe('one write that cannot be stored, among many that can', () => {
  it('fails only its own request, 401 for a user who is gone, and the others commit', async () => {
    const started = await startApi();
    api = started;
    const file = join(started.dataDir, 'sentiment.db');
    const alice = await started.signIn('alice');
    const ghost = await started.signIn('ghost');
    sqlElsewhere(file, "DELETE FROM users WHERE username = 'ghost'");

    const writes = Array.from({ length: 40 }, (_, i) =>
      started.request('POST', '/v1/analyses', { token: alice, json: { text: `innocent ${i}` } }),
    );
    const lost = started.request('POST', '/v1/analyses', {
      token: ghost,
      json: { text: 'from nobody' },
    });
    const statuses = (await Promise.all(writes)).map((res) => res.status);
    expect(statuses).toEqual(Array.from({ length: 40 }, () => 201));
    expect((await lost).status).toBe(401);
    expect(sqlElsewhere(file, 'SELECT count(*) AS n FROM analyses')).toEqual([{ n: 40 }]);
  });
});

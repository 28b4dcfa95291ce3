import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Client, InStatement, ResultSet } from '@libsql/client';
import type { Config } from '../config.ts';
import { createGroupCommit, type GroupCommit } from './group-commit.ts';
import { MIGRATIONS, type Migration } from './migrations.ts';

/** How long a statement waits for another connection's lock on a `file:` database. */
const BUSY_TIMEOUT_MS = 5000;

export interface Database {
  /** The migrated client. Connects on first use; after a failure, the next call tries again. */
  client(): Promise<Client>;
  /** The client once connected and migrated, without waiting: requests' fast path. */
  connected(): Client | undefined;
  /** A write that shares its transaction with concurrent ones (see group-commit.ts). */
  readonly write: (statement: InStatement) => Promise<ResultSet>;
  /** Whether the database takes a write lock now: readiness. */
  isWritable(): Promise<boolean>;
  /**
   * Drops the client after an outage, so that the next use connects afresh. After SQLITE_BUSY,
   * @libsql/client 0.18 leaves its connection unable to commit while it keeps answering success
   * (tursodatabase/libsql-client-ts#352): no statement may run on it again.
   */
  reset(): void;
  close(): void;
}

export interface DatabaseOptions {
  readonly busyTimeoutMs?: number;
}

type DatabaseConfig = Pick<Config, 'databaseUrl' | 'databaseAuthToken'>;

export function openDatabase(
  config: DatabaseConfig,
  { busyTimeoutMs = BUSY_TIMEOUT_MS }: DatabaseOptions = {},
): Database {
  let pending: Promise<Client> | undefined;
  let opened: Client | undefined;
  let grouped: GroupCommit | undefined;
  const database: Database = {
    client() {
      pending ??= connect(config, busyTimeoutMs).then(
        (client) => {
          grouped = createGroupCommit(client);
          return (opened = client);
        },
        (error: unknown) => {
          // A libSQL server that is still starting must not fail this instance for good.
          pending = undefined;
          throw error;
        },
      );
      return pending;
    },
    connected: () => opened,
    write: async (statement) => {
      await database.client();
      if (!grouped) throw new Error('connected without a group commit');
      return grouped(statement);
    },
    async isWritable() {
      try {
        // A write-mode batch begins IMMEDIATE: it needs the write lock, and writes nothing.
        await (await database.client()).batch(['SELECT 1'], 'write');
        return true;
      } catch {
        database.reset();
        return false;
      }
    },
    reset() {
      const client = opened;
      pending = opened = grouped = undefined;
      client?.close();
    },
    close() {
      opened?.close();
    },
  };
  return database;
}

async function connect(
  { databaseUrl: url, databaseAuthToken: authToken }: DatabaseConfig,
  busyTimeoutMs: number,
) {
  const isFile = url.startsWith('file:');
  // The embedded engine is a native module and a server needs only HTTP: load just the one in
  // use, so that pods talking to a libSQL server never load the native binding.
  const { createClient } = isFile
    ? await import('@libsql/client/sqlite3')
    : await import('@libsql/client/http');
  if (isFile) createPrivateFile(filePath(url));

  const client = createClient({ url, authToken, ...(isFile && { timeout: busyTimeoutMs }) });
  try {
    // WAL lets readers proceed during a write; the mode is stored in the file, so set it once.
    if (isFile) await client.execute('PRAGMA journal_mode = WAL');
    await migrate(client);
    return client;
  } catch (error) {
    client.close();
    throw error;
  }
}

/**
 * The file holds password hashes: its folder is made 0700 and the file 0600 before SQLite opens
 * it (SQLite gives its -wal and -shm files the database file's mode).
 */
function createPrivateFile(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  closeSync(openSync(path, 'a', 0o600));
  chmodSync(path, 0o600);
}

function filePath(url: string): string {
  return url.replace(/^file:(\/\/)?/, '').replace(/\?.*$/, '');
}

/**
 * Applies the migrations this database lacks. Safe when several instances start at once: each
 * step runs in a write transaction (BEGIN IMMEDIATE) that re-checks whether another instance
 * applied it while this one waited for the lock.
 */
export async function migrate(
  client: Client,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<void> {
  await client.execute(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at INTEGER NOT NULL
  ) STRICT`);
  const { rows } = await client.execute(
    'SELECT coalesce(max(version), 0) AS version FROM schema_migrations',
  );
  const current = Number(rows[0]?.version ?? 0);

  for (const migration of migrations.filter((m) => m.version > current)) {
    const tx = await client.transaction('write');
    try {
      const applied = await tx.execute({
        sql: 'SELECT 1 FROM schema_migrations WHERE version = ?',
        args: [migration.version],
      });
      if (applied.rows.length === 0) {
        await tx.batch([
          ...migration.statements,
          {
            sql: 'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)',
            args: [migration.version, migration.name, Date.now()],
          },
        ]);
      }
      await tx.commit();
    } finally {
      tx.close();
    }
  }
}

/**
 * The schema, as numbered steps applied in order and recorded in `schema_migrations`.
 * Never edit a step that has shipped: add the next one.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly statements: readonly string[];
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'accounts, analyses and login throttling',
    statements: [
      `CREATE TABLE users (
        id INTEGER PRIMARY KEY,
        username TEXT NOT NULL UNIQUE,
        password_hash TEXT NOT NULL,
        created_at INTEGER NOT NULL
      ) STRICT`,
      `CREATE TABLE analyses (
        id INTEGER PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        text TEXT NOT NULL,
        label TEXT NOT NULL CHECK (label IN ('negative', 'neutral', 'positive')),
        score REAL NOT NULL,
        comparative REAL NOT NULL,
        confidence REAL NOT NULL,
        words TEXT NOT NULL,
        served_by_revision TEXT NOT NULL,
        served_by_instance TEXT NOT NULL,
        created_at INTEGER NOT NULL
      ) STRICT`,
      // History pages walk one user's analyses newest first.
      `CREATE INDEX analyses_by_user ON analyses (user_id, id DESC)`,
      `CREATE TABLE login_failures (
        username TEXT PRIMARY KEY,
        failures INTEGER NOT NULL,
        last_failed_at INTEGER NOT NULL
      ) STRICT`,
      `CREATE INDEX login_failures_by_age ON login_failures (last_failed_at)`,
    ],
  },
  {
    version: 2,
    name: 'admin rights granted by the operator, login throttling per name and client',
    statements: [
      // Granted only by `npm run admin` (src/admin.ts), never by a name in the configuration.
      `ALTER TABLE users ADD COLUMN is_admin INTEGER NOT NULL DEFAULT 0 CHECK (is_admin IN (0, 1))`,
      // Counted per name and client, so that a stranger's guesses do not lock the owner out.
      `DROP TABLE login_failures`,
      `CREATE TABLE login_failures (
        username TEXT NOT NULL,
        client TEXT NOT NULL,
        failures INTEGER NOT NULL,
        last_failed_at INTEGER NOT NULL,
        PRIMARY KEY (username, client)
      ) STRICT`,
      `CREATE INDEX login_failures_by_age ON login_failures (last_failed_at)`,
    ],
  },
];

import type { Client, InStatement, ResultSet, Row } from '@libsql/client';
import { isLabel, LABELS, type Analysis, type WordWeight } from '../analyzer/analyze.ts';
import type {
  Account,
  DayCounts,
  LabelCounts,
  ServedBy,
  StoredAnalysis,
  User,
  UserSummary,
} from '../contract.ts';
import { FORGET_AFTER_MS, lockRemainingMs, type FailureRecord } from '../throttle.ts';
import { isForeignKeyViolation } from './errors.ts';

/** Every SQL statement of the function, each parameterised; rows become the contract's shapes. */

function text(row: Row, column: string): string {
  const value = row[column];
  if (typeof value !== 'string') throw new TypeError(`column ${column} is not text`);
  return value;
}

function number(row: Row, column: string): number {
  const value = row[column];
  if (typeof value !== 'number') throw new TypeError(`column ${column} is not a number`);
  return value;
}

function isoTime(row: Row, column: string): string {
  return new Date(number(row, column)).toISOString();
}

function toUser(row: Row): User {
  return {
    id: number(row, 'id'),
    username: text(row, 'username'),
    createdAt: isoTime(row, 'created_at'),
  };
}

/** Returns null when the name is taken: the UNIQUE index decides, so concurrent sign-ups cannot both win. */
export async function insertUser(
  db: Client,
  username: string,
  passwordHash: string,
  now: number,
): Promise<User | null> {
  const { rows } = await db.execute({
    sql: `INSERT INTO users (username, password_hash, created_at) VALUES (?, ?, ?)
          ON CONFLICT (username) DO NOTHING
          RETURNING id, username, created_at`,
    args: [username, passwordHash, now],
  });
  return rows[0] ? toUser(rows[0]) : null;
}

function toAccount(row: Row): Account {
  return { ...toUser(row), isAdmin: number(row, 'is_admin') === 1 };
}

export async function findAccount(db: Client, id: number): Promise<Account | null> {
  const { rows } = await db.execute({
    sql: 'SELECT id, username, created_at, is_admin FROM users WHERE id = ?',
    args: [id],
  });
  return rows[0] ? toAccount(rows[0]) : null;
}

/** Admin rights, read on every admin request: a revoked admin loses them at once. */
export async function isAdmin(db: Client, id: number): Promise<boolean> {
  return (await findAccount(db, id))?.isAdmin === true;
}

/** The operator's grant (src/admin.ts). False when no account has that name. */
export async function setAdmin(db: Client, username: string, isAdmin: boolean): Promise<boolean> {
  const { rowsAffected } = await db.execute({
    sql: 'UPDATE users SET is_admin = ? WHERE username = ?',
    args: [isAdmin ? 1 : 0, username],
  });
  return rowsAffected > 0;
}

export async function findLogin(
  db: Client,
  username: string,
): Promise<(Account & { readonly passwordHash: string }) | null> {
  const { rows } = await db.execute({
    sql: 'SELECT id, username, created_at, is_admin, password_hash FROM users WHERE username = ?',
    args: [username],
  });
  return rows[0] ? { ...toAccount(rows[0]), passwordHash: text(rows[0], 'password_hash') } : null;
}

/** Whose guesses are counted together: one name, tried from one client. */
export interface AttemptKey {
  readonly username: string;
  readonly client: string;
}

/** How often a claim may lose a race to a concurrent one before the request gives up. */
const CLAIM_TRIES = 20;

/**
 * Claims one login attempt for the key, counted as a failure until the password proves right
 * (clearLoginFailures), so that no more guesses are ever checked than the throttle allows, however
 * many arrive at once. Returns 0 when claimed, else the milliseconds the key must wait. The
 * policy stays in throttle.ts: the claim is a compare-and-set on the record it was decided on,
 * retried when a concurrent attempt changed it first.
 */
export async function claimLoginAttempt(db: Client, key: AttemptKey, now: number): Promise<number> {
  const forgetBefore = now - FORGET_AFTER_MS;
  for (let tries = 0; tries < CLAIM_TRIES; tries++) {
    const { rows } = await db.execute({
      sql: 'SELECT failures, last_failed_at FROM login_failures WHERE username = ? AND client = ?',
      args: [key.username, key.client],
    });
    const row = rows[0];
    const seen: FailureRecord | null = row
      ? { failures: number(row, 'failures'), lastFailedAt: number(row, 'last_failed_at') }
      : null;
    // A count older than FORGET_AFTER_MS starts again.
    const current = seen && seen.lastFailedAt >= forgetBefore ? seen : null;
    const wait = lockRemainingMs(current, now);
    if (wait > 0) return wait;
    const claim = seen
      ? {
          sql: `UPDATE login_failures SET failures = ?, last_failed_at = ?
                WHERE username = ? AND client = ? AND failures = ? AND last_failed_at = ?`,
          args: [
            (current?.failures ?? 0) + 1,
            now,
            key.username,
            key.client,
            seen.failures,
            seen.lastFailedAt,
          ],
        }
      : {
          sql: `INSERT INTO login_failures (username, client, failures, last_failed_at)
                VALUES (?, ?, 1, ?) ON CONFLICT DO NOTHING`,
          args: [key.username, key.client, now],
        };
    // One round trip for the claim and the sweep of keys that stopped failing long ago (so that
    // guessing at random names cannot grow the table): against the libSQL server each statement
    // is an HTTP request. Sweeping after a lost race is harmless, and cannot touch the row just
    // claimed, which failed `now`.
    const [claimed] = await db.batch(
      [claim, { sql: 'DELETE FROM login_failures WHERE last_failed_at < ?', args: [forgetBefore] }],
      'write',
    );
    if (claimed?.rowsAffected === 1) return 0;
  }
  return 1000;
}

export async function clearLoginFailures(db: Client, key: AttemptKey): Promise<void> {
  await db.execute({
    sql: 'DELETE FROM login_failures WHERE username = ? AND client = ?',
    args: [key.username, key.client],
  });
}

export async function countAnalysesByLabel(db: Client, userId: number): Promise<LabelCounts> {
  const { rows } = await db.execute({
    sql: 'SELECT label, count(*) AS n FROM analyses WHERE user_id = ? GROUP BY label',
    args: [userId],
  });
  const counts: LabelCounts = { negative: 0, neutral: 0, positive: 0 };
  for (const row of rows) {
    const label = row.label;
    if (isLabel(label)) counts[label] = number(row, 'n');
  }
  return counts;
}

const ANALYSIS_COLUMNS = `id, text, label, score, comparative, confidence, words,
  served_by_revision, served_by_instance, created_at`;

function toAnalysis(row: Row): StoredAnalysis {
  const label = row.label;
  if (!isLabel(label)) throw new TypeError(`stored label is not one of ${LABELS.join(', ')}`);
  return {
    id: number(row, 'id'),
    text: text(row, 'text'),
    label,
    score: number(row, 'score'),
    comparative: number(row, 'comparative'),
    confidence: number(row, 'confidence'),
    words: JSON.parse(text(row, 'words')) as WordWeight[],
    createdAt: isoTime(row, 'created_at'),
    servedBy: {
      revision: text(row, 'served_by_revision'),
      instance: text(row, 'served_by_instance'),
    },
  };
}

/**
 * Stored through `write`, the group commit: the row is durable when this resolves. Null when
 * the user no longer exists (deleted while their token is still valid).
 */
export async function insertAnalysis(
  write: (statement: InStatement) => Promise<ResultSet>,
  userId: number,
  input: { text: string; analysis: Analysis; servedBy: ServedBy; now: number },
): Promise<StoredAnalysis | null> {
  const { text, analysis, servedBy, now } = input;
  const inserted = await write({
    sql: `INSERT INTO analyses (user_id, text, label, score, comparative, confidence, words,
            served_by_revision, served_by_instance, created_at)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
          RETURNING id`,
    args: [
      userId,
      text,
      analysis.label,
      analysis.score,
      analysis.comparative,
      analysis.confidence,
      JSON.stringify(analysis.words),
      servedBy.revision,
      servedBy.instance,
      now,
    ],
  }).catch((error: unknown) => {
    if (isForeignKeyViolation(error)) return null;
    throw error;
  });
  const row = inserted?.rows[0];
  if (!inserted) return null;
  if (!row) throw new Error('INSERT … RETURNING gave no row');
  return {
    id: number(row, 'id'),
    text,
    ...analysis,
    createdAt: new Date(now).toISOString(),
    servedBy,
  };
}

/** Newest first; `beforeId` continues below the previous page. */
export async function listAnalyses(
  db: Client,
  userId: number,
  page: { limit: number; beforeId: number | null },
): Promise<StoredAnalysis[]> {
  const { rows } = await db.execute({
    sql: `SELECT ${ANALYSIS_COLUMNS} FROM analyses
          WHERE user_id = ?1 AND (?2 IS NULL OR id < ?2)
          ORDER BY id DESC LIMIT ?3`,
    args: [userId, page.beforeId, page.limit],
  });
  return rows.map(toAnalysis);
}

export async function findAnalysis(
  db: Client,
  userId: number,
  id: number,
): Promise<StoredAnalysis | null> {
  const { rows } = await db.execute({
    sql: `SELECT ${ANALYSIS_COLUMNS} FROM analyses WHERE id = ? AND user_id = ?`,
    args: [id, userId],
  });
  return rows[0] ? toAnalysis(rows[0]) : null;
}

/** False when no analysis of that id belongs to this user. */
export async function deleteAnalysis(db: Client, userId: number, id: number): Promise<boolean> {
  const { rowsAffected } = await db.execute({
    sql: 'DELETE FROM analyses WHERE id = ? AND user_id = ?',
    args: [id, userId],
  });
  return rowsAffected > 0;
}

/** Per-day label counts since `since` (ms), oldest first; days without analyses are left out. */
export async function countAnalysesByDay(
  db: Client,
  userId: number,
  since: number,
): Promise<DayCounts[]> {
  const { rows } = await db.execute({
    sql: `SELECT date(created_at / 1000, 'unixepoch') AS day,
            sum(label = 'negative') AS negative,
            sum(label = 'neutral') AS neutral,
            sum(label = 'positive') AS positive
          FROM analyses WHERE user_id = ? AND created_at >= ?
          GROUP BY day ORDER BY day`,
    args: [userId, since],
  });
  return rows.map((row) => ({
    date: text(row, 'day'),
    negative: number(row, 'negative'),
    neutral: number(row, 'neutral'),
    positive: number(row, 'positive'),
  }));
}

export async function listUsersWithCounts(db: Client): Promise<UserSummary[]> {
  const { rows } = await db.execute(
    `SELECT u.username, u.created_at, count(a.id) AS analyses
     FROM users AS u LEFT JOIN analyses AS a ON a.user_id = u.id
     GROUP BY u.id ORDER BY u.username`,
  );
  return rows.map((row) => ({
    username: text(row, 'username'),
    createdAt: isoTime(row, 'created_at'),
    analyses: number(row, 'analyses'),
  }));
}

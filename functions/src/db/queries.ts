import type { Client, InStatement, ResultSet, Row } from '@libsql/client';
import { isLabel, LABELS, type Analysis, type Label, type WordWeight } from '../sentiment.ts';
import { FORGET_AFTER_MS, type FailureRecord } from '../throttle.ts';
import { isForeignKeyViolation } from './errors.ts';

/** Every SQL statement of the function, each parameterised. Rows become plain typed objects here. */

export interface User {
  readonly id: number;
  readonly username: string;
  readonly createdAt: string;
}

export interface ServedBy {
  readonly revision: string;
  readonly instance: string;
}

export interface StoredAnalysis extends Analysis {
  readonly id: number;
  readonly text: string;
  readonly createdAt: string;
  readonly servedBy: ServedBy;
}

export type LabelCounts = Record<Label, number>;

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

export async function findUser(db: Client, id: number): Promise<User | null> {
  const { rows } = await db.execute({
    sql: 'SELECT id, username, created_at FROM users WHERE id = ?',
    args: [id],
  });
  return rows[0] ? toUser(rows[0]) : null;
}

export interface LoginLookup {
  readonly user: (User & { readonly passwordHash: string }) | null;
  readonly failures: FailureRecord | null;
}

/** The account and its recent failures, in one round trip (it matters against a remote server). */
export async function findLogin(db: Client, username: string): Promise<LoginLookup> {
  const { rows } = await db.execute({
    sql: `SELECT u.id, u.username, u.password_hash, u.created_at, f.failures, f.last_failed_at
          FROM (SELECT ? AS name) AS n
          LEFT JOIN users AS u ON u.username = n.name
          LEFT JOIN login_failures AS f ON f.username = n.name`,
    args: [username],
  });
  const row = rows[0];
  if (!row) return { user: null, failures: null };
  return {
    user: row.id === null ? null : { ...toUser(row), passwordHash: text(row, 'password_hash') },
    failures:
      row.failures === null
        ? null
        : { failures: number(row, 'failures'), lastFailedAt: number(row, 'last_failed_at') },
  };
}

/** Counts a failure atomically; a count older than FORGET_AFTER_MS starts again at 1. */
export async function recordLoginFailure(db: Client, username: string, now: number): Promise<void> {
  const forgetBefore = now - FORGET_AFTER_MS;
  await db.batch(
    [
      {
        sql: `INSERT INTO login_failures (username, failures, last_failed_at) VALUES (?1, 1, ?2)
              ON CONFLICT (username) DO UPDATE SET
                failures = CASE WHEN last_failed_at < ?3 THEN 1 ELSE failures + 1 END,
                last_failed_at = excluded.last_failed_at`,
        args: [username, now, forgetBefore],
      },
      // Names that stopped failing long ago, so guessing at random names cannot grow the table.
      { sql: 'DELETE FROM login_failures WHERE last_failed_at < ?', args: [forgetBefore] },
    ],
    'write',
  );
}

export async function clearLoginFailures(db: Client, username: string): Promise<void> {
  await db.execute({ sql: 'DELETE FROM login_failures WHERE username = ?', args: [username] });
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

export interface DayCounts extends LabelCounts {
  /** The UTC day, YYYY-MM-DD. */
  readonly date: string;
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

export interface UserSummary {
  readonly username: string;
  readonly createdAt: string;
  readonly analyses: number;
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

import type { Client } from '@libsql/client';
import { analyzeText } from '../analyzer/analyze.ts';
import type { BatchBody, DailyBody, HistoryPage, ScoredText, StoredAnalysis } from '../contract.ts';
import { csvRow } from '../csv.ts';
import {
  countAnalysesByDay,
  deleteAnalysis,
  findAnalysis,
  insertAnalysis,
  listAnalyses,
} from '../db/queries.ts';
import { err, reply } from '../result.ts';
import {
  encodeCursor,
  parseDays,
  parseId,
  parsePageQuery,
  parseScoreInput,
  parseText,
} from '../validate.ts';
import type { Handler, UserContext } from './context.ts';

/** POST /v1/analyses: analyze and keep. */
export const createAnalysis: Handler<UserContext> = async (
  { body },
  { write, user, config, now },
) => {
  const text = parseText(body);
  if (!text.ok) return text;
  const stored = await insertAnalysis(write, user.id, {
    text: text.value,
    analysis: analyzeText(text.value, config.lexicon),
    servedBy: config.servedBy,
    now: now(),
  });
  return stored
    ? reply(201, stored satisfies StoredAnalysis)
    : err('unauthenticated', 'this account no longer exists');
};

/** POST /v1/score: analyze one text or a batch, keeping nothing. */
export const score: Handler<UserContext> = ({ body }, { config }) => {
  const input = parseScoreInput(body);
  if (!input.ok) return input;
  const { servedBy, lexicon } = config;
  const analyze = (text: string): ScoredText => ({ text, ...analyzeText(text, lexicon), servedBy });
  if (typeof input.value === 'string') return reply(200, analyze(input.value));

  const items = input.value.map(analyze);
  const summary = { count: items.length, negative: 0, neutral: 0, positive: 0, meanScore: 0 };
  for (const item of items) {
    summary[item.label] += 1;
    summary.meanScore += item.score / items.length;
  }
  summary.meanScore = Math.round(summary.meanScore * 1000) / 1000;
  return reply(200, { items, summary } satisfies BatchBody);
};

/** GET /v1/analyses?limit=&cursor=: the caller's analyses, newest first. */
export const listHistory: Handler<UserContext> = async ({ query }, { db, user }) => {
  const page = parsePageQuery(query);
  if (!page.ok) return page;
  const { limit, beforeId } = page.value;
  // One row more than asked says whether another page follows.
  const rows = await listAnalyses(db, user.id, { limit: limit + 1, beforeId });
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  const nextCursor = rows.length > limit && last ? encodeCursor(last.id) : null;
  return reply(200, { items, nextCursor } satisfies HistoryPage);
};

const DAY_MS = 24 * 60 * 60 * 1000;

/** GET /v1/analyses/daily?days=: label counts per UTC day, today included, oldest first. */
export const dailyCounts: Handler<UserContext> = async ({ query }, { db, user, now }) => {
  const days = parseDays(query);
  if (!days.ok) return days;
  const startOfToday = Math.floor(now() / DAY_MS) * DAY_MS;
  const since = startOfToday - (days.value - 1) * DAY_MS;
  return reply(200, { days: await countAnalysesByDay(db, user.id, since) } satisfies DailyBody);
};

/** GET /v1/analyses/:id */
export const getAnalysis: Handler<UserContext> = async ({ params }, { db, user }) => {
  const id = parseId(params.id);
  const analysis = id === null ? null : await findAnalysis(db, user.id, id);
  return analysis ? reply(200, analysis) : notFound();
};

/** DELETE /v1/analyses/:id: another user's analysis is as absent as a missing one. */
export const removeAnalysis: Handler<UserContext> = async ({ params }, { db, user }) => {
  const id = parseId(params.id);
  const deleted = id !== null && (await deleteAnalysis(db, user.id, id));
  return deleted ? reply(204) : notFound();
};

function notFound() {
  return err('not_found', 'no such analysis');
}

const EXPORT_PAGE = 500;
const EXPORT_COLUMNS = [
  'id',
  'created_at',
  'label',
  'score',
  'comparative',
  'confidence',
  'words',
  'text',
];

/**
 * GET /v1/analyses/export: all the caller's analyses as CSV, streamed page by page. The first
 * page is read before the status line, so an outage is still a 503; a failure on a later page
 * cuts the connection (send.ts), and the client sees a broken download, not a short file.
 */
export const exportHistory: Handler<UserContext> = async (_request, { db, user }) => {
  const first = await listAnalyses(db, user.id, { limit: EXPORT_PAGE, beforeId: null });
  return reply(200, exportRows(db, user.id, first), {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': 'attachment; filename="analyses.csv"',
  });
};

async function* exportRows(
  db: Client,
  userId: number,
  first: StoredAnalysis[],
): AsyncGenerator<string> {
  yield csvRow(EXPORT_COLUMNS);
  let page = first;
  for (;;) {
    yield page.map(toCsvRow).join('');
    const last = page.at(-1);
    if (page.length < EXPORT_PAGE || !last) return;
    page = await listAnalyses(db, userId, { limit: EXPORT_PAGE, beforeId: last.id });
  }
}

function toCsvRow(a: StoredAnalysis): string {
  // "; " between words: a negation is one unit with a space in it ("not bad:1.07").
  const words = a.words.map(({ token, weight }) => `${token}:${weight}`).join('; ');
  return csvRow([a.id, a.createdAt, a.label, a.score, a.comparative, a.confidence, words, a.text]);
}

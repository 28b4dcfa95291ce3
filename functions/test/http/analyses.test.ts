import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { analyzeText } from '../../src/analyzer/analyze.ts';
import { errorOf, startApi, type TestApi } from '../helpers/api.ts';

let api: TestApi;
let alice: string;
beforeEach(async () => {
  api = await startApi();
  alice = await api.signIn('alice');
});
afterEach(() => api.close());

interface AnalysisBody {
  id: number;
  text: string;
  label: string;
  score: number;
  comparative: number;
  confidence: number;
  words: { token: string; weight: number }[];
  createdAt: string;
  servedBy: { revision: string; instance: string };
}

async function analyze(text: string, token = alice): Promise<AnalysisBody> {
  const res = await api.request('POST', '/v1/analyses', { token, json: { text } });
  expect(res.status).toBe(201);
  return (await res.json()) as AnalysisBody;
}

describe('POST /v1/analyses', () => {
  it('stores and returns the analysis with the words that carried it and who served it', async () => {
    const analysis = await analyze('  What a wonderful, happy day  ');
    const { score, comparative, confidence, words } = analyzeText('What a wonderful, happy day');
    expect(analysis).toEqual({
      id: expect.any(Number),
      text: 'What a wonderful, happy day',
      label: 'positive',
      score,
      comparative,
      confidence,
      words,
      createdAt: expect.any(String),
      servedBy: { revision: 'local', instance: expect.any(String) },
    });
    const stored = await api.request('GET', `/v1/analyses/${analysis.id}`, { token: alice });
    expect(await stored.json()).toEqual(analysis);
  });

  it('rejects empty and over-long text with 400, storing nothing', async () => {
    for (const text of ['   ', 'a'.repeat(5001)]) {
      const res = await api.request('POST', '/v1/analyses', { token: alice, json: { text } });
      expect(res.status).toBe(400);
      expect(await errorOf(res)).toMatchObject({ code: 'invalid_input', field: 'text' });
    }
    const list = await api.request('GET', '/v1/analyses', { token: alice });
    expect(((await list.json()) as { items: unknown[] }).items).toEqual([]);
  });

  it('requires a token', async () => {
    const res = await api.request('POST', '/v1/analyses', { json: { text: 'hello' } });
    expect(res.status).toBe(401);
  });
});

describe('GET /v1/analyses', () => {
  it('pages newest first with an opaque cursor, and only the caller’s', async () => {
    const bob = await api.signIn('bob');
    const texts = ['one good', 'two bad', 'three fine', 'four great', 'five awful'];
    for (const text of texts) await analyze(text);
    await analyze('bob was here', bob);

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `?limit=2&cursor=${cursor}` : '?limit=2';
      const res = await api.request('GET', `/v1/analyses${query}`, { token: alice });
      const page = (await res.json()) as { items: AnalysisBody[]; nextCursor: string | null };
      seen.push(...page.items.map((item) => item.text));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(seen).toEqual([...texts].reverse());
    expect(pages).toBe(3);
  });

  it('rejects a limit out of range and a forged cursor', async () => {
    const big = await api.request('GET', '/v1/analyses?limit=101', { token: alice });
    expect(await errorOf(big)).toMatchObject({ code: 'invalid_input', field: 'limit' });
    const forged = await api.request('GET', '/v1/analyses?cursor=123', { token: alice });
    expect(await errorOf(forged)).toMatchObject({ code: 'invalid_input', field: 'cursor' });
  });
});

describe('DELETE /v1/analyses/:id', () => {
  it('deletes the caller’s analysis with 204', async () => {
    const { id } = await analyze('delete me, please');
    const res = await api.request('DELETE', `/v1/analyses/${id}`, { token: alice });
    expect(res.status).toBe(204);
    expect((await api.request('GET', `/v1/analyses/${id}`, { token: alice })).status).toBe(404);
    expect((await api.request('DELETE', `/v1/analyses/${id}`, { token: alice })).status).toBe(404);
  });

  it('answers 404 for another user’s analysis, and leaves it in place', async () => {
    const { id } = await analyze('mine, not bob’s');
    const bob = await api.signIn('bob');
    const res = await api.request('DELETE', `/v1/analyses/${id}`, { token: bob });
    expect(res.status).toBe(404);
    expect((await errorOf(res)).code).toBe('not_found');
    expect((await api.request('GET', `/v1/analyses/${id}`, { token: bob })).status).toBe(404);
    expect((await api.request('GET', `/v1/analyses/${id}`, { token: alice })).status).toBe(200);
  });

  it('answers 404 for an id that cannot exist', async () => {
    expect((await api.request('DELETE', '/v1/analyses/abc', { token: alice })).status).toBe(404);
  });
});

describe('GET /v1/analyses/export', () => {
  it('downloads the caller’s analyses as CSV, escaped and formula-safe', async () => {
    await analyze('=cmd|" /C calc"!A0 is bad');
    await analyze('Good, "quoted"\nand multi-line');
    const bob = await api.signIn('bob');
    await analyze('bob’s secret', bob);

    const res = await api.request('GET', '/v1/analyses/export', { token: alice });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="analyses.csv"');
    const csv = await res.text();
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('id,created_at,label,score,comparative,confidence,words,text');
    expect(lines[1]).toMatch(
      /^\d+,[\d-]+T[\d:.]+Z,positive,[\d.]+,[\d.]+,[\d.]+,"?[^"]*good:[\d.]+[^"]*"?,"Good, ""quoted""\nand multi-line"$/,
    );
    expect(lines[2]).toMatch(/,negative,-[\d.]+,.*bad:-[\d.]+.*,"'=cmd\|"" \/C calc""!A0 is bad"$/);
    expect(csv).not.toContain('bob');
    expect(lines).toHaveLength(4); // header, two rows, and the empty string after the last CRLF
  });

  it('separates the words of the export with "; ", since a negation is one unit with a space', async () => {
    const token = await api.signIn('carol');
    const { words } = await analyze('The food was not bad, and the staff were lovely.', token);
    expect(words.map((word) => word.token)).toContain('not bad');
    const csv = await (await api.request('GET', '/v1/analyses/export', { token })).text();
    const row = csv.split('\r\n')[1] ?? '';
    expect(row).toContain(`,${words.map((w) => `${w.token}:${w.weight}`).join('; ')},`);
  });

  it('streams a history longer than one export page', async () => {
    const token = alice;
    const texts = Array.from({ length: 120 }, (_, i) => `entry ${i} is good`);
    // Stored through the API, ten at a time, as a user would.
    for (let i = 0; i < texts.length; i += 10) {
      await Promise.all(texts.slice(i, i + 10).map((text) => analyze(text, token)));
    }
    const csv = await (await api.request('GET', '/v1/analyses/export', { token })).text();
    expect(csv.trimEnd().split('\r\n')).toHaveLength(121);
  });
});

describe('POST /v1/score', () => {
  it('scores one text without storing it', async () => {
    const res = await api.request('POST', '/v1/score', {
      token: alice,
      json: { text: 'terrible' },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ text: 'terrible', ...analyzeText('terrible') });
    const list = await api.request('GET', '/v1/analyses', { token: alice });
    expect(((await list.json()) as { items: unknown[] }).items).toHaveLength(0);
  });

  it('scores a batch with a summary', async () => {
    const res = await api.request('POST', '/v1/score', {
      token: alice,
      json: { texts: ['good', 'bad', 'a chair', 'great'] },
    });
    const body = (await res.json()) as { items: AnalysisBody[]; summary: unknown };
    expect(body.items.map((item) => item.label)).toEqual([
      'positive',
      'negative',
      'neutral',
      'positive',
    ]);
    const meanScore = body.items.reduce((total, item) => total + item.score, 0) / 4;
    expect(body.summary).toEqual({
      count: 4,
      negative: 1,
      neutral: 1,
      positive: 2,
      meanScore: Math.round(meanScore * 1000) / 1000,
    });
  });

  it('names the bad item of a batch', async () => {
    const res = await api.request('POST', '/v1/score', {
      token: alice,
      json: { texts: ['ok', 42] },
    });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).field).toBe('texts[1]');
  });
});

describe('GET /v1/analyses/daily', () => {
  it('counts the caller’s labels per UTC day, oldest first, within the window', async () => {
    await analyze('good');
    await analyze('bad');
    api.advance(24 * 60 * 60 * 1000);
    alice = await api.signIn('alice'); // a day on, the first session has expired
    await analyze('great');
    const bob = await api.signIn('bob');
    await analyze('awful', bob);

    const res = await api.request('GET', '/v1/analyses/daily?days=7', { token: alice });
    const { days } = (await res.json()) as { days: { date: string; positive: number }[] };
    const today = new Date(Date.now() + 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
    const yesterday = new Date().toISOString().slice(0, 10);
    expect(days).toEqual([
      { date: yesterday, negative: 1, neutral: 0, positive: 1 },
      { date: today, negative: 0, neutral: 0, positive: 1 },
    ]);

    const todayOnly = await api.request('GET', '/v1/analyses/daily?days=1', { token: alice });
    expect(((await todayOnly.json()) as { days: unknown[] }).days).toHaveLength(1);
  });

  it('rejects a window out of range', async () => {
    const res = await api.request('GET', '/v1/analyses/daily?days=0', { token: alice });
    expect(await errorOf(res)).toMatchObject({ code: 'invalid_input', field: 'days' });
  });
});

describe('POST /v1/analyses under concurrent load', () => {
  it('stores every one of 200 concurrent analyses, each with its own id', async () => {
    const texts = Array.from({ length: 200 }, (_, i) => `concurrent ${i} is great`);
    const stored = await Promise.all(texts.map((text) => analyze(text)));
    expect(new Set(stored.map((a) => a.id)).size).toBe(200);
    expect(stored.map((a) => a.text)).toEqual(texts);
    const me = await api.request('GET', '/v1/me', { token: alice });
    expect(((await me.json()) as { total: number }).total).toBe(200);
  });
});

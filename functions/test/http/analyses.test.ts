import { describe, expect, it } from 'vitest';
import type { BatchBody, HistoryPage, ScoredText, StoredAnalysis } from '../../src/contract.ts';
import { errorOf, useApi, type ApiFixture } from '../helpers/api.ts';

/**
 * Noon UTC, where the function's clock starts: a day on from it is a known date, twelve hours
 * from either midnight, however long the test takes.
 */
const NOON = Date.UTC(2026, 2, 14, 12);
const DAY_MS = 24 * 60 * 60 * 1000;

const api = useApi({ scope: 'test', clockStartsAt: NOON });

async function analyze(text: string, token = api.token, on: ApiFixture = api) {
  const res = await on.request('POST', '/v1/analyses', { token, json: { text } });
  expect(res.status).toBe(201);
  return (await res.json()) as StoredAnalysis;
}

describe('POST /v1/analyses', () => {
  it('stores and returns the analysis with the words that carried it and who served it', async () => {
    const analysis = await analyze('  What a wonderful, happy day  ');
    expect(analysis).toMatchObject({
      id: expect.any(Number),
      text: 'What a wonderful, happy day',
      label: 'positive',
      createdAt: expect.stringMatching(/^2026-03-14T12:/),
      servedBy: { revision: 'local', instance: expect.any(String) },
    });
    expect(analysis.score).toBeGreaterThan(0);
    expect(analysis.comparative).toBeGreaterThan(0);
    // Each word is named where it stands in the text.
    const marked = analysis.words.map(({ token, weight, start, end }) => ({
      token,
      inText: analysis.text.slice(start, end).toLowerCase(),
      isPositive: weight > 0,
    }));
    expect(marked).toEqual(
      expect.arrayContaining([
        { token: 'wonderful', inText: 'wonderful', isPositive: true },
        { token: 'happy', inText: 'happy', isPositive: true },
      ]),
    );
    const stored = await api.request('GET', `/v1/analyses/${analysis.id}`, { token: api.token });
    expect(await stored.json()).toEqual(analysis);
  });

  it('rejects empty and over-long text with 400, storing nothing', async () => {
    for (const text of ['   ', 'a'.repeat(5001)]) {
      const res = await api.request('POST', '/v1/analyses', { token: api.token, json: { text } });
      expect(res.status).toBe(400);
      expect(await errorOf(res)).toMatchObject({ code: 'invalid_input', field: 'text' });
    }
    const list = await api.request('GET', '/v1/analyses', { token: api.token });
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
      const res = await api.request('GET', `/v1/analyses${query}`, { token: api.token });
      const page = (await res.json()) as HistoryPage;
      seen.push(...page.items.map((item) => item.text));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(seen).toEqual([...texts].reverse());
    expect(pages).toBe(3);
  });

  it('rejects a limit out of range and a forged cursor', async () => {
    const big = await api.request('GET', '/v1/analyses?limit=101', { token: api.token });
    expect(await errorOf(big)).toMatchObject({ code: 'invalid_input', field: 'limit' });
    const forged = await api.request('GET', '/v1/analyses?cursor=123', { token: api.token });
    expect(await errorOf(forged)).toMatchObject({ code: 'invalid_input', field: 'cursor' });
  });
});

describe('DELETE /v1/analyses/:id', () => {
  it('deletes the caller’s analysis with 204', async () => {
    const { id } = await analyze('delete me, please');
    const res = await api.request('DELETE', `/v1/analyses/${id}`, { token: api.token });
    expect(res.status).toBe(204);
    expect((await api.request('GET', `/v1/analyses/${id}`, { token: api.token })).status).toBe(404);
    expect((await api.request('DELETE', `/v1/analyses/${id}`, { token: api.token })).status).toBe(
      404,
    );
  });

  it('answers 404 for another user’s analysis, and leaves it in place', async () => {
    const { id } = await analyze('mine, not bob’s');
    const bob = await api.signIn('bob');
    const res = await api.request('DELETE', `/v1/analyses/${id}`, { token: bob });
    expect(res.status).toBe(404);
    expect((await errorOf(res)).code).toBe('not_found');
    expect((await api.request('GET', `/v1/analyses/${id}`, { token: bob })).status).toBe(404);
    expect((await api.request('GET', `/v1/analyses/${id}`, { token: api.token })).status).toBe(200);
  });

  it('answers 404 for an id that cannot exist', async () => {
    expect((await api.request('DELETE', '/v1/analyses/abc', { token: api.token })).status).toBe(
      404,
    );
  });
});

describe('GET /v1/analyses/export', () => {
  it('downloads the caller’s analyses as CSV, escaped and formula-safe', async () => {
    await analyze('=cmd|" /C calc"!A0 is bad');
    await analyze('Good, "quoted"\nand multi-line');
    const bob = await api.signIn('bob');
    await analyze('bob’s secret', bob);

    const res = await api.request('GET', '/v1/analyses/export', { token: api.token });
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
    const token = api.token;
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
      token: api.token,
      json: { text: 'terrible' },
    });
    expect(res.status).toBe(200);
    const scored = (await res.json()) as ScoredText;
    expect(scored).toMatchObject({ text: 'terrible', label: 'negative' });
    expect(scored.score).toBeLessThan(0);
    const list = await api.request('GET', '/v1/analyses', { token: api.token });
    expect(((await list.json()) as HistoryPage).items).toHaveLength(0);
  });

  it('scores a batch with a summary', async () => {
    const res = await api.request('POST', '/v1/score', {
      token: api.token,
      json: { texts: ['good', 'bad', 'a chair', 'great'] },
    });
    const body = (await res.json()) as BatchBody;
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
      token: api.token,
      json: { texts: ['ok', 42] },
    });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).field).toBe('texts[1]');
  });
});

/**
 * With the `sentiment` package's stock AFINN-165 list the numbers can be worked out by hand:
 * wonderful +4, happy +3, terrible −3, good +3, bad −3, great +3 (its languages/en/labels.json);
 * comparative is the sum over the words of the text; confidence is 1 / (1 + e^(−0.6·|sum|)).
 */
describe('scores with the stock AFINN lexicon, worked out by hand', () => {
  const afinn = useApi({ env: { SENTIMENT_LEXICON: 'afinn' } });

  it('stores an analysis, and reads back what it answered', async () => {
    const analysis = await analyze('What a wonderful, happy day', afinn.token, afinn);
    expect(analysis).toMatchObject({
      label: 'positive',
      score: 7,
      comparative: 1.4, // 7 over five words
      confidence: 0.985, // 1 / (1 + e^−4.2)
      words: [
        { token: 'wonderful', weight: 4, start: 7, end: 16 },
        { token: 'happy', weight: 3, start: 18, end: 23 },
      ],
    });
    const stored = await afinn.request('GET', `/v1/analyses/${analysis.id}`, {
      token: afinn.token,
    });
    expect(await stored.json()).toEqual(analysis);
  });

  it('scores one text and a batch', async () => {
    const one = await afinn.request('POST', '/v1/score', {
      token: afinn.token,
      json: { text: 'terrible' },
    });
    expect(await one.json()).toEqual({
      text: 'terrible',
      label: 'negative',
      score: -3,
      comparative: -3,
      confidence: 0.858, // 1 / (1 + e^−1.8)
      words: [{ token: 'terrible', weight: -3, start: 0, end: 8 }],
      servedBy: { revision: 'local', instance: expect.any(String) },
    });
    const batch = await afinn.request('POST', '/v1/score', {
      token: afinn.token,
      json: { texts: ['good', 'bad', 'a chair', 'great'] },
    });
    const { items, summary } = (await batch.json()) as BatchBody;
    expect(items.map((item) => item.score)).toEqual([3, -3, 0, 3]);
    expect(summary).toEqual({ count: 4, negative: 1, neutral: 1, positive: 2, meanScore: 0.75 });
  });
});

describe('GET /v1/analyses/daily', () => {
  it('counts the caller’s labels per UTC day, oldest first, within the window', async () => {
    await analyze('good');
    await analyze('bad');
    api.advance(DAY_MS);
    const aliceNextDay = await api.signIn('alice'); // a day on, the first session has expired
    await analyze('great', aliceNextDay);
    const bob = await api.signIn('bob');
    await analyze('awful', bob);

    const res = await api.request('GET', '/v1/analyses/daily?days=7', { token: aliceNextDay });
    const { days } = (await res.json()) as { days: { date: string; positive: number }[] };
    expect(days).toEqual([
      { date: '2026-03-14', negative: 1, neutral: 0, positive: 1 },
      { date: '2026-03-15', negative: 0, neutral: 0, positive: 1 },
    ]);

    const todayOnly = await api.request('GET', '/v1/analyses/daily?days=1', {
      token: aliceNextDay,
    });
    expect(((await todayOnly.json()) as { days: unknown[] }).days).toHaveLength(1);
  });

  it('rejects a window out of range', async () => {
    const res = await api.request('GET', '/v1/analyses/daily?days=0', { token: api.token });
    expect(await errorOf(res)).toMatchObject({ code: 'invalid_input', field: 'days' });
  });
});

describe('POST /v1/analyses under concurrent load', () => {
  it('stores every one of 200 concurrent analyses, each with its own id', async () => {
    const texts = Array.from({ length: 200 }, (_, i) => `concurrent ${i} is great`);
    const stored = await Promise.all(texts.map((text) => analyze(text)));
    expect(new Set(stored.map((a) => a.id)).size).toBe(200);
    expect(stored.map((a) => a.text)).toEqual(texts);
    const me = await api.request('GET', '/v1/me', { token: api.token });
    expect(((await me.json()) as { total: number }).total).toBe(200);
  });
});

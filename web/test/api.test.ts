import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startApi, type ApiProcess } from '@sentiment/testkit/api';
import { freePort } from '@sentiment/testkit/process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chunkTexts, createApi } from '../src/lib/server/api.ts';

/** The UI's API client against the real API function on a real database file. */

const CLIENT_SECRET = 'ui-and-api-share-this-secret-of-32-bytes';

let backend: ApiProcess;
beforeAll(async () => {
  backend = await startApi({ CLIENT_ADDRESS_SECRET: CLIENT_SECRET });
});
afterAll(() => backend.stop());

const client = () => createApi({ baseUrl: backend.url, timeoutMs: 5000 });

describe('createApi against the real API', () => {
  it('vouches for the browser’s address, so one browser’s guesses do not lock out another', async () => {
    const api = createApi({ baseUrl: backend.url, timeoutMs: 5000, clientSecret: CLIENT_SECRET });
    await api.register('grace', 'long enough password');
    for (let i = 0; i < 8; i++) await api.login('grace', 'wrong password', '203.0.113.9');
    expect((await api.login('grace', 'wrong password', '203.0.113.9')).status).toBe(429);
    expect((await api.login('grace', 'long enough password', '198.51.100.4')).status).toBe(200);
  });

  it('registers, logs in, analyzes and reads the history back', async () => {
    const api = client();
    expect((await api.register('ada', 'long enough password')).status).toBe(201);
    const session = await api.login('ada', 'long enough password');
    if (!session.ok) throw new Error(session.error.message);
    const { token } = session.data;
    const analysis = await api.analyze(token, 'what a lovely day');
    expect(analysis).toMatchObject({ ok: true, status: 201, data: { label: 'positive' } });
    const history = await api.history(token, { limit: 10 });
    expect(history.ok && history.data.items.map((item) => item.text)).toEqual([
      'what a lovely day',
    ]);
  });

  it('returns API errors as values, with the status, code and field', async () => {
    const taken = await client().register('ada', 'long enough password');
    expect(taken).toEqual({
      ok: false,
      status: 409,
      error: { code: 'username_taken', message: 'the username "ada" is taken', field: 'username' },
    });
    const rejected = await client().me('not-a-token');
    expect(rejected).toMatchObject({ ok: false, status: 401, error: { code: 'unauthenticated' } });
  });

  it('scores a batch larger than one request allows, in order', async () => {
    const api = client();
    const session = await api.login('ada', 'long enough password');
    if (!session.ok) throw new Error(session.error.message);
    const texts = Array.from({ length: 250 }, (_, i) => (i % 2 ? `bad ${i}` : `good ${i}`));
    const result = await api.scoreBatch(session.data.token, texts);
    expect(result.ok && result.data.map((item) => item.text)).toEqual(texts);
    expect(result.ok && result.data[1]?.label).toBe('negative');
  });

  it('deletes with 204 and no body', async () => {
    const api = client();
    const session = await api.login('ada', 'long enough password');
    if (!session.ok) throw new Error(session.error.message);
    const created = await api.analyze(session.data.token, 'delete me');
    if (!created.ok) throw new Error(created.error.message);
    expect(await api.remove(session.data.token, created.data.id)).toEqual({
      ok: true,
      status: 204,
      data: undefined,
    });
  });
});

describe('createApi when the API is not there', () => {
  let slow: Server;
  beforeAll(async () => {
    // Accepts the request and never answers, like an API still starting from zero.
    slow = createServer(() => {});
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => {
    slow.closeAllConnections();
    slow.close();
  });

  it('turns a connection refusal into 503 unavailable', async () => {
    const api = createApi({ baseUrl: `http://127.0.0.1:${await freePort()}`, timeoutMs: 2000 });
    expect(await api.me('t')).toMatchObject({
      ok: false,
      status: 503,
      error: { code: 'unavailable' },
    });
  });

  it('gives up after the timeout with 504 timeout', async () => {
    const { port } = slow.address() as AddressInfo;
    const api = createApi({ baseUrl: `http://127.0.0.1:${port}`, timeoutMs: 300 });
    const started = Date.now();
    expect(await api.me('t')).toMatchObject({ ok: false, status: 504, error: { code: 'timeout' } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
  });
});

describe('chunkTexts', () => {
  it('keeps every request within 100 texts and the byte budget, losing nothing', () => {
    const texts = [
      ...Array.from({ length: 150 }, () => 'short'),
      ...Array.from({ length: 30 }, () => 'x'.repeat(4000)),
    ];
    const chunks = chunkTexts(texts);
    expect(chunks.flat()).toEqual(texts);
    for (const chunk of chunks) {
      expect(chunk.length).toBeLessThanOrEqual(100);
      expect(Buffer.byteLength(JSON.stringify({ texts: chunk }))).toBeLessThan(64 * 1024);
    }
  });

  it('fills a request up to the API’s 64 KiB, which the real API accepts, and no further', async () => {
    // Four texts whose request body is 65 535 bytes: three of 5000 four-byte emoji (20 000
    // bytes, 20 003 with quotes and comma) and one of 5512 bytes; `{"texts":[…]}` adds 11.
    const full = [...Array.from({ length: 3 }, () => '😀'.repeat(5000)), '😀'.repeat(1378)];
    expect(Buffer.byteLength(JSON.stringify({ texts: full }))).toBe(64 * 1024 - 1);
    expect(chunkTexts(full)).toHaveLength(1);
    const over = [...full.slice(0, 3), `${full[3]}xx`];
    expect(chunkTexts(over)).toHaveLength(2);

    const api = client();
    await api.register('chunker', 'long enough password');
    const session = await api.login('chunker', 'long enough password');
    if (!session.ok) throw new Error(session.error.message);
    const scored = await api.scoreBatch(session.data.token, full);
    expect(scored.ok && scored.data.map((item) => item.text)).toEqual(full);
  });
});

import { once } from 'node:events';
import { connect } from 'node:net';
import { join } from 'node:path';
import { createClient, type Client } from '@libsql/client/sqlite3';
import jwt from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../src/routes.ts';
import { TEST_SECRET, useApi, type TestApi } from '../helpers/api.ts';

/**
 * Generated hostile requests on every route, seeded so that a failure can be replayed: bad
 * targets, queries, headers, bodies and tokens. Every answer must be a 2xx or a JSON 4xx (never
 * a 5xx, never the framework's HTML), and a refused request must write nothing.
 */

const SEED = Number(process.env.ATTACK_SEED ?? 20261201);
const CASES = 3000;

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  return { next, pick };
}
type Random = ReturnType<typeof random>;

const NASTY_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud83d',
  '\ude00x',
  '😀'.repeat(3000),
  'x'.repeat(5001),
  'é'.repeat(5000),
  '<script>alert(1)</script>',
  "'; DROP TABLE users; --",
  '=cmd|calc',
  '../../etc/passwd',
  '%00',
  '\r\nSet-Cookie: a=b',
  'ALICE',
  'alice',
  'a long enough password',
];
const NASTY_NUMBERS = [0, -1, 1.5, 1e308, -0, 2 ** 53, Number.MAX_SAFE_INTEGER + 2, 100, 101];

function value(r: Random, depth = 0): unknown {
  const kind = r.pick(['string', 'number', 'bool', 'null', 'array', 'object', 'deep']);
  if (depth > 3 && (kind === 'array' || kind === 'object' || kind === 'deep'))
    return r.pick(NASTY_STRINGS);
  switch (kind) {
    case 'string':
      return r.pick(NASTY_STRINGS);
    case 'number':
      return r.pick(NASTY_NUMBERS);
    case 'bool':
      return r.next() < 0.5;
    case 'null':
      return null;
    case 'array':
      return Array.from({ length: r.pick([0, 1, 2, 101]) }, () => value(r, depth + 1));
    case 'deep': {
      let nested: unknown = 'bottom';
      for (let i = 0; i < 40; i++) nested = r.next() < 0.5 ? [nested] : { a: nested };
      return nested;
    }
    default:
      return Object.fromEntries(
        ['text', 'texts', 'username', 'password', '__proto__', 'constructor']
          .filter(() => r.next() < 0.5)
          .map((key) => [key, value(r, depth + 1)]),
      );
  }
}

const BAD_JSON = ['{', '{"text": }', '[1,]', 'nul', '{"a":1}{"b":2}', '\u00ff\u00fe', '"\\ud800"'];

function body(r: Random): { text?: string; type?: string; encoding?: string } {
  const choice = r.next();
  if (choice < 0.15) return {};
  if (choice < 0.25) return { text: r.pick(BAD_JSON), type: 'application/json' };
  if (choice < 0.32) return { text: 'a=1&b[c]=2', type: 'application/x-www-form-urlencoded' };
  if (choice < 0.37)
    return {
      text: '{}',
      type: 'application/json',
      encoding: r.pick(['gzip', 'br', 'deflate', 'x']),
    };
  if (choice < 0.42)
    return {
      text: '{}',
      type: r.pick([
        'application/json; charset=latin1',
        'text/plain',
        'multipart/form-data',
        'application/jsonx',
      ]),
    };
  return { text: JSON.stringify(value(r)), type: 'application/json' };
}

function target(r: Random, path: string): string {
  const filled = path.replace(':id', () =>
    r.pick(['1', '0', '-1', '%ff', 'abc', '9'.repeat(30), '1.0', '%2e%2e']),
  );
  const query = r.pick([
    '',
    `?limit=${r.pick(['0x10', '1e2', '+5', '%2010', '0', '101', '-3', 'ten', '5', '5&limit=6'])}`,
    `?days=${r.pick(['0', '367', '1e1', '30', '%zz'])}`,
    `?cursor=${r.pick(['', 'abc', 'YTE', '%ff', 'YTA', '=='])}`,
  ]);
  return r.pick([
    filled + query,
    filled + query,
    `${filled}/`,
    `/${filled}`,
    filled.toUpperCase(),
    `${filled}%zz`,
    `${filled}/..%2f..`,
    `//evil.example${filled}`,
    `http://:99999${filled}`,
  ]);
}

function token(r: Random, valid: string): string | undefined {
  const claims = { username: 'alice' };
  const options = { issuer: 'sentiment-api', audience: 'sentiment', subject: '1' };
  return r.pick([
    valid,
    valid,
    valid,
    undefined,
    'garbage',
    `${valid}x`,
    jwt.sign(claims, '', { ...options, algorithm: 'none', expiresIn: 60 }),
    jwt.sign(claims, TEST_SECRET, { ...options, expiresIn: -10 }),
    jwt.sign({ username: 'root' }, TEST_SECRET, { ...options, subject: '999', expiresIn: 60 }),
  ]);
}

/** Raw bytes, so that targets reach the server exactly as generated. */
async function send(
  api: TestApi,
  request: string,
): Promise<{ status: number; head: string; body: string }> {
  const socket = connect(Number(new URL(api.url).port), '127.0.0.1');
  await once(socket, 'connect');
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  // A server that refuses a body unread closes while we may still be writing it (EPIPE): what
  // it answered before that is what counts.
  socket.on('error', () => {});
  const closed = new Promise((resolve) => socket.on('close', resolve));
  socket.end(request);
  await closed;
  const text = Buffer.concat(chunks).toString('utf8');
  const split = text.indexOf('\r\n\r\n');
  const head = text.slice(0, split);
  return { status: Number(head.split(' ')[1]), head, body: text.slice(split + 4) };
}

const api = useApi();
let db: Client;
beforeAll(async () => {
  await api.request('POST', '/v1/analyses', {
    token: api.token,
    json: { text: 'a first analysis' },
  });
  db = createClient({ url: `file:${join(api.dataDir, 'sentiment.db')}` });
});
afterAll(() => db.close());

async function counts(): Promise<string> {
  const { rows } = await db.execute(
    'SELECT (SELECT count(*) FROM users) AS users, (SELECT count(*) FROM analyses) AS analyses',
  );
  return JSON.stringify(rows[0]);
}

describe(`${CASES} generated hostile requests (seed ${SEED})`, () => {
  it(
    'answers each with a 2xx or a JSON 4xx, and writes nothing for a refusal',
    { timeout: 120_000 },
    async () => {
      const r = random(SEED);
      const statuses = new Map<number, number>();
      const faults: string[] = [];
      for (let i = 0; i < CASES; i++) {
        const route = r.pick(ROUTES);
        const method = r.next() < 0.9 ? route.method : r.pick(['PUT', 'PATCH', 'OPTIONS', 'HEAD']);
        const { text, type, encoding } = body(r);
        const bearer = token(r, api.token);
        const bytes = text === undefined ? undefined : Buffer.from(text);
        const headers = [
          `${method} ${target(r, route.path)} HTTP/1.1`,
          'Host: api',
          'Connection: close',
          ...(bearer ? [`Authorization: Bearer ${bearer}`] : []),
          ...(type ? [`Content-Type: ${type}`] : []),
          ...(encoding ? [`Content-Encoding: ${encoding}`] : []),
          ...(bytes ? [`Content-Length: ${bytes.length}`] : []),
        ];
        const before = await counts();
        const res = await send(api, `${headers.join('\r\n')}\r\n\r\n${text ?? ''}`);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        const where = `case ${i}: ${headers[0]}`;
        if (!(res.status >= 200 && res.status < 500)) faults.push(`${where} → ${res.status}`);
        if (res.status >= 400 && method !== 'HEAD') {
          if (!/content-type: application\/json/i.test(res.head))
            faults.push(`${where} → not JSON`);
          if ((await counts()) !== before) faults.push(`${where} → ${res.status} but wrote`);
        }
      }
      console.log(
        `attack inputs: ${CASES} cases, statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`,
      );
      expect(faults).toEqual([]);
      expect([...statuses.keys()].filter((status) => status >= 500)).toEqual([]);
    },
  );
});

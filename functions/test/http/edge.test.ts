import { once } from 'node:events';
import http from 'node:http';
import { connect } from 'node:net';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/contract.ts';
import { errorOf, useApi } from '../helpers/api.ts';

/** The request edge against hostile clients: what reaches the server before any handler. */

const api = useApi();

/** Sends bytes as written (fetch would normalise the target) and reads the whole answer. */
async function raw(request: string): Promise<{ status: number; headers: string; body: string }> {
  const { port } = new URL(api.url);
  const socket = connect(Number(port), '127.0.0.1');
  await once(socket, 'connect');
  socket.end(request);
  let text = '';
  for await (const chunk of socket) text += String(chunk);
  const [head = '', body = ''] = text.split('\r\n\r\n');
  return { status: Number(head.split(' ')[1]), headers: head, body };
}

const get = (target: string) =>
  `GET ${target} HTTP/1.1\r\nHost: api\r\nAuthorization: Bearer ${api.token}\r\nConnection: close\r\n\r\n`;

describe('request targets', () => {
  it.each([
    ['a malformed percent-escape', '/%zz', 400],
    ['a malformed escape in an id', '/v1/analyses/%ff', 400],
    ['a path that is an authority', '//[/v1/me', 400],
    ['an absolute URL with a bad port', 'http://:99999/v1/me', 400],
    ['another host in the path', '//evil.example/v1/me', 400],
  ])('answers %s with a JSON 4xx, not a 500 or a routed answer', async (_name, target, status) => {
    const res = await raw(get(target));
    expect(res.status).toBe(status);
    expect(res.headers).toMatch(/content-type: application\/json/i);
    expect(JSON.parse(res.body)).toMatchObject({ error: { code: 'invalid_input' } });
  });

  it('logs a client fault as one request line, with its real duration, and no stack', async () => {
    const before = api.logs.length;
    await raw(get('/%zz'));
    const lines = api.logs.slice(before);
    expect(lines).toEqual([
      expect.objectContaining({ severity: 'WARNING', status: 400, durationMs: expect.any(Number) }),
    ]);
    expect(lines[0]?.durationMs).toBeGreaterThan(0);
  });
});

describe('request bodies', () => {
  it('refuses a compressed body with 415 instead of inflating it', async () => {
    const res = await fetch(`${api.url}/v1/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: gzipSync(JSON.stringify({ username: 'zipped', password: 'a long enough password' })),
    });
    expect(res.status).toBe(415);
    expect((await errorOf(res)).code).toBe('unsupported_media_type');
    const login = await api.request('POST', '/v1/sessions', {
      json: { username: 'zipped', password: 'a long enough password' },
    });
    expect(login.status).toBe(401);
  });

  it('answers 413 for a chunked body as soon as it passes the limit, before it ends', async () => {
    const { port } = new URL(api.url);
    const req = http.request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/v1/score',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${api.token}` },
    });
    req.on('error', () => {}); // the server closes while we still have bytes to send
    req.write(`{"text":"${'a'.repeat(LIMITS.bodyBytes)}`);
    // The body never ends: only a server that stops at the limit can answer.
    const [res] = (await once(req, 'response')) as [http.IncomingMessage];
    expect(res.statusCode).toBe(413);
    req.destroy();
  });

  it('refuses a form with 415 before reading it', async () => {
    const res = await api.request('POST', '/v1/sessions', {
      body: 'a[b][c]=1&'.repeat(2000),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(415);
  });
});

describe('slow clients and idle connections (scaled-down bounds)', () => {
  const timeouts = { keepAliveMs: 3000, headersMs: 600, requestMs: 1200, checkIntervalMs: 100 };
  const slow = useApi({ timeouts, username: null });

  async function openSocket() {
    const socket = connect(Number(new URL(slow.url).port), '127.0.0.1');
    await once(socket, 'connect');
    let text = '';
    socket.on('data', (chunk) => (text += String(chunk)));
    const closed = once(socket, 'close').then(() => text);
    return { socket, closed };
  }

  it('cuts off a client that never finishes its headers, with 408', async () => {
    const { socket, closed } = await openSocket();
    socket.write('GET /healthz HTTP/1.1\r\nHost: api\r\n');
    expect(await closed).toMatch(/^HTTP\/1\.1 408/);
  });

  it('cuts off a body that never completes, with 408', async () => {
    const { socket, closed } = await openSocket();
    socket.write(
      'POST /v1/users HTTP/1.1\r\nHost: api\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"user',
    );
    expect(await closed).toMatch(/^HTTP\/1\.1 408/);
  });

  it('keeps an idle keep-alive connection longer than the headers bound, and serves on it', async () => {
    const { socket, closed } = await openSocket();
    const ask = 'GET /healthz HTTP/1.1\r\nHost: api\r\n\r\n';
    socket.write(ask);
    // Idle for more than three header bounds; a server timing headers from the previous answer
    // (Node ≤ 12) would have closed the connection by now.
    await new Promise((resolve) => setTimeout(resolve, timeouts.headersMs * 3));
    socket.end(ask.replace('\r\n\r\n', '\r\nConnection: close\r\n\r\n'));
    expect((await closed).match(/HTTP\/1\.1 200/g)).toHaveLength(2);
  });

  it('announces the production idle timeout, above queue-proxy’s 90 s', async () => {
    const res = await api.request('GET', '/healthz');
    expect(res.headers.get('keep-alive')).toBe('timeout=95');
  });
});

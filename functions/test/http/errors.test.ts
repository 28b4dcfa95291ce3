import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/contract.ts';
import { errorOf, startApi, useApi } from '../helpers/api.ts';

const api = useApi();

describe('request errors, always as {"error":{code,message}}', () => {
  it('404 not_found for an unknown route', async () => {
    const res = await api.request('GET', '/v2/nothing');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect((await errorOf(res)).code).toBe('not_found');
  });

  it('405 method_not_allowed with an Allow header', async () => {
    const res = await api.request('PATCH', '/v1/analyses', { token: api.token });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST, GET');
    expect((await errorOf(res)).code).toBe('method_not_allowed');
  });

  it('415 unsupported_media_type for a body that is not JSON', async () => {
    const res = await api.request('POST', '/v1/analyses', {
      token: api.token,
      body: 'text=hello',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(415);
    expect((await errorOf(res)).code).toBe('unsupported_media_type');
  });

  it('400 invalid_json for malformed JSON, where the framework alone would send an HTML page', async () => {
    const res = await api.request('POST', '/v1/users', {
      body: '{"username": "bob", ',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toEqual({
      code: 'invalid_json',
      message: 'the request body is not valid JSON',
    });
  });

  it('415 for a JSON body in a charset other than UTF-8', async () => {
    const res = await api.request('POST', '/v1/users', {
      body: '{}',
      headers: { 'content-type': 'application/json; charset=ebcdic' },
    });
    expect(res.status).toBe(415);
  });

  it('413 payload_too_large for a body over 64 KiB, declared or streamed', async () => {
    const text = 'a'.repeat(LIMITS.bodyBytes);
    const declared = await api.request('POST', '/v1/score', { token: api.token, json: { text } });
    expect(declared.status).toBe(413);
    expect((await errorOf(declared)).code).toBe('payload_too_large');

    // No Content-Length: chunked, so only the framework's parser sees the size.
    const body = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(JSON.stringify({ text })));
        controller.close();
      },
    });
    const streamed = await fetch(`${api.url}/v1/score`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${api.token}` },
      body,
      duplex: 'half',
    });
    expect(streamed.status).toBe(413);
  });

  it('400 for a JSON body that is not an object', async () => {
    const res = await api.request('POST', '/v1/sessions', { json: ['alice', 'pw'] });
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toMatchObject({ code: 'invalid_input', field: 'body' });
  });

  it('400 for a POST with no body at all', async () => {
    const res = await api.request('POST', '/v1/users');
    expect(res.status).toBe(400);
  });
});

describe('health', () => {
  it('GET /healthz and /readyz answer 200', async () => {
    expect(await (await api.request('GET', '/healthz')).json()).toEqual({ status: 'ok' });
    expect(await (await api.request('GET', '/readyz')).json()).toEqual({ status: 'ready' });
  });
});

describe('request log', () => {
  it('writes one JSON line per request with method, route pattern, status and duration', async () => {
    const before = api.logs.length;
    await api.request('DELETE', '/v1/analyses/999', { token: api.token });
    const lines = api.logs.slice(before);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      severity: 'WARNING',
      method: 'DELETE',
      route: '/v1/analyses/:id',
      status: 404,
      durationMs: expect.any(Number),
    });
  });
});

describe('two function instances in one process', () => {
  it('each logs its own framework errors, with the real duration', async () => {
    const second = await startApi();
    try {
      const firstBefore = api.logs.length;
      const res = await second.request('POST', '/v1/users', {
        body: '{"username": ',
        headers: { 'content-type': 'application/json' },
      });
      expect(res.status).toBe(400);
      expect(api.logs.slice(firstBefore)).toEqual([]);
      expect(second.logs.at(-1)).toMatchObject({ status: 400, method: 'POST' });
      expect(second.logs.at(-1)?.durationMs).toBeGreaterThan(0);
    } finally {
      await second.close();
    }
  });
});

import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnApi } from '@sentiment/testkit/api';
import { waitUntilServing, type NodeProcess } from '@sentiment/testkit/process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleFunction, warmCompileCache } from '../fast-start/bundle.ts';

/** What production runs (functions/fast-start/bundle.ts): the built entry, after warm-cache.cjs, moved. */

const built = mkdtempSync(join(tmpdir(), 'sentiment-bundle-'));
let api: NodeProcess;

beforeAll(async () => {
  const dist = join(built, 'dist');
  await bundleFunction(join(import.meta.dirname, '../src/index.ts'), dist, { servesItself: true });
  warmCompileCache(dist);
  // The image builds in one folder and serves from another: the compile cache has to move too.
  const app = join(built, 'app');
  cpSync(dist, app, { recursive: true });
  // The native engine stays outside the bundle, in node_modules, as in the image.
  cpSync(
    join(import.meta.dirname, '../../node_modules/@libsql'),
    join(app, 'node_modules/@libsql'),
    {
      recursive: true,
      filter: (path) => !/@libsql\/(?!linux-|darwin-|win32-)[^/]+$/.test(path),
    },
  );
  const entry = join(app, 'api.cjs');
  api = await spawnApi(
    {
      DATA_DIR: join(built, 'data'),
      JWT_SECRET: 'a-bundle-test-secret-of-32-bytes-or-more',
      NODE_DEBUG_NATIVE: 'COMPILE_CACHE',
    },
    // As the image's CMD runs it: the API serves itself, so it takes no framework flags.
    [entry],
  );
  await waitUntilServing(api, '/readyz');
});

afterAll(async () => {
  await api.stop();
  rmSync(built, { recursive: true, force: true });
});

const post = (path: string, contentType: string, body: string) =>
  fetch(`${api.url}${path}`, { method: 'POST', headers: { 'content-type': contentType }, body });

describe('the built function', () => {
  it('carries the lexicon in ASCII, holding what the committed learned.json holds', () => {
    const shipped = readFileSync(join(built, 'app/learned.json'), 'utf8');
    const committed = readFileSync(
      join(import.meta.dirname, '../src/analyzer/learned.json'),
      'utf8',
    );
    expect(shipped.match(/[\u0080-\uffff]/g) ?? []).toEqual([]);
    expect(JSON.parse(shipped)).toEqual(JSON.parse(committed));
  });

  it('starts from the compile cache that warm-cache.cjs wrote, after being moved', () => {
    expect(readdirSync(join(built, 'app/.compile-cache'), { recursive: true }).length).toBe(2);
    expect(api.stderr()).toMatch(/V8 code cache for CommonJS \S+server\.cjs was accepted/);
  });

  it('signs up, signs in and analyzes', async () => {
    const account = JSON.stringify({ username: 'bundled', password: 'a bundled password' });
    expect((await post('/v1/users', 'application/json', account)).status).toBe(201);
    const { token } = (await (await post('/v1/sessions', 'application/json', account)).json()) as {
      token: string;
    };
    const res = await fetch(`${api.url}/v1/score`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ text: 'What a wonderful, friendly place.' }),
    });
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await res.json()).toMatchObject({ label: 'positive' });
  });

  // The bundle keeps only the MIME types in use (functions/fast-start/bundle.ts): the framework's body
  // parsers must still tell JSON from everything else.
  it.each([
    ['malformed JSON', 'application/json', '{"username":', 400, 'invalid_json'],
    ['JSON with a charset', 'application/json; charset=utf-8', '{}', 400, 'invalid_input'],
    ['plain text', 'text/plain', 'hello', 415, 'unsupported_media_type'],
    ['a form', 'application/x-www-form-urlencoded', 'a=1', 415, 'unsupported_media_type'],
    ['bytes', 'application/octet-stream', 'hello', 415, 'unsupported_media_type'],
  ])('answers %s with the right JSON error', async (_name, type, body, status, code) => {
    const res = await post('/v1/users', type, body);
    expect(res.status).toBe(status);
    expect(await res.json()).toMatchObject({ error: { code } });
  });
});

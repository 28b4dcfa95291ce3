import { JWT_SECRET } from '@sentiment/testkit/api';
import { serve } from '@sentiment/testkit/process';
import { useStack } from '@sentiment/testkit/stack';
import jwt from 'jsonwebtoken';
import type { BrowserContext } from 'playwright-core';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { register } from './accounts.ts';

/**
 * What the UI trusts, checked against the real API and the built UI: a session cookie counts
 * only once the API has confirmed it, `next` never leaves the site, a malformed form is the
 * client's fault, and every page carries the headers that keep it out of other sites' frames.
 */

const stack = useStack();
let context: BrowserContext | undefined;
const servers: { stop(): Promise<void> }[] = [];
afterEach(async () => {
  await context?.close();
  context = undefined;
});
afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop()));
});

const password = 'correct horse battery';
let accounts = 0;

/** A real account, made through the API itself. */
async function account(username = `trust${++accounts}`): Promise<{ id: number; username: string }> {
  const res = await fetch(`${stack.api.url}/v1/users`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const body = (await res.json()) as { user: { id: number; username: string } };
  return body.user;
}

/** A token the API really signed for a user, with whatever admin claim we like. */
function signedToken(user: { id: number; username: string }, admin: boolean): string {
  return jwt.sign({ username: user.username, admin }, JWT_SECRET, {
    algorithm: 'HS256',
    expiresIn: 3600,
    issuer: 'sentiment-api',
    audience: 'sentiment',
    subject: String(user.id),
  });
}

/** The attack from issue 13: an unsigned token that claims to be an admin. */
function unsignedToken(): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const exp = Math.floor(Date.now() / 1000) + 3600;
  return `${part({ alg: 'none', typ: 'JWT' })}.${part({ sub: '1', username: 'root', admin: true, exp })}.`;
}

function get(path: string, token?: string): Promise<Response> {
  return fetch(`${stack.web.url}${path}`, {
    headers: { accept: 'text/html', ...(token && { cookie: `session=${token}` }) },
    redirect: 'manual',
  });
}

/** Requests the API answered on a route, from its own JSON request log. */
function logged(route: string): number {
  return stack.api
    .stdout()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { route?: string })
    .filter((entry) => entry.route === route).length;
}

function burst(token: string, total: number): Promise<Response> {
  const body = new FormData();
  body.set('total', String(total));
  body.set('concurrency', '5');
  return fetch(`${stack.web.url}/scale/stream`, {
    method: 'POST',
    headers: { origin: stack.web.url, cookie: `session=${token}` },
    body,
  });
}

describe('a session cookie the API has not confirmed', () => {
  it.each(['/', '/scale', '/history'])(
    'sends an unsigned admin token on %s to the login page',
    async (path) => {
      const res = await get(path, unsignedToken());
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toMatch(/^\/login\?reason=expired/);
    },
  );

  it('makes no API call for a burst with an unsigned token', async () => {
    const before = logged('/v1/score');
    const res = await burst(unsignedToken(), 5);
    expect(res.status).toBe(401);
    await res.body?.cancel();
    expect(logged('/v1/score')).toBe(before);
  });

  it('runs no burst from the no-JavaScript form for an unsigned token', async () => {
    const before = logged('/v1/score');
    const res = await fetch(`${stack.web.url}/scale`, {
      method: 'POST',
      headers: {
        origin: stack.web.url,
        accept: 'text/html',
        cookie: `session=${unsignedToken()}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'total=5&concurrency=5',
      redirect: 'manual',
    });
    expect(res.status).toBe(303);
    expect(logged('/v1/score')).toBe(before);
  });

  it('shows the admin link from the API’s answer, not from the token’s claim', async () => {
    const plain = await account();
    const claimsAdmin = await (await get('/', signedToken(plain, true))).text();
    expect(claimsAdmin).toContain(`Signed in as <strong>${plain.username}</strong>`);
    expect(claimsAdmin).not.toContain('href="/admin"');

    // Made an admin by the operator: the API says so even when the claim says otherwise.
    const root = await account('root');
    await stack.api.grantAdmin('root');
    expect(await (await get('/', signedToken(root, false))).text()).toContain('href="/admin"');
  });
});

/** Signs in through the UI's form, as a browser without JavaScript would, with `next` as given. */
async function signIn(next: string): Promise<Response> {
  const user = await account();
  return fetch(`${stack.web.url}/login?next=${next}`, {
    method: 'POST',
    headers: {
      origin: stack.web.url,
      accept: 'text/html',
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ username: user.username, password }),
    redirect: 'manual',
  });
}

describe('where login sends the user next', () => {
  // As they arrive in the query string, still percent-encoded.
  it.each([
    '/%5Cevil.example/',
    '/%5C%5Cevil.example/',
    '//evil.example/',
    '/%2F/evil.example/',
    '/%09/evil.example/',
    'https://evil.example/',
    '/%0d%0aset-cookie:x=1',
    'javascript:alert(1)',
  ])('lands on / for next=%s, signed in', async (next) => {
    const res = await signIn(next);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/');
    expect(res.headers.getSetCookie().some((cookie) => cookie.startsWith('session='))).toBe(true);
  });

  it('keeps a path on this site, with its query', async () => {
    const res = await signIn(encodeURIComponent('/history?limit=5'));
    expect(res.headers.get('location')).toBe('/history?limit=5');
  });
});

describe('a malformed form body', () => {
  const forms = ['/login', '/register', '/?/analyze', '/?/batch', '/history?/delete'];
  const bodies: [name: string, type: string, body: string][] = [
    ['multipart without its boundary', 'multipart/form-data', 'username=a&password=b'],
    ['multipart that is not multipart', 'multipart/form-data; boundary=xyz', 'garbage'],
  ];
  it.each(forms.flatMap((form) => bodies.map(([name, type, body]) => [form, name, type, body])))(
    'on %s, %s, is a 400 error page with no stack in the log',
    async (form, _name, type, body) => {
      await checkMalformed(form, type, body);
    },
  );

  async function checkMalformed(form: string, type: string, body: string): Promise<void> {
    const user = await account();
    const logBefore = stack.web.stderr().length;
    const res = await fetch(`${stack.web.url}${form}`, {
      method: 'POST',
      headers: {
        origin: stack.web.url,
        accept: 'text/html',
        'content-type': type,
        cookie: `session=${signedToken(user, false)}`,
      },
      body,
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('<h1>Something went wrong</h1>');
    expect(stack.web.stderr().slice(logBefore)).not.toMatch(/\n\s+at /);
  }

  it('on the burst stream is a 400 and starts nothing', async () => {
    const user = await account();
    const before = logged('/v1/score');
    const res = await fetch(`${stack.web.url}/scale/stream`, {
      method: 'POST',
      headers: {
        origin: stack.web.url,
        cookie: `session=${signedToken(user, false)}`,
        'content-type': 'multipart/form-data',
      },
      body: 'total=5',
    });
    expect(res.status).toBe(400);
    expect(logged('/v1/score')).toBe(before);
  });
});

describe('security headers', () => {
  it('are on every page, and authenticated pages and the export are never cached', async () => {
    const token = signedToken(await account(), false);
    const pages = [
      ['/login', undefined],
      ['/register', undefined],
      ['/no-such-page', undefined],
      ['/', token],
      ['/history', token],
      ['/scale', token],
      ['/admin', token],
      ['/history/export', token],
    ] as const;
    for (const [path, session] of pages) {
      const { headers } = await get(path, session);
      expect(headers.get('content-security-policy'), path).toMatch(/frame-ancestors 'none'/);
      expect(headers.get('x-frame-options'), path).toBe('DENY');
      expect(headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(headers.get('referrer-policy'), path).toBe('same-origin');
      if (session) expect(headers.get('cache-control'), path).toBe('private, no-store');
    }
  });

  it('keep the signed-in user’s history out of a frame on another origin (Chromium)', async () => {
    const user = await account();
    const other = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(
        `<!doctype html><h1>Another site</h1><iframe src="${stack.web.url}/history"></iframe>`,
      );
    });
    servers.push(other);

    context = await stack.browser.newContext();
    await context.addCookies([
      { name: 'session', value: signedToken(user, false), url: stack.web.url },
    ]);
    const page = await context.newPage();
    const refusals: string[] = [];
    page.on('console', (message) => {
      if (message.text().includes('frame-ancestors')) refusals.push(message.text());
    });
    await page.goto(other.url);
    await expect.poll(() => refusals.length).toBeGreaterThan(0);
    const framed = page.frames().find((frame) => frame !== page.mainFrame());
    expect(
      await framed
        ?.locator('body')
        .textContent()
        .catch(() => ''),
    ).not.toContain('Your history');
  });

  /** A new account's analyze page, with every CSP violation Chromium reports collected. */
  async function analyzedWatchingPolicy(javaScriptEnabled: boolean) {
    context = await stack.browser.newContext({ baseURL: stack.web.url, javaScriptEnabled });
    const page = await context.newPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (message.text().includes('Content Security Policy')) violations.push(message.text());
    });
    await register(page);
    await page.getByLabel('Text', { exact: true }).fill('What a lovely day');
    await page.getByRole('button', { name: 'Analyze', exact: true }).click();
    return { page, violations };
  }

  it('let every page work with JavaScript, with no policy violation (Chromium)', async () => {
    const { page, violations } = await analyzedWatchingPolicy(true);
    await page.getByRole('article', { name: 'Analysis result' }).waitFor();
    await page.getByRole('link', { name: 'History' }).click();
    await expect
      .poll(() => page.locator('canvas').evaluate((c: HTMLCanvasElement) => c.width))
      .toBeGreaterThan(0);
    await page.getByRole('link', { name: 'Scale' }).click();
    await page.getByLabel('Requests', { exact: true }).fill('10');
    await page.getByRole('button', { name: 'Start burst' }).click();
    await page.getByTestId('summary').waitFor();
    expect(violations).toEqual([]);
  });

  it('let the pages work without JavaScript, with no policy violation (Chromium)', async () => {
    const { page, violations } = await analyzedWatchingPolicy(false);
    // The highlighted words are tinted with style attributes, which the policy allows.
    const mark = page.getByRole('article', { name: 'Analysis result' }).locator('mark').first();
    expect(await mark.evaluate((m) => getComputedStyle(m).backgroundColor)).not.toBe(
      'rgba(0, 0, 0, 0)',
    );
    await page.getByRole('link', { name: 'History' }).click();
    await page.getByRole('heading', { name: 'Your history' }).waitFor();
    expect(violations).toEqual([]);
  });
});

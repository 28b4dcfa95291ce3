import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../functions/test/helpers/process.ts';

/**
 * Dockerfile.fn and Dockerfile.web, built and run for real with podman (`npm run test:images`,
 * as root). Containers share the host's network, each on its own 127.0.0.1 port, so every
 * request stays on loopback.
 */

const run = promisify(execFile);
const ROOT = new URL('../..', import.meta.url).pathname;
const TAG = `test-${process.pid}`;
const IMAGES = { fn: `dev.local/sentiment-fn:${TAG}`, web: `dev.local/sentiment-web:${TAG}` };
const started: string[] = [];

async function podman(...args: string[]): Promise<string> {
  const { stdout } = await run('podman', args, { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 });
  return stdout.trim();
}

async function startContainer(image: string, port: number, env: Record<string, string>) {
  const name = `sentiment-test-${port}`;
  const envArgs = Object.entries({ PORT: String(port), ...env }).flatMap(([k, v]) => [
    '-e',
    `${k}=${v}`,
  ]);
  await podman('run', '-d', '--name', name, '--network', 'host', ...envArgs, image);
  started.push(name);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  while (
    !(await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    ))
  ) {
    if (Date.now() > deadline)
      throw new Error(`${name} did not serve: ${await podman('logs', name)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { name, url };
}

let api: { name: string; url: string };
let web: { name: string; url: string };

beforeAll(async () => {
  for (const [kind, image] of Object.entries(IMAGES)) {
    await podman(
      'build',
      '--pull=never',
      '--network',
      'host',
      '-f',
      `Dockerfile.${kind}`,
      '-t',
      image,
      '.',
    );
  }
  const base = Number(await podman('image', 'inspect', '--format', '{{.Size}}', 'node:24-slim'));
  for (const image of Object.values(IMAGES)) {
    const size = Number(await podman('image', 'inspect', '--format', '{{.Size}}', image));
    console.log(
      `${image}: ${(size / 1e6).toFixed(1)} MB, ${((size - base) / 1e6).toFixed(1)} MB over node:24-slim`,
    );
  }
  api = await startContainer(IMAGES.fn, await freePort(), {
    JWT_SECRET: 'a-container-test-secret-of-32-bytes!',
    DATA_DIR: '/tmp/sentiment',
  });
  web = await startContainer(IMAGES.web, await freePort(), { BACKEND_URL: api.url });
}, 600_000);

afterAll(async () => {
  for (const name of started) await podman('rm', '-f', name).catch(() => '');
  await podman('rmi', ...Object.values(IMAGES)).catch(() => '');
});

describe('the container images', () => {
  it('run as the unprivileged node user', async () => {
    for (const { name } of [api, web]) {
      expect(await podman('exec', name, 'id', '-u')).toBe('1000');
    }
  });

  it('let the UI container register, log in and analyze through the API container', async () => {
    // What a browser sends with a form: without text/html SvelteKit answers with JSON instead.
    const origin = { origin: web.url, accept: 'text/html' };
    const form = (fields: Record<string, string>) => new URLSearchParams(fields);
    const credentials = { username: 'boxed', password: 'inside a container' };

    const registered = await fetch(`${web.url}/register`, {
      method: 'POST',
      headers: origin,
      body: form({ ...credentials, confirm: credentials.password }),
      redirect: 'manual',
    });
    expect(registered.status).toBe(303);

    const login = await fetch(`${web.url}/login`, {
      method: 'POST',
      headers: origin,
      body: form(credentials),
      redirect: 'manual',
    });
    expect(login.status).toBe(303);
    const cookie = login.headers.getSetCookie().find((c) => c.startsWith('session='));
    expect(cookie).toContain('HttpOnly');

    const analyzed = await fetch(`${web.url}/?/analyze`, {
      method: 'POST',
      headers: { ...origin, cookie: cookie?.split(';')[0] ?? '' },
      body: form({ text: 'Containers are wonderful' }),
    });
    expect(analyzed.status).toBe(200);
    const page = await analyzed.text();
    expect(page).toContain('Analysis result');
    // The word is marked with a positive weight; its size is the lexicon's business.
    expect(page).toMatch(/<mark[^>]*data-weight="\d+\.\d+"[^>]*>wonderful/);
  });

  it('stop cleanly on SIGTERM, with exit code 0', async () => {
    // A process that ignored SIGTERM would be killed after the grace period: exit code 137.
    for (const { name } of [web, api]) {
      await podman('stop', '-t', '10', name);
      expect(await podman('inspect', '--format', '{{.State.ExitCode}}', name)).toBe('0');
    }
  });
});

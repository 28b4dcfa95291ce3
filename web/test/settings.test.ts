import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { APP_SETTINGS, readServerSettings } from '../settings.js';

const run = promisify(execFile);
const SERVER = createRequire(import.meta.url).resolve('@sentiment/web/server');

describe('readServerSettings', () => {
  it('takes adapter-node’s defaults when nothing is set', () => {
    expect(readServerSettings({})).toEqual({
      port: 3000,
      host: '0.0.0.0',
      origin: null,
      shutdownTimeoutMs: 30_000,
    });
  });

  it('reads what is set', () => {
    const settings = readServerSettings({
      PORT: '8080',
      HOST: '127.0.0.1',
      ORIGIN: 'http://web.sentiment.127.0.0.1.sslip.io',
      SHUTDOWN_TIMEOUT: '5',
    });
    expect(settings).toMatchObject({ port: 8080, host: '127.0.0.1', shutdownTimeoutMs: 5000 });
    expect(settings.origin?.host).toBe('web.sentiment.127.0.0.1.sslip.io');
  });

  it.each([
    { name: 'PORT', value: 'abc' },
    { name: 'PORT', value: '70000' },
    { name: 'SHUTDOWN_TIMEOUT', value: 'soon' },
    { name: 'SHUTDOWN_TIMEOUT', value: '-1' },
    { name: 'ORIGIN', value: 'web.example' },
  ])('refuses $name=$value, naming the variable', ({ name, value }) => {
    expect(() => readServerSettings({ [name]: value })).toThrow(new RegExp(`^${name} must be`));
  });
});

describe('APP_SETTINGS', () => {
  it('checks the backend URL, the timeout and the shared secret', () => {
    expect(APP_SETTINGS.BACKEND_URL.schema(undefined)).toBe('http://127.0.0.1:8080/');
    expect(() => APP_SETTINGS.BACKEND_URL.schema('ftp://api')).toThrow(/^BACKEND_URL must be/);
    expect(APP_SETTINGS.BACKEND_TIMEOUT_MS.schema('2500')).toBe(2500);
    expect(() => APP_SETTINGS.BACKEND_TIMEOUT_MS.schema('50')).toThrow(/^BACKEND_TIMEOUT_MS/);
    expect(() => APP_SETTINGS.CLIENT_ADDRESS_SECRET.schema('short')).toThrow(/32 bytes/);
    expect(APP_SETTINGS.COOKIE_SECURE.schema(undefined)).toBe(true);
    expect(APP_SETTINGS.COOKIE_SECURE.schema('false')).toBe(false);
  });
});

describe('web/server.js', () => {
  // A bad PORT used to reach server.listen as NaN (a RangeError and its stack, after loading the
  // whole app), and a bad SHUTDOWN_TIMEOUT made setTimeout(NaN) cut every connection in flight
  // at SIGTERM at once.
  it.each([
    { env: { PORT: 'abc' }, says: 'PORT must be a whole number from 0 to 65535, got "abc"' },
    {
      env: { SHUTDOWN_TIMEOUT: 'x' },
      says: 'SHUTDOWN_TIMEOUT must be a whole number from 0 up, got "x"',
    },
  ])('stops at once with one line when $env is bad', async ({ env, says }) => {
    const result = await run(process.execPath, [SERVER], {
      env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', ...env },
      timeout: 20_000,
    }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(result).toMatchObject({ code: 1, stderr: `web: cannot start: ${says}\n` });
  });
});

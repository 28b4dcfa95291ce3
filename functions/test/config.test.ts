import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';

const SECRET = 'x'.repeat(32);
const tempDir = () => mkdtempSync(join(tmpdir(), 'sentiment-config-'));

describe('loadConfig', () => {
  it('defaults to an embedded database file under DATA_DIR', () => {
    const dir = tempDir();
    const config = loadConfig({ DATA_DIR: dir, JWT_SECRET: SECRET });
    expect(config.databaseUrl).toBe(`file:${join(dir, 'sentiment.db')}`);
    expect(config.servedBy.revision).toBe('local');
    expect(config.jwtTtlSeconds).toBe(8 * 3600);
    expect(config.lexicon).toBe('learned');
  });

  it('offers the stock AFINN list for comparison', () => {
    const config = loadConfig({
      DATA_DIR: tempDir(),
      JWT_SECRET: SECRET,
      SENTIMENT_LEXICON: 'afinn',
    });
    expect(config.lexicon).toBe('afinn');
  });

  it('generates a local secret once, keeps it private, and reuses it', () => {
    const dir = tempDir();
    const first = loadConfig({ DATA_DIR: dir });
    const second = loadConfig({ DATA_DIR: dir });
    expect(Buffer.byteLength(first.jwtSecret)).toBeGreaterThanOrEqual(32);
    expect(second.jwtSecret).toBe(first.jwtSecret);
    expect(readFileSync(join(dir, 'jwt-secret'), 'utf8')).toBe(first.jwtSecret);
    expect(statSync(join(dir, 'jwt-secret')).mode & 0o777).toBe(0o600);
  });

  it('reads the revision Knative names, the port it sets, and the UI’s shared secret', () => {
    const config = loadConfig({
      DATABASE_URL: 'http://libsql:8080',
      JWT_SECRET: SECRET,
      K_SERVICE: 'api',
      K_REVISION: 'api-00003',
      PORT: '8081',
      CLIENT_ADDRESS_SECRET: 'y'.repeat(32),
    });
    expect(config.servedBy.revision).toBe('api-00003');
    expect(config.port).toBe(8081);
    expect(config.clientAddressSecret).toBe('y'.repeat(32));
  });

  it('refuses a short CLIENT_ADDRESS_SECRET', () => {
    expect(() =>
      loadConfig({ DATA_DIR: tempDir(), JWT_SECRET: SECRET, CLIENT_ADDRESS_SECRET: 'short' }),
    ).toThrow(/CLIENT_ADDRESS_SECRET must be at least 32 bytes/);
  });

  const refused: [string, Record<string, string>, RegExp][] = [
    ['a short secret', { JWT_SECRET: 'short' }, /at least 32 bytes/],
    [
      'an unknown lexicon',
      { JWT_SECRET: SECRET, SENTIMENT_LEXICON: 'vader' },
      /SENTIMENT_LEXICON must be one of learned afinn/,
    ],
    [
      'an unknown database scheme',
      { JWT_SECRET: SECRET, DATABASE_URL: 'postgres://x' },
      /DATABASE_URL/,
    ],
    ['a ws: database URL', { JWT_SECRET: SECRET, DATABASE_URL: 'ws://x' }, /DATABASE_URL/],
    ['a bad TTL', { JWT_SECRET: SECRET, JWT_TTL_SECONDS: '-5' }, /JWT_TTL_SECONDS/],
    [
      'a file database under Knative',
      { K_SERVICE: 'api', JWT_SECRET: SECRET },
      /libSQL server under Knative.*scales to zero/,
    ],
    [
      'no JWT_SECRET under Knative',
      { K_SERVICE: 'api', DATABASE_URL: 'http://libsql:8080' },
      /JWT_SECRET/,
    ],
  ];
  it.each(refused)('refuses %s with a ConfigError saying why', (_name, env, message) => {
    expect(() => loadConfig({ DATA_DIR: tempDir(), ...env })).toThrow(ConfigError);
    expect(() => loadConfig({ DATA_DIR: tempDir(), ...env })).toThrow(message);
  });

  it('refuses a JWT_SECRET of only whitespace', () => {
    expect(() => loadConfig({ DATA_DIR: tempDir(), JWT_SECRET: ' '.repeat(40) })).toThrow(
      /JWT_SECRET must be at least 32 bytes/,
    );
  });

  it('names the secret file when it is too short, instead of blaming JWT_SECRET', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'jwt-secret'), 'short');
    expect(() => loadConfig({ DATA_DIR: dir })).toThrow(
      new RegExp(`the secret in ${join(dir, 'jwt-secret')} is shorter than 32 bytes`),
    );
  });

  it('names the secret file in one ConfigError when it cannot be read', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'jwt-secret'));
    expect(() => loadConfig({ DATA_DIR: dir })).toThrow(ConfigError);
    expect(() => loadConfig({ DATA_DIR: dir })).toThrow(
      new RegExp(`cannot read the secret file ${join(dir, 'jwt-secret')}`),
    );
  });

  it('makes a new data folder private', () => {
    const dir = join(tempDir(), 'fresh');
    loadConfig({ DATA_DIR: dir });
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });
});

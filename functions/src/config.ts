import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { LEXICONS, type Lexicon } from './analyzer/analyze.ts';

/** The only reader of the environment. Everything else receives a typed, validated Config. */
export interface Config {
  /** Where the server listens: Knative sets PORT (8080 unless the manifest names another). */
  readonly port: number;
  readonly databaseUrl: string;
  readonly databaseAuthToken: string | undefined;
  readonly jwtSecret: string;
  readonly jwtTtlSeconds: number;
  /**
   * Shared with the UI, which signs the browser's address with it (X-Client-Address): the API
   * trusts that address only with a valid signature. Unset: every caller is its peer address.
   */
  readonly clientAddressSecret: string | undefined;
  /** Which word list analyzes: the learned one, or stock AFINN for comparison. */
  readonly lexicon: Lexicon;
  /** Which revision and pod answered: the scale demo shows it to the user. */
  readonly servedBy: { readonly revision: string; readonly instance: string };
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const MIN_SECRET_BYTES = 32;
const DEFAULT_TTL_SECONDS = 8 * 60 * 60;
const DATABASE_SCHEMES = ['file:', 'http:', 'https:', 'libsql:'];

type Env = Readonly<Record<string, string | undefined>>;

export function loadConfig(env: Env = process.env): Config {
  // Knative injects K_SERVICE into every revision's container.
  const isKnative = Boolean(env.K_SERVICE);
  const dataDir = resolve(env.DATA_DIR || '.data');

  const databaseUrl = env.DATABASE_URL || `file:${join(dataDir, 'sentiment.db')}`;
  const scheme = /^[a-z]+:/i.exec(databaseUrl)?.[0].toLowerCase();
  if (!scheme || !DATABASE_SCHEMES.includes(scheme)) {
    throw new ConfigError(`DATABASE_URL must start with one of ${DATABASE_SCHEMES.join(' ')}`);
  }
  if (isKnative && scheme === 'file:') {
    throw new ConfigError(
      'DATABASE_URL must point to a libSQL server under Knative: a pod’s disk vanishes when it scales to zero',
    );
  }

  let jwtSecret = env.JWT_SECRET;
  if (jwtSecret) {
    // Whitespace is what a broken template leaves behind, not a secret.
    if (Buffer.byteLength(jwtSecret.trim()) < MIN_SECRET_BYTES) {
      throw new ConfigError(`JWT_SECRET must be at least ${MIN_SECRET_BYTES} bytes`);
    }
  } else {
    if (isKnative) {
      throw new ConfigError('JWT_SECRET must be set under Knative: every replica has to share it');
    }
    jwtSecret = loadOrCreateLocalSecret(dataDir);
  }

  const lexicon = env.SENTIMENT_LEXICON || 'learned';
  if (!LEXICONS.includes(lexicon as Lexicon)) {
    throw new ConfigError(`SENTIMENT_LEXICON must be one of ${LEXICONS.join(' ')}`);
  }

  return {
    port: parsePositiveInt('PORT', env.PORT, 8080),
    databaseUrl,
    databaseAuthToken: env.DATABASE_AUTH_TOKEN || undefined,
    jwtSecret,
    jwtTtlSeconds: parsePositiveInt('JWT_TTL_SECONDS', env.JWT_TTL_SECONDS, DEFAULT_TTL_SECONDS),
    // ADMIN_USERNAMES is no longer read: a name in it went to whoever registered it first.
    clientAddressSecret: readClientSecret(env.CLIENT_ADDRESS_SECRET),
    lexicon: lexicon as Lexicon,
    servedBy: { revision: env.K_REVISION || 'local', instance: hostname() },
  };
}

function readClientSecret(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  if (Buffer.byteLength(raw.trim()) < MIN_SECRET_BYTES) {
    throw new ConfigError(`CLIENT_ADDRESS_SECRET must be at least ${MIN_SECRET_BYTES} bytes`);
  }
  return raw;
}

function parsePositiveInt(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new ConfigError(`${name} must be a positive whole number, got "${raw}"`);
  }
  return value;
}

/**
 * Local runs get a secret made once and kept beside the database, so sessions survive restarts.
 * It is written to a private temporary file and linked into place: link() fails if the name
 * exists, so two processes starting together agree on one secret and never read a half-written one.
 */
function loadOrCreateLocalSecret(dataDir: string): string {
  const path = join(dataDir, 'jwt-secret');
  let secret: string;
  try {
    // The folder will hold the database and its password hashes: only this user may look in.
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const draft = `${path}.${process.pid}.tmp`;
    writeFileSync(draft, randomBytes(48).toString('base64url'), { mode: 0o600 });
    try {
      linkSync(draft, path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      unlinkSync(draft);
    }
    secret = readFileSync(path, 'utf8').trim();
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new ConfigError(
      `cannot read the secret file ${path} (${reason}); set JWT_SECRET or fix it`,
    );
  }
  if (Buffer.byteLength(secret) < MIN_SECRET_BYTES) {
    throw new ConfigError(
      `the secret in ${path} is shorter than ${MIN_SECRET_BYTES} bytes; delete it to make a new one`,
    );
  }
  return secret;
}

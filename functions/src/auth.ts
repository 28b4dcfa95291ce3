import {
  createSecretKey,
  randomBytes,
  scrypt,
  timingSafeEqual,
  type KeyObject,
  type ScryptOptions,
} from 'node:crypto';
import jwt from 'jsonwebtoken';

/** Passwords are scrypt-hashed with a per-user salt; sessions are HS256 JWTs. */

// N=2^14, r=8 takes ~16 MiB and ~50 ms per hash: slow for guessing, fine for a 128 MiB pod.
// The parameters are stored with each hash so that they can be raised later.
const SCRYPT = { N: 16384, r: 8, p: 1 } as const;
const SALT_BYTES = 16;
const KEY_BYTES = 32;

function deriveKey(password: string, salt: Buffer, params: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_BYTES, params, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/** Format: `scrypt$N$r$p$salt$key`, salt and key in base64url. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await deriveKey(password, salt, SCRYPT);
  const { N, r, p } = SCRYPT;
  return ['scrypt', N, r, p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, N, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64url');
  const actual = await deriveKey(password, Buffer.from(salt, 'base64url'), {
    N: Number(N),
    r: Number(r),
    p: Number(p),
  });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/**
 * Checked against when the username does not exist, so a login for an unknown name costs the
 * same time as one for a known name and timing does not reveal which names are registered.
 * The hash of random bytes nobody kept; a constant, because computing one would add ~50 ms to
 * every cold start. Its parameters must stay equal to SCRYPT (a test checks).
 */
export const DECOY_PASSWORD_HASH =
  'scrypt$16384$8$1$cevPbcXPaM52LPmjMGJKiA$5RGueJuDDMDt60AuXJxBXh7U72OdoKvIkZx_43516Ow';

/** The parameters new hashes are made with, for the test that keeps the decoy in step. */
export const SCRYPT_PARAMS = SCRYPT;

export interface SessionUser {
  readonly id: number;
  readonly username: string;
}

export interface Session {
  readonly token: string;
  readonly expiresAt: string;
}

export interface Tokens {
  /** Names the user and nothing more: rights are read from the database on each request. */
  sign(user: SessionUser): Session;
  /** The token's user, or null for anything not signed by us, expired, or malformed. */
  verify(token: string): SessionUser | null;
}

const ISSUER = 'sentiment-api';
const AUDIENCE = 'sentiment';

/**
 * How many verified tokens an instance remembers. A client sends the same token with every
 * request, and checking its signature and claims again costs more than analyzing a sentence.
 */
const REMEMBERED_TOKENS = 1000;

export function createTokens(secret: string, ttlSeconds: number, now = Date.now): Tokens {
  // A KeyObject made once: jsonwebtoken would otherwise build one from the string on every call.
  const key: KeyObject = createSecretKey(Buffer.from(secret));
  // Keyed by the whole token, signature included: only a token that verified can be found here.
  // Each is kept until its `exp` at most; the oldest goes first when the map is full.
  const verified = new Map<string, { readonly user: SessionUser; readonly exp: number }>();
  return {
    sign(user) {
      const issuedAt = Math.floor(now() / 1000);
      const claims = { username: user.username, iat: issuedAt };
      const token = jwt.sign(claims, key, {
        algorithm: 'HS256',
        expiresIn: ttlSeconds,
        issuer: ISSUER,
        audience: AUDIENCE,
        subject: String(user.id),
      });
      return { token, expiresAt: new Date((issuedAt + ttlSeconds) * 1000).toISOString() };
    },
    verify(token) {
      const clockTimestamp = Math.floor(now() / 1000);
      const remembered = verified.get(token);
      if (remembered) {
        // jsonwebtoken's own rule: a token is expired from the second its `exp` names.
        if (clockTimestamp < remembered.exp) return remembered.user;
        verified.delete(token);
        return null;
      }
      let claims: string | jwt.JwtPayload;
      try {
        claims = jwt.verify(token, key, {
          algorithms: ['HS256'],
          issuer: ISSUER,
          audience: AUDIENCE,
          clockTimestamp,
        });
      } catch {
        return null;
      }
      if (typeof claims !== 'object' || typeof claims.exp !== 'number') return null;
      const id = Number(claims.sub);
      const username: unknown = claims.username;
      if (!Number.isSafeInteger(id) || id <= 0 || typeof username !== 'string') return null;
      const user = { id, username };
      if (verified.size >= REMEMBERED_TOKENS) verified.delete(verified.keys().next().value ?? '');
      verified.set(token, { user, exp: claims.exp });
      return user;
    },
  };
}

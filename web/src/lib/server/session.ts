import type { Cookies } from '@sveltejs/kit';

/**
 * The session is the API's JWT, kept only in an HttpOnly cookie. The UI decodes its claims to
 * show the username and to notice expiry early; it cannot verify the signature (it does not hold
 * the secret), so nothing here is trusted for access: the API's 401 is the final answer.
 */

export const SESSION_COOKIE = 'session';

export interface SessionUser {
  readonly username: string;
  readonly isAdmin: boolean;
}

export interface Session {
  readonly token: string;
  readonly user: SessionUser;
  /** Seconds since the epoch. */
  readonly expiresAt: number;
}

/** The session in a token, or null when it is malformed or has expired. */
export function readSession(token: string, nowMs: number): Session | null {
  try {
    const payload: unknown = JSON.parse(
      Buffer.from(token.split('.')[1] ?? '', 'base64url').toString(),
    );
    if (typeof payload !== 'object' || payload === null) return null;
    const { username, admin, exp } = payload as Record<string, unknown>;
    if (typeof username !== 'string' || typeof exp !== 'number' || exp * 1000 <= nowMs) return null;
    return { token, user: { username, isAdmin: admin === true }, expiresAt: exp };
  } catch {
    return null;
  }
}

export function saveSession(
  cookies: Cookies,
  token: string,
  expiresAt: string,
  secure: boolean,
): void {
  const maxAge = Math.max(0, Math.floor((Date.parse(expiresAt) - Date.now()) / 1000));
  cookies.set(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure,
    maxAge,
  });
}

export function clearSession(cookies: Cookies): void {
  cookies.delete(SESSION_COOKIE, { path: '/' });
}

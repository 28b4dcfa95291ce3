import type { Cookies } from '@sveltejs/kit';

/**
 * The session is the API's JWT, kept only in an HttpOnly cookie. The UI decodes its claims only
 * to notice a missing or expired token early; it cannot verify the signature (it does not hold
 * the secret), so nothing here is trusted: who the user is, and whether they are an admin, is
 * what the API answers for the token (`confirmUser` in guard.ts).
 */

export const SESSION_COOKIE = 'session';

export interface Session {
  readonly token: string;
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
    const { exp } = payload as Record<string, unknown>;
    if (typeof exp !== 'number' || exp * 1000 <= nowMs) return null;
    return { token, expiresAt: exp };
  } catch {
    return null;
  }
}

export interface SessionUser {
  readonly username: string;
  readonly isAdmin: boolean;
}

/**
 * Users the API confirmed in the last `ttlMs`, by their whole token (signature included), so a
 * signed-in user moving between pages costs the API one round trip per `ttlMs`, not one per
 * page. Only a token the API accepted gets in: a forged one is asked about every time. An
 * admin right the API withdraws leaves the UI within `ttlMs`; bursts never use this.
 */
export function createConfirmedUsers(ttlMs: number, max: number) {
  const users = new Map<string, { readonly user: SessionUser; readonly until: number }>();
  return {
    recall(token: string, nowMs: number): SessionUser | null {
      const entry = users.get(token);
      if (entry && nowMs < entry.until) return entry.user;
      users.delete(token);
      return null;
    },
    remember(session: Session, user: SessionUser, nowMs: number): void {
      if (users.size >= max) users.delete(users.keys().next().value ?? '');
      users.set(session.token, { user, until: Math.min(nowMs + ttlMs, session.expiresAt * 1000) });
    },
  };
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

import { error, redirect, type Cookies } from '@sveltejs/kit';
import type { ApiError, ApiResult } from './api.ts';
import { clearSession, type Session, type SessionUser } from './session.ts';

/** Why the login page was shown: it says so to the user. */
export type LoginReason = 'signin' | 'expired';

/** Pages that a session ending on them should not ask to come back to. */
const ACCOUNT_PAGES = new Set(['/login', '/register', '/logout']);

export function loginUrl(from: URL, reason: LoginReason): string {
  const query = new URLSearchParams({ reason });
  const next = from.pathname + from.search;
  if (next !== '/' && !ACCOUNT_PAGES.has(from.pathname)) query.set('next', next);
  return `/login?${query}`;
}

/**
 * Where to go after signing in: a path on this site, else `/`. Browsers read `/\host` as
 * `//host` (another site), and a control character in a Location header makes Node refuse the
 * whole response, so any of those, or anything that resolves off this origin, lands on `/`.
 */
export function safeNext(next: string | null, site: URL): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (!next?.startsWith('/') || /[\\\u0000-\u001f\u007f]/.test(next)) return '/';
  const target = URL.parse(next, site.origin);
  if (target?.origin !== site.origin) return '/';
  return target.pathname + target.search + target.hash;
}

/**
 * The session cookie, or a redirect to the login page. Its token is not yet confirmed: pass it
 * to the API (whose 401 is the final answer) or use `confirmUser` before trusting who it names.
 */
export function requireSession(locals: App.Locals, url: URL): Session {
  if (!locals.session) redirect(303, loginUrl(url, locals.sessionExpired ? 'expired' : 'signin'));
  return locals.session;
}

/**
 * The signed-in user as the API knows them, for anything privileged or expensive: the API
 * checks the token and says whose it is and whether they are an admin (asked once a request,
 * however many loads want it). A token it refuses ends the session; an outage is a 503 page.
 */
export async function confirmUser(event: {
  locals: App.Locals;
  cookies: Cookies;
  url: URL;
}): Promise<{ token: string; user: SessionUser }> {
  const { token } = requireSession(event.locals, event.url);
  const { user } = unwrap(await event.locals.me(), event);
  return { token, user: { username: user.username, isAdmin: user.isAdmin } };
}

/** The API refused the token: forget it and ask the user to sign in again. */
export function endSession(cookies: Cookies, url: URL): never {
  clearSession(cookies);
  redirect(303, loginUrl(url, 'expired'));
}

/**
 * For a load function: the data, or what the user should see instead. A rejected token sends
 * them to log in again; an API that is down or still waking up is a friendly 503 page.
 */
export function unwrap<T>(result: ApiResult<T>, event: { cookies: Cookies; url: URL }): T {
  if (result.ok) return result.data;
  if (result.status === 401) endSession(event.cookies, event.url);
  error(result.status >= 500 ? 503 : result.status, messageFor(result));
}

/** A sentence for the user from an API error; outages get the same friendly one everywhere. */
export function messageFor(result: { status: number; error: ApiError }): string {
  if (result.status >= 500) return UNAVAILABLE;
  const { message } = result.error;
  return `${message.charAt(0).toUpperCase()}${message.slice(1)}.`;
}

export const UNAVAILABLE =
  'The analyzer is waking up or unreachable right now. Give it a few seconds and try again.';

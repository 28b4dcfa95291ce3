import { error, redirect, type Cookies } from '@sveltejs/kit';
import type { ApiError, ApiResult } from './api.ts';
import { clearSession, type Session } from './session.ts';

/** Why the login page was shown: it says so to the user. */
export type LoginReason = 'signin' | 'expired';

export function loginUrl(from: URL, reason: LoginReason): string {
  const query = new URLSearchParams({ reason });
  const next = from.pathname + from.search;
  if (next !== '/') query.set('next', next);
  return `/login?${query}`;
}

/** The signed-in session, or a redirect to the login page. */
export function requireSession(locals: App.Locals, url: URL): Session {
  if (!locals.session) redirect(303, loginUrl(url, locals.sessionExpired ? 'expired' : 'signin'));
  return locals.session;
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

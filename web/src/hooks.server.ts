import type { Handle } from '@sveltejs/kit/hooks';
import type { MeBody } from '@sentiment/functions/contract';
import type { ApiResult } from '#lib/server/api.ts';
import { api } from '#lib/server/backend.ts';
import { clearSession, readSession, SESSION_COOKIE } from '#lib/server/session.ts';

/**
 * Reads the session cookie into `locals` (guards live in each load and action), and puts the
 * headers every answer needs on the way out. The content security policy of pages is
 * SvelteKit's (`csp` in vite.config.ts), which can give its own inline script a nonce.
 */
export const handle: Handle = async ({ event, resolve }) => {
  const token = event.cookies.get(SESSION_COOKIE);
  const session = token ? readSession(token, Date.now()) : null;
  event.locals.session = session;
  event.locals.sessionExpired = Boolean(token && !session);
  if (event.locals.sessionExpired) clearSession(event.cookies);
  let me: Promise<ApiResult<MeBody>> | undefined;
  event.locals.me = () => (me ??= session ? api.me(session.token) : Promise.resolve(SIGNED_OUT));

  const response = await resolve(event);
  const { headers } = response;
  // Endpoints (the CSV export, the burst stream) are not pages: nothing in them may run or frame.
  if (!headers.has('content-security-policy')) {
    headers.set('content-security-policy', "default-src 'none'; frame-ancestors 'none'");
  }
  // For browsers that predate frame-ancestors.
  headers.set('x-frame-options', 'DENY');
  headers.set('x-content-type-options', 'nosniff');
  // Page addresses carry `next` and history cursors: other sites need not see them.
  headers.set('referrer-policy', 'same-origin');
  // What a signed-in user sees is theirs: no shared cache or back-forward copy may keep it.
  if (token) headers.set('cache-control', 'private, no-store');
  return response;
};

const SIGNED_OUT: ApiResult<never> = {
  ok: false,
  status: 401,
  error: { code: 'unauthenticated', message: 'not signed in' },
};

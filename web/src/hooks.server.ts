import type { Handle } from '@sveltejs/kit/hooks';
import { clearSession, readSession, SESSION_COOKIE } from '#lib/server/session.ts';

/** Reads the session cookie into `locals`; guards live in each load and action. */
export const handle: Handle = ({ event, resolve }) => {
  const token = event.cookies.get(SESSION_COOKIE);
  event.locals.session = token ? readSession(token, Date.now()) : null;
  event.locals.sessionExpired = Boolean(token && !event.locals.session);
  if (event.locals.sessionExpired) clearSession(event.cookies);
  return resolve(event);
};

import { endSession } from '#lib/server/guard.ts';
import type { LayoutServerLoad } from './$types';

/**
 * Who is signed in, as the API answers for the token: a cookie alone shows no name and no
 * admin link. Only what the page may show, never the token. When the API cannot answer (down,
 * or waking up) the page still renders, unprivileged, and its own calls report the outage.
 */
export const load: LayoutServerLoad = async ({ locals, cookies, url }) => {
  if (!locals.session) return { user: null };
  const result = await locals.me();
  if (result.ok) {
    const { username, isAdmin } = result.data.user;
    return { user: { username, isAdmin } };
  }
  if (result.status === 401) endSession(cookies, url);
  return { user: null };
};

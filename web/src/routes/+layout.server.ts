import { confirmedUsers } from '#lib/server/backend.ts';
import { endSession } from '#lib/server/guard.ts';
import type { LayoutServerLoad } from './$types';

/**
 * Who is signed in, as the API answers for the token (recalled for a few seconds between
 * pages): a cookie alone shows no name and no admin link. Only what the page may show, never
 * the token. When the API cannot answer (down, or waking up) the page still renders,
 * unprivileged, and its own calls report the outage.
 */
export const load: LayoutServerLoad = async ({ locals, cookies, url }) => {
  const { session } = locals;
  if (!session) return { user: null };
  const recalled = confirmedUsers.recall(session.token, Date.now());
  if (recalled) return { user: recalled };
  const result = await locals.me();
  if (result.ok) {
    const user = { username: result.data.user.username, isAdmin: result.data.user.isAdmin };
    confirmedUsers.remember(session, user, Date.now());
    return { user };
  }
  if (result.status === 401) endSession(cookies, url);
  return { user: null };
};

import { api } from '#lib/server/backend.ts';
import { requireSession, unwrap } from '#lib/server/guard.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const { token } = requireSession(event.locals, event.url);
  return { users: unwrap(await api.users(token), event).users };
};

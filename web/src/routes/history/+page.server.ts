import { fail } from '@sveltejs/kit';
import { api } from '#lib/server/backend.ts';
import { endSession, messageFor, requireSession, unwrap } from '#lib/server/guard.ts';
import { readForm } from '#lib/server/form.ts';
import type { Actions, PageServerLoad } from './$types';

const PAGE_SIZE = 20;
const CHART_DAYS = 30;

export const load: PageServerLoad = async (event) => {
  const { token } = requireSession(event.locals, event.url);
  const cursor = event.url.searchParams.get('cursor');
  const [page, daily, me] = await Promise.all([
    api.history(token, { limit: PAGE_SIZE, cursor }),
    api.daily(token, CHART_DAYS),
    // The layout asks the same question for the header: one request answers both.
    event.locals.me(),
  ]);
  return {
    page: unwrap(page, event),
    days: unwrap(daily, event).days,
    counts: unwrap(me, event).counts,
    chartDays: CHART_DAYS,
    /** The page being read, so that deleting from it comes back to it. */
    cursor,
    isFirstPage: !cursor,
  };
};

export const actions: Actions = {
  delete: async ({ request, locals, cookies, url }) => {
    const { token } = requireSession(locals, url);
    const id = Number((await readForm(request)).get('id'));
    const result = await api.remove(token, id);
    if (result.ok || result.status === 404) return { deleted: id };
    if (result.status === 401) endSession(cookies, url);
    return fail(result.status, { message: messageFor(result) });
  },
};

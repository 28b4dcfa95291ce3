import { fail } from '@sveltejs/kit';
import { confirmUser, requireSession } from '#lib/server/guard.ts';
import { BURST_LIMITS } from './burst.ts';
import { readApiPods } from './pods.server.ts';
import { startBurst } from './start.server.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
  requireSession(locals, url);
  return { limits: BURST_LIMITS, pods: await readApiPods() };
};

export const actions: Actions = {
  /** Without JavaScript: run the whole burst, then show its summary beside what was chosen. */
  default: async (event) => {
    const { token, user } = await confirmUser(event);
    const burst = await startBurst(event.request, { token, username: user.username });
    if (!burst.ok) return fail(burst.status, { message: burst.message, values: burst.values });
    return { summary: await burst.run(() => {}), values: burst.values };
  },
};

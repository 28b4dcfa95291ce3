import { fail } from '@sveltejs/kit';
import { BURST_LIMITS, claimBurst, parseBurstOptions, runBurst } from '#lib/server/burst.ts';
import { requireSession } from '#lib/server/guard.ts';
import { readApiPods } from '#lib/server/pods.ts';
import { scoreAs } from '#lib/server/scale.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
  requireSession(locals, url);
  return { limits: BURST_LIMITS, pods: await readApiPods() };
};

export const actions: Actions = {
  /** Without JavaScript: run the whole burst, then show its summary. */
  default: async ({ request, locals, url }) => {
    const session = requireSession(locals, url);
    const form = await request.formData();
    const options = parseBurstOptions({
      total: form.get('total'),
      concurrency: form.get('concurrency'),
    });
    if (!options.ok) return fail(400, { message: options.message });
    const release = claimBurst(session.user.username);
    if (!release) return fail(409, { message: 'One of your bursts is already running.' });
    try {
      return { summary: await runBurst(options, scoreAs(session.token), () => {}) };
    } finally {
      release();
    }
  },
};

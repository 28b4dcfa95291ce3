import { fail } from '@sveltejs/kit';
import { bursts } from '#lib/server/backend.ts';
import { BURST_LIMITS, parseBurstOptions, runBurst } from '#lib/server/burst.ts';
import { confirmUser, requireSession } from '#lib/server/guard.ts';
import { readForm, textField } from '#lib/server/form.ts';
import { readApiPods } from '#lib/server/pods.ts';
import { scoreAs } from '#lib/server/scale.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
  requireSession(locals, url);
  return { limits: BURST_LIMITS, pods: await readApiPods() };
};

export const actions: Actions = {
  /** Without JavaScript: run the whole burst, then show its summary beside what was chosen. */
  default: async (event) => {
    const { token, user } = await confirmUser(event);
    const form = await readForm(event.request);
    const values = { total: textField(form, 'total'), concurrency: textField(form, 'concurrency') };
    const options = parseBurstOptions(values);
    if (!options.ok) return fail(400, { message: options.message, values });
    const claim = bursts.claim(user.username);
    if (!claim.ok) return fail(claim.status, { message: claim.message, values });
    try {
      return { summary: await runBurst(options, scoreAs(token), () => {}), values };
    } finally {
      claim.release();
    }
  },
};

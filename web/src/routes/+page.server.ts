import { fail } from '@sveltejs/kit';
import { api } from '#lib/server/backend.ts';
import { readBatch } from '#lib/server/batch.ts';
import { endSession, messageFor, requireSession } from '#lib/server/guard.ts';
import type { Actions, PageServerLoad } from './$types';
import { textField } from '#lib/server/form.ts';

export const load: PageServerLoad = ({ locals, url }) => {
  requireSession(locals, url);
};

export const actions: Actions = {
  analyze: async ({ request, locals, cookies, url }) => {
    const session = requireSession(locals, url);
    const text = textField(await request.formData(), 'text');
    const result = await api.analyze(session.token, text);
    if (result.ok) return { analysis: result.data, text };
    if (result.status === 401) endSession(cookies, url);
    return fail(result.status, { action: 'analyze', text, message: messageFor(result) });
  },

  batch: async ({ request, locals, cookies, url }) => {
    const session = requireSession(locals, url);
    const form = await request.formData();
    const lines = textField(form, 'lines');
    const input = await readBatch(form);
    if (!input.ok) return fail(400, { action: 'batch', lines, message: input.message });
    const result = await api.scoreBatch(session.token, input.texts);
    if (result.ok) return { batch: result.data, lines };
    if (result.status === 401) endSession(cookies, url);
    return fail(result.status, { action: 'batch', lines, message: messageFor(result) });
  },
};

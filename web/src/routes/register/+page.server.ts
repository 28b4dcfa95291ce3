import { fail, redirect } from '@sveltejs/kit';
import { api, cookieSecure } from '#lib/server/backend.ts';
import { messageFor } from '#lib/server/guard.ts';
import { readForm, textField } from '#lib/server/form.ts';
import { saveSession } from '#lib/server/session.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
  if (locals.session) redirect(303, '/');
};

export const actions: Actions = {
  default: async ({ request, cookies }) => {
    const form = await readForm(request);
    const username = textField(form, 'username');
    const password = textField(form, 'password');
    if (password !== textField(form, 'confirm')) {
      return fail(400, { username, field: 'confirm', message: 'The two passwords differ.' });
    }
    const created = await api.register(username, password);
    if (!created.ok) {
      return fail(created.status, {
        username,
        message: messageFor(created),
        field: created.error.field ?? null,
      });
    }
    const session = await api.login(username, password);
    if (!session.ok) redirect(303, '/login');
    saveSession(cookies, session.data.token, session.data.expiresAt, cookieSecure);
    redirect(303, '/');
  },
};

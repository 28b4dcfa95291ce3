import { fail, redirect } from '@sveltejs/kit';
import { api, cookieSecure } from '#lib/server/backend.ts';
import { messageFor, safeNext } from '#lib/server/guard.ts';
import { readForm, textField } from '#lib/server/form.ts';
import { saveSession } from '#lib/server/session.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
  if (locals.session) redirect(303, '/');
  const reason = url.searchParams.get('reason');
  return {
    notice:
      reason === 'expired' || locals.sessionExpired
        ? 'Your session has ended. Please sign in again.'
        : reason === 'signin'
          ? 'Please sign in to continue.'
          : null,
  };
};

export const actions: Actions = {
  default: async ({ request, cookies, url, getClientAddress }) => {
    const form = await readForm(request);
    const username = textField(form, 'username');
    const password = textField(form, 'password');
    const result = await api.login(username, password, getClientAddress());
    if (!result.ok) {
      return fail(result.status, {
        username,
        message: messageFor(result),
        field: result.error.field ?? null,
      });
    }
    saveSession(cookies, result.data.token, result.data.expiresAt, cookieSecure);
    redirect(303, safeNext(url.searchParams.get('next'), url));
  },
};

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

/**
 * The browser's address, for the API's login throttle. Behind Kourier, adapter-node reads it from
 * X-Forwarded-For (ADDRESS_HEADER/XFF_DEPTH in knative/web.yaml) and throws when the header has
 * fewer entries, as on a request that bypassed the proxies (a port-forward): then vouch for
 * nothing, and the API counts the UI's own address (README "Security").
 */
function browserAddress(getClientAddress: () => string): string | undefined {
  try {
    return getClientAddress();
  } catch {
    return undefined;
  }
}

export const actions: Actions = {
  default: async ({ request, cookies, url, getClientAddress }) => {
    const form = await readForm(request);
    const username = textField(form, 'username');
    const password = textField(form, 'password');
    const result = await api.login(username, password, browserAddress(getClientAddress));
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

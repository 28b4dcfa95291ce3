import { fail, type Cookies } from '@sveltejs/kit';
import { api, cookieSecure } from '#lib/server/backend.ts';
import { batchCsvLink, readBatch } from '#lib/server/batch.ts';
import { keepDraft, takeDraft, type Draft } from '#lib/server/draft.ts';
import { endSession, messageFor, requireSession } from '#lib/server/guard.ts';
import { readForm, textField } from '#lib/server/form.ts';
import type { Session } from '#lib/server/session.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url, cookies }) => {
  requireSession(locals, url);
  return { draft: takeDraft(cookies) };
};

interface ActionEvent {
  readonly locals: App.Locals;
  readonly cookies: Cookies;
  readonly url: URL;
}

/**
 * The session, or a trip to the login page that keeps what the user typed and comes back to
 * this page: the action's own address (`/?/analyze`) would land them on an empty form.
 */
function sessionFor(event: ActionEvent, draft: Draft): Session {
  if (!event.locals.session) keepDraft(event.cookies, draft, cookieSecure);
  return requireSession(event.locals, pageOf(event.url));
}

/** The API refused the token: the same trip, once it has said so. */
function signInAgain(event: ActionEvent, draft: Draft): never {
  keepDraft(event.cookies, draft, cookieSecure);
  endSession(event.cookies, pageOf(event.url));
}

function pageOf(url: URL): URL {
  return new URL(url.pathname, url);
}

export const actions: Actions = {
  analyze: async (event) => {
    const text = textField(await readForm(event.request), 'text');
    const draft = { field: 'text', value: text } as const;
    const session = sessionFor(event, draft);
    const result = await api.analyze(session.token, text);
    if (result.ok) return { analysis: result.data, text };
    if (result.status === 401) signInAgain(event, draft);
    return fail(result.status, { action: 'analyze', text, message: messageFor(result) });
  },

  batch: async (event) => {
    const form = await readForm(event.request);
    const lines = textField(form, 'lines');
    const draft = { field: 'lines', value: lines } as const;
    const session = sessionFor(event, draft);
    const input = await readBatch(form);
    if (!input.ok) return fail(400, { action: 'batch', lines, message: input.message });
    const result = await api.scoreBatch(session.token, input.texts);
    if (result.ok) return { batch: result.data, csvLink: batchCsvLink(result.data), lines };
    if (result.status === 401) signInAgain(event, draft);
    return fail(result.status, { action: 'batch', lines, message: messageFor(result) });
  },
};

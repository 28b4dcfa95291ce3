import { api } from '#lib/server/backend.ts';
import { requireSession, unwrap } from '#lib/server/guard.ts';
import type { RequestHandler } from './$types';

/** The CSV download, streamed through from the API: the browser never talks to the API itself. */
export const GET: RequestHandler = async (event) => {
  const { token } = requireSession(event.locals, event.url);
  const res = await api.exportCsv(token);
  if (!(res instanceof Response)) return unwrap(res, event);
  return new Response(res.body, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="sentiment-history-${new Date().toISOString().slice(0, 10)}.csv"`,
      'cache-control': 'no-store',
    },
  });
};

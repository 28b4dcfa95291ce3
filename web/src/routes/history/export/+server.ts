import { api } from '#lib/server/backend.ts';
import { requireSession, unwrap } from '#lib/server/guard.ts';
import type { RequestHandler } from './$types';

// UTF-8's byte-order mark: without it Excel reads a CSV in the system's legacy code page and
// mangles emoji and non-Latin text. The API's CSV stays plain UTF-8 for programs.
const UTF8_BOM = new Uint8Array([0xef, 0xbb, 0xbf]);

/** The CSV download, streamed through from the API: the browser never talks to the API itself. */
export const GET: RequestHandler = async (event) => {
  const { token } = requireSession(event.locals, event.url);
  const res = await api.exportCsv(token);
  if (!(res instanceof Response)) return unwrap(res, event);
  const withBom = new TransformStream<Uint8Array, Uint8Array>({
    start: (controller) => controller.enqueue(UTF8_BOM),
  });
  return new Response(res.body?.pipeThrough(withBom) ?? UTF8_BOM, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="sentiment-history-${new Date().toISOString().slice(0, 10)}.csv"`,
      'cache-control': 'no-store',
    },
  });
};

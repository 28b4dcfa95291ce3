import { json } from '@sveltejs/kit';
import { messageFor } from '#lib/server/guard.ts';
import { formatEvent } from '../events.ts';
import { readApiPods } from '../pods.server.ts';
import { startBurst } from '../start.server.ts';
import type { RequestHandler } from './$types';

const POD_POLL_MS = 2000;

/**
 * Runs a burst and streams its progress as Server-Sent Events: `tick` every TICK_MS, `pods`
 * every two seconds (when the UI may read them), and `done` with the summary. Before the
 * first request goes out the API confirms the token and names its user, who then holds one
 * of this instance's burst slots.
 */
export const POST: RequestHandler = async ({ request, locals }) => {
  if (!locals.session) return json({ message: 'Sign in first.' }, { status: 401 });
  const me = await locals.me();
  if (!me.ok) {
    return me.status === 401
      ? json({ message: 'Your session has ended. Please sign in again.' }, { status: 401 })
      : json({ message: messageFor(me) }, { status: 503 });
  }
  const burst = await startBurst(request, {
    token: locals.session.token,
    username: me.data.user.username,
  });
  if (!burst.ok) return json({ message: burst.message }, { status: burst.status });

  const stop = new AbortController();
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (event: string, data: unknown) => {
        if (!stop.signal.aborted) controller.enqueue(encoder.encode(formatEvent(event, data)));
      };
      const pollPods = async () => send('pods', await readApiPods());
      const podTimer = setInterval(() => void pollPods(), POD_POLL_MS);
      try {
        // Started first: the burst holds its slot until run() ends, whatever happens here.
        const summary = burst.run((tick) => send('tick', tick), stop.signal);
        await pollPods();
        const done = await summary;
        await pollPods();
        send('done', done);
      } finally {
        clearInterval(podTimer);
        if (!stop.signal.aborted) controller.close();
      }
    },
    // The page went away: stop sending requests at the API.
    cancel() {
      stop.abort();
    },
  });
  return new Response(stream, {
    headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-store' },
  });
};

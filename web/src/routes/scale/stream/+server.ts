import { json } from '@sveltejs/kit';
import { bursts } from '#lib/server/backend.ts';
import { parseBurstOptions, runBurst } from '#lib/server/burst.ts';
import { messageFor } from '#lib/server/guard.ts';
import { readForm } from '#lib/server/form.ts';
import { readApiPods } from '#lib/server/pods.ts';
import { scoreAs } from '#lib/server/scale.ts';
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
  const { token } = locals.session;
  const me = await locals.me();
  if (!me.ok) {
    return me.status === 401
      ? json({ message: 'Your session has ended. Please sign in again.' }, { status: 401 })
      : json({ message: messageFor(me) }, { status: 503 });
  }
  const form = await readForm(request);
  const options = parseBurstOptions({
    total: form.get('total'),
    concurrency: form.get('concurrency'),
  });
  if (!options.ok) return json({ message: options.message }, { status: 400 });
  const claim = bursts.claim(me.data.user.username);
  if (!claim.ok) return json({ message: claim.message }, { status: claim.status });

  const stop = new AbortController();
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (event: string, data: unknown) => {
        if (!stop.signal.aborted)
          controller.enqueue(encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
      };
      const pollPods = async () => send('pods', await readApiPods());
      const podTimer = setInterval(() => void pollPods(), POD_POLL_MS);
      try {
        await pollPods();
        const summary = await runBurst(
          options,
          scoreAs(token),
          (tick) => send('tick', tick),
          stop.signal,
        );
        await pollPods();
        send('done', summary);
      } finally {
        clearInterval(podTimer);
        claim.release();
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

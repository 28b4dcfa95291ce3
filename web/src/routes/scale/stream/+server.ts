import { json } from '@sveltejs/kit';
import { claimBurst, parseBurstOptions, runBurst } from '#lib/server/burst.ts';
import { readApiPods } from '#lib/server/pods.ts';
import { scoreAs } from '#lib/server/scale.ts';
import type { RequestHandler } from './$types';

const POD_POLL_MS = 2000;

/**
 * Runs a burst and streams its progress as Server-Sent Events: `tick` every half second,
 * `pods` every two seconds (when the UI may read them), and `done` with the summary.
 */
export const POST: RequestHandler = async ({ request, locals }) => {
  const session = locals.session;
  if (!session) return json({ message: 'Sign in first.' }, { status: 401 });
  const form = await request.formData();
  const options = parseBurstOptions({
    total: form.get('total'),
    concurrency: form.get('concurrency'),
  });
  if (!options.ok) return json({ message: options.message }, { status: 400 });
  const release = claimBurst(session.user.username);
  if (!release) return json({ message: 'One of your bursts is already running.' }, { status: 409 });

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
          scoreAs(session.token),
          (tick) => send('tick', tick),
          stop.signal,
        );
        await pollPods();
        send('done', summary);
      } finally {
        clearInterval(podTimer);
        release();
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

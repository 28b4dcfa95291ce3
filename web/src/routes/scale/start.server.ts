import type { BurstSummary } from '#lib/burst-stats.ts';
import { api, bursts } from '#lib/server/backend.ts';
import { readForm, textField } from '#lib/server/form.ts';
import { parseBurstOptions, runBurst, type Answer, type Tick } from './burst.ts';

/** The burst's requests: one scored text each, as the signed-in user, nothing stored. */
const SAMPLES = [
  'The service was quick and the staff were lovely.',
  'I waited an hour and nobody answered. Terrible.',
  'It arrived on Tuesday in a brown box.',
  'Not bad at all, I would happily order again!',
  'The screen cracked after a week; very disappointed.',
];

function scoreAs(token: string) {
  return async (index: number): Promise<Answer> => {
    const result = await api.scoreOne(token, SAMPLES[index % SAMPLES.length] ?? '');
    if (result.ok) return { ok: true, instance: result.data.servedBy.instance };
    return { ok: false, error: `${result.status} ${result.error.code}` };
  };
}

/** What the user chose, as typed: a form without JavaScript shows it again. */
export interface BurstValues {
  readonly total: string;
  readonly concurrency: string;
}

export type BurstStart =
  | {
      readonly ok: true;
      readonly values: BurstValues;
      /** Runs the burst; its slot is free again once the burst ends or is stopped. */
      readonly run: (onTick: (tick: Tick) => void, signal?: AbortSignal) => Promise<BurstSummary>;
    }
  | {
      readonly ok: false;
      readonly status: 400 | 409 | 429;
      readonly message: string;
      readonly values: BurstValues;
    };

/**
 * The one way a burst starts, for the form action and the stream alike: read the options from
 * the form, check them against the caps, and claim one of this instance's burst slots for a
 * user the API has confirmed.
 */
export async function startBurst(
  request: Request,
  confirmed: { token: string; username: string },
): Promise<BurstStart> {
  const form = await readForm(request);
  const values = { total: textField(form, 'total'), concurrency: textField(form, 'concurrency') };
  const options = parseBurstOptions(values);
  if (!options.ok) return { ok: false, status: 400, message: options.message, values };
  const claim = bursts.claim(confirmed.username);
  if (!claim.ok) return { ...claim, values };
  return {
    ok: true,
    values,
    async run(onTick, signal) {
      try {
        return await runBurst(options, scoreAs(confirmed.token), onTick, signal);
      } finally {
        claim.release();
      }
    },
  };
}

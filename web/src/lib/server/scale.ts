import { api } from './backend.ts';
import type { Answer } from './burst.ts';

/** The burst's requests: one scored text each, as the signed-in user, nothing stored. */

const SAMPLES = [
  'The service was quick and the staff were lovely.',
  'I waited an hour and nobody answered. Terrible.',
  'It arrived on Tuesday in a brown box.',
  'Not bad at all, I would happily order again!',
  'The screen cracked after a week; very disappointed.',
];

export function scoreAs(token: string) {
  return async (index: number): Promise<Answer> => {
    const result = await api.scoreOne(token, SAMPLES[index % SAMPLES.length] ?? '');
    if (result.ok) return { ok: true, instance: result.data.servedBy.instance };
    return { ok: false, error: `${result.status} ${result.error.code}` };
  };
}

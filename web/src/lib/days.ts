import type { DayCounts } from '@sentiment/functions/contract';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Every UTC day of the window ending `today`, oldest first, with zeros where nothing happened. */
export function fillDays(days: readonly DayCounts[], span: number, today: Date): DayCounts[] {
  const byDate = new Map(days.map((day) => [day.date, day]));
  const end = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  return Array.from({ length: span }, (_, i) => {
    const date = new Date(end - (span - 1 - i) * DAY_MS).toISOString().slice(0, 10);
    return byDate.get(date) ?? { date, negative: 0, neutral: 0, positive: 0 };
  });
}

import { describe, expect, it } from 'vitest';
import { fillDays } from '../src/lib/days.ts';
import { highlight } from '../src/lib/highlight.ts';

describe('highlight', () => {
  it('marks scored words in order and keeps everything else as it was', () => {
    const pieces = highlight('Not good, but GREAT!', [
      { token: 'good', weight: -3 },
      { token: 'great', weight: 3 },
    ]);
    expect(pieces).toEqual([
      { text: 'Not ' },
      { text: 'good', weight: -3 },
      { text: ', but ' },
      { text: 'GREAT', weight: 3 },
      { text: '!' },
    ]);
    expect(pieces.map((p) => p.text).join('')).toBe('Not good, but GREAT!');
  });

  it('splits where the analyzer does, so "good,bad" is two words', () => {
    const pieces = highlight('good,bad', [
      { token: 'good', weight: 3 },
      { token: 'bad', weight: -3 },
    ]);
    expect(pieces.filter((p) => p.weight !== undefined).map((p) => p.text)).toEqual([
      'good',
      'bad',
    ]);
  });

  it('marks the same word twice when it scored twice', () => {
    const pieces = highlight('good and not good', [
      { token: 'good', weight: 3 },
      { token: 'good', weight: -3 },
    ]);
    expect(pieces.filter((p) => p.weight !== undefined)).toEqual([
      { text: 'good', weight: 3 },
      { text: 'good', weight: -3 },
    ]);
  });
});

describe('fillDays', () => {
  it('fills every day of the window with zeros where nothing happened', () => {
    const days = fillDays(
      [{ date: '2026-11-24', positive: 2, neutral: 0, negative: 1 }],
      3,
      new Date('2026-11-25T13:00:00Z'),
    );
    expect(days).toEqual([
      { date: '2026-11-23', positive: 0, neutral: 0, negative: 0 },
      { date: '2026-11-24', positive: 2, neutral: 0, negative: 1 },
      { date: '2026-11-25', positive: 0, neutral: 0, negative: 0 },
    ]);
  });
});

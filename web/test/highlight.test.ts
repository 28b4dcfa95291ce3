import { describe, expect, it } from 'vitest';
import { fillDays } from '../src/lib/days.ts';
import { highlight, unmarkedWeight } from '../src/lib/highlight.ts';

describe('highlight', () => {
  it('marks the words where the API read them and keeps everything else as it was', () => {
    const text = 'Not good, but GREAT!';
    const pieces = highlight(text, [
      { token: 'not good', weight: -1.2, start: 0, end: 8 },
      { token: 'great', weight: 1.5, start: 14, end: 19 },
    ]);
    expect(pieces).toEqual([
      { text: 'Not good', weight: -1.2 },
      { text: ', but ' },
      { text: 'GREAT', weight: 1.5 },
      { text: '!' },
    ]);
    expect(pieces.map((p) => p.text).join('')).toBe(text);
  });

  it('marks a negation with its scope as one piece', () => {
    const pieces = highlight('It was not bad at all.', [
      { token: 'not bad at all', weight: 0.7, start: 7, end: 21 },
    ]);
    expect(pieces.filter((p) => p.weight !== undefined)).toEqual([
      { text: 'not bad at all', weight: 0.7 },
    ]);
  });

  it('leaves unmarked a word whose place does not fit the text', () => {
    const text = 'good and bad';
    const pieces = highlight(text, [
      { token: 'good', weight: 1, start: 0, end: 4 },
      { token: 'bad', weight: -1, start: 2, end: 5 }, // overlaps the previous word
      { token: 'bad', weight: -1, start: 9, end: 40 }, // past the end
    ]);
    expect(pieces).toEqual([{ text: 'good', weight: 1 }, { text: ' and bad' }]);
  });

  it('says how much of the score the unmarked words carry', () => {
    const words = [
      { token: 'good', weight: 1.25, start: 0, end: 4 },
      { token: 'not bad', weight: 0.5, start: 9, end: 16 },
    ];
    expect(unmarkedWeight(1.9, words)).toBe(0.15);
    expect(unmarkedWeight(1.75, words)).toBe(0);
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

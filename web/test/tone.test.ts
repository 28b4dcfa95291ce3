import { describe, expect, it } from 'vitest';
import { signed, toneOf } from '../src/lib/tone.ts';

describe('toneOf', () => {
  it.each([
    { label: 'negative', confidence: 0.99, tone: 'Strongly negative' },
    { label: 'positive', confidence: 0.9, tone: 'Strongly positive' },
    { label: 'positive', confidence: 0.89, tone: 'Clearly positive' },
    { label: 'negative', confidence: 0.7, tone: 'Clearly negative' },
    { label: 'positive', confidence: 0.62, tone: 'Slightly positive' },
    { label: 'neutral', confidence: 0.51, tone: 'Neutral' },
  ] as const)('says $tone for a $label answer at $confidence', ({ label, confidence, tone }) => {
    expect(toneOf({ label, confidence })).toBe(tone);
  });
});

describe('signed', () => {
  it.each([
    [-71.866, '−71.87'],
    [3, '+3'],
    [0.004, '0'],
  ])('writes %d as %s', (score, text) => {
    expect(signed(score)).toBe(text);
  });
});

import { describe, expect, it } from 'vitest';
import { analyzeText } from '../src/sentiment.ts';

describe('analyzeText', () => {
  it('labels a positive text and lists the words that carried it, in text order', () => {
    const analysis = analyzeText('I love it, truly excellent.');
    expect(analysis.label).toBe('positive');
    expect(analysis.words.map((w) => w.token)).toEqual(['love', 'excellent']);
    expect(analysis.score).toBe(analysis.words.reduce((sum, w) => sum + w.weight, 0));
  });

  it('labels a negative text', () => {
    expect(analyzeText('This is awful and I hate it').label).toBe('negative');
  });

  it('is neutral, with a coin-toss confidence, when no word carries sentiment', () => {
    expect(analyzeText('The train leaves at nine.')).toMatchObject({
      label: 'neutral',
      score: 0,
      confidence: 0.5,
      words: [],
    });
  });

  it('flips a negated word and reports the flipped weight', () => {
    const analysis = analyzeText('not good');
    expect(analysis.words).toEqual([{ token: 'good', weight: -3 }]);
    expect(analysis.label).toBe('negative');
  });

  it('is more confident with more evidence', () => {
    const one = analyzeText('good');
    const three = analyzeText('good, great, wonderful');
    expect(three.confidence).toBeGreaterThan(one.confidence);
    expect(three.confidence).toBeLessThanOrEqual(1);
    expect(one.confidence).toBeGreaterThan(0.5);
  });
});

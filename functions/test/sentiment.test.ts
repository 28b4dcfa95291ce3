import { describe, expect, it } from 'vitest';
import { analyzeText, MARKED_FROM, type Analysis } from '../src/analyzer/analyze.ts';

const weightOf = (analysis: Analysis, token: string) =>
  analysis.words.find((w) => w.token === token)?.weight;
const sum = (analysis: Analysis) => analysis.words.reduce((total, w) => total + w.weight, 0);

describe('analyzeText with the learned lexicon (the default)', () => {
  it('labels a positive text and lists the words that carried it, in text order', () => {
    const analysis = analyzeText('I love it, truly excellent.');
    expect(analysis.label).toBe('positive');
    const tokens = analysis.words.map((w) => w.token);
    expect(tokens.indexOf('love')).toBeLessThan(tokens.indexOf('excellent'));
    expect(weightOf(analysis, 'excellent')).toBeGreaterThan(0);
  });

  it('lists the words that moved the score, each where it is in the text', () => {
    const text = 'What a wonderful, happy day';
    const analysis = analyzeText(text);
    expect(analysis.words.length).toBeGreaterThan(0);
    for (const word of analysis.words) {
      expect(Math.abs(word.weight)).toBeGreaterThanOrEqual(MARKED_FROM);
      expect(text.slice(word.start, word.end).toLowerCase()).toBe(word.token);
    }
  });

  it('leaves out only words too weak to mark: what they carry is under the mark for each', () => {
    for (const text of ['The room was dirty and noisy.', 'What a wonderful, happy day', 'meh']) {
      const analysis = analyzeText(text);
      const words = text.split(/\s+/).length;
      expect(Math.abs(analysis.score - sum(analysis))).toBeLessThan(MARKED_FROM * words);
    }
  });

  it('labels negative texts', () => {
    for (const text of ['This is awful and I hate it', 'The food was cold and the service slow.']) {
      expect(analyzeText(text).label).toBe('negative');
    }
  });

  it('gives a confidence that rises with the strength of the evidence, above 0.5, never 1', () => {
    const texts = [
      'It was fine.',
      'A good film.',
      'A gripping, beautifully acted film.',
      'Wonderful, brilliant, moving, the best film of the year, a masterpiece.',
    ];
    const confidences = texts
      .map((text) => analyzeText(text))
      .sort((a, b) => Math.abs(a.score) - Math.abs(b.score))
      .map((analysis) => analysis.confidence);
    for (const confidence of confidences) {
      expect(confidence).toBeGreaterThan(0.5);
      expect(confidence).toBeLessThan(1);
    }
    expect(confidences).toEqual(confidences.toSorted((a, b) => a - b));
    expect(confidences.at(-1)).toBeGreaterThan(confidences[0] ?? 1);
  });

  it('flips a negated word, and the scope ends at the end of the clause', () => {
    const good = weightOf(analyzeText('It was good'), 'good') ?? 0;
    expect(good).toBeGreaterThan(0);
    expect(weightOf(analyzeText('It was not good'), 'not good')).toBeLessThan(0);
    expect(analyzeText('It was not good').label).toBe('negative');
    expect(analyzeText("I didn't like it at all.").label).toBe('negative');
    expect(analyzeText('I would not recommend it').label).toBe('negative');
    // "No." ends its clause: the "good" after it is not negated.
    expect(weightOf(analyzeText('No. It was good'), 'good')).toBe(good);
  });

  it('reads typed contractions the way the training corpus spells them', () => {
    const typed = analyzeText("It isn't good");
    const split = analyzeText('It is n’t good');
    expect(split.score).toBe(typed.score);
    expect(split.words.map((w) => w.token)).toEqual(typed.words.map((w) => w.token));
    expect(analyzeText("It isn't good").label).toBe('negative');
  });

  it('makes an intensified word count more', () => {
    expect(analyzeText('very good').score).toBeGreaterThan(analyzeText('good').score);
    expect(analyzeText('extremely bad').score).toBeLessThan(analyzeText('bad').score);
  });

  it('halves what comes before the last "but": the clause after it decides', () => {
    const alone = weightOf(analyzeText('The acting was great.'), 'great') ?? 0;
    const before = analyzeText('The acting was great, but the plot was boring.');
    // Both weights are rounded to 3 decimals, so half of one can differ from the other by 0.0005.
    expect(weightOf(before, 'great')).toBeCloseTo(alone / 2, 2);
    expect(before.label).toBe('negative');
  });

  it('scores emoji, with the learned weight of the AFINN prior', () => {
    expect(analyzeText('😀').label).toBe('positive');
    expect(analyzeText('😡').label).toBe('negative');
    expect(analyzeText('I love it 😀').score).toBeGreaterThan(analyzeText('I love it').score);
  });

  it('is neutral with nothing marked when nothing carries sentiment', () => {
    for (const text of ['', '   ', 'constructor toString __proto__ hasOwnProperty']) {
      expect(analyzeText(text), text).toMatchObject({ label: 'neutral', score: 0, words: [] });
    }
  });

  it('handles a very long text in one pass, every weight a finite number', () => {
    const review = 'The staff were friendly and the room was spotless, but the bar was noisy. ';
    const analysis = analyzeText(review.repeat(70)); // about 5,000 characters, the API's limit
    expect(analysis.words.length).toBeGreaterThan(100);
    expect(analysis.words.every((w) => Number.isFinite(w.weight))).toBe(true);
    expect(Math.abs(analysis.score - sum(analysis))).toBeLessThan(MARKED_FROM * 70 * 14);
    expect(Number.isFinite(analysis.comparative)).toBe(true);
  });
});

describe('analyzeText with the stock AFINN list', () => {
  it('scores AFINN words and flips a word after a negator', () => {
    const analysis = analyzeText('I love it, truly excellent.', 'afinn');
    expect(analysis.words).toEqual([
      { token: 'love', weight: 3, start: 2, end: 6 },
      { token: 'excellent', weight: 3, start: 17, end: 26 },
    ]);
    expect(analysis).toMatchObject({ label: 'positive', score: 6 });
    expect(analyzeText('not good', 'afinn').words).toEqual([
      { token: 'good', weight: -3, start: 4, end: 8 },
    ]);
  });

  it('is neutral when no word is in the list, and more confident with more evidence', () => {
    expect(analyzeText('The train leaves at nine.', 'afinn')).toMatchObject({
      label: 'neutral',
      score: 0,
      confidence: 0.5,
    });
    const one = analyzeText('good', 'afinn');
    const three = analyzeText('good, great, wonderful', 'afinn');
    expect(three.confidence).toBeGreaterThan(one.confidence);
    expect(one.confidence).toBeGreaterThan(0.5);
  });
});

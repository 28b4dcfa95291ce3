import { describe, expect, it } from 'vitest';
import { analyzeText, MARKED_FROM, type Analysis } from '../src/analyzer/analyze.ts';
import { asWeights, weighTokens } from '../src/analyzer/learned.ts';
import { BEFORE_BUT, BOOST, readText } from '../src/analyzer/tokens.ts';

/**
 * The analyzer's mechanics: how a text is read and weighed, which hold for any trained weights.
 * The reading is tested with weights made for the test; the shape of an analysis with the
 * shipped ones, on properties no retrain can change. What the shipped weights answer is
 * analyzer.test.ts, the model's acceptance tests.
 */

const sum = (analysis: Analysis) => analysis.words.reduce((total, w) => total + w.weight, 0);

/** Made-up weights: each number says where it came from in the weights of a reading. */
const TEST_WEIGHTS = asWeights({
  words: { good: 1, boring: -1, the: 5, love: 0.25, '15': 4 },
  negated: { good: -0.5 },
  bigrams: { 'love it': 0.125, 'it was': 3, '15 stars': 0.5 },
  prior: { great: 2, the: 7 },
});
const weightsOf = (text: string) => weighTokens(TEST_WEIGHTS, readText(text)).weights;

describe('reading and weighing a text (any weights)', () => {
  it('negates every word up to the next punctuation, not only the next few', () => {
    expect(weightsOf('not that the ending was good, good')).toEqual([0, 0, 0, 0, 0, -0.5, 1]);
    expect(readText('not that the ending was good, good').map((t) => t.isNegated)).toEqual([
      false,
      true,
      true,
      true,
      true,
      true,
      false,
    ]);
  });

  it('ends a negation at a sentence end: the "good" after "No." is not negated', () => {
    expect(weightsOf('No. It was good')).toEqual([0, 0, 0, 1]);
  });

  it('scales what comes before the last "but" by BEFORE_BUT', () => {
    expect(weightsOf('good, but boring')).toEqual([BEFORE_BUT * 1, 0, -1]);
    expect(weightsOf('good but good but boring')).toEqual([BEFORE_BUT, 0, BEFORE_BUT, 0, -1]);
  });

  it('multiplies a word after an intensifier by BOOST', () => {
    expect(weightsOf('very good')).toEqual([0, BOOST]);
  });

  it('adds the prior outside a negation and takes it away inside one', () => {
    expect(weightsOf('great')).toEqual([2]);
    expect(weightsOf('not great')).toEqual([0, -2]);
  });

  it('gives a function word no weight of its own: its bigram with a content word shows on that word', () => {
    expect(weightsOf('the')).toEqual([0]);
    expect(weightsOf('love it')).toEqual([0.25 + 0.125, 0]);
    // "it was" is two function words: no bigram, whatever the weights hold for it.
    expect(weightsOf('it was')).toEqual([0, 0]);
  });

  it('reads "can\'t wait" as one word, eagerness, not as a negation of what follows', () => {
    for (const text of [
      "I can't wait to see the good parts",
      'I can not wait to see the good parts',
      "I ca n't wait to see the good parts",
    ]) {
      const tokens = readText(text);
      expect(
        tokens.map((t) => t.token),
        text,
      ).toEqual(['i', "can't wait", 'to', 'see', 'the', 'good', 'parts']);
      expect(
        tokens.some((t) => t.isNegated),
        text,
      ).toBe(false);
      expect(text.slice(tokens[1]?.start, tokens[1]?.end).replace(/\s+/g, ' '), text).toMatch(
        /^ca/,
      );
    }
    // Only "wait" right after it: "can't stand waiting" is still a negation.
    expect(readText("I can't stand waiting").map((t) => t.isNegated)).toEqual([
      false,
      false,
      true,
      true,
    ]);
  });

  it('reads a number as a function word: no weight of its own, only in a bigram', () => {
    expect(weightsOf('at 7:15')).toEqual([0, 0, 0]);
    expect(weightsOf('15 stars')).toEqual([0, 0.5]);
  });

  it('reads "like" as the verb only after a subject or an auxiliary, negated or not', () => {
    const likeIsFunctionWord = (text: string) =>
      readText(text).find((t) => t.token === 'like')?.isFunctionWord;
    expect(likeIsFunctionWord('It looks like a chair.')).toBe(true);
    expect(likeIsFunctionWord('not like other films')).toBe(true);
    expect(likeIsFunctionWord('We really like the new menu.')).toBe(false);
    expect(likeIsFunctionWord('I do not like this phone.')).toBe(false);
  });

  it('reads typed contractions the way the training corpus spells them', () => {
    const tokens = (text: string) => readText(text).map((t) => [t.token, t.isNegated]);
    expect(tokens('It is n’t good')).toEqual(tokens("It isn't good"));
    const typed = analyzeText("It isn't good");
    const split = analyzeText('It is n’t good');
    expect(split.score).toBe(typed.score);
    expect(split.words.map((w) => w.token)).toEqual(typed.words.map((w) => w.token));
  });
});

describe('the analysis of a text (any weights)', () => {
  it('lists the words that moved the score, in text order, each where it is in the text', () => {
    for (const text of ['What a wonderful, happy day', 'The room was dirty and noisy.']) {
      const analysis = analyzeText(text);
      expect(analysis.words.length).toBeGreaterThan(0);
      const starts = analysis.words.map((w) => w.start);
      expect(starts).toEqual(starts.toSorted((a, b) => a - b));
      for (const word of analysis.words) {
        expect(Math.abs(word.weight)).toBeGreaterThanOrEqual(MARKED_FROM);
        expect(text.slice(word.start, word.end).toLowerCase()).toBe(word.token);
      }
    }
  });

  it('leaves out only words too weak to mark: what they carry is under the mark for each', () => {
    for (const text of ['The room was dirty and noisy.', 'What a wonderful, happy day', 'meh']) {
      const analysis = analyzeText(text);
      const words = text.split(/\s+/).length;
      expect(Math.abs(analysis.score - sum(analysis))).toBeLessThan(MARKED_FROM * words);
    }
  });

  it('never marks a function word', () => {
    const analysis = analyzeText('The room was clean and the staff were lovely.');
    for (const token of ['the', 'was', 'and', 'were'])
      expect(analysis.words.map((w) => w.token)).not.toContain(token);
  });

  it('halves a marked word before the last "but"', () => {
    const alone = analyzeText('The acting was great.').words.find((w) => w.token === 'great');
    const before = analyzeText('The acting was great, but the plot was boring.');
    // Both weights are rounded to 3 decimals, so half of one can differ from the other by 0.0005.
    expect(before.words.find((w) => w.token === 'great')?.weight).toBeCloseTo(
      (alone?.weight ?? 0) * BEFORE_BUT,
      2,
    );
  });

  it('is neutral with nothing marked on empty input and on words no lexicon has', () => {
    for (const text of ['', '   ', '...', 'constructor toString __proto__ hasOwnProperty']) {
      expect(analyzeText(text), text).toMatchObject({ label: 'neutral', score: 0, words: [] });
    }
  });

  it('answers neutral when nothing weighs, even when the text exclaims', () => {
    for (const text of ['Hello there!', 'Xyzzy plugh!']) {
      expect(analyzeText(text), text).toMatchObject({ label: 'neutral', score: 0 });
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

  it('answers neutral on text that is not English, and says so', () => {
    for (const text of [
      "C'est vraiment nul, je déteste ce film.",
      'Me encanta este producto, es excelente.',
      'Der Zug fährt um neun Uhr ab und ich bin sehr glücklich.',
      'Questo film è davvero bellissimo, lo consiglio a tutti.',
      'Это ужасный фильм.',
    ]) {
      expect(analyzeText(text), text).toMatchObject({
        label: 'neutral',
        language: 'other',
        score: 0,
        words: [],
      });
    }
  });

  it('does not take English with a foreign name or an accent for another language', () => {
    expect(
      analyzeText('The café in São Paulo was wonderful, I loved it.').language,
    ).toBeUndefined();
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

import { describe, expect, it } from 'vitest';
import { analyzeText, type Analysis } from '../src/analyzer/analyze.ts';

/**
 * Crafted behaviour: the texts people paste, each with the answer a reader expects. These are
 * behaviours, not a benchmark: the project judges accuracy on held-out sets these never see.
 */

const labelOf = (text: string) => analyzeText(text).label;
const marked = (analysis: Analysis) => analysis.words.map((w) => w.token);
const weightOf = (analysis: Analysis, token: string) =>
  analysis.words.find((w) => w.token === token)?.weight;

describe('negation', () => {
  it('reads "not bad at all" as positive, and marks the negation as one positive unit', () => {
    const analysis = analyzeText('not bad at all');
    expect(analysis.label).toBe('positive');
    expect(analysis.words).toHaveLength(1);
    expect(analysis.words[0]?.token).toMatch(/^not bad/);
    expect(analysis.words[0]?.weight).toBeGreaterThan(0);
  });

  it('reads "not good" as negative, one negative unit', () => {
    const analysis = analyzeText('not good');
    expect(analysis.label).toBe('negative');
    expect(analysis.words).toEqual([
      { token: 'not good', weight: analysis.score, start: 0, end: 8 },
    ]);
    expect(analysis.score).toBeLessThan(0);
  });

  it('reads "I do not hate it" as positive', () => {
    expect(labelOf('I do not hate it')).toBe('positive');
  });

  it('reads "like" after "I", "do not" or "don\'t" as the verb, its negation as negative', () => {
    // SST-2's "like" is mostly the preposition ("like a bad soap opera", "not like other
    // films"), which made "I do not like this phone." positive.
    for (const text of [
      'I do not like this phone.',
      "I don't like it.",
      "We didn't like the food.",
    ]) {
      const analysis = analyzeText(text);
      expect(analysis.label, text).toBe('negative');
      expect(
        marked(analysis).some((token) => / like/.test(token)),
        text,
      ).toBe(true);
    }
    expect(labelOf('I like this phone.')).toBe('positive');
    expect(labelOf('We really like the new menu.')).toBe('positive');
  });

  it('negates up to the next punctuation, not only the next few words', () => {
    const analysis = analyzeText('I did not think the ending was good, really');
    expect(analysis.label).toBe('negative');
    expect(
      marked(analysis).some((token) => token.startsWith('not ') && token.endsWith('good')),
    ).toBe(true);
  });
});

describe('contrast', () => {
  it('lets the clause after "but" decide', () => {
    expect(labelOf('It was boring, but the acting was great')).toBe('positive');
    expect(labelOf('The acting was great, but it was boring')).toBe('negative');
  });
});

describe('intensifiers and short exclamations', () => {
  it('makes an intensified word count more', () => {
    expect(analyzeText('very good').score).toBeGreaterThan(analyzeText('good').score);
    expect(analyzeText('extremely bad').score).toBeLessThan(analyzeText('bad').score);
  });

  it('labels one-word exclamations', () => {
    expect(labelOf('Brilliant!')).toBe('positive');
    expect(labelOf('Awful.')).toBe('negative');
  });
});

describe('plain statements', () => {
  it('answers neutral on factual statements and plain questions', () => {
    for (const text of [
      'It is a chair.',
      'The train leaves at nine.',
      'Our office is on the second floor of the building.',
      // "room" leans negative in SST-2's film reviews (-0.38): a threshold on the sum labelled
      // these; the neutral model reads that no word of theirs is an opinion word.
      'The meeting is at 3pm in room 204.',
      'The hotel has 120 rooms and a pool.',
      'What time does the store open?',
    ]) {
      expect(labelOf(text), text).toBe('neutral');
    }
  });

  it('answers neutral when nothing weighs, even when the text exclaims', () => {
    for (const text of ['Hello there!', 'Xyzzy plugh!']) {
      expect(analyzeText(text), text).toMatchObject({ label: 'neutral', score: 0 });
    }
  });

  it('still answers on an opinion with a number or a question in it', () => {
    expect(labelOf('I love this phone, the battery lasts 3 days.')).toBe('positive');
    expect(labelOf('Terrible service, we waited 45 minutes.')).toBe('negative');
    expect(labelOf('Why is this phone so awful?')).toBe('negative');
  });

  it('still answers on an opinion that uses no strong word', () => {
    expect(labelOf('I would not recommend this phone to anyone')).toBe('negative');
    expect(labelOf('The staff went out of their way to help us')).toBe('positive');
  });
});

describe('emoji and emoticons', () => {
  it('labels emoji-only texts', () => {
    expect(labelOf('😍😍🔥👍')).toBe('positive');
    expect(labelOf('😡👎💩')).toBe('negative');
  });

  it('reads emoticons', () => {
    expect(labelOf('see you tomorrow :)')).toBe('positive');
    expect(labelOf('my flight got cancelled :(')).toBe('negative');
  });
});

describe('other languages', () => {
  it('answers neutral and says the text is not English', () => {
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
    const analysis = analyzeText('The café in São Paulo was wonderful, I loved it.');
    expect(analysis.label).toBe('positive');
    expect(analysis.language).toBeUndefined();
  });
});

describe('explanations', () => {
  it('marks only words that moved the answer; the rest is what the score has besides', () => {
    const analysis = analyzeText('The room was clean and the staff were lovely.');
    expect(marked(analysis)).toContain('lovely');
    for (const word of analysis.words) expect(Math.abs(word.weight)).toBeGreaterThanOrEqual(0.2);
    for (const token of ['the', 'was', 'and', 'were'])
      expect(marked(analysis)).not.toContain(token);
  });

  it('gives a marked word the sign a reader expects', () => {
    expect(weightOf(analyzeText('The food was delicious.'), 'delicious')).toBeGreaterThan(0);
    expect(weightOf(analyzeText('The food was disgusting.'), 'disgusting')).toBeLessThan(0);
  });
});

describe('edges', () => {
  it('is neutral with a coin-toss confidence on empty input', () => {
    for (const text of ['', '   ', '...']) {
      expect(analyzeText(text)).toMatchObject({ label: 'neutral', score: 0, words: [] });
    }
  });

  it('reads a very long text, every weight finite', () => {
    const analysis = analyzeText('The staff were friendly, but the bar was noisy. '.repeat(100));
    expect(analysis.words.length).toBeGreaterThan(100);
    expect(analysis.words.every((w) => Number.isFinite(w.weight))).toBe(true);
    expect(Number.isFinite(analysis.score)).toBe(true);
  });
});

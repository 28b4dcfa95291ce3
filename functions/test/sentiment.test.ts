import { describe, expect, it } from 'vitest';
import { analyzeText, MARKED_FROM, type Analysis } from '../src/analyzer/analyze.ts';
import {
  asWeights,
  NEUTRAL_FEATURES,
  neutralFeatures,
  weighTokens,
} from '../src/analyzer/learned.ts';
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
/** Each token of a text as read, and whether it is in a negator's scope. */
const negations = (text: string) => readText(text).map((t) => [t.token, t.isNegated]);
/** Which tokens a negation governs, one character each: n for negated, . for not. */
const scopeOf = (text: string) =>
  readText(text)
    .map((t) => (t.isNegated ? 'n' : '.'))
    .join('');

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

  it('weighs a pair with a unit of several words on either side as that pair (learned.ts packWeights)', () => {
    // A pair's key is "first second", and an idiom unit has spaces of its own.
    const weights = asWeights({
      words: {},
      negated: {},
      bigrams: { 'not worth telling': 0.5, 'buy never again': 0.25, 'it could have been': 2 },
      prior: {},
    });
    const weigh = (text: string) => weighTokens(weights, readText(text)).weights;
    expect(weigh('not worth telling')).toEqual([0, 0.5]);
    expect(weigh('I will buy never again')).toEqual([0, 0, 0, 0.25]);
    expect(weigh('it could have been great')).toEqual([0, 2, 0]);
  });

  it('makes no pair across a clause end', () => {
    const weights = asWeights({ words: {}, negated: {}, bigrams: { 'great movie': 1 }, prior: {} });
    const weigh = (text: string) => weighTokens(weights, readText(text)).weights;
    expect(weigh('great movie')).toEqual([0, 1]);
    expect(weigh('great. movie')).toEqual([0, 0]);
  });

  it("finds no weight on Object.prototype: a token named like one of its keys weighs what it's given", () => {
    const weights = asWeights({ words: { constructor: 1 }, negated: {}, bigrams: {}, prior: {} });
    const weighed = weighTokens(weights, readText('constructor toString'));
    expect(weighed.weights).toEqual([1, 0]);
    expect(weighed.opinionTokens).toBe(0);
  });

  it('reads letters beyond ASCII as letters: a text with one is read with the Unicode classes', () => {
    expect(readText('münch’s café in almodóvar\u00a0style').map((t) => t.token)).toEqual([
      "münch's",
      'café',
      'in',
      'almodóvar',
      'style',
    ]);
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

  it('reads "doesn\'t work" in every form of the verb as one unit, which still negates', () => {
    // The complaint "doesn't work", in every form of the verb: "never worked", "not working".
    for (const text of ['It never worked', 'It no longer works', 'Not working', 'Nothing works']) {
      expect(negations(text).at(-1), text).toEqual(["doesn't work", false]);
    }
    // And the other failures of a thing: "Didn't last a week.", "It never connected."
    expect(negations("Didn't last a week")[0]).toEqual(["doesn't last", false]);
    expect(negations('It never connected').at(-1)).toEqual(["doesn't connect", false]);
    // A negator still: "didn't work very well" praises nothing.
    expect(negations("didn't work well")).toEqual([
      ["doesn't work", false],
      ['well', true],
    ]);
  });

  it('reads the idioms of reviews as one unit each, which negates nothing after it', () => {
    expect(negations('Never again.')).toEqual([['never again', false]]);
    expect(negations('No complaints so far')).toEqual([
      ['no complaints', false],
      ['so', false],
      ['far', false],
    ]);
    expect(negations("Can't complain, really")).toEqual([
      ["can't complain", false],
      ['really', false],
    ]);
    expect(negations('Nothing special')).toEqual([['nothing special', false]]);
    expect(negations('No issues, no problem')).toEqual([
      ['no problems', false],
      ['no problems', false],
    ]);
    expect(negations('look no further')).toEqual([['look no further', false]]);
    // "Not a single complaint", "not one complaint", "no complaint": the same "no complaints".
    for (const text of ['Not a single complaint.', 'not one complaint', 'No complaint here']) {
      expect(negations(text)[0], text).toEqual(['no complaints', false]);
    }
    expect(negations('No regrets')).toEqual([['no regrets', false]]);
    expect(negations('Staff went above and beyond').at(-1)).toEqual(['above and beyond', false]);
    expect(negations('Above and beyond')).toEqual([['above and beyond', false]]);
    for (const text of ['Check-in took forever', 'We waited forever']) {
      expect(negations(text).at(-1), text).toEqual(['took forever', false]);
    }
    for (const text of ['I was expecting more', 'I expected better', 'Hoped for more']) {
      expect(negations(text).at(-1), text).toEqual(['expected more', false]);
    }
    expect(negations('Nothing to write home about')).toEqual([
      ['nothing to write home about', false],
    ]);
    for (const text of ['Customer support never replied', 'No response']) {
      expect(negations(text).at(-1), text).toEqual(['no reply', false]);
    }
    // "just what I needed" after "exactly" or "just", "not what I needed" after a negator, and
    // nothing after neither: "What I needed was a bigger size" is no verdict.
    expect(negations('Exactly what I needed').at(-1)?.[0]).toBe('just what i needed');
    expect(negations('Just what I was looking for').at(-1)?.[0]).toBe('just what i needed');
    expect(negations('Not what I wanted')).toEqual([['not what i needed', false]]);
    expect(negations('What I needed was a bigger size').map(([token]) => token)).not.toContain(
      'just what i needed',
    );
    // "I've had better", "I have had better pizza"; not the advice "You had better hurry".
    for (const text of ["I've had better", 'I have had better pizza']) {
      expect(
        negations(text).map(([token]) => token),
        text,
      ).toContain('have had better');
    }
    expect(negations('You had better hurry').map(([token]) => token)).not.toContain(
      'have had better',
    );
    // "recommend" is no longer negated; only the writer's own: "The bus won't hesitate" is plain.
    expect(negations('I would not hesitate to recommend it')).toEqual([
      ['i', false],
      ['would', false],
      ['not hesitate', false],
      ['to', false],
      ['recommend', false],
      ['it', false],
    ]);
    expect(negations("The bus won't hesitate").map(([token]) => token)).not.toContain(
      'not hesitate',
    );
    for (const text of [
      "won't be back",
      'will not be back',
      'I wouldnt go back',
      'never going back',
    ]) {
      expect(
        readText(text).filter((t) => t.token === "won't be back" && !t.isNegated),
        text,
      ).toHaveLength(1);
    }
    expect(negations('It is not worth the money')).toEqual([
      ['it', false],
      ['is', false],
      ['not worth', false],
      ['the', false],
      ['money', false],
    ]);
    expect(negations("I couldn't be happier")).toEqual([
      ['i', false],
      ["couldn't be happier", false],
    ]);
    expect(negations('It could not be worse')).toEqual([
      ['it', false],
      ["couldn't be worse", false],
    ]);
    // Only the idiom itself: a negator before other words still negates them.
    expect(negations('not coming')).toEqual([
      ['not', false],
      ['coming', true],
    ]);
    // "won't be back" is a verdict only from the writer (I, we) or with no subject: said of
    // someone or something else it is a plain statement of when they return.
    for (const text of [
      "The bus won't be back until noon.",
      'The manager will not be back until Tuesday.',
      'He is not coming back until Monday.',
    ]) {
      expect(
        readText(text).some((t) => t.token === "won't be back"),
        text,
      ).toBe(false);
    }
    expect(readText("We probably won't be back").at(-1)?.token).toBe("won't be back");
    // Not buying, ordering or going again is "never again", from the writer as well.
    for (const text of ["Won't buy again.", 'I will not order it again', "Wouldn't stay again"])
      expect(readText(text).at(-1)?.token, text).toBe('never again');
    expect(
      readText("The shop won't open again until May").some((t) => t.token === 'never again'),
    ).toBe(false);
    expect(negations("The service couldn't have been better")).toEqual([
      ['the', false],
      ['service', false],
      ["couldn't be better", false],
    ]);
    expect(negations('He is not back yet')).toEqual([
      ['he', false],
      ['is', false],
      ['not', false],
      ['back', true],
      ['yet', true],
    ]);
  });

  it('reads the writer\'s "will be back" as one unit, and a pronoun with its auxiliary as a function word', () => {
    expect(readText("We'll be back").map((t) => t.token)).toEqual(['will be back']);
    expect(readText('I will definitely be back').map((t) => t.token)).toEqual([
      'i',
      'will be back',
    ]);
    // Not from anyone else: "The bus will be back at noon." says when.
    expect(readText('The bus will be back').map((t) => t.token)).toContain('back');
    expect(readText("we'll see").map((t) => t.isFunctionWord)).toEqual([true, false]);
  });

  it('reads the writer\'s "would buy again", "will go back", "can\'t beat", "can\'t say enough" and "a must have" as one unit each', () => {
    for (const text of ['Would buy again', 'I will order it again', 'We will definitely come back'])
      expect(readText(text).at(-1)?.token, text).toBe('will be back');
    expect(readText('The bus will go back').map((t) => t.token)).toContain('back');
    expect(negations("You can't beat the price")[1]).toEqual(["can't beat", false]);
    expect(negations("It can't be beat")[1]).toEqual(["can't beat", false]);
    expect(readText('The nachos are a MUST HAVE').at(-1)?.token).toBe('must-have');
    expect(readText('I must have lost it').map((t) => t.token)).not.toContain('must-have');
    expect(negations("Can't say enough good things")).toEqual([
      ["can't say enough", false],
      ['good', false],
      ['things', false],
    ]);
  });

  it('reads an opening "don\'t" of advice against as one unit with its verb, only at a clause start', () => {
    expect(negations("Don't waste your money")).toEqual([
      ["don't waste", false],
      ['your', false],
      ['money', false],
    ]);
    expect(negations('Great price. Do not buy it though')[2]).toEqual(["don't buy", false]);
    expect(negations("I don't buy it")).toEqual([
      ['i', false],
      ["don't", false],
      ['buy', true],
      ['it', true],
    ]);
    // A word that only leads in, or an emoji, does not make it less of an opening.
    expect(negations("Please don't waste your money")[1]).toEqual(["don't waste", false]);
    expect(negations("Honestly, just don't bother")[2]).toEqual(["don't bother", false]);
    expect(negations("😡 Don't buy")[1]).toEqual(["don't buy", false]);
    expect(negations('DO NOT PURCHASE THIS PHONE')[0]).toEqual(["don't buy", false]);
    expect(negations("Don't order the fish")[0]).toEqual(["don't buy", false]);
    expect(negations("Don't go there")[0]).toEqual(["don't go", false]);
    expect(scopeOf("I can't go")).toBe('..n');
  });

  it('reads a number as a function word: no weight of its own, only in a bigram', () => {
    expect(weightsOf('at 7:15')).toEqual([0, 0, 0]);
    expect(weightsOf('15 stars')).toEqual([0, 0.5]);
  });

  it('tells the neutral model how a text is said: names after a lower-case word, stress, a "but", advice', () => {
    const feature = (text: string, name: (typeof NEUTRAL_FEATURES)[number]) =>
      neutralFeatures(weighTokens(TEST_WEIGHTS, readText(text)), text)[
        NEUTRAL_FEATURES.indexOf(name)
      ];
    // "Obama" opens the sentence, so it is not counted: any first word is capitalised.
    expect(feature('Obama will visit Paris on Monday.', 'names')).toBe(Math.log1p(2));
    expect(feature('the film was good. It was', 'names')).toBe(0);
    expect(feature('very good', 'intensifies')).toBe(1);
    expect(feature('good', 'intensifies')).toBe(0);
    expect(feature('good, but boring', 'contrasts')).toBe(1);
    expect(feature('good and boring', 'contrasts')).toBe(0);
    expect(feature("You shouldn't miss it", 'advises')).toBe(1);
    expect(feature('You will miss it', 'advises')).toBe(0);
    // As phones and hurried hands type it: the curly apostrophe, or none.
    expect(feature('You shouldn\u2019t have bought it', 'advises')).toBe(1);
    expect(feature('I wouldnt go back', 'advises')).toBe(1);
  });

  it('names nothing by the capitals of a text in Title Case or shouted', () => {
    const names = (text: string) =>
      neutralFeatures(weighTokens(TEST_WEIGHTS, readText(text)), text)[
        NEUTRAL_FEATURES.indexOf('names')
      ];
    expect(names("Doesn't Work At All.")).toBe(0);
    expect(names('DOES NOT WORK')).toBe(0);
    expect(names('The museum is not open on Mondays.')).toBe(Math.log1p(1));
  });

  it('tells the neutral model what the negated words weigh and whether the text opens with its negation', () => {
    const features = (text: string) =>
      neutralFeatures(weighTokens(TEST_WEIGHTS, readText(text)), text);
    const at = (name: string) =>
      NEUTRAL_FEATURES.indexOf(name as (typeof NEUTRAL_FEATURES)[number]);
    // TEST_WEIGHTS: "good" negated weighs -0.5; "boring" has no negated weight.
    expect(features('not good')[at('negated weight')]).toBe(0.5);
    expect(features('it is not boring')[at('negated weight')]).toBe(0);
    // Not "Don't buy it" or "Never again": the reader reads those idioms as one unit each.
    expect(features("Don't try the soup")[at('opens with a negation')]).toBe(1);
    expect(features('Never liked it')[at('opens with a negation')]).toBe(1);
    expect(features('It is not good')[at('opens with a negation')]).toBe(0);
  });

  it('reads a rating as one token, its score out of 10: "9/10", "4 out of 5", "5 stars", "gave it a 10"', () => {
    const read = (text: string) => readText(text).map((t) => [t.token, t.isFunctionWord]);
    expect(read('9/10')).toEqual([['9/10', false]]);
    expect(read('4 out of 5')).toEqual([['8/10', false]]);
    expect(read('8.5/10')).toEqual([['9/10', false]]);
    expect(read('11/10 would buy')).toEqual([
      ['10/10', false],
      ['would', true],
      ['buy', false],
    ]);
    expect(read('5 stars')).toEqual([['10/10', false]]);
    expect(read('1 star.')).toEqual([['2/10', false]]);
    // Counted in words, as in "Five stars!": the same rating, marked from the count to "stars".
    expect(read('Five stars!')).toEqual([['10/10', false]]);
    expect(read('zero stars')).toEqual([['0/10', false]]);
    expect(readText('One star.').map((t) => [t.token, t.start, t.end])).toEqual([['2/10', 0, 8]]);
    expect(read('I gave it a 10').at(-1)).toEqual(['10/10', false]);
    expect(readText('9/10').map((t) => [t.start, t.end])).toEqual([[0, 4]]);
    // Dates, times, fractions and counts are numbers, not ratings.
    for (const plain of [
      'on 5/10/2024',
      'open 24/7',
      'add 1/2 cup',
      'at 7:15',
      '15 stars',
      'The meeting moved to 9/10.',
      'due by 4/5',
      'Only 1/5 of the students passed',
    ])
      expect(
        readText(plain).some((t) => t.token.endsWith('/10')),
        plain,
      ).toBe(false);
  });

  it('reads "N thumbs up/down" as one unit, spelled as the Opinion Lexicon has it ("thumbs-down"): the count is of thumbs, not a number of a statement', () => {
    expect(readText('I give it 2 thumbs down').map((t) => t.token)).toEqual([
      'i',
      'give',
      'it',
      'thumbs-down',
    ]);
    expect(readText('Thumbs up!').map((t) => t.token)).toEqual(['thumbs-up']);
  });

  it('reads a rating as an opinion, not as the numbers of a statement', () => {
    const hasNumbers = (text: string) =>
      neutralFeatures(weighTokens(TEST_WEIGHTS, readText(text)), text)[
        NEUTRAL_FEATURES.indexOf('has numbers')
      ];
    const rates = (text: string) =>
      neutralFeatures(weighTokens(TEST_WEIGHTS, readText(text)), text)[
        NEUTRAL_FEATURES.indexOf('rates')
      ];
    for (const rating of ['10/10', 'I gave it a 10', '5 stars', '4 out of 5']) {
      expect(hasNumbers(rating), rating).toBe(0);
      expect(rates(rating), rating).toBe(1);
    }
    expect(rates('room 204')).toBe(0);
    for (const plain of ['at 7:15', 'on 5/10/2024', 'open 24/7', 'add 1/2 cup', 'room 204'])
      expect(hasNumbers(plain), plain).toBe(1);
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
    expect(negations('It is n’t good')).toEqual(negations("It isn't good"));
    const typed = analyzeText("It isn't good");
    const split = analyzeText('It is n’t good');
    expect(split.score).toBe(typed.score);
    expect(split.words.map((w) => w.token)).toEqual(typed.words.map((w) => w.token));
  });
});

describe('reading a post the way people write them (any weights)', () => {
  const tokens = (text: string) => readText(text).map((t) => t.token);

  it('reads a word stretched by a run of three or more letters as the word', () => {
    expect(tokens('so goooood')).toEqual(['so', 'good']);
    expect(tokens('sooo good, loooove it')).toEqual(['so', 'good', 'love', 'it']);
    expect(tokens('NOOOOO')).toEqual(['no']);
    expect(tokens('sweeeet, I misss you')).toEqual(['sweet', 'i', 'miss', 'you']);
    expect(tokens('yesss please')).toEqual(['yes', 'please']);
    // A letter doubled as spelled is left alone.
    expect(tokens('good coffee, really')).toEqual(['good', 'coffee', 'really']);
    // The span is the word as typed, so the explanation marks what the writer wrote.
    const [, good] = readText('so goooood!');
    expect('so goooood!'.slice(good?.start, good?.end)).toBe('goooood');
  });

  it('reads a hashtag as its words: "#fail" as "fail", "#WorstDayEver" as "worst day ever"', () => {
    expect(tokens('lost my bag #fail')).toEqual(['lost', 'my', 'bag', 'fail']);
    expect(tokens('#WorstDayEver')).toEqual(['worst', 'day', 'ever']);
    const [worst, day] = readText('#WorstDayEver');
    expect([worst?.start, worst?.end, day?.start, day?.end]).toEqual([1, 6, 6, 9]);
    // Its words join as any words do: "#NeverAgain" is the idiom, one unit.
    expect(readText('#NeverAgain').map((t) => [t.token, t.start, t.end])).toEqual([
      ['never again', 1, 11],
    ]);
  });

  it('ends a negation before a hashtag: the tag is its own verdict', () => {
    expect(readText('still no refund #fail').map((t) => [t.token, t.isNegated])).toEqual([
      ['still', false],
      ['no', false],
      ['refund', true],
      ['fail', false],
    ]);
    expect(readText('#NotHappy').map((t) => t.isNegated)).toEqual([false, true]);
  });

  it('reads a tag as a clause of its own, joined as any words are, its opening negator weightless', () => {
    const read = (text: string) =>
      readText(text).map((t) => [t.token, t.isFunctionWord, t.isNegated]);
    expect(read('#CantWait for the weekend')[0]).toEqual(["can't wait", false, false]);
    // "#NoFilter" says nothing against anything: the tag's "no" only negates what follows it.
    expect(read('#NoFilter')).toEqual([
      ['no', true, false],
      ['filter', false, true],
    ]);
    expect(read('#NotHappy with it')).toEqual([
      ['not', true, false],
      ['happy', false, true],
      ['with', true, false],
      ['it', true, false],
    ]);
    expect(read('#no')).toEqual([['no', false, false]]);
  });

  it('reads a stretched "nooooo" as an exclamation, which negates nothing after it', () => {
    expect(readText('nooooo my phone died').map((t) => t.isNegated)).toEqual([
      false,
      false,
      false,
      false,
    ]);
    expect(readText('no phone').map((t) => t.isNegated)).toEqual([false, true]);
  });

  it('reads no @mention, link or leading "RT": they are not opinion, and not content', () => {
    expect(tokens('@united lost my bag again')).toEqual(['lost', 'my', 'bag', 'again']);
    expect(tokens('RT @cnn: Senate passes the bill')).toEqual(['senate', 'passes', 'the', 'bill']);
    for (const link of [
      'http://t.co/abc123',
      'https://example.com/t/abc?x=1',
      'www.example.com',
      'example.com/t/abc',
    ]) {
      expect(tokens(`Check out our new post ${link} now`), link).toEqual([
        'check',
        'out',
        'our',
        'new',
        'post',
        'now',
      ]);
    }
    const content = (text: string) => weighTokens(TEST_WEIGHTS, readText(text)).contentTokens;
    expect(content('RT @sam_k: new post http://t.co/x')).toBe(content('new post'));
    // Dots between words are not a link unless a domain ends them.
    expect(tokens('at 3 p.m. it was good.come back')).toEqual(
      'at 3 p m it was good come back'.split(' '),
    );
  });

  it('reads the words of sentences joined without a space, and of a text full of dots', () => {
    // "me", "us" and "co" end domains (t.co) and are English words: no path, no link.
    expect(tokens('The food was bad.me and my kids left')).toEqual(
      'the food was bad me and my kids left'.split(' '),
    );
    expect(tokens('It was great.Me and my wife loved it.')).toEqual(
      'it was great me and my wife loved it'.split(' '),
    );
    expect(tokens('Loved it.Us too!')).toEqual(['loved', 'it', 'us', 'too']);
    expect(tokens('see http://t.co/abc and t.co/xyz')).toEqual(['see', 'and']);
    // Every word of "a.a.a…" once looked for a link to the end of the run: quadratic in its
    // length (a 5,000-character text took 10× an ordinary one). It reads as words, once.
    expect(tokens('a.'.repeat(2500))).toHaveLength(2500);
  });

  it('reads no e-mail address: its words are an address, not opinion', () => {
    expect(tokens('For returns write to complaints@acme.com.')).toEqual([
      'for',
      'returns',
      'write',
      'to',
    ]);
    expect(tokens('Send the form to happy.customer@example.com today')).toEqual(
      'send the form to today'.split(' '),
    );
    expect(tokens('Our address is sales@acme.de')).toEqual(['our', 'address', 'is']);
    // A mention after a space is still a mention, and "@ home" is a word.
    expect(tokens('thanks @sam_k')).toEqual(['thanks']);
  });

  it('keeps a stretched "not" or "don\'t" a negation: only a stretched "no" is an exclamation', () => {
    expect(negations('nooooot good')).toEqual([
      ['not', false],
      ['good', true],
    ]);
    expect(negations("I dooon't like it").map(([, n]) => n)).toEqual([false, false, true, true]);
  });

  it('keeps the double letter of the opinion words people stretch', () => {
    expect(tokens('terrrrible service, horrrrible food')).toEqual([
      'terrible',
      'service',
      'horrible',
      'food',
    ]);
    expect(tokens('brilllliant! annnnoying. excelllent')).toEqual([
      'brilliant',
      'annoying',
      'excellent',
    ]);
  });

  it('reads a negation typed without its apostrophe as a negation', () => {
    const typed = 'dont doesnt didnt cant wont isnt wasnt arent werent couldnt wouldnt shouldnt';
    for (const negator of `${typed} havent hasnt hadnt aint`.split(' ')) {
      expect(
        readText(`${negator} like it`).map((t) => t.isNegated),
        negator,
      ).toEqual([false, true, true]);
    }
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

  it('does not take a post with slang or a sung "la la la" for another language', () => {
    for (const text of ['lol omg', 'omg ur so gr8 lol', 'la la la love this song']) {
      expect(analyzeText(text).language, text).toBeUndefined();
    }
    // One foreign word said over and over is not a language; two different ones are.
    expect(analyzeText('la la la la').language).toBeUndefined();
    expect(analyzeText('la casa es muy bonita').language).toBe('other');
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

describe('contrast and unmet expectations (any weights)', () => {
  it('weighs what comes before "however", "except", "otherwise" as before a "but"', () => {
    expect(weightsOf('good, however boring')).toEqual([BEFORE_BUT, 0, -1]);
    expect(weightsOf('good except boring')).toEqual([BEFORE_BUT, 0, -1]);
    expect(weightsOf('boring, otherwise good')).toEqual([-BEFORE_BUT, 0, 1]);
  });

  it('reads "yet" and "still" as a "but" only where they open a clause after another', () => {
    expect(weightsOf('good, yet boring')).toEqual([BEFORE_BUT, 0, -1]);
    expect(weightsOf('good and yet boring')).toEqual([BEFORE_BUT, 0, 0, -1]);
    expect(weightsOf('boring. Still, good')).toEqual([-BEFORE_BUT, 0, 1]);
    // "I have yet to", "still good": no contrast.
    expect(weightsOf('good, I have yet to see boring')).toEqual([1, 0, 0, 0, 0, 0, -1]);
    expect(weightsOf('boring but still good')).toEqual([-BEFORE_BUT, 0, 0, 1]);
  });

  it('weighs the clause "although" opens less than the one it concedes to, before or after it', () => {
    expect(weightsOf('although good, boring')).toEqual([0, BEFORE_BUT, -1]);
    expect(weightsOf('boring, although good')).toEqual([-1, 0, BEFORE_BUT]);
    expect(weightsOf('though good, boring')).toEqual([0, BEFORE_BUT, -1]);
    expect(weightsOf('boring even though good')).toEqual([-1, 0, 0, BEFORE_BUT]);
    // After a comma "though" is said as a "but", at the end as "however": no concession.
    expect(weightsOf('good, though boring')).toEqual([1, 0, -1]);
    expect(weightsOf('boring, though.')).toEqual([-1, 0]);
  });

  it('ends a negation at a contrast, as at a "but"', () => {
    expect(scopeOf('not good, however boring')).toBe('.n..');
    expect(scopeOf('not good although boring')).toBe('.n..');
  });

  it('ends a negation at every contrast, not only at the last one', () => {
    expect(scopeOf('not cheap but good but slow')).toBe('.n....');
    expect(scopeOf('not cheap and yet good but slow')).toBe('.nn....');
  });

  it('ends a negation where a new clause opens: at "because", "when", or "and" before a new subject', () => {
    expect(weightsOf('not good and the boring')).toEqual([0, -0.5, 0, 0, -1]);
    expect(weightsOf('not good because boring')).toEqual([0, -0.5, 0, -1]);
    expect(scopeOf('not good when boring')).toBe('.n..');
    expect(scopeOf('not good and it was boring')).toBe('.n....');
    // "and" before anything else joins what the negation governs.
    expect(scopeOf('not good and boring')).toBe('.nnn');
  });

  it('keeps a negation through "which" and "or": the noun it describes, the things it lists', () => {
    expect(scopeOf('not a film which I enjoyed')).toBe('.nnnnn');
    expect(scopeOf('no style or the charm')).toBe('.nnnn');
  });

  it('reads a negated degree as emphasis: "never been more", "couldn\'t be more", "never had such"', () => {
    expect(weightsOf("couldn't be more good")).toEqual([0, 0, 0, 1]);
    expect(weightsOf('never been more boring')).toEqual([0, 0, 0, -1]);
    expect(weightsOf('never had such good')).toEqual([0, 0, 0, 1]);
    // A negated "so", or "more" elsewhere, is still denied.
    expect(weightsOf('not so good')).toEqual([0, 0, -0.5 * BOOST]);
    expect(weightsOf('not more good')).toEqual([0, 0, -0.5]);
  });

  it('reads an unmet expectation as one unit that negates the rest of its clause: "could have been good"', () => {
    for (const [text, unit] of [
      ['could have been good', 'could have been'],
      ["should've been good", 'should have been'],
      ['would have been good', 'would have been'],
      ['supposed to be good', 'supposed to'],
      ['if only it was good', 'if only'],
    ] as const) {
      const tokens = readText(text);
      expect(tokens[0]?.token, text).toBe(unit);
      expect(tokens.at(-1), text).toMatchObject({ token: 'good', isNegated: true, unit: 0 });
      expect(weightsOf(text).at(-1), text).toBe(-0.5);
    }
    expect(scopeOf('could have been good, good')).toBe('.n.');
  });

  it('keeps "could not have been" a negation, and a plain "could have", "want to", a guess none', () => {
    expect(scopeOf('could not have been good')).toBe('..nnn');
    expect(scopeOf('could have good')).toBe('...');
    expect(scopeOf('I want to be good')).toBe('.....');
    // "wanted to" opens thanks as often as regret; "might have been" guesses.
    expect(scopeOf('I wanted to say thanks')).toBe('.....');
    expect(scopeOf('it might have been the best')).toBe('......');
  });
});

describe('negators that deny nothing, and "far from" (any weights)', () => {
  it('reads "not only", "not just", "wasn\'t until", "never fails to" as one weightless unit that negates nothing', () => {
    for (const [text, unit] of [
      ['not only good', 'not only'],
      ['not just good', 'not just'],
      ["it wasn't until the end that it was good", 'not until'],
      ['not until the end was it good', 'not until'],
      ['it never fails to be good', 'never fails to'],
      ['it never ceases to be good', 'never fails to'],
    ] as const) {
      const tokens = readText(text);
      expect(
        tokens.find((t) => t.token === unit),
        text,
      ).toMatchObject({ isFunctionWord: true });
      expect(scopeOf(text), text).not.toContain('n');
      expect(weightsOf(text).at(-1), text).toBe(1);
    }
    // The units of other words are still negations: "not good", "never good", "no longer".
    expect(scopeOf('not good only')).toBe('.nn');
    expect(scopeOf('never good')).toBe('.n');
  });

  it('reads "as well" as one function word: "not good as well" turns no "well" round', () => {
    expect(readText('not good as well').map((t) => [t.token, t.isFunctionWord])).toEqual([
      ['not', false],
      ['good', false],
      ['as well', true],
    ]);
    expect(weightsOf('not good as well')).toEqual([0, -0.5, 0]);
  });

  it('reads "could have been worse" as one unit, relief: the unmet expectation negates nothing', () => {
    expect(negations('It could have been worse.')).toEqual([
      ['it', false],
      ['could have been worse', false],
    ]);
    expect(scopeOf('could have been better')).toBe('.n');
  });

  it('reads "far from" as a negation of the rest of its clause: "far from good"', () => {
    const tokens = readText('far from good, good');
    expect(tokens.map((t) => t.token)).toEqual(['far from', 'good', 'good']);
    expect(scopeOf('far from good, good')).toBe('.n.');
    expect(weightsOf('far from good').at(-1)).toBe(-0.5);
    // "far" alone is no negator.
    expect(scopeOf('far good')).toBe('..');
  });

  it('reads "not far from" as one weightless unit, a place: the longer unit wins over "far from"', () => {
    const tokens = readText('not far from good');
    expect(tokens.map((t) => [t.token, t.isFunctionWord])).toEqual([
      ['not far from', true],
      ['good', false],
    ]);
    expect(scopeOf('not far from good')).toBe('..');
  });

  it('reads "one bit" and "least bit" in a negation as stress: the negated word is what weighs', () => {
    for (const text of ['not one bit good', 'not the least bit good']) {
      expect(scopeOf(text), text).toMatch(/^\.n+$/);
      expect(weightsOf(text).at(-1), text).toBe(-0.5);
      expect(
        readText(text)
          .filter((t) => !t.isFunctionWord)
          .map((t) => t.token),
        text,
      ).toEqual(['not', 'good']);
    }
  });

  it('reads "can\'t believe how" as amazement, one weightless unit: what it exclaims at keeps its sign', () => {
    for (const text of ["I can't believe how good", 'we could not believe how good']) {
      expect(
        readText(text)
          .filter((t) => !t.isFunctionWord)
          .map((t) => t.token),
        text,
      ).toEqual(['good']);
      expect(scopeOf(text), text).not.toContain('n');
      expect(weightsOf(text).at(-1), text).toBe(1);
    }
    // Without "how" it denies what follows: "I can't believe anyone would have a good time".
    expect(scopeOf("can't believe anyone good")).toBe('.nnn');
  });

  it('reads "can\'t ... enough" as praise: no negation, and "can\'t" weighs nothing', () => {
    for (const text of [
      "Can't recommend it enough",
      "I can't thank them enough for their help",
      'I can not recommend them enough',
    ]) {
      const tokens = readText(text);
      expect(scopeOf(text), text).not.toContain('n');
      expect(
        tokens.filter((t) => t.token === "can't" || t.token === 'not').map((t) => t.isFunctionWord),
        text,
      ).toEqual([true]);
    }
    // A quantity it cannot hold, or can't without "enough", is still denied.
    expect(scopeOf("can't hold enough water")).toBe('.nnn');
    expect(scopeOf("can't recommend it")).toBe('.nn');
  });

  it('reads "never been better" as "couldn\'t be better", and "never gets better" as a negation', () => {
    for (const text of [
      'Never been better',
      'I have never had better',
      "I've never felt happier",
    ]) {
      expect(negations(text).at(-1)?.[0], text).toMatch(/^couldn't be (better|happier)$/);
    }
    expect(scopeOf('It never gets better')).toBe('..nn');
  });

  it('keeps "but also" from turning against what came before: "not only ... but also" adds', () => {
    expect(weightsOf('good but also boring')).toEqual([1, 0, 0, -1]);
    expect(weightsOf('good but boring')).toEqual([BEFORE_BUT, 0, -1]);
  });
});

describe('plain negations: what the neutral model reads without them (any weights)', () => {
  // Made-up weights: "no" is curated (as in AFINN and VADER), "charm" is, "charge" was learned
  // negated from complaints, and "has no" is a bigram as SST-2 teaches it.
  const weights = asWeights({
    words: { no: -2, not: -0.5, hotel: 0.25 },
    negated: { charge: -1.5, pool: 0.25 },
    bigrams: { 'has no': -1 },
    prior: { no: -0.5, charm: 1, "doesn't work": -1 },
  });
  const features = (text: string) => {
    const all = neutralFeatures(weighTokens(weights, readText(text)), text);
    return Object.fromEntries(NEUTRAL_FEATURES.map((name, i) => [name, all[i]]));
  };

  it('sets aside a negation whose scope holds no curated word and weighs little', () => {
    // "no" (-2 - 0.5 for its prior - 1 for "has no") and "pool" (0.25) are set aside, "hotel"
    // is what is left.
    expect(features('The hotel has no pool.')).toMatchObject({
      strength: 0.25,
      'opinion words': 0,
      'strongest prior': 0,
      'strongest weight': 0.25,
    });
    // A negated subject, at the start too ("No dogs are allowed."): all of it is set aside.
    expect(features('No pool at the hotel.')).toMatchObject({ strength: 0, 'opinion words': 0 });
  });

  it('keeps a negation of a curated word, of a word that weighs, or of a verb with no subject', () => {
    // Each as weighed: the negator's weight and prior count.
    expect(features('The hotel has no charm.')).toMatchObject({ 'opinion words': Math.log1p(2) });
    expect(features('The hotel does not charge.')).toMatchObject({ strength: 1.75 });
    expect(features('Not the pool.')).toMatchObject({ strength: 0.25 });
    // A negating idiom is a verdict of its own, however plain what it negates.
    expect(features("It doesn't work with my phone.")).toMatchObject({ strength: 1 });
  });
});

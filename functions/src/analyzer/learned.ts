import { readFileSync } from 'node:fs';
import { hasDigit, type ReadToken, UNIT_TOKENS } from './tokens.ts';

/**
 * The learned lexicon: a text, as tokens.ts reads it, scores the sum of its tokens' weights,
 * which is the trained model's log-odds that the text is positive. Training
 * (lab/training/features.ts) reads text with the same tokens.ts, so the weights here are the
 * model's own.
 */

/**
 * learned.json, written by `npm run train` (lab/training/train.ts): how scores become answers,
 * and the weights, packed (PackedWeights).
 */
export interface LexiconFile extends PackedWeights {
  readonly format: 'sentiment-lexicon';
  readonly version: number;
  readonly scoring: {
    readonly beforeBut: number;
    /**
     * A small logistic model of "this text states no opinion", on the evidence it carries
     * (NEUTRAL_FEATURES, in that order): neutral when its log-odds exceed `above`. Fitted by
     * npm run train (lab/training/calibrate.ts fitNeutral).
     */
    readonly neutral: {
      readonly weights: readonly number[];
      readonly bias: number;
      readonly above: number;
    };
    /** Knots [|score|, how often an answer that strong is right], fitted by npm run train. */
    readonly confidence: readonly (readonly [number, number])[];
    /** How often a neutral answer was right where it was fitted. */
    readonly neutralConfidence: number;
  };
}

/** The weights a model learned, token by token, as training makes them and tests write them. */
export interface Weights {
  /** Learned weight of a token outside a negator's scope. */
  readonly words: Readonly<Record<string, number>>;
  /** Learned weight of a token inside a negator's scope. */
  readonly negated: Readonly<Record<string, number>>;
  /** Learned weight of "first second", added to the second token. */
  readonly bigrams: Readonly<Record<string, number>>;
  /**
   * The curated lexicons' (AFINN-165 with emoji, VADER, Hu & Liu's Opinion Lexicon) score of a
   * token times its learned worth: added to `words`, subtracted inside a negator's scope. A token
   * here is opinion-bearing.
   */
  readonly prior: Readonly<Record<string, number>>;
}

/**
 * The weights as learned.json carries them: the tokens once, in one list, and each kind of
 * weight as an array by a token's place in that list (0: none). As the keys of four objects the
 * same ~14,000 tokens cost more to load: JSON.parse makes an object of that many keys a
 * dictionary and internalizes every key, and parsing was most of the lexicon's load time; arrays
 * parse in under half of it, though building the token Map spends some of that again.
 */
export interface PackedWeights {
  /** Every token that weighs, alone or as half of a pair: its index is its id below. */
  readonly tokens: readonly string[];
  readonly words: readonly number[];
  readonly negated: readonly number[];
  readonly prior: readonly number[];
  /** The pairs, three numbers each: the first token's id, the second's, and the pair's weight. */
  readonly bigrams: readonly number[];
}

export interface WeighedText {
  /** Log-odds that the text is positive. */
  readonly score: number;
  /** Each token's weight in context (its bigram and "but" applied), in text order. */
  readonly weights: readonly number[];
  /** How many tokens a curated lexicon scores: the text's opinion-bearing words. */
  readonly opinionTokens: number;
  /** The largest |curated score| of a token, times its learned worth. */
  readonly strongestPrior: number;
  /** The largest |weight| of a token in context. */
  readonly strongestWeight: number;
  /** Tokens that are not function words: content words, emoji and faces. */
  readonly contentTokens: number;
  /** Tokens with a digit: times, dates, sizes, the stuff of plain statements. */
  readonly numbers: number;
  /** Ratings ("9/10", "5 stars"): an opinion said with a number (the reader's isRating). */
  readonly ratings: number;
  /** Tokens after an intensifier ("very", "so"): people stress what they judge. */
  readonly boosted: number;
  /** Whether a "but" weighs down what comes before it: a contrast, mostly of judgements. */
  readonly contrasted: boolean;
  /**
   * The summed weight of the tokens in a negator's scope: the `negated` weights were learned
   * from negated opinions ("doesn't really work"), while a negated plain word weighs little ("is
   * not open on Mondays", where the negator's own weight carries the score).
   */
  readonly negatedWeight: number;
  /**
   * Whether the first token is a negator with a scope: a verdict or an order with no subject
   * ("Doesn't charge.", "Won't buy again."). Also a plain statement's ("Never been to Spain."),
   * but holding it to negated words that weigh cost the calibration statements 1 point.
   */
  readonly opensWithNegation: boolean;
  /** The evidence with its plain negations set aside, or undefined if it has none. */
  readonly plainNegations: PlainNegations | undefined;
}

/**
 * A plain negation is a negator whose scope holds no word a curated lexicon scores and weighs
 * little ("has no pool", "is not open on Mondays"): it says that something is absent. What it
 * weighs is the negator's pull in film reviews, where a negator mostly negates a judgement, and
 * "no" is itself in AFINN and VADER; so the neutral model reads the text's evidence without it.
 * A negated word that weighs ("doesn't really work": "work" was learned from complaints) makes no
 * plain negation, nor a verb negated at the start ("Didn't last a week."): see PLAIN_SCOPE and
 * SUBJECT_NEGATORS. The negated statements (dev/negated-statements.tsv) were 55 % neutral without
 * this; the fit has no negated statement.
 */
export interface PlainNegations {
  /** Without them: the text's score, and its opinionTokens, strongestPrior and strongestWeight. */
  readonly score: number;
  readonly opinionTokens: number;
  readonly strongestPrior: number;
  readonly strongestWeight: number;
}

/** Negators that open a noun phrase: a negation of the subject, not of a verb. */
const SUBJECT_NEGATORS = new Set(['no', 'nobody', 'nothing', 'none', 'neither']);

/**
 * A negation whose scope weighs less than this (in log-odds) can be a plain one: "doesn't really
 * work" weighs about -1.3 there. Chosen by the calibration statements found at the cut: 83 / 84 /
 * 87 / 72 % at 0.3 / 0.5 / 0.8 / 1.2 with 161 negated statements written for the choice added to
 * the fit (not kept: in the fit they cost the other statements 4 points), 91.1 % up to 0.8 and
 * 89.9 at 1.2 without them.
 */
const PLAIN_SCOPE = 0.8;

/**
 * What the neutral model reads of a text: how strong the answer is, how many and how strong its
 * opinion-bearing words are, how much of it they are, its length, whether it has numbers, asks a
 * question (a question asks more than it judges) or exclaims (statements rarely do), and how it is
 * said: names of people, places and days are what statements are about ("Obama will visit Paris on
 * Monday."), while people stress ("really", "so"), weigh one thing against another ("but") and say
 * what should or would have been when they judge. A complaint or an order often has no subject
 * and opens with its negation ("Doesn't charge.", "Don't buy it."), and what its negated words
 * weigh was learned from negated opinions, where a plain statement's negation carries its weight
 * on the negator alone ("The museum is not open on Mondays."): the evidence is read with such
 * plain negations set aside (PlainNegations). A rating ("9/10", "5 stars") is an
 * opinion, and the reader reads it as one token, not as a number of a statement. A sum near 0
 * alone is a poor sign of "no opinion": "The case is made of steel." sums to -1.8 from plain
 * words, "Exactly what I wanted." to 0; and a lexicon cannot tell the plain words of "She works
 * at the hospital on Elm Road." from those of a review, but the way the sentence is said can.
 */
export const NEUTRAL_FEATURES = [
  'strength',
  'opinion words',
  'strongest prior',
  'strongest weight',
  'opinion share',
  'length',
  'has numbers',
  'is a question',
  'exclaims',
  'names',
  'intensifies',
  'contrasts',
  'advises',
  'negated weight',
  'opens with a negation',
  'rates',
] as const;

/** The features, in NEUTRAL_FEATURES' order, of a text and its weighing. */
export function neutralFeatures(weighed: WeighedText, text: string): number[] {
  const { contentTokens, numbers } = weighed;
  const { score, opinionTokens, strongestPrior, strongestWeight } =
    weighed.plainNegations ?? weighed;
  return [
    Math.abs(score),
    Math.log1p(opinionTokens),
    strongestPrior,
    strongestWeight,
    opinionTokens / Math.max(1, contentTokens),
    Math.log1p(contentTokens),
    numbers > 0 ? 1 : 0,
    text.trimEnd().endsWith('?') ? 1 : 0,
    text.includes('!') ? 1 : 0,
    Math.log1p(namesIn(text, weighed.weights.length)),
    weighed.boosted > 0 ? 1 : 0,
    weighed.contrasted ? 1 : 0,
    MODAL.test(text) ? 1 : 0,
    Math.abs(weighed.negatedWeight),
    weighed.opensWithNegation ? 1 : 0,
    weighed.ratings > 0 ? 1 : 0,
  ];
}

/** A capitalised word after a lower-case one: a name, a place, a day ("on Monday", "in Perth"). */
const NAME = /[a-z,]\s+[A-Z][a-z]/g;
/** A word that starts in lower case. */
const LOWER_START = /(?:^|\s)[a-z]/g;

/**
 * How many names a text's capitals show. A text in Title Case or in capitals ("Does Not Work.",
 * a review's headline) names nothing by them: names count only where at least half the words
 * start lower-case.
 */
function namesIn(text: string, tokens: number): number {
  const names = text.match(NAME)?.length ?? 0;
  if (names === 0) return 0;
  return 2 * (text.match(LOWER_START)?.length ?? 0) >= tokens ? names : 0;
}

/**
 * What people would, should or could have done: advice and regret; "n't" also as typed on a
 * phone (’) or in a hurry (none), as the reader reads the negations.
 */
const MODAL = /\b(would|should|could|must)(n['\u2019\u02bc]?t)?\b/i;

/** The neutral model's log-odds that a text with these features states no opinion. */
export function neutralLogit(
  model: Pick<LexiconFile['scoring']['neutral'], 'weights' | 'bias'>,
  features: readonly number[],
): number {
  let logit = model.bias;
  features.forEach((value, i) => (logit += value * (model.weights[i] ?? 0)));
  return logit;
}

/** Whether a text reads as a plain statement rather than an opinion, by the shipped model. */
export function isStatement(weighed: WeighedText, text: string): boolean {
  const model = SCORING.neutral;
  return neutralLogit(model, neutralFeatures(weighed, text)) > model.above;
}

// Read as data, not imported as code: JSON.parse is about twice as fast as compiling the same
// object as JavaScript, and start-up time is paid by the first user after a scale from zero.
// The bundle (functions/fast-start/build.mjs) carries the file beside it.
const lexicon = JSON.parse(
  readFileSync(new URL('./learned.json', import.meta.url), 'utf8'),
) as LexiconFile;

/**
 * The weights as weighTokens looks them up: a token's id by one Map lookup, its weights by that
 * id, and a pair's by a number made of the two ids. A Map's lookup of a string hashes it, and the
 * hash stays on the string for the next; an object's keyed lookup of a string made at run time
 * first looks it up in V8's table of internalized strings
 * (StringTable::TryStringToIndexOrLookupExisting, v8/src/objects/string-table.cc). So each token
 * is looked up once, and each pair by number instead of by a "first second" string made for the
 * lookup. No prototype to trip on either: "constructor" is just a token that has no id.
 */
export interface Lookups {
  readonly ids: ReadonlyMap<string, number>;
  readonly words: readonly number[];
  readonly negated: readonly number[];
  readonly prior: readonly number[];
  /** A pair's weight by pairKey(first id, second id). */
  readonly bigrams: ReadonlyMap<number, number>;
}

/**
 * One number per pair of ids under `size`: unique because second < size. Under about 32,768
 * tokens it stays a small integer (a Smi), which a Map hashes fastest; past that, slower, not wrong.
 */
const pairKey = (size: number, first: number, second: number) => first * size + second;

/** The packed weights (learned.json's layout) as lookups: what the API does at start-up. */
export function unpackWeights(packed: PackedWeights): Lookups {
  const ids = new Map<string, number>();
  // A loop of Map.set, not `new Map(pairs)`, which needs a pair array per token first.
  for (let id = 0; id < packed.tokens.length; id++) ids.set(packed.tokens[id] as string, id);
  const bigrams = new Map<number, number>();
  const pairs = packed.bigrams;
  for (let i = 0; i + 2 < pairs.length; i += 3) {
    const key = pairKey(ids.size, pairs[i] as number, pairs[i + 1] as number);
    bigrams.set(key, pairs[i + 2] as number);
  }
  return { ids, words: packed.words, negated: packed.negated, prior: packed.prior, bigrams };
}

/**
 * Weights token by token in learned.json's layout. Tokens in sorted order, so the file is the
 * same for the same weights. A pair's key is "first second", and its second token is the reader's
 * last: a unit of several words (UNIT_TOKENS: "not worth telling" pairs "not worth" with
 * "telling", "it never again" "it" with "never again"), or else the word after the last space.
 * Only own keys count: a token named "constructor" finds Object.prototype's otherwise.
 */
export function packWeights(weights: Weights): PackedWeights {
  const units = [...UNIT_TOKENS];
  const pairs = Object.entries(weights.bigrams).map(([pair, weight]) => {
    const endings = units.filter((idiom) => pair.endsWith(` ${idiom}`));
    if (endings.length > 1) throw new Error(`the pair "${pair}" ends in ${endings.join(' and ')}`);
    const [unit] = endings;
    const at = unit === undefined ? pair.lastIndexOf(' ') : pair.length - unit.length - 1;
    return { first: pair.slice(0, at), second: pair.slice(at + 1), weight };
  });
  const tokens = [
    ...new Set([
      ...Object.keys(weights.words),
      ...Object.keys(weights.negated),
      ...Object.keys(weights.prior),
      ...pairs.flatMap(({ first, second }) => [first, second]),
    ]),
  ].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const ids = new Map(tokens.map((token, id) => [token, id]));
  const byId = (kind: Readonly<Record<string, number>>) =>
    tokens.map((token) => (Object.hasOwn(kind, token) ? (kind[token] as number) : 0));
  return {
    tokens,
    words: byId(weights.words),
    negated: byId(weights.negated),
    prior: byId(weights.prior),
    bigrams: pairs.flatMap(({ first, second, weight }) => [
      ids.get(first) as number,
      ids.get(second) as number,
      weight,
    ]),
  };
}

/** Weights token by token (as training makes them) as the lookups the API has. */
export function asWeights(weights: Weights): Lookups {
  return unpackWeights(packWeights(weights));
}

/** The shipped weights, and how their scores become answers. */
export const LEARNED: Lookups = unpackWeights(lexicon);
export const SCORING = lexicon.scoring;

export function weighTokens(
  { ids, words, negated, bigrams, prior }: Lookups,
  tokens: readonly ReadToken[],
): WeighedText {
  let score = 0;
  let opinionTokens = 0;
  let strongestPrior = 0;
  let strongestWeight = 0;
  let contentTokens = 0;
  let numbers = 0;
  let ratings = 0;
  let boosted = 0;
  let contrasted = false;
  let negatedWeight = 0;
  let hasNegation = false;
  const weights = new Array<number>(tokens.length).fill(0);
  // Each token's curated prior, for withoutPlainNegations: it reads them again, without a lookup.
  const priors = new Array<number>(tokens.length);
  // The id of the token before, -1 when it has none: tokens[i].previous, if any, is tokens[i-1].
  let previousId = -1;
  for (let i = 0; i < tokens.length; i++) {
    const read = tokens[i] as ReadToken;
    const { token, previous, isNegated, isFunctionWord, isRating, isBoosted, isBeforeBut, scale } =
      read;
    const id = ids.get(token) ?? -1;
    const isWeighed = id >= 0 && !isFunctionWord;
    const fromPrior = isWeighed ? (prior[id] as number) : 0;
    priors[i] = fromPrior;
    if (fromPrior !== 0) opinionTokens += 1;
    strongestPrior = Math.max(strongestPrior, Math.abs(fromPrior));
    if (!isFunctionWord) contentTokens += 1;
    // The reader makes every token with a digit a function word, so only those need the look.
    if (isFunctionWord && hasDigit(token)) numbers += 1;
    if (isRating) ratings += 1;
    if (isBoosted) boosted += 1;
    if (isBeforeBut) contrasted = true;
    // A function word weighs only in a bigram, as features.ts trains it ("like" the preposition
    // shares its spelling with the verb, which has weights).
    const own = !isWeighed
      ? 0
      : isNegated
        ? (negated[id] as number) - fromPrior
        : (words[id] as number) + fromPrior;
    weights[i] = own * scale;
    const firstId = previous === undefined ? -1 : previousId;
    previousId = id;
    // Two function words make no bigram (features.ts), whatever the same spelling weighs
    // elsewhere ("like the" after the verb).
    const isPreviousFunctionWord = tokens[i - 1]?.isFunctionWord === true;
    if (firstId < 0 || id < 0 || (isFunctionWord && isPreviousFunctionWord)) continue;
    // A bigram's weight is shown on its content word: "love it" on "love", "not bad" on "bad".
    const pair = (bigrams.get(pairKey(ids.size, firstId, id)) ?? 0) * scale;
    const onPrevious = isFunctionWord && !isPreviousFunctionWord;
    const at = onPrevious ? i - 1 : i;
    weights[at] = (weights[at] ?? 0) + pair;
  }
  for (let i = 0; i < weights.length; i++) {
    const weight = weights[i] as number;
    score += weight;
    strongestWeight = Math.max(strongestWeight, Math.abs(weight));
    if (tokens[i]?.isNegated === true) {
      negatedWeight += weight;
      hasNegation = true;
    }
  }
  const second = tokens[1];
  return {
    score,
    weights,
    opinionTokens,
    strongestPrior,
    strongestWeight,
    contentTokens,
    numbers,
    ratings,
    boosted,
    contrasted,
    negatedWeight,
    opensWithNegation: second !== undefined && second.isNegated && second.unit === 0,
    plainNegations: hasNegation ? withoutPlainNegations(tokens, weights, priors, score) : undefined,
  };
}

/**
 * The evidence of a text with a negation, without its plain ones (PlainNegations), or undefined
 * when it has none: two passes over its tokens, only for a text with a negation.
 */
function withoutPlainNegations(
  tokens: readonly ReadToken[],
  weights: readonly number[],
  priors: readonly number[],
  score: number,
): PlainNegations | undefined {
  let plainUntil: number[] | undefined;
  for (let negator = 0; negator + 1 < tokens.length; negator++) {
    if (tokens[negator + 1]?.unit !== negator || tokens[negator + 1]?.isNegated !== true) continue;
    // A verb negated at the start of a clause has no subject, the way complaints are said
    // ("Didn't last a week.", "Installed it. Doesn't connect."); "No dogs are allowed." has its
    // subject in the negation.
    const opener = tokens[negator] as ReadToken;
    if (opener.previous === undefined && !SUBJECT_NEGATORS.has(opener.token)) continue;
    // A negating idiom is a verdict of its own, whatever its scope: "It doesn't work with my
    // phone." ("no" is curated too, but as a word, not as a unit).
    if (priors[negator] !== 0 && UNIT_TOKENS.has(opener.token)) continue;
    let end = negator + 1;
    let hasOpinion = false;
    let scopeWeight = 0;
    for (; tokens[end]?.unit === negator; end++) {
      // A function word has no prior (weighTokens).
      if (priors[end] !== 0) hasOpinion = true;
      scopeWeight += weights[end] ?? 0;
    }
    if (!hasOpinion && Math.abs(scopeWeight) < PLAIN_SCOPE) (plainUntil ??= []).push(negator, end);
    negator = end - 1;
  }
  if (plainUntil === undefined) return undefined;
  let weight = 0;
  let opinionTokens = 0;
  let strongestPrior = 0;
  let strongestWeight = 0;
  let next = 0;
  for (let i = 0; i < tokens.length; i++) {
    const start = plainUntil[next] ?? Infinity;
    if (i >= start) {
      weight += weights[i] ?? 0;
      if (i + 1 === plainUntil[next + 1]) next += 2;
      continue;
    }
    const fromPrior = priors[i] as number;
    if (fromPrior !== 0) opinionTokens += 1;
    strongestPrior = Math.max(strongestPrior, Math.abs(fromPrior));
    strongestWeight = Math.max(strongestWeight, Math.abs(weights[i] ?? 0));
  }
  return { score: score - weight, opinionTokens, strongestPrior, strongestWeight };
}

/**
 * How often an answer with this score is right: the isotonic map that npm run train fitted on
 * sentences the model never saw, read between its knots, from 0.5 up.
 */
export function confidenceOf(score: number): number {
  const knots = SCORING.confidence;
  const strength = Math.abs(score);
  let [x0, y0] = knots[0] ?? [0, 0.5];
  // By index, not `for of` with destructuring: this runs once per text.
  for (let i = 0; i < knots.length; i++) {
    const [x1, y1] = knots[i] as readonly [number, number];
    if (strength <= x1) return x1 > x0 ? y0 + ((y1 - y0) * (strength - x0)) / (x1 - x0) : y1;
    x0 = x1;
    y0 = y1;
  }
  return y0;
}

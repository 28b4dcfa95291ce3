import type { Weights } from '@sentiment/functions/analyzer/learned.ts';
import type { Example } from './data.ts';
import { featuresOf, PRIOR_NAMES, PRIOR_SCALE, PRIORS, type Features } from './features.ts';

/**
 * Logistic regression over sparse features, trained by per-example AdaGrad with a small L2 pull
 * towards zero. Deterministic: a seeded shuffle, a fixed visiting order and no threads, so the
 * same data gives the same weights (V8's Math.exp is the same fdlibm port on every platform).
 */

export interface TrainOptions {
  readonly epochs: number;
  readonly learningRate: number;
  readonly l2: number;
  /**
   * The L2 pull on a word no curated lexicon scores ("was", "at", "room"), on a pair of two
   * such words ("room was") and on a negated word's own weight, each time it is seen,
   * so the most frequent plain words are pulled hardest: their pull towards one label in film
   * reviews is not evidence about a text someone pastes, and a reader sees them marked.
   */
  readonly plainL2: number;
  readonly seed: number;
}

export const TRAIN_OPTIONS: TrainOptions = {
  epochs: 8,
  learningRate: 0.2,
  l2: 1e-5,
  plainL2: 0.03,
  seed: 1,
};

export interface Model {
  readonly weights: ReadonlyMap<string, number>;
  readonly bias: number;
}

export function train(
  examples: readonly Example[],
  keep?: ReadonlySet<string>,
  options = TRAIN_OPTIONS,
): Model {
  const { learningRate, l2, plainL2 } = options;
  const isPlain = (token: string) => PRIOR_NAMES.every((name) => !PRIORS[name].has(token));
  const pullOf = (name: string) => {
    const key = name.slice(2);
    if (name.startsWith('w:')) return isPlain(key) ? plainL2 : l2;
    if (name.startsWith('b:')) return key.split(' ').every(isPlain) ? plainL2 : l2;
    // A negated word's own weight, on top of its flipped prior: SST-2's "not like" is mostly the
    // preposition ("not like other films"), which would make "I don't like it" positive.
    if (name.startsWith('n:')) return plainL2;
    return l2;
  };
  const rows = examples.map((e) => {
    const features = [...featuresOf(e.text)]
      .filter(([name]) => !keep || keep.has(name))
      .map(([name, value]) => [name, value, pullOf(name)] as const);
    // A plain statement's log-odds is 0: its words are evidence of nothing.
    return { features, y: e.isNeutral === true ? 0.5 : e.positive ? 1 : 0 };
  });
  const weights = new Map<string, number>();
  const squaredGradients = new Map<string, number>();
  let bias = 0;
  // Not 0: a first row whose gradient is 0 (a plain statement's 1/2) would step by 0 / 0.
  let biasSquaredGradient = 1e-8;
  const order = rows.map((_, i) => i);
  const random = lcg(options.seed);

  for (let epoch = 0; epoch < options.epochs; epoch++) {
    shuffle(order, random);
    for (const index of order) {
      const { features, y } = rows[index] as (typeof rows)[number];
      let logit = bias;
      for (const [name, value] of features) logit += (weights.get(name) ?? 0) * value;
      const error = sigmoid(logit) - y;

      biasSquaredGradient += error * error;
      bias -= (learningRate * error) / Math.sqrt(biasSquaredGradient);
      for (const [name, value, pull] of features) {
        const weight = weights.get(name) ?? 0;
        const gradient = error * value + pull * weight;
        const squared = (squaredGradients.get(name) ?? 1e-8) + gradient * gradient;
        squaredGradients.set(name, squared);
        weights.set(name, weight - (learningRate * gradient) / Math.sqrt(squared));
      }
    }
  }
  return { weights, bias };
}

/**
 * The `count` features that move the most training rows the furthest: |weight| times the number
 * of rows with the feature. Every entry in the lexicon costs start-up time, and most of the
 * tail are one-off phrases; retraining on the kept ones lets them absorb what the tail carried.
 */
export function selectFeatures(
  model: Model,
  examples: readonly Example[],
  count: number,
): Set<string> {
  const rows = new Map<string, number>();
  for (const example of examples) {
    for (const name of featuresOf(example.text).keys()) rows.set(name, (rows.get(name) ?? 0) + 1);
  }
  const ranked = [...model.weights]
    .filter(([name]) => !DENSE.has(name))
    .map(([name, weight]) => ({ name, impact: Math.abs(weight) * (rows.get(name) ?? 0) }))
    .sort((a, b) => b.impact - a.impact || (a.name < b.name ? -1 : 1));
  return new Set([...DENSE, ...ranked.slice(0, count).map((f) => f.name)]);
}

/** The dense prior features: always kept. */
const DENSE = new Set<string>(PRIOR_NAMES);

/** The logit without the bias: the corpus's share of positives is not evidence about a text. */
export function evidence(model: Model, features: Features): number {
  let logit = 0;
  for (const [name, value] of features) logit += (model.weights.get(name) ?? 0) * value;
  return logit;
}

/** The weights of learned.json, in the shape src/analyzer/learned.ts reads them. */
export type LexiconWeights = Weights;

/**
 * The model as the lexicon the API reads: weights divided by the temperature, rounded to 3
 * decimals, keys sorted. The dense priors become one `prior` weight per curated token, which
 * the API adds outside a negator's scope and subtracts inside, as featuresOf counts them.
 */
export function toLexicon(model: Model, temperature: number): LexiconWeights {
  const worth = (name: keyof typeof PRIOR_SCALE) =>
    ((model.weights.get(name) ?? 0) * PRIOR_SCALE[name]) / temperature;
  const prior = new Map<string, number>();
  for (const name of PRIOR_NAMES) {
    for (const [token, score] of PRIORS[name]) {
      prior.set(token, (prior.get(token) ?? 0) + worth(name) * score);
    }
  }
  const words = new Map<string, number>();
  const negated = new Map<string, number>();
  const bigrams = new Map<string, number>();
  for (const [name, weight] of model.weights) {
    const key = name.slice(2);
    const value = weight / temperature;
    if (name.startsWith('w:')) words.set(key, value);
    else if (name.startsWith('n:')) negated.set(key, value);
    else if (name.startsWith('b:')) bigrams.set(key, value);
  }
  return {
    words: rounded(words),
    negated: rounded(negated),
    bigrams: rounded(bigrams),
    prior: rounded(prior),
  };
}

function rounded(weights: Map<string, number>): Record<string, number> {
  const entries: [string, number][] = [];
  for (const [key, weight] of weights) {
    const value = Math.round(weight * 1000) / 1000;
    if (value !== 0) entries.push([key, value]);
  }
  return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** A 32-bit linear congruential generator (Numerical Recipes' constants): tiny and seedable. */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function shuffle(items: number[], random: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j] as number, items[i] as number];
  }
}

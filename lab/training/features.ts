import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { readText } from '@sentiment/functions/analyzer/tokens.ts';

/**
 * A text as the model's sparse features, read by the API's own reader (src/analyzer/tokens.ts),
 * so that a trained weight is the weight the API applies. Feature names: `w:token`, `n:token`
 * (inside a negator's scope), `b:first second`, and two dense priors, `afinn` and `vader`: the
 * sums of the curated lexicons' scores over the same scopes (negated inside one), which carry
 * the words the corpus never shows.
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
 * and idioms the reader reads as one token (src/analyzer/tokens.ts CANT_WAIT).
 */
export const VALENCE_FILES = ['emoji-valence.tsv', 'idiom-valence.tsv', 'slang-valence.tsv'].map(
  (name) => fileURLToPath(new URL(`../data/sentiment/${name}`, import.meta.url)),
);

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

/** Bring each prior's sum (about -10..10 for a sentence) near the scale of the other features. */
export const PRIOR_SCALE = { afinn: 1 / 4, vader: 1 / 3 } as const;

export type Features = Map<string, number>;

export function featuresOf(text: string): Features {
  const features: Features = new Map();
  const add = (name: string, value: number) => {
    features.set(name, (features.get(name) ?? 0) + value);
  };
  let afinn = 0;
  let vader = 0;
  const tokens = readText(text);
  tokens.forEach(({ token, previous, isNegated, isFunctionWord, scale }, i) => {
    if (!isFunctionWord) add(`${isNegated ? 'n' : 'w'}:${token}`, scale);
    if (previous !== undefined && !(isFunctionWord && tokens[i - 1]?.isFunctionWord)) {
      add(`b:${previous} ${token}`, scale);
    }
    // As the API does (src/analyzer/learned.ts weighTokens): a function word has no prior.
    const sign = isFunctionWord ? 0 : isNegated ? -scale : scale;
    afinn += sign * (AFINN.get(token) ?? 0);
    vader += sign * (VADER.get(token) ?? 0);
  });
  if (afinn !== 0) features.set('afinn', afinn * PRIOR_SCALE.afinn);
  if (vader !== 0) features.set('vader', vader * PRIOR_SCALE.vader);
  return features;
}

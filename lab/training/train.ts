// npm run train [-- --check]
// Rebuilds the learned lexicon (functions/src/analyzer/learned.json) and the in-domain held-out
// sentences (lab/data/sentiment/dev/sst2-heldout.tsv) from SST-2's training file and the training
// splits of the dev sets. Deterministic: the same data gives the same bytes. With --check it
// writes nothing and exits 1 when the committed files differ from what the data gives.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { asWeights, packWeights } from '@sentiment/functions/analyzer/learned.ts';
import { BEFORE_BUT } from '@sentiment/functions/analyzer/tokens.ts';
import {
  calibrationPoints,
  fitConfidence,
  fitNeutral,
  fitTemperature,
  neutralEvidence,
  type CalibrationPoint,
} from './calibrate.ts';
import { parseCli } from './cli.ts';
import {
  CALIBRATION_SETS,
  NEUTRAL_SET,
  readExamples,
  RT_SET,
  sentenceKey,
  splitBySentence,
  splitOf,
  TEST_FOLD,
  writeExamples,
  type Example,
} from './data.ts';
import { LIU, LIU_FILE } from './features.ts';
import { selectFeatures, toLexicon, train, TRAIN_OPTIONS, type Model } from './model.ts';

const USAGE = `usage: npm run train [-- options]

Trains the learned lexicon from the labelled data and writes functions/src/analyzer/learned.json
and lab/data/sentiment/dev/sst2-heldout.tsv. Deterministic: the same data gives the same bytes.

  --check          write nothing; exit 1 if the committed files differ from what training makes
  --data FILE      SST-2's training file (default lab/data/sentiment/train/sst2-train.tsv)
  --objective FILE plain sentences (label neutral) that teach that plain words carry no opinion
                   (default lab/data/sentiment/train/objective-docs.tsv)
  --dev DIR        the dev sets whose training and calibration splits it uses (lab/data/sentiment/dev)
  --out FILE       where the lexicon goes
  --held-out FILE  where SST-2's held-out sentences go
  --help           this text`;

const root = resolve(import.meta.dirname, '../..');
const { values: args } = parseCli(USAGE, () =>
  parseArgs({
    options: {
      data: { type: 'string', default: resolve(root, 'lab/data/sentiment/train/sst2-train.tsv') },
      objective: {
        type: 'string',
        default: resolve(root, 'lab/data/sentiment/train/objective-docs.tsv'),
      },
      out: { type: 'string', default: resolve(root, 'functions/src/analyzer/learned.json') },
      'held-out': {
        type: 'string',
        default: resolve(root, 'lab/data/sentiment/dev/sst2-heldout.tsv'),
      },
      dev: { type: 'string', default: resolve(root, 'lab/data/sentiment/dev') },
      check: { type: 'boolean', default: false },
    },
  }),
);
const paths = {
  data: args.data,
  objective: args.objective,
  out: args.out,
  heldOut: args['held-out'],
  dev: args.dev,
};

/**
 * Confidence is fitted on fold 1's sentences and the calibration halves of the review sets: it
 * has to hold for the reviews users paste as well as for SST's movie sentences. TEST_FOLD is
 * never trained on.
 */
const CALIBRATION_FOLD = 1;
/** How many learned features the lexicon keeps: each one costs start-up time. */
const FEATURES = 6000;
/**
 * A whole review sentence counts this many SST-2 rows: SST-2 gives every sentence with each of
 * its phrases, so without it 60,000 phrases of film reviews would drown 3,000 sentences from
 * other places.
 */
const SENTENCE_WEIGHT = 1;

const started = performance.now();
const source = readFileSync(paths.data);
const sst = readExamples(paths.data);
const forCalibration = splitBySentence(sst, (f) => f === TEST_FOLD || f === CALIBRATION_FOLD);
const split = splitBySentence(sst, (fold) => fold === TEST_FOLD);
const heldOut = split.sentences[TEST_FOLD] ?? [];

// rt-polarity holds many of SST-2's sentences: none that is, or is in, a held-out one is trained on.
const heldOutKeys = heldOut.map((e) => sentenceKey(e.text));
const isInHeldOut = (text: string) => {
  const key = sentenceKey(text);
  return heldOutKeys.some((held) => held.includes(key) || key.includes(held));
};
const devSets = [...CALIBRATION_SETS, RT_SET, NEUTRAL_SET].map((name) => {
  const path = resolve(paths.dev, `${name}.tsv`);
  const rows = readExamples(path);
  const part = (which: string) => rows.filter((e) => splitOf(name, e.text) === which);
  const training = part('training').filter((e) => !e.isNeutral && !isInHeldOut(e.text));
  return { name, file: relative(root, path), sha256: sha256(readFileSync(path)), part, training };
});
const objective = readExamples(paths.objective);
const sentences = [...devSets.flatMap((set) => set.training), ...objective];
const extra = Array.from({ length: SENTENCE_WEIGHT }, () => sentences).flat();
const calibrationReviews = devSets.flatMap((set) =>
  set.part('calibration').filter((e) => !e.isNeutral),
);
const calibrationNeutral = devSets.flatMap((set) =>
  set.part('calibration').filter((e) => e.isNeutral),
);

const model = fit([...split.train, ...extra]);
// Each sentence is scored by a model that never saw it: fold 1 by a first model trained
// without it, the calibration halves (never trained on) by the lexicon's own model. The
// temperature is fitted on both. The isotonic map describes the shipped model, so it is fitted
// on the halves alone: the first model, trained on less, would understate it.
const reviews = calibrationPoints(model, calibrationReviews);
const foldModel = fit([...forCalibration.train, ...extra]);
const foldSentences = forCalibration.sentences[CALIBRATION_FOLD] ?? [];
const sst2 = calibrationPoints(foldModel, foldSentences);
const temperature = fitTemperature([...sst2, ...reviews]);
const confidence = fitConfidence(reviews, temperature);
const lexicon = toLexicon(model, temperature);
// The neutral model reads texts as the API would: fold 1 under the first model's lexicon, the
// calibration halves and statements under the shipped one.
const shipped = asWeights(lexicon);
const neutral = fitNeutral(
  [
    neutralEvidence(asWeights(toLexicon(foldModel, temperature)), foldSentences),
    ...devSets.map((set) =>
      neutralEvidence(
        shipped,
        set.part('calibration').filter((e) => !e.isNeutral),
      ),
    ),
  ],
  neutralEvidence(shipped, calibrationNeutral),
);

/** A full model ranks the features; the lexicon is a second model trained on the best of them. */
function fit(examples: Example[]): Model {
  return train(examples, selectFeatures(train(examples), examples, FEATURES));
}

const file = {
  format: 'sentiment-lexicon',
  version: 3,
  description:
    'Word, negated-word, bigram and prior weights for the API, learned by logistic regression on ' +
    "SST-2 phrases and review sentences, with AFINN-165, VADER and Hu & Liu's Opinion Lexicon " +
    '(Minqing Hu and Bing Liu, KDD 2004; CC BY 4.0, https://creativecommons.org/licenses/by/4.0/; ' +
    'see lab/data/sentiment/SOURCES.md) as dense priors. A text scores ' +
    'the sum of its weights: its log-odds of being positive. Packed for start-up speed: `tokens` ' +
    'lists every token once; `words`, `negated` and `prior` give each token its weight by its ' +
    'place in that list (0: none); `bigrams` are triples: the first token, the second, the weight.',
  trainedOn: {
    file: relative(root, resolve(paths.data)),
    sha256: sha256(source),
    rows: sst.length,
    trainingRows: split.train.length,
    heldOutSentences: heldOut.length,
    sentences: devSets.map((set) => ({
      file: set.file,
      sha256: set.sha256,
      rows: set.training.length,
    })),
    objective: {
      file: relative(root, resolve(paths.objective)),
      sha256: sha256(readFileSync(paths.objective)),
      rows: objective.length,
    },
    opinionLexicon: {
      file: relative(root, LIU_FILE),
      sha256: sha256(readFileSync(LIU_FILE)),
      words: LIU.size,
    },
    sentenceWeight: SENTENCE_WEIGHT,
    provenance: 'lab/data/sentiment/SOURCES.md',
  },
  training: { ...TRAIN_OPTIONS, temperature: Math.round(temperature * 1e6) / 1e6 },
  calibratedOn: {
    sst2Sentences: forCalibration.sentences[CALIBRATION_FOLD]?.length ?? 0,
    reviewSentences: calibrationReviews.length,
    neutralStatements: calibrationNeutral.length,
  },
  scoring: {
    beforeBut: BEFORE_BUT,
    neutral: { weights: neutral.weights, bias: neutral.bias, above: neutral.above },
    confidence,
    neutralConfidence: neutral.confidence,
  },
  // The weights packed as the API reads them fastest (learned.ts PackedWeights).
  ...packWeights(lexicon),
};

const outputs = new Map([
  [resolve(paths.out), `${JSON.stringify(file, null, 1)}\n`],
  [resolve(paths.heldOut), writeExamples(heldOut)],
]);

let stale = 0;
for (const [path, text] of outputs) {
  const name = relative(process.cwd(), path);
  if (!args.check) {
    writeFileSync(path, text);
    console.log(`wrote ${name} (${(Buffer.byteLength(text) / 1024).toFixed(0)} KiB)`);
  } else if (readFileOrEmpty(path) !== text) {
    console.error(`${name} is not what npm run train makes from the data`);
    stale += 1;
  } else {
    console.log(`${name} is what npm run train makes`);
  }
}
const counts = (['words', 'negated', 'bigrams', 'prior'] as const)
  .map((part) => `${Object.keys(lexicon[part]).length} ${part}`)
  .join(', ');
// How the models do on sentences they never saw, the figures to choose training settings by:
// the evaluation splits are for judging the result, not for tuning it.
const signAccuracy = (points: readonly CalibrationPoint[]) =>
  `${((100 * points.filter((p) => p.evidence > 0 === p.positive).length) / points.length).toFixed(1)} %`;
console.log(
  `validation: SST-2 fold ${CALIBRATION_FOLD} (the first model) ${signAccuracy(sst2)}, ` +
    `review calibration halves ${signAccuracy(reviews)}`,
);
console.log(
  `${split.train.length} SST-2 rows and ${sentences.length} sentences (x${SENTENCE_WEIGHT}), ` +
    `${heldOut.length} held-out sentences, ${counts}, temperature ${temperature.toFixed(3)}, ` +
    `neutral above ${neutral.above.toFixed(2)} ` +
    `(${(100 * neutral.recall).toFixed(1)} % of the calibration statements), ` +
    `${((performance.now() - started) / 1000).toFixed(1)} s`,
);
process.exitCode = stale > 0 ? 1 : 0;

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function readFileOrEmpty(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

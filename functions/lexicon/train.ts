// npm run train [-- --check]
// Rebuilds the learned lexicon (functions/src/lexicon/learned.json) and the in-domain held-out
// sentences (data/sentiment/dev/sst2-heldout.tsv) from the SST-2 training file. Deterministic:
// the same data gives the same bytes. With --check it writes nothing and exits 1 when the
// committed files differ from what the data gives.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { BEFORE_BUT, NEGATION_WINDOW } from '../src/lexicon/tokens.ts';
import {
  CALIBRATION_SETS,
  isCalibrationRow,
  readExamples,
  splitBySentence,
  TEST_FOLD,
  writeExamples,
  type Example,
} from './data.ts';
import { fitConfidence, fitTemperature, scoreExamples } from './calibrate.ts';
import { selectFeatures, toLexicon, train, TRAIN_OPTIONS, type Model } from './model.ts';

const root = resolve(import.meta.dirname, '../..');
const { values: args } = parseArgs({
  options: {
    data: { type: 'string', default: resolve(root, 'data/sentiment/train/sst2-train.tsv') },
    out: { type: 'string', default: resolve(root, 'functions/src/lexicon/learned.json') },
    'held-out': { type: 'string', default: resolve(root, 'data/sentiment/dev/sst2-heldout.tsv') },
    /** Where the calibration sets (CALIBRATION_SETS) are. */
    dev: { type: 'string', default: resolve(root, 'data/sentiment/dev') },
    check: { type: 'boolean', default: false },
  },
});

/**
 * Confidence is fitted on fold 1's sentences and the calibration halves of the review sets: it
 * has to hold for the reviews users paste as well as for SST's movie sentences. TEST_FOLD is
 * never trained on.
 */
const CALIBRATION_FOLD = 1;
/** A score whose logistic is below this (|log-odds| < 0.08) is `neutral`: too weak to call. */
const NEUTRAL_BELOW = 0.52;
/** How many learned features the lexicon keeps: each one costs start-up time. */
const FEATURES = 6000;

const started = performance.now();
const source = readFileSync(args.data);
const examples = readExamples(args.data);

const forCalibration = splitBySentence(examples, (f) => f === TEST_FOLD || f === CALIBRATION_FOLD);
const calibrationSets = CALIBRATION_SETS.map((name) => {
  const path = resolve(args.dev, `${name}.tsv`);
  const rows = readExamples(path).filter((e) => isCalibrationRow(e.text));
  return { file: relative(root, path), sha256: sha256(readFileSync(path)), rows };
});
const split = splitBySentence(examples, (fold) => fold === TEST_FOLD);
const model = fit(split.train);
// Each sentence is scored by a model that never saw it: fold 1 by a first model trained
// without it, the review halves (never trained on) by the lexicon's own model. The temperature
// is fitted on both. The isotonic map describes the shipped model, so it is fitted on the
// halves alone: the first model, trained on less, would understate it.
const reviews = scoreExamples(
  model,
  calibrationSets.flatMap((set) => set.rows),
);
const sst2 = scoreExamples(
  fit(forCalibration.train),
  forCalibration.sentences[CALIBRATION_FOLD] ?? [],
);
const temperature = fitTemperature([...sst2, ...reviews]);
const confidence = fitConfidence(reviews, temperature);
const lexicon = toLexicon(model, temperature);
const heldOut = split.sentences[TEST_FOLD] ?? [];

/** A full model ranks the features; the lexicon is a second model trained on the best of them. */
function fit(examples: Example[]): Model {
  return train(examples, selectFeatures(train(examples), examples, FEATURES));
}

const file = {
  format: 'sentiment-lexicon',
  version: 1,
  description:
    'Word, negated-word and bigram weights for the sentiment package, learned by logistic ' +
    'regression on SST-2 phrases. A text scores the sum of its weights: its log-odds of being positive.',
  trainedOn: {
    file: relative(root, resolve(args.data)),
    sha256: sha256(source),
    rows: examples.length,
    trainingRows: split.train.length,
    heldOutSentences: heldOut.length,
    provenance: 'data/sentiment/SOURCES.md',
  },
  training: { ...TRAIN_OPTIONS, temperature: Math.round(temperature * 1e6) / 1e6 },
  calibratedOn: {
    sst2Sentences: forCalibration.sentences[CALIBRATION_FOLD]?.length ?? 0,
    halves: calibrationSets.map(({ rows, ...set }) => ({ ...set, rows: rows.length })),
  },
  scoring: {
    negationWindow: NEGATION_WINDOW,
    beforeBut: BEFORE_BUT,
    neutralBelow: NEUTRAL_BELOW,
    confidence,
  },
  ...lexicon,
};

const outputs = new Map([
  [resolve(args.out), `${JSON.stringify(file, null, 1)}\n`],
  [resolve(args['held-out']), writeExamples(heldOut)],
]);

let stale = 0;
for (const [path, text] of outputs) {
  const name = relative(process.cwd(), path);
  if (!args.check) {
    writeFileSync(path, text);
    console.log(`wrote ${name} (${(Buffer.byteLength(text) / 1024).toFixed(0)} KiB)`);
  } else if (readFileOrEmpty(path) !== text) {
    console.error(
      `${name} is not what npm run train makes from ${relative(process.cwd(), args.data)}`,
    );
    stale += 1;
  } else {
    console.log(`${name} is what npm run train makes`);
  }
}
const counts = `${Object.keys(lexicon.words).length} words, ${Object.keys(lexicon.negated).length} negated, ${Object.keys(lexicon.bigrams).length} bigrams`;
console.log(
  `${split.train.length} training rows, ${heldOut.length} held-out sentences, ${counts}, ` +
    `temperature ${temperature.toFixed(3)}, ${((performance.now() - started) / 1000).toFixed(1)} s`,
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

// npm run eval [-- folder...] [--train file] [--json] [--help]
// Scores the API's analyzer on every labelled TSV in the folders (default lab/data/sentiment/dev),
// side by side with the stock `sentiment`/AFINN and, as dev-only comparisons, vader-sentiment
// and wink-sentiment, in three steps: accuracy and calibration (accuracy.ts), sentences per
// second (speed.ts), and what loading each word list costs a fresh process (loading.ts).
import { readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { printAccuracy, scoreReliability, scoreSets, scoreThreeClass } from './accuracy.ts';
import { parseCli } from './cli.ts';
import { measureLoading, printLoading } from './loading.ts';
import { measureSpeeds, printSpeeds } from './speed.ts';

const root = resolve(import.meta.dirname, '../..');
const USAGE = `usage: npm run eval [-- [folder...] [options]]

Scores the API's analyzer beside stock AFINN, vader and wink on every labelled TSV in the folders
(default lab/data/sentiment/dev; rows labelled positive, negative or neutral; of the dev sets only
their evaluation split): accuracy, neutral rate, three-class accuracy with neutral precision and
recall, a reliability table, speed on one core, and what loading the lexicon costs a cold start.

  --train FILE  SST-2's training file the shipped lexicon was trained on, to mark "seen" sentences
  --json        print the figures as JSON
  --help        this text`;

const { values: args, positionals } = parseCli(USAGE, () =>
  parseArgs({
    allowPositionals: true,
    options: {
      train: { type: 'string', default: resolve(root, 'lab/data/sentiment/train/sst2-train.tsv') },
      json: { type: 'boolean', default: false },
    },
  }),
);

const folders = positionals.length ? positionals : [resolve(root, 'lab/data/sentiment/dev')];
const files = folders.flatMap((folder) =>
  readdirSync(folder)
    .filter((name) => name.endsWith('.tsv'))
    .sort()
    .map((name) => join(folder, name)),
);
if (files.length === 0) {
  console.error(`no .tsv files in ${folders.join(', ')}`);
  process.exit(1);
}

const results = scoreSets(files, args.train);
const threeClass = scoreThreeClass(results);
const calibration = scoreReliability(results);
const speed = measureSpeeds(files);
const loading = await measureLoading();

if (args.json) {
  const sets = results.map(({ name, path, seenRate, examples, byAnalyzer }) => ({
    name,
    path: relative(root, path),
    rows: examples.length,
    seenRate,
    scores: Object.fromEntries(Object.entries(byAnalyzer).map(([n, { score }]) => [n, score])),
  }));
  console.log(JSON.stringify({ sets, threeClass, calibration, speed, loading }, null, 2));
} else {
  printAccuracy(results, threeClass, calibration, { root, trainFile: args.train });
  printSpeeds(speed);
  printLoading(loading);
}

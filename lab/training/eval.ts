// npm run eval [-- folder...] [--train file] [--json] [--help]
// Scores the API's analyzer on every labelled TSV in the folders (default lab/data/sentiment/dev),
// side by side with the stock `sentiment`/AFINN and, as dev-only comparisons, vader-sentiment
// and wink-sentiment: accuracy, neutral rate, a reliability table, sentences per second, and
// what loading each word list costs a fresh process.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { analyzeText } from '@sentiment/functions/analyzer/analyze.ts';
import { bundleOptions, copyBundleData } from '@sentiment/functions/fast-start';
import { build } from 'esbuild';
import vader from 'vader-sentiment';
import wink from 'wink-sentiment';
import { parseCli } from './cli.ts';
import { NEUTRAL_SET, readExamples, splitBySentence, splitOf, TEST_FOLD } from './data.ts';
import {
  calibrationBins,
  expectedCalibrationError,
  neutralPrecisionRecall,
  scoreVerdicts,
  sentenceKey,
  type Score,
  type Verdict,
} from './metrics.ts';

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
      /** Internal: measure one analyzer's speed in this (fresh) process and print it. */
      speed: { type: 'string' },
    },
  }),
);

type Analyzer = (text: string) => Verdict;

/** Short sentences, the kind the speed goal is about: from the UCI review sets. */
const SHORT_WORDS = 12;

const polarity = (value: number, dead = 0): Verdict['label'] =>
  value > dead ? 'positive' : value < -dead ? 'negative' : 'neutral';

const ANALYZERS: Record<string, Analyzer> = {
  learned: (text) => analyzeText(text, 'learned'),
  afinn: (text) => analyzeText(text, 'afinn'),
  // VADER's own thresholds: compound >= 0.05 positive, <= -0.05 negative.
  vader: (text) => ({
    label: polarity(vader.SentimentIntensityAnalyzer.polarity_scores(text).compound, 0.0499),
  }),
  wink: (text) => ({ label: polarity(wink(text).score) }),
};
const names = Object.keys(ANALYZERS);

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

if (args.speed) {
  process.stdout.write(JSON.stringify(sentencesPerSecond(args.speed, shortTexts())));
  process.exit(0);
}

// What the shipped lexicon was trained on: SST-2's training file less its held-out sentences,
// and the training splits of the dev sets.
const trained = splitBySentence(readExamples(args.train), (fold) => fold === TEST_FOLD).train;
const training = new Set(trained.map((e) => sentenceKey(e.text)));
const sets = files.map((path) => {
  const name = basename(path, '.tsv');
  const examples = readExamples(path).filter((e) => splitOf(name, e.text) === 'evaluation');
  const seen = examples.filter((e) => training.has(sentenceKey(e.text))).length;
  return { name, path, examples, seenRate: seen / examples.length };
});
/** A set with a tenth or more of its sentences in the training data is not out-of-sample. */
const isUnseen = (set: (typeof sets)[number]) => set.seenRate < 0.1;

const results = sets.map((set) => {
  const byAnalyzer: Record<string, { score: Score; verdicts: Verdict[] }> = {};
  for (const name of names) {
    const analyze = ANALYZERS[name] as Analyzer;
    const verdicts = set.examples.map((e) => analyze(e.text));
    byAnalyzer[name] = { score: scoreVerdicts(set.examples, verdicts), verdicts };
  }
  return { ...set, byAnalyzer };
});

const unseen = results.filter(isUnseen);
/** Every unseen set's evaluation rows together: opinions and plain statements. */
const pooled = (name: string) => {
  const rows = unseen.flatMap((r) =>
    r.examples.flatMap((example, i) => {
      const verdict = r.byAnalyzer[name]?.verdicts[i];
      return verdict ? [{ example, verdict }] : [];
    }),
  );
  return { examples: rows.map((r) => r.example), verdicts: rows.map((r) => r.verdict) };
};
/** Three classes: the pooled rows, and the neutral statements with as many opinions, balanced. */
const threeClass = Object.fromEntries(
  names.map((name) => {
    const { examples, verdicts } = pooled(name);
    const neutralRows = examples.filter((e) => e.isNeutral === true).length;
    // Every k-th opinion, so the balanced set is half neutral, half opinions, from every set.
    const step = Math.max(
      1,
      Math.floor((examples.length - neutralRows) / Math.max(1, neutralRows)),
    );
    let opinion = 0;
    const balanced = examples.flatMap((example, i) =>
      example.isNeutral === true || opinion++ % step === 0 ? [i] : [],
    );
    return [
      name,
      {
        pooled: scoreVerdicts(examples, verdicts).strict,
        balanced: scoreVerdicts(
          balanced.map((i) => examples[i] as (typeof examples)[number]),
          balanced.map((i) => verdicts[i] as Verdict),
        ).strict,
        ...neutralPrecisionRecall(examples, verdicts),
      },
    ];
  }),
);
const calibration = Object.fromEntries(
  ['learned', 'afinn'].map((name) => {
    const { examples, verdicts } = pooled(name);
    const bins = calibrationBins(examples, verdicts);
    return [name, { bins, ece: expectedCalibrationError(bins) }];
  }),
);

const speed = Object.fromEntries(names.map((name) => [name, measureSpeed(name)]));
const loading = await measureLoading();

if (args.json) {
  const summary = results.map(({ name, path, seenRate, examples, byAnalyzer }) => ({
    name,
    path: relative(root, path),
    rows: examples.length,
    seenRate,
    scores: Object.fromEntries(Object.entries(byAnalyzer).map(([n, { score }]) => [n, score])),
  }));
  console.log(JSON.stringify({ sets: summary, threeClass, calibration, speed, loading }, null, 2));
} else {
  printReport();
}

function printReport(): void {
  const pct = (value: number) => `${(value * 100).toFixed(1)}%`;
  const table = (title: string, cell: (score: Score) => string) => {
    console.log(`\n${title}`);
    console.log(
      ['set'.padEnd(22), 'rows'.padStart(6), ...names.map((n) => n.padStart(9))].join(' '),
    );
    for (const r of results) {
      const mark = isUnseen(r) ? '' : ` (${pct(r.seenRate)} seen)`;
      const cells = names.map((n) => cell((r.byAnalyzer[n] as { score: Score }).score).padStart(9));
      console.log(
        [`${r.name}${mark}`.padEnd(22), String(r.examples.length).padStart(6), ...cells].join(' '),
      );
    }
  };
  console.log(
    `trained on: ${relative(root, args.train)} less its held-out sentences; "seen": sentences also trained on`,
  );
  table('accuracy, neutral counted as wrong', (s) => pct(s.strict));
  table('accuracy of the answers that are not neutral (binary sets)', (s) =>
    s.neutralRows > 0 ? '-' : pct(s.decided),
  );
  table('neutral answers', (s) => pct(s.neutralRate));

  console.log(
    `\nthree classes, the unseen sets pooled (${pooled('learned').examples.length} rows, ` +
      `${NEUTRAL_SET} the neutral ones), and balanced (the neutral rows and as many opinions)`,
  );
  console.log(
    ['', ...names]
      .map((n) => n.padStart(9))
      .join(' ')
      .padStart(30),
  );
  const row = (title: string, cell: (n: string) => number) =>
    console.log([title.padEnd(20), ...names.map((n) => pct(cell(n)).padStart(9))].join(' '));
  row('accuracy, pooled', (n) => threeClass[n]?.pooled ?? 0);
  row('accuracy, balanced', (n) => threeClass[n]?.balanced ?? 0);
  row('neutral precision', (n) => threeClass[n]?.precision ?? 0);
  row('neutral recall', (n) => threeClass[n]?.recall ?? 0);

  console.log(
    `\nreliability, unseen sets pooled, neutral answers included (${pooled('learned').examples.length} rows)`,
  );
  console.log('confidence   learned: answers  right   afinn: answers  right');
  for (let i = 0; i < 5; i++) {
    const cells = ['learned', 'afinn'].map((name) => {
      const bin = calibration[name]?.bins[i];
      return bin
        ? `${String(bin.count).padStart(15)} ${(bin.count ? pct(bin.right / bin.count) : '-').padStart(6)}`
        : '';
    });
    console.log(`${(0.5 + i / 10).toFixed(1)}–${(0.6 + i / 10).toFixed(1)}   ${cells.join('  ')}`);
  }
  console.log(
    `expected calibration error: learned ${pct(calibration.learned?.ece ?? 0)}, afinn ${pct(calibration.afinn?.ece ?? 0)}`,
  );

  console.log(
    `\nsentences per second on one core, each analyzer in its own process ` +
      `(UCI sentences: of ${SHORT_WORDS} words or fewer | longer)`,
  );
  for (const name of names) {
    const { short = 0, long = 0 } = speed[name] ?? {};
    console.log(
      `${name.padEnd(9)} ${Math.round(short).toLocaleString('en').padStart(9)} ${Math.round(long).toLocaleString('en').padStart(9)}`,
    );
  }
  console.log(
    `\nloading, bundled, in a fresh process (median of ${loading.runs}, interleaved): stock sentiment ` +
      `${loading.stock.toFixed(1)} ms, the API's analyzer with the learned lexicon ${loading.learned.toFixed(1)} ms ` +
      `(+${(loading.learned - loading.stock).toFixed(1)} ms)`,
  );
}

function shortTexts(): { short: string[]; long: string[] } {
  const texts = files
    .filter((path) => basename(path).startsWith('uci-'))
    .flatMap((path) => readExamples(path).map((e) => e.text));
  const isShort = (text: string) => text.split(/\s+/).length <= SHORT_WORDS;
  return { short: texts.filter(isShort), long: texts.filter((t) => !isShort(t)) };
}

function measureSpeed(name: string): { short: number; long: number } {
  const output = execFileSync(
    process.execPath,
    [import.meta.filename, ...folders, `--speed=${name}`],
    {
      encoding: 'utf8',
    },
  );
  return JSON.parse(output) as { short: number; long: number };
}

function sentencesPerSecond(name: string, texts: { short: string[]; long: string[] }) {
  return { short: perSecond(name, texts.short), long: perSecond(name, texts.long) };
}

/** Analyses per second on this thread, over the texts again and again for at least a second. */
function perSecond(name: string, texts: readonly string[]): number {
  const analyze = ANALYZERS[name] as Analyzer;
  for (const text of texts.slice(0, 500)) analyze(text); // warm up the JIT
  let count = 0;
  const started = performance.now();
  while (performance.now() - started < 1000) {
    for (const text of texts) analyze(text);
    count += texts.length;
  }
  return count / ((performance.now() - started) / 1000);
}

/**
 * What each word list costs a process that starts from nothing: requiring a bundle made the way
 * functions/fast-start/build.mjs makes the API's, and analyzing one word, in fresh Node processes that take
 * turns so that the machine's drift hits both alike.
 */
async function measureLoading(
  runs = 15,
): Promise<{ runs: number; stock: number; learned: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'sentiment-eval-'));
  const bundle = async (name: string, contents: string) => {
    const outfile = join(dir, `${name}.cjs`);
    await build({
      ...bundleOptions,
      stdin: { contents, resolveDir: import.meta.dirname, loader: 'ts' },
      outfile,
      logLevel: 'error',
    });
    return outfile;
  };
  copyBundleData(dir);
  const stock = await bundle('stock', "import S from 'sentiment'; new S().analyze('good');");
  const learned = await bundle(
    'learned',
    "import { analyzeText } from '@sentiment/functions/analyzer/analyze.ts'; analyzeText('good');",
  );
  const time = (file: string) =>
    Number(
      execFileSync(
        process.execPath,
        [
          '-e',
          `const t = performance.now(); require(${JSON.stringify(file)}); process.stdout.write(String(performance.now() - t));`,
        ],
        { encoding: 'utf8' },
      ),
    );
  const samples = { stock: [] as number[], learned: [] as number[] };
  try {
    for (let i = 0; i < runs; i++) {
      samples.stock.push(time(stock));
      samples.learned.push(time(learned));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const median = (values: number[]) =>
    values.sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  return { runs, stock: median(samples.stock), learned: median(samples.learned) };
}

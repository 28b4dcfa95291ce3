import { basename, relative } from 'node:path';
import { ANALYZER_NAMES, ANALYZERS, type Analyzer } from './analyzers.ts';
import {
  readExamples,
  sentenceKey,
  splitBySentence,
  splitOf,
  TEST_FOLD,
  type Example,
} from './data.ts';
import {
  calibrationBins,
  expectedCalibrationError,
  neutralPrecisionRecall,
  scoreVerdicts,
  type CalibrationBin,
  type Score,
  type Verdict,
} from './metrics.ts';

/**
 * How right each analyzer is on the evaluation split of every labelled set: per set, three
 * classes over the unseen sets pooled, and how well the confidence is calibrated.
 */

export interface SetResult {
  readonly name: string;
  readonly path: string;
  readonly examples: readonly Example[];
  /** The share of the set's sentences that the shipped lexicon was also trained on. */
  readonly seenRate: number;
  readonly byAnalyzer: Record<string, { score: Score; verdicts: Verdict[] }>;
}

export interface ThreeClass {
  readonly pooled: number;
  readonly balanced: number;
  readonly precision: number;
  readonly recall: number;
}

export interface Reliability {
  readonly bins: CalibrationBin[];
  readonly ece: number;
}

/** The analyzers that give a confidence, so have a reliability table. */
const CONFIDENT = ['learned', 'afinn'];

/**
 * Every analyzer's answers to the evaluation split of each file. `trainFile` is SST-2's training
 * file: what the shipped lexicon was trained on is it less its held-out sentences (and the
 * training splits of the dev sets, which splitOf keeps out of the evaluation split).
 */
export function scoreSets(files: readonly string[], trainFile: string): SetResult[] {
  const trained = splitBySentence(readExamples(trainFile), (fold) => fold === TEST_FOLD).train;
  const training = new Set(trained.map((e) => sentenceKey(e.text)));
  return files.map((path) => {
    const name = basename(path, '.tsv');
    const examples = readExamples(path).filter((e) => splitOf(name, e.text) === 'evaluation');
    const seen = examples.filter((e) => training.has(sentenceKey(e.text))).length;
    const byAnalyzer = Object.fromEntries(
      ANALYZER_NAMES.map((analyzer) => {
        const analyze = ANALYZERS[analyzer] as Analyzer;
        const verdicts = examples.map((e) => analyze(e.text));
        return [analyzer, { score: scoreVerdicts(examples, verdicts), verdicts }];
      }),
    );
    return { name, path, examples, seenRate: seen / examples.length, byAnalyzer };
  });
}

/** A set with a tenth or more of its sentences in the training data is not out-of-sample. */
export const isUnseen = (set: SetResult) => set.seenRate < 0.1;

/** Every unseen set's evaluation rows together, opinions and plain statements, and one's answers. */
function pooled(results: readonly SetResult[], analyzer: string) {
  const rows = results.filter(isUnseen).flatMap((r) =>
    r.examples.flatMap((example, i) => {
      const verdict = r.byAnalyzer[analyzer]?.verdicts[i];
      return verdict ? [{ example, verdict }] : [];
    }),
  );
  return { examples: rows.map((r) => r.example), verdicts: rows.map((r) => r.verdict) };
}

/** Three classes: the pooled rows, and the neutral statements with as many opinions, balanced. */
export function scoreThreeClass(results: readonly SetResult[]): Record<string, ThreeClass> {
  return Object.fromEntries(
    ANALYZER_NAMES.map((analyzer) => {
      const { examples, verdicts } = pooled(results, analyzer);
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
      const scores: ThreeClass = {
        pooled: scoreVerdicts(examples, verdicts).strict,
        balanced: scoreVerdicts(
          balanced.map((i) => examples[i] as Example),
          balanced.map((i) => verdicts[i] as Verdict),
        ).strict,
        ...neutralPrecisionRecall(examples, verdicts),
      };
      return [analyzer, scores];
    }),
  );
}

/** The reliability table and ECE of each analyzer that gives a confidence, unseen sets pooled. */
export function scoreReliability(results: readonly SetResult[]): Record<string, Reliability> {
  return Object.fromEntries(
    CONFIDENT.map((analyzer) => {
      const { examples, verdicts } = pooled(results, analyzer);
      const bins = calibrationBins(examples, verdicts);
      return [analyzer, { bins, ece: expectedCalibrationError(bins) }];
    }),
  );
}

const pct = (value: number) => `${(value * 100).toFixed(1)}%`;

export function printAccuracy(
  results: readonly SetResult[],
  threeClass: Record<string, ThreeClass>,
  reliability: Record<string, Reliability>,
  { root, trainFile }: { root: string; trainFile: string },
): void {
  const pooledRows = pooled(results, 'learned').examples.length;
  const table = (title: string, cell: (score: Score) => string) => {
    console.log(`\n${title}`);
    console.log(
      ['set'.padEnd(22), 'rows'.padStart(6), ...ANALYZER_NAMES.map((n) => n.padStart(9))].join(' '),
    );
    for (const r of results) {
      const mark = isUnseen(r) ? '' : ` (${pct(r.seenRate)} seen)`;
      const cells = ANALYZER_NAMES.map((n) =>
        cell((r.byAnalyzer[n] as { score: Score }).score).padStart(9),
      );
      console.log(
        [`${r.name}${mark}`.padEnd(22), String(r.examples.length).padStart(6), ...cells].join(' '),
      );
    }
  };
  console.log(
    `trained on: ${relative(root, trainFile)} less its held-out sentences; "seen": sentences also trained on`,
  );
  table('accuracy, neutral counted as wrong', (s) => pct(s.strict));
  table('accuracy of the answers that are not neutral (binary sets)', (s) =>
    s.neutralRows > 0 ? '-' : pct(s.decided),
  );
  table('neutral answers', (s) => pct(s.neutralRate));

  console.log(
    `\nthree classes, the unseen sets pooled (${pooledRows} rows, ` +
      `the statement sets the neutral ones), and balanced (the neutral rows and as many opinions)`,
  );
  console.log(
    ['', ...ANALYZER_NAMES]
      .map((n) => n.padStart(9))
      .join(' ')
      .padStart(30),
  );
  const row = (title: string, cell: (scores: ThreeClass) => number) =>
    console.log(
      [
        title.padEnd(20),
        ...ANALYZER_NAMES.map((n) => pct(cell(threeClass[n] as ThreeClass)).padStart(9)),
      ].join(' '),
    );
  row('accuracy, pooled', (s) => s.pooled);
  row('accuracy, balanced', (s) => s.balanced);
  row('neutral precision', (s) => s.precision);
  row('neutral recall', (s) => s.recall);

  console.log(`\nreliability, unseen sets pooled, neutral answers included (${pooledRows} rows)`);
  console.log('confidence   learned: answers  right   afinn: answers  right');
  for (let i = 0; i < 5; i++) {
    const cells = CONFIDENT.map((analyzer) => {
      const bin = reliability[analyzer]?.bins[i];
      return bin
        ? `${String(bin.count).padStart(15)} ${(bin.count ? pct(bin.right / bin.count) : '-').padStart(6)}`
        : '';
    });
    console.log(`${(0.5 + i / 10).toFixed(1)}–${(0.6 + i / 10).toFixed(1)}   ${cells.join('  ')}`);
  }
  console.log(
    `expected calibration error: learned ${pct(reliability.learned?.ece ?? 0)}, afinn ${pct(reliability.afinn?.ece ?? 0)}`,
  );
}

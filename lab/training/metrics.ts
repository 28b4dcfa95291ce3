import type { Example } from './data.ts';

/**
 * Evaluation metrics: how an analyzer's answers to labelled examples score (accuracy, neutral
 * rate, neutral precision and recall, a reliability table and its expected calibration error).
 * Pure, so the harness's arithmetic is testable.
 */

export interface Verdict {
  readonly label: 'positive' | 'negative' | 'neutral';
  /** 0.5..1, when the analyzer gives one. */
  readonly confidence?: number;
}

export interface Score {
  readonly count: number;
  readonly right: number;
  readonly neutral: number;
  /** right / count: a neutral answer to a positive or negative row counts as wrong. */
  readonly strict: number;
  /** right / (count - neutral): how often a committed answer is right (binary rows). */
  readonly decided: number;
  readonly neutralRate: number;
  /** How many rows are labelled neutral. */
  readonly neutralRows: number;
}

export interface CalibrationBin {
  readonly from: number;
  readonly to: number;
  readonly count: number;
  readonly right: number;
  /** The mean confidence of the answers in the bin, to set against right / count. */
  readonly meanConfidence: number;
}

/** A neutral row wants a neutral answer; a positive or negative row wants its own label. */
export function isRight(example: Example, label: Verdict['label'] | undefined): boolean {
  if (example.isNeutral === true) return label === 'neutral';
  return label !== undefined && label !== 'neutral' && (label === 'positive') === example.positive;
}

export function scoreVerdicts(examples: readonly Example[], verdicts: readonly Verdict[]): Score {
  let right = 0;
  let neutral = 0;
  let neutralRows = 0;
  examples.forEach((example, i) => {
    const label = verdicts[i]?.label;
    if (label === 'neutral') neutral += 1;
    if (example.isNeutral === true) neutralRows += 1;
    if (isRight(example, label)) right += 1;
  });
  const count = examples.length;
  return {
    count,
    right,
    neutral,
    strict: count ? right / count : 0,
    decided: count - neutral ? right / (count - neutral) : 0,
    neutralRate: count ? neutral / count : 0,
    neutralRows,
  };
}

/**
 * A reliability table: the answers, neutral ones included, binned by confidence, tenths from 0.5
 * to 1. Of the answers given with confidence 0.8–0.9, a calibrated analyzer gets about 85 % right.
 */
export function calibrationBins(
  examples: readonly Example[],
  verdicts: readonly Verdict[],
): CalibrationBin[] {
  const bins = [0.5, 0.6, 0.7, 0.8, 0.9].map((from) => ({
    from,
    to: from + 0.1,
    count: 0,
    right: 0,
    sum: 0,
  }));
  examples.forEach((example, i) => {
    const verdict = verdicts[i];
    if (!verdict || verdict.confidence === undefined) return;
    const bin = bins[Math.min(4, Math.max(0, Math.floor((verdict.confidence - 0.5) * 10)))];
    if (!bin) return;
    bin.count += 1;
    bin.sum += verdict.confidence;
    if (isRight(example, verdict.label)) bin.right += 1;
  });
  return bins.map(({ sum, ...bin }) => ({
    ...bin,
    meanConfidence: bin.count ? sum / bin.count : 0,
  }));
}

/** Expected calibration error: the count-weighted gap between confidence and accuracy per bin. */
export function expectedCalibrationError(bins: readonly CalibrationBin[]): number {
  const total = bins.reduce((n, bin) => n + bin.count, 0);
  let error = 0;
  for (const bin of bins) {
    if (bin.count)
      error += (bin.count / total) * Math.abs(bin.right / bin.count - bin.meanConfidence);
  }
  return error;
}

/** How well neutral answers find the neutral rows: precision and recall of the neutral label. */
export function neutralPrecisionRecall(
  examples: readonly Example[],
  verdicts: readonly Verdict[],
): { precision: number; recall: number } {
  let answered = 0;
  let found = 0;
  let neutralRows = 0;
  examples.forEach((example, i) => {
    const isNeutralAnswer = verdicts[i]?.label === 'neutral';
    if (example.isNeutral === true) neutralRows += 1;
    if (isNeutralAnswer) answered += 1;
    if (isNeutralAnswer && example.isNeutral === true) found += 1;
  });
  return {
    precision: answered ? found / answered : 0,
    recall: neutralRows ? found / neutralRows : 0,
  };
}

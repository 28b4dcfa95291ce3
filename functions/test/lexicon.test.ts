import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readExamples, splitBySentence, type Example } from '../lexicon/data.ts';
import { AFINN, AFINN_SCALE, featuresOf } from '../lexicon/features.ts';
import { fitConfidence, fitTemperature, scoreExamples } from '../lexicon/calibrate.ts';
import { selectFeatures, toLexicon, train } from '../lexicon/model.ts';
import { calibrationBins, expectedCalibrationError, scoreVerdicts } from '../lexicon/score.ts';
import type { LexiconFile } from '../src/lexicon/learned.ts';
import { BEFORE_BUT, NEGATION_WINDOW } from '../src/lexicon/tokens.ts';
import { confidenceOf } from '../src/lexicon/learned.ts';
import { analyzeText } from '../src/sentiment.ts';

const root = resolve(import.meta.dirname, '../..');
const lexicon = JSON.parse(
  readFileSync(join(root, 'functions/src/lexicon/learned.json'), 'utf8'),
) as LexiconFile;
const sst = readExamples(join(root, 'data/sentiment/train/sst2-train.tsv'));

describe('the shipped lexicon', () => {
  it('was trained with the scopes the scoring strategy applies', () => {
    expect(lexicon.scoring).toMatchObject({
      negationWindow: NEGATION_WINDOW,
      beforeBut: BEFORE_BUT,
    });
  });

  it('makes the engine compute the trained model: the score is the sum of the features’ weights', () => {
    // The strategy in src/lexicon/learned.ts and featuresOf in training read text independently;
    // rebuilding the model's log-odds from the features must give the engine's score.
    const weight = (name: string): number => {
      const key = name.slice(2);
      if (name.startsWith('w:'))
        return (lexicon.words[key] ?? 0) - lexicon.afinnWeight * (AFINN.get(key) ?? 0);
      if (name.startsWith('n:')) return lexicon.negated[key] ?? 0;
      if (name.startsWith('b:')) return lexicon.bigrams[key] ?? 0;
      return lexicon.afinnWeight / AFINN_SCALE; // the AFINN sum
    };
    const texts = [
      ...readExamples(join(root, 'data/sentiment/dev/uci-yelp.tsv')).slice(0, 200),
      ...readExamples(join(root, 'data/sentiment/dev/sst2-heldout.tsv')).slice(0, 200),
    ].map((e) => e.text);
    texts.push("I didn't hate it, but it wasn't good: not at all 😡", 'never, ever bad. but good');
    for (const text of texts) {
      let expected = 0;
      for (const [name, value] of featuresOf(text)) expected += weight(name) * value;
      expect(analyzeText(text).score, text).toBeCloseTo(expected, 2);
    }
  });
});

describe('training', () => {
  const sample = sst.filter((_, i) => i % 20 === 0);
  const lexiconOf = (examples: Example[]) => {
    const model = train(examples, selectFeatures(train(examples), examples, 500));
    return JSON.stringify(
      toLexicon(model, fitTemperature(scoreExamples(model, examples.slice(0, 300)))),
    );
  };

  it('is deterministic: the same data gives the same lexicon, byte for byte', () => {
    const first = lexiconOf(sample);
    expect(lexiconOf(sample)).toBe(first);
    expect(lexiconOf(sample.slice(1))).not.toBe(first);
  });

  it('keeps every span of a held-out sentence out of the training rows', () => {
    const { train: rows, sentences } = splitBySentence(sst, (fold) => fold === 0);
    const heldOut = sentences[0] ?? [];
    expect(heldOut.length).toBeGreaterThan(500);
    const spans = new Set<string>();
    for (const { text } of heldOut) {
      const words = text.split(' ');
      for (let a = 0; a < words.length; a++) {
        for (let b = a + 1; b <= words.length; b++) spans.add(words.slice(a, b).join(' '));
      }
    }
    expect(rows.filter((row) => spans.has(row.text))).toEqual([]);
    expect(rows.length).toBeGreaterThan(sst.length * 0.8);
  });

  it('refuses a data file with a row it cannot read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lexicon-'));
    try {
      const path = join(dir, 'bad.tsv');
      writeFileSync(path, 'text\tlabel\ngood\tpositive\nno tab here\n');
      expect(() => readExamples(path)).toThrow(`${path}:3: expected "text<TAB>positive|negative"`);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });
});

describe('confidence', () => {
  // 400 answers: evidence 0.1–1 is right 60 % of the time, evidence 2–3 is right 90 %.
  const points = Array.from({ length: 400 }, (_, i) => {
    const isStrong = i >= 200;
    const right = isStrong ? i % 10 !== 0 : i % 10 < 6;
    const evidence = (isStrong ? 2 : 0.1) + (i % 100) / 100;
    return { evidence: right ? evidence : -evidence, positive: true };
  });

  it('maps the strength of the evidence to how often such answers were right', () => {
    const knots = fitConfidence(points, 1);
    expect(knots[0]).toEqual([0, 0.5]);
    const at = (strength: number) => knots.find(([x]) => x >= strength)?.[1] ?? 0;
    expect(at(0.5)).toBeCloseTo(0.6, 1);
    expect(at(2.5)).toBeCloseTo(0.9, 1);
  });

  it('never falls as evidence grows, never says less than a coin toss, never says certain', () => {
    // Stronger evidence that was right less often: pooled, not believed.
    const inverted = points.map((p) => ({ ...p, evidence: 3.2 - Math.abs(p.evidence) }));
    const allRight = points.map((p) => ({ ...p, evidence: Math.abs(p.evidence) }));
    for (const knots of [fitConfidence(inverted, 1), fitConfidence(allRight, 1)]) {
      for (const [i, [x, y]] of knots.entries()) {
        expect(y).toBeGreaterThanOrEqual(0.5);
        expect(y).toBeLessThan(1);
        expect(x).toBeGreaterThanOrEqual(knots[i - 1]?.[0] ?? 0);
        expect(y).toBeGreaterThanOrEqual(knots[i - 1]?.[1] ?? 0.5);
      }
    }
  });

  it('reads the shipped map between its knots, symmetric in the sign of the score', () => {
    const knots = lexicon.scoring.confidence;
    const [x0, y0] = knots[1] ?? [0, 0];
    const [x1, y1] = knots[2] ?? [0, 0];
    expect(confidenceOf(0)).toBe(0.5);
    expect(confidenceOf(x1)).toBeCloseTo(y1, 6);
    expect(confidenceOf(-(x0 + x1) / 2)).toBeCloseTo((y0 + y1) / 2, 6);
    expect(confidenceOf(1e6)).toBe(knots.at(-1)?.[1]);
  });
});

describe('the evaluation arithmetic', () => {
  const examples: Example[] = [
    { text: 'a', positive: true },
    { text: 'b', positive: true },
    { text: 'c', positive: false },
    { text: 'd', positive: false },
  ];

  it('counts a neutral answer as wrong when strict, and leaves it out when not', () => {
    const score = scoreVerdicts(examples, [
      { label: 'positive' },
      { label: 'neutral' },
      { label: 'negative' },
      { label: 'positive' },
    ]);
    expect(score).toEqual({
      count: 4,
      right: 2,
      neutral: 1,
      strict: 0.5,
      decided: 2 / 3,
      neutralRate: 0.25,
    });
  });

  it('bins answers by confidence and measures the gap to accuracy', () => {
    const bins = calibrationBins(examples, [
      { label: 'positive', confidence: 0.85 },
      { label: 'positive', confidence: 0.95 },
      { label: 'positive', confidence: 0.85 },
      { label: 'neutral', confidence: 0.5 },
    ]);
    expect(bins.map((b) => [b.count, b.right])).toEqual([
      [0, 0],
      [0, 0],
      [0, 0],
      [2, 1],
      [1, 1],
    ]);
    // (2/3)·|0.5 − 0.85| + (1/3)·|1 − 0.95|
    expect(expectedCalibrationError(bins)).toBeCloseTo((2 / 3) * 0.35 + (1 / 3) * 0.05, 6);
  });
});

import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  asWeights,
  confidenceOf,
  neutralLogit,
  weighTokens,
  type LexiconFile,
} from '@sentiment/functions/analyzer/learned.ts';
import { BEFORE_BUT, IDIOM_UNITS, readText } from '@sentiment/functions/analyzer/tokens.ts';
import { describe, expect, it } from 'vitest';
import {
  fitConfidence,
  fitNeutral,
  fitTemperature,
  calibrationPoints,
} from '../training/calibrate.ts';
import {
  CALIBRATION_SETS,
  readExamples,
  sentenceKey,
  splitBySentence,
  splitOf,
  type Example,
} from '../training/data.ts';
import { featuresOf, PRIOR_NAMES, PRIORS } from '../training/features.ts';
import {
  calibrationBins,
  expectedCalibrationError,
  neutralPrecisionRecall,
  scoreVerdicts,
} from '../training/metrics.ts';
import { evidence, selectFeatures, toLexicon, train } from '../training/model.ts';

const root = resolve(import.meta.dirname, '../..');
const lexicon = JSON.parse(
  readFileSync(join(root, 'functions/src/analyzer/learned.json'), 'utf8'),
) as LexiconFile;
const sst = readExamples(join(root, 'lab/data/sentiment/train/sst2-train.tsv'));
/** A token's prior in the shipped lexicon, 0 if it has none. */
const priorOf = (token: string) => lexicon.prior[lexicon.tokens.indexOf(token)] ?? 0;

describe('the shipped lexicon', () => {
  it('was trained with the "but" the reader applies', () => {
    expect(lexicon.scoring.beforeBut).toBe(BEFORE_BUT);
  });

  it("scores only the project's own emoji: none from the Emoji Sentiment Ranking (CC BY-SA 4.0)", () => {
    // sentiment's build/emoji.json is derived from that ranking; the package's files carry only
    // its MIT licence, not the data's, so the prior may not be built from it.
    const own = new Set(
      readFileSync(join(root, 'lab/data/sentiment/emoji-valence.tsv'), 'utf8')
        .split('\n')
        .slice(1)
        .map((line) => line.split('\t')[0]),
    );
    const emoji = lexicon.tokens.filter(
      (token) => priorOf(token) !== 0 && /\p{Extended_Pictographic}/u.test(token),
    );
    expect(emoji.length).toBeGreaterThan(50);
    expect(emoji.filter((token) => !own.has(token))).toEqual([]);
  });
});

describe("Hu & Liu's Opinion Lexicon (liu-opinion-words.tsv)", () => {
  const rows = readFileSync(join(root, 'lab/data/sentiment/liu-opinion-words.tsv'), 'utf8')
    .trimEnd()
    .split('\n');

  it('is both lists as make-liu-opinion-words.ts writes them: sorted, +1 or -1, none on both', () => {
    const [header, ...words] = rows;
    expect(header).toBe('token\tscore');
    expect(words).toHaveLength(2006 + 4783 - 2 * 3);
    expect(words.filter((row) => !/^[^\t]+\t(1|-1)$/.test(row))).toEqual([]);
    expect(words.toSorted()).toEqual(words);
    expect(words.filter((row) => row.startsWith('envious\t'))).toEqual([]);
  });

  it("gives the shipped lexicon a prior for its words that AFINN and VADER don't score", () => {
    expect(priorOf('overpriced')).toBeLessThan(0);
    expect(priorOf('sturdy')).toBeGreaterThan(0);
  });
});

describe('the lexicon the API reads', () => {
  const sample = sst.filter((_, i) => i % 20 === 0);
  const model = train(sample);
  const temperature = 1.3;
  const weights = asWeights(toLexicon(model, temperature));

  it('scores a text as the trained model does: its evidence over the temperature', () => {
    // One reader (src/analyzer/tokens.ts) makes the features and the run-time tokens; this checks
    // toLexicon's folding of the two dense priors and the negated sign into per-token weights.
    const texts = [
      ...readExamples(join(root, 'lab/data/sentiment/dev/uci-yelp.tsv')).slice(0, 200),
      ...readExamples(join(root, 'lab/data/sentiment/dev/sst2-heldout.tsv')).slice(0, 200),
    ].map((e) => e.text);
    texts.push(
      "I didn't hate it, but it wasn't good: not at all 😡",
      'never, ever bad. but good :)',
    );
    for (const text of texts) {
      const features = featuresOf(text);
      const expected = evidence(model, features) / temperature;
      // Each weight is rounded to 3 decimals: half a thousandth per feature at most.
      const tolerance = 0.0005 * (readText(text).length * 4 + 1);
      expect(Math.abs(weighTokens(weights, readText(text)).score - expected), text).toBeLessThan(
        tolerance,
      );
    }
  });
});

describe('training', () => {
  const sample = sst.filter((_, i) => i % 20 === 0);
  const lexiconOf = (examples: Example[]) => {
    const model = train(examples, selectFeatures(train(examples), examples, 500));
    return JSON.stringify(
      toLexicon(model, fitTemperature(calibrationPoints(model, examples.slice(0, 300)))),
    );
  };

  it('is deterministic: the same data gives the same lexicon, byte for byte', () => {
    const first = lexiconOf(sample);
    expect(lexiconOf(sample)).toBe(first);
    expect(lexiconOf(sample.slice(1))).not.toBe(first);
  });

  it('keeps a finite bias when the first row it visits is a plain statement', () => {
    // A plain statement's target is 1/2, which an untrained model already predicts: its first
    // gradient is 0, and AdaGrad's first step was 0 / sqrt(0) = NaN, which then spread to every
    // weight (a fold model of seed 2, trained on the review halves, scored its fold 49.5 %).
    const model = train([{ text: 'The meeting is at 3pm.', positive: false, isNeutral: true }]);
    expect(Number.isFinite(model.bias)).toBe(true);
    expect([...model.weights.values()].filter((weight) => !Number.isFinite(weight))).toEqual([]);
  });

  it('learns no pair of an auxiliary and its "not": "do not" weighs as the one token "don\'t"', () => {
    const model = train([
      { text: 'Do not use it.', positive: false },
      { text: 'It would not charge.', positive: false },
      { text: 'I love it, it is not bad.', positive: true },
    ]);
    const names = [...model.weights.keys()];
    expect(names.filter((name) => /^b:(do|would|is) not$/.test(name))).toEqual([]);
    expect(names).toContain('b:use it');
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

  it.each(CALIBRATION_SETS)('splits %s by hash into half evaluation, half calibration', (set) => {
    const rows = readExamples(join(root, `lab/data/sentiment/dev/${set}.tsv`));
    const share = (split: string) =>
      rows.filter((e) => splitOf(set, e.text) === split).length / rows.length;
    expect(share('evaluation')).toBeCloseTo(0.5, 1);
    expect(share('calibration')).toBeCloseTo(0.5, 1);
  });

  it('never trains or calibrates on the hand-written sets, three classes of 73-80 each', () => {
    for (const set of ['crafted-sentences', 'social-posts']) {
      const rows = readExamples(join(root, `lab/data/sentiment/dev/${set}.tsv`));
      expect(rows.filter((e) => splitOf(set, e.text) !== 'evaluation')).toEqual([]);
      const neutral = rows.filter((e) => e.isNeutral === true).length;
      const positive = rows.filter((e) => e.positive).length;
      // 80 each as written, less the rows that were also another set's (the test below).
      for (const count of [positive, rows.length - positive - neutral, neutral]) {
        expect(count, set).toBeGreaterThanOrEqual(73);
        expect(count, set).toBeLessThanOrEqual(80);
      }
    }
  });

  it('keeps the hand-written sets apart from every other dev set: no row is one of theirs', () => {
    const dev = join(root, 'lab/data/sentiment/dev');
    const keysOf = (file: string) => readExamples(join(dev, file)).map((e) => sentenceKey(e.text));
    const files = readdirSync(dev).filter((file) => file.endsWith('.tsv'));
    for (const set of ['crafted-sentences', 'social-posts']) {
      const others = new Set(files.filter((file) => file !== `${set}.tsv`).flatMap(keysOf));
      const copies = readExamples(join(dev, `${set}.tsv`)).filter((e) =>
        others.has(sentenceKey(e.text)),
      );
      expect(
        copies.map((e) => e.text),
        set,
      ).toEqual([]);
    }
  });

  it('scores every idiom the reader reads as one unit, and only those', () => {
    const scored = readFileSync(join(root, 'lab/data/sentiment/idiom-valence.tsv'), 'utf8')
      .split('\n')
      .slice(1)
      .filter((line) => line.includes('\t'))
      .map((line) => line.split('\t')[0]);
    // What the file scores is what the reader reads: a misspelt row would weigh nothing.
    for (const idiom of scored) expect(IDIOM_UNITS.has(idiom ?? ''), idiom).toBe(true);
    // And each unit has a curated score: the file's, or the Opinion Lexicon's ("thumbs-up").
    for (const unit of IDIOM_UNITS) {
      expect(
        PRIOR_NAMES.some((name) => PRIORS[name].has(unit)),
        unit,
      ).toBe(true);
    }
  });

  it('refuses a data file with a row it cannot read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lexicon-'));
    try {
      const path = join(dir, 'bad.tsv');
      writeFileSync(path, 'text\tlabel\ngood\tpositive\nno tab here\n');
      expect(() => readExamples(path)).toThrow(
        `${path}:3: expected "text<TAB>positive|negative|neutral"`,
      );
    } finally {
      rmSync(dir, { recursive: true });
    }
  });
});

describe('neutral model', () => {
  // One feature, how strong the strongest opinion word is: opinions 0.5–2.5, statements 0–1.
  const opinions = Array.from({ length: 200 }, (_, i) => [0.5 + i / 100]);
  const statements = Array.from({ length: 100 }, (_, i) => [i / 100]);

  it('answers neutral on what reads as a statement, on at most 5 % of the opinions', () => {
    const model = fitNeutral([opinions], statements);
    const isNeutral = (x: number[]) => neutralLogit(model, x) > model.above;
    expect(model.weights[0]).toBeLessThan(0);
    expect(opinions.filter(isNeutral).length).toBeLessThanOrEqual(10);
    // Every statement under the weakest opinions' 0.5 + 0.1 is found.
    expect(statements.filter(isNeutral).length).toBeGreaterThanOrEqual(55);
    expect(model.confidence).toBeGreaterThan(0.8);
  });

  it('answers neutral on at most 5 % of each set of opinions, not of them pooled', () => {
    // Long sentences with strong words (1.5–2.5) and short ones with weak words (0.3–0.8): a
    // pooled 5 % (15 of 300) would all fall on the short ones, 15 % of them.
    const long = Array.from({ length: 200 }, (_, i) => [1.5 + i / 200]);
    const short = Array.from({ length: 100 }, (_, i) => [0.3 + i / 200]);
    const model = fitNeutral([long, short], statements);
    const isNeutral = (x: number[]) => neutralLogit(model, x) > model.above;
    expect(short.filter(isNeutral).length).toBeLessThanOrEqual(5);
    expect(long.filter(isNeutral).length).toBe(0);
    expect(statements.filter(isNeutral).length).toBeGreaterThanOrEqual(25);
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
      neutralRows: 0,
    });
  });

  it('bins answers by confidence, neutral ones too, and measures the gap to accuracy', () => {
    const bins = calibrationBins(
      [...examples, { text: 'e', positive: false, isNeutral: true }],
      [
        { label: 'positive', confidence: 0.85 },
        { label: 'positive', confidence: 0.95 },
        { label: 'positive', confidence: 0.85 },
        { label: 'neutral', confidence: 0.55 }, // a negative row: wrong
        { label: 'neutral', confidence: 0.55 }, // a neutral row: right
      ],
    );
    expect(bins.map((b) => [b.count, b.right])).toEqual([
      [2, 1],
      [0, 0],
      [0, 0],
      [2, 1],
      [1, 1],
    ]);
    // (2/5)·|0.5 − 0.55| + (2/5)·|0.5 − 0.85| + (1/5)·|1 − 0.95|
    expect(expectedCalibrationError(bins)).toBeCloseTo(0.4 * 0.05 + 0.4 * 0.35 + 0.2 * 0.05, 6);
  });

  it('counts a neutral answer right on a neutral row, and finds neutral precision and recall', () => {
    const rows: Example[] = [
      { text: 'a', positive: false, isNeutral: true },
      { text: 'b', positive: false, isNeutral: true },
      { text: 'c', positive: true },
      { text: 'd', positive: false },
    ];
    const verdicts = [
      { label: 'neutral' },
      { label: 'positive' },
      { label: 'neutral' },
      { label: 'negative' },
    ] as const;
    expect(scoreVerdicts(rows, verdicts)).toMatchObject({ right: 2, neutral: 2, neutralRows: 2 });
    expect(neutralPrecisionRecall(rows, verdicts)).toEqual({ precision: 0.5, recall: 0.5 });
  });
});

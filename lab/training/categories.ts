// node lab/training/categories.ts [file.tsv] [--wrong] [--help]
// Three-class accuracy of each analyzer on one labelled set, per kind of sentence: which
// constructions (negation, contrast, degree words, emoji, ...) each one gets right. The kind is
// read from the text by the rules below, so any set can be broken down, not only one written with
// its kinds marked.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ANALYZER_NAMES, ANALYZERS, type Analyzer } from './analyzers.ts';
import { parseCli } from './cli.ts';
import { readExamples, type Example } from './data.ts';
import { isRight } from './metrics.ts';

const root = resolve(import.meta.dirname, '../..');
const USAGE = `usage: node lab/training/categories.ts [file.tsv] [--wrong]

Three-class accuracy of learned, AFINN, vader and wink on one labelled set (default
lab/data/sentiment/dev/crafted-sentences.tsv), per kind of sentence and label.

  --wrong  also list the rows the learned analyzer gets wrong, with its answer
  --help   this text`;

const { values: args, positionals } = parseCli(USAGE, () =>
  parseArgs({ allowPositionals: true, options: { wrong: { type: 'boolean', default: false } } }),
);

// The first rule that matches names the kind, so a negated contrast counts as a contrast.
const KINDS: readonly [string, RegExp][] = [
  ['emoji/emoticon', /\p{Extended_Pictographic}|(^|\s)[:;][-']?[()DPp/|]/u],
  ['question', /\?\s*$/],
  ['contrast', /\b(but|although|though|however|whereas)\b|, poor\b/i],
  [
    'negation',
    /\b(not|no|never|nothing|nobody|none|without|hardly|cannot)\b|n't\b|\b(dont|doesnt|didnt|cant|wont|isnt|wasnt|wouldnt|couldnt)\b/i,
  ],
  [
    'degree word',
    /\b(very|really|extremely|incredibly|so|super|absolutely|totally|a bit|a little|slightly|somewhat|pretty|quite|far too|even)\b/i,
  ],
  ['exclamation', /^\W*\w+(\W+\w+)?\W*$/u],
];
const kindOf = (text: string) => KINDS.find(([, rule]) => rule.test(text))?.[0] ?? 'plain';
const labelOf = (e: Example) =>
  e.isNeutral === true ? 'neutral' : e.positive ? 'positive' : 'negative';

const file = resolve(
  positionals[0] ?? resolve(root, 'lab/data/sentiment/dev/crafted-sentences.tsv'),
);
const examples = readExamples(file);
const answers = Object.fromEntries(
  ANALYZER_NAMES.map((name) => [name, examples.map((e) => (ANALYZERS[name] as Analyzer)(e.text))]),
);

const groups = new Map<string, number[]>();
examples.forEach((e, i) => {
  for (const key of [`${kindOf(e.text)} / ${labelOf(e)}`, `all / ${labelOf(e)}`, 'all']) {
    groups.set(key, [...(groups.get(key) ?? []), i]);
  }
});

console.log(
  ['kind / label'.padEnd(30), 'rows'.padStart(5), ...ANALYZER_NAMES.map((n) => n.padStart(8))].join(
    ' ',
  ),
);
for (const key of [...groups.keys()].sort()) {
  const rows = groups.get(key) ?? [];
  const cells = ANALYZER_NAMES.map((name) => {
    const right = rows.filter((i) => isRight(examples[i] as Example, answers[name]?.[i]?.label));
    return `${((100 * right.length) / rows.length).toFixed(1)}%`.padStart(8);
  });
  console.log([key.padEnd(30), String(rows.length).padStart(5), ...cells].join(' '));
}

if (args.wrong) {
  console.log('\nwrong answers of learned:');
  examples.forEach((e, i) => {
    const verdict = answers.learned?.[i];
    if (verdict && !isRight(e, verdict.label)) {
      console.log(
        `  ${labelOf(e).padEnd(8)} -> ${verdict.label.padEnd(8)} ${kindOf(e.text).padEnd(15)} ${e.text}`,
      );
    }
  });
}

import { execFileSync } from 'node:child_process';
import { basename } from 'node:path';
import { median } from '../bench/report.ts';
import { ANALYZER_NAMES, ANALYZERS, type Analyzer } from './analyzers.ts';
import { readExamples } from './data.ts';

/**
 * Sentences per second on one core. Each analyzer is timed in a fresh process (this file, run
 * with the analyzer's name and the TSV files), so one's warmed-up JIT and garbage do not bill
 * the next, and by the CPU time it used (perSecond).
 */

export interface Speed {
  /** UCI sentences of SHORT_WORDS words or fewer: the kind the speed goal is about. */
  readonly short: number;
  readonly long: number;
}

export const SHORT_WORDS = 12;

export function measureSpeeds(files: readonly string[]): Record<string, Speed> {
  return Object.fromEntries(ANALYZER_NAMES.map((name) => [name, measureSpeed(name, files)]));
}

function measureSpeed(name: string, files: readonly string[]): Speed {
  const output = execFileSync(process.execPath, [import.meta.filename, name, ...files], {
    encoding: 'utf8',
  });
  return JSON.parse(output) as Speed;
}

export function printSpeeds(speeds: Record<string, Speed>): void {
  console.log(
    `\nsentences per second on one core, each analyzer in its own process ` +
      `(UCI sentences: of ${SHORT_WORDS} words or fewer | longer)`,
  );
  for (const [name, { short, long }] of Object.entries(speeds)) {
    const cell = (value: number) => Math.round(value).toLocaleString('en').padStart(9);
    console.log(`${name.padEnd(9)} ${cell(short)} ${cell(long)}`);
  }
}

function uciTexts(files: readonly string[]): { short: string[]; long: string[] } {
  const texts = files
    .filter((path) => basename(path).startsWith('uci-'))
    .flatMap((path) => readExamples(path).map((e) => e.text));
  const isShort = (text: string) => text.split(/\s+/).length <= SHORT_WORDS;
  return { short: texts.filter(isShort), long: texts.filter((t) => !isShort(t)) };
}

/**
 * Analyses per second of CPU time: the median of ROUNDS rounds, each over the texts again and
 * again for at least ROUND_SECONDS. CPU time, not wall time: on a shared machine a process waits
 * for a core, and waiting is not the analyzer's cost. process.cpuUsage counts every thread of the
 * process, the collector's helpers too, so the figure errs low.
 */
function perSecond(analyze: Analyzer, texts: readonly string[]): number {
  for (const text of texts.slice(0, 500)) analyze(text); // warm up the JIT
  const rates: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    let count = 0;
    const started = cpuSeconds();
    while (cpuSeconds() - started < ROUND_SECONDS) {
      for (const text of texts) analyze(text);
      count += texts.length;
    }
    rates.push(count / (cpuSeconds() - started));
  }
  return median(rates);
}

const ROUNDS = 5;
const ROUND_SECONDS = 0.2;

function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

if (import.meta.main) {
  const [name = '', ...files] = process.argv.slice(2);
  const analyze = ANALYZERS[name];
  if (!analyze) throw new Error(`no analyzer "${name}"; one of ${ANALYZER_NAMES.join(', ')}`);
  const { short, long } = uciTexts(files);
  const speed: Speed = { short: perSecond(analyze, short), long: perSecond(analyze, long) };
  process.stdout.write(JSON.stringify(speed));
}

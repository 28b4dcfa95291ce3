import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleOptions, copyBundleData } from '@sentiment/functions/fast-start';
import { build } from 'esbuild';

/**
 * What each word list costs a process that starts from nothing: requiring a bundle made the way
 * functions/fast-start/build.mjs makes the API's, and analyzing one word, in fresh Node processes
 * that take turns so that the machine's drift hits both alike. Medians, in milliseconds.
 */

export interface Loading {
  readonly runs: number;
  readonly stock: number;
  readonly learned: number;
}

export async function measureLoading(runs = 15): Promise<Loading> {
  const dir = mkdtempSync(join(tmpdir(), 'sentiment-eval-'));
  try {
    copyBundleData(dir);
    const stock = await bundle(dir, 'stock', "import S from 'sentiment'; new S().analyze('good');");
    const learned = await bundle(
      dir,
      'learned',
      "import { analyzeText } from '@sentiment/functions/analyzer/analyze.ts'; analyzeText('good');",
    );
    const samples = { stock: [] as number[], learned: [] as number[] };
    for (let i = 0; i < runs; i++) {
      samples.stock.push(requireTime(stock));
      samples.learned.push(requireTime(learned));
    }
    return { runs, stock: median(samples.stock), learned: median(samples.learned) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function printLoading({ runs, stock, learned }: Loading): void {
  console.log(
    `\nloading, bundled, in a fresh process (median of ${runs}, interleaved): stock sentiment ` +
      `${stock.toFixed(1)} ms, the API's analyzer with the learned lexicon ${learned.toFixed(1)} ms ` +
      `(+${(learned - stock).toFixed(1)} ms)`,
  );
}

async function bundle(dir: string, name: string, contents: string): Promise<string> {
  const outfile = join(dir, `${name}.cjs`);
  await build({
    ...bundleOptions,
    stdin: { contents, resolveDir: import.meta.dirname, loader: 'ts' },
    outfile,
    logLevel: 'error',
  });
  return outfile;
}

/** Milliseconds a fresh Node process takes to require the file. */
function requireTime(file: string): number {
  const script = `const t = performance.now(); require(${JSON.stringify(file)}); process.stdout.write(String(performance.now() - t));`;
  return Number(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }));
}

const median = (values: number[]) =>
  values.toSorted((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleOptions, copyBundleData } from '@sentiment/functions/fast-start';
import { build } from 'esbuild';
import { median } from '../bench/report.ts';

/**
 * What each word list costs a process that starts from nothing: requiring a bundle made the way
 * functions/fast-start/build.mjs makes the API's, and analyzing one word, in fresh Node processes
 * that take turns so that the machine's drift hits both alike. Medians, in milliseconds, of the
 * wall time and of the CPU time (which a process waiting for a core on a shared machine does not
 * add to); what the learned lexicon adds is the median of each turn's difference.
 */

export interface Loading {
  readonly runs: number;
  readonly stock: Timing;
  readonly learned: Timing;
  readonly added: Timing;
}

export interface Timing {
  readonly wall: number;
  readonly cpu: number;
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
    const turns: { stock: Timing; learned: Timing }[] = [];
    for (let i = 0; i < runs; i++) {
      turns.push({ stock: requireTime(stock), learned: requireTime(learned) });
    }
    const medianOf = (timing: (turn: (typeof turns)[number]) => Timing): Timing => ({
      wall: median(turns.map((turn) => timing(turn).wall)),
      cpu: median(turns.map((turn) => timing(turn).cpu)),
    });
    return {
      runs,
      stock: medianOf((turn) => turn.stock),
      learned: medianOf((turn) => turn.learned),
      added: medianOf((turn) => ({
        wall: turn.learned.wall - turn.stock.wall,
        cpu: turn.learned.cpu - turn.stock.cpu,
      })),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function printLoading({ runs, stock, learned, added }: Loading): void {
  const ms = ({ wall, cpu }: Timing, sign = '') =>
    `${sign}${wall.toFixed(1)} ms (CPU ${sign}${cpu.toFixed(1)})`;
  console.log(
    `\nloading, bundled, in a fresh process (median of ${runs}, interleaved): stock sentiment ` +
      `${ms(stock)}, the API's analyzer with the learned lexicon ${ms(learned)}: ${ms(added, '+')}`,
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

/** Milliseconds a fresh Node process takes to require the file, by the clock and in CPU. */
function requireTime(file: string): Timing {
  const script =
    `const cpu = process.cpuUsage(); const t = performance.now(); require(${JSON.stringify(file)}); ` +
    `const { user, system } = process.cpuUsage(cpu); ` +
    `process.stdout.write(JSON.stringify({ wall: performance.now() - t, cpu: (user + system) / 1000 }));`;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })) as Timing;
}

import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

/** What `npm run bench` accepts, read once from its command line. */

export const USAGE = `Usage: npm run bench -- [options]

Measures the API beside bare node:http and bare Functions Framework servers, in one run,
and writes lab/bench/results.json (what the numbers mean: lab/bench/README.md).

  --runs N         cold starts per server (default 15)
  --seconds N      length of each load case (default 5)
  --connections N  connections of the load generator (default 50)
  --rounds N       load runs per case, interleaved across cases (default 1); the table
                   gives the median and the range
  --baseline DIR   also measure the API of another checkout, side by side with this one:
                   DIR is its root, built first (\`npm ci && npm run build -w functions\`)
  --no-image       skip measuring what the API image adds to node:24-slim
  -h, --help       print this and exit`;

export interface LoadSettings {
  /** Length of each load case, in seconds. */
  readonly seconds: number;
  readonly connections: number;
}

export interface BenchOptions extends LoadSettings {
  /** Cold starts per server. */
  readonly runs: number;
  /** Load runs per case. */
  readonly rounds: number;
  /** Another checkout whose API is measured beside this one. */
  readonly baseline?: { readonly root: string; readonly entry: string };
  readonly measureImage: boolean;
}

/** The options, or a request for the usage, or what is wrong with them (with exit status 2). */
export type ParsedOptions =
  | { readonly kind: 'run'; readonly options: BenchOptions }
  | { readonly kind: 'help' }
  | { readonly kind: 'invalid'; readonly message: string };

export function parseOptions(argv: string[]): ParsedOptions {
  let values;
  try {
    values = parseArgs({
      args: argv,
      options: {
        runs: { type: 'string', default: '15' },
        seconds: { type: 'string', default: '5' },
        connections: { type: 'string', default: '50' },
        rounds: { type: 'string', default: '1' },
        baseline: { type: 'string' },
        'no-image': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }).values;
  } catch (error) {
    // An unknown or malformed option: say which, and how to ask, instead of a stack trace.
    return { kind: 'invalid', message: `${(error as Error).message}\n\n${USAGE}` };
  }
  if (values.help) return { kind: 'help' };
  const counts = {
    runs: Number(values.runs),
    seconds: Number(values.seconds),
    connections: Number(values.connections),
    rounds: Number(values.rounds),
  };
  for (const [name, value] of Object.entries(counts)) {
    if (!Number.isInteger(value) || value < 1) {
      return {
        kind: 'invalid',
        message: `--${name} must be a whole number of at least 1\n\n${USAGE}`,
      };
    }
  }
  let baseline: BenchOptions['baseline'];
  if (values.baseline !== undefined) {
    // The baseline needs only its built API, so a checkout from before functions/fast-start works.
    const root = resolve(values.baseline);
    const entry = join(root, 'functions/dist/api.cjs');
    if (!existsSync(entry)) {
      const message = `--baseline: no ${entry}; build it there with npm run build -w functions`;
      return { kind: 'invalid', message };
    }
    baseline = { root, entry };
  }
  return { kind: 'run', options: { ...counts, baseline, measureImage: !values['no-image'] } };
}

import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import type { ColdStarts, LoadResult } from './measure.ts';
import type { BenchOptions } from './options.ts';

/** The figures turned into results.json and the printed tables, with their ratios. */

export const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const round = (value: number) => Math.round(value * 10) / 10;
/** To two decimals, as every ratio is reported. */
export const ratio = (value: number, floor: number) => Math.round((value / floor) * 100) / 100;

/** The round with the median req/s, the range of all rounds, and the median CPU per request. */
function summarizeLoads(rounds: Record<string, LoadResult[]>) {
  return Object.fromEntries(
    Object.entries(rounds).map(([name, results]) => {
      const sorted = [...results].sort((x, y) => x.rps - y.rps);
      const middle = sorted[Math.floor(sorted.length / 2)] as LoadResult;
      // An object, not a pair: prettier would fold a pair onto one line, and checks results.json.
      const rpsRange = { min: sorted[0]?.rps ?? 0, max: sorted.at(-1)?.rps ?? 0 };
      const cpuUs = median(results.map((result) => result.cpuUs));
      return [name, { ...middle, rpsRange, cpuUs }];
    }),
  );
}

/** Each server's cold starts: median and range, and its ratios to floor-ok's. */
function summarizeColdStarts(starts: ColdStarts) {
  const floorStart = median(starts['floor-ok']?.ms ?? []);
  const floorRss = median(starts['floor-ok']?.rssMiB ?? []);
  return Object.fromEntries(
    Object.entries(starts).map(([name, { ms, rssMiB }]) => [
      name,
      {
        medianMs: round(median(ms)),
        minMs: round(Math.min(...ms)),
        maxMs: round(Math.max(...ms)),
        ratio: ratio(median(ms), floorStart),
        idleRssMiB: median(rssMiB),
        idleRssRatio: ratio(median(rssMiB), floorRss),
      },
    ]),
  );
}

export interface Measured {
  readonly options: BenchOptions;
  readonly pinned: boolean;
  readonly starts: ColdStarts;
  readonly rounds: Record<string, LoadResult[]>;
  readonly imageAddsMiB: number | null;
}

/** Everything results.json holds: the machine, the settings, the figures and their ratios. */
export function summarize({ options, pinned, starts, rounds, imageAddsMiB }: Measured) {
  const loads = summarizeLoads(rounds);
  const rps = (name: string) => loads[name]?.rps ?? NaN;
  const cpu = (name: string) => loads[name]?.cpuUs ?? NaN;
  const startMs = (name: string) => median(starts[name]?.ms ?? []);
  const idleRss = (name: string) => median(starts[name]?.rssMiB ?? []);
  const { runs, seconds, connections, rounds: roundCount, baseline } = options;
  return {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? '?', node: process.version, pinned },
    settings: { runs, seconds, connections, rounds: roundCount },
    baseline: baseline && {
      commit: execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
        cwd: baseline.root,
        encoding: 'utf8',
      }).trim(),
    },
    coldStart: summarizeColdStarts(starts),
    load: loads,
    ratios: {
      scoreVsFloorWork: ratio(rps('api POST /v1/score'), rps('floor-work POST /')),
      ffWorkVsFloorWork: ratio(rps('ff-work POST /'), rps('floor-work POST /')),
      scoreVsFfWork: ratio(rps('api POST /v1/score'), rps('ff-work POST /')),
      analysesVsScore: ratio(rps('api POST /v1/analyses'), rps('api POST /v1/score')),
    },
    /** This API over the baseline's, each figure from the same run: > 1 is slower, or bigger. */
    vsBaseline: baseline && {
      coldStart: ratio(startMs('api'), startMs('baseline')),
      idleRss: ratio(idleRss('api'), idleRss('baseline')),
      /** Throughput: > 1 is faster. */
      score: ratio(rps('api POST /v1/score'), rps('baseline POST /v1/score')),
      analyses: ratio(rps('api POST /v1/analyses'), rps('baseline POST /v1/analyses')),
      /** CPU per request: > 1 is costlier. */
      scoreCpu: ratio(cpu('api POST /v1/score'), cpu('baseline POST /v1/score')),
      analysesCpu: ratio(cpu('api POST /v1/analyses'), cpu('baseline POST /v1/analyses')),
    },
    imageAddsMiB,
  };
}

export type Results = ReturnType<typeof summarize>;

export function writeResults(path: string, results: Results): void {
  writeFileSync(path, `${JSON.stringify(results, null, 2)}\n`);
}

const pad = (text: string | number, width: number) => String(text).padEnd(width);

/** The tables and the ratios that matter, for a reader of the terminal. */
export function printResults(results: Results): void {
  const { machine, settings, coldStart: cold, load: loads, ratios, vsBaseline } = results;
  console.log(
    `\n${machine.cpu}, ${machine.cpus} cores, Node ${machine.node}; pinned: ${machine.pinned}`,
  );
  console.log(
    `\nCold start, spawn → first successful answer (${settings.runs} runs each, interleaved)`,
  );
  console.log(
    `${pad('server', 12)}${pad('median', 10)}${pad('min', 10)}${pad('max', 10)}${pad('× floor', 10)}${pad('idle RSS', 11)}× floor`,
  );
  for (const [name, s] of Object.entries(cold)) {
    console.log(
      `${pad(name, 12)}${pad(`${s.medianMs} ms`, 10)}${pad(`${s.minMs} ms`, 10)}${pad(`${s.maxMs} ms`, 10)}${pad(s.ratio, 10)}${pad(`${s.idleRssMiB} MiB`, 11)}${s.idleRssRatio}`,
    );
  }
  console.log(
    `\nThroughput, ${settings.connections} connections for ${settings.seconds} s, ${settings.rounds} round(s): the median round`,
  );
  console.log(
    `${pad('case', 28)}${pad('req/s', 10)}${pad('range', 15)}${pad('p50', 9)}${pad('p99', 9)}${pad('errors', 9)}${pad('CPU/req', 10)}loaded RSS`,
  );
  for (const [name, l] of Object.entries(loads)) {
    console.log(
      `${pad(name, 28)}${pad(l.rps, 10)}${pad(`${l.rpsRange.min}–${l.rpsRange.max}`, 15)}${pad(`${l.p50} ms`, 9)}${pad(`${l.p99} ms`, 9)}${pad(l.errors, 9)}${pad(`${l.cpuUs} µs`, 10)}${l.loadedRss} MiB`,
    );
  }
  console.log(
    `\nCold start vs floor-ok: api ${cold.api?.ratio}× (goal ≤ 1.5×); the framework alone (ff-ok) ` +
      `${cold['ff-ok']?.ratio}×, with the analysis (ff-work) ${cold['ff-work']?.ratio}×.`,
  );
  console.log(
    `/v1/score vs floor-work: ${ratios.scoreVsFloorWork}×. The same work as a bare FF function: ` +
      `${ratios.ffWorkVsFloorWork}× of floor-work, the most FF allows; /v1/score reaches ` +
      `${ratios.scoreVsFfWork}× of that. /v1/analyses vs /v1/score: ${ratios.analysesVsScore}×`,
  );
  if (vsBaseline) {
    console.log(
      `Against the baseline (${results.baseline?.commit}), same run: cold start ${vsBaseline.coldStart}×, ` +
        `idle RSS ${vsBaseline.idleRss}×, /v1/score ${vsBaseline.score}×, /v1/analyses ${vsBaseline.analyses}× its req/s ` +
        `at ${vsBaseline.scoreCpu}× and ${vsBaseline.analysesCpu}× its CPU per request.`,
    );
  }
  console.log(`The API image adds ${results.imageAddsMiB ?? '–'} MiB to node:24-slim.`);
  console.log('Written to lab/bench/results.json');
}

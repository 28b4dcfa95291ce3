#!/usr/bin/env node
/**
 * node lab/bench/fast-start.ts [RUNS]: what each step of the fast-start build
 * (functions/fast-start/README.md) saves a cold start. The API in three forms beside floor-ok,
 * RUNS (default 21) interleaved cold starts each, pinned as npm run bench pins them:
 *
 *   source        node src/index.ts, as `npm run dev -w functions` runs it
 *   bundle        node dist/server.cjs: the bundle without the compile cache
 *   bundle+cache  node dist/api.cjs: the bundle from its compile cache, as the image runs it
 *
 * Prints wall time and the CPU each had used by its first authenticated answer; writes nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { measureColdStarts } from './measure.ts';
import { median, ratio } from './report.ts';
import { apiSpec, buildApi, canPin, floorOk, lineUp, rerunOnLoadCore } from './servers.ts';

const runs = Number(process.argv[2] ?? 21);
if (!Number.isInteger(runs) || runs < 1) {
  console.error('Usage: node lab/bench/fast-start.ts [RUNS], RUNS a whole number of at least 1');
  process.exit(2);
}
const pinned = canPin();
const pinnedRun = pinned ? rerunOnLoadCore() : undefined;
if (pinnedRun !== undefined) process.exit(pinnedRun);

const workDir = mkdtempSync(join(tmpdir(), 'sentiment-fast-start-'));
try {
  const bundled = buildApi();
  const forms = {
    source: [createRequire(import.meta.url).resolve('@sentiment/functions/entry')],
    bundle: [join(dirname(bundled), 'server.cjs')],
    'bundle+cache': [bundled],
  };
  const specs = [floorOk];
  for (const [name, args] of Object.entries(forms)) {
    specs.push(await apiSpec(name, args, workDir, pinned));
  }
  const starts = await measureColdStarts(lineUp(specs, pinned).servers, runs);
  const floor = starts['floor-ok'] ?? { ms: [], cpuMs: [] };
  const figure = (values: number[], floorValues: number[]) => {
    const times = ratio(median(values), median(floorValues));
    return `${median(values).toFixed(1)} (${Math.min(...values).toFixed(1)}) ${times}×`;
  };
  console.log(`\n${runs} cold starts each, interleaved; pinned: ${pinned}`);
  console.log(`${'form'.padEnd(14)}${'wall ms: median (min) × floor'.padEnd(34)}CPU ms: the same`);
  for (const [name, { ms, cpuMs }] of Object.entries(starts)) {
    console.log(
      `${name.padEnd(14)}${figure(ms, floor.ms).padEnd(34)}${figure(cpuMs, floor.cpuMs)}`,
    );
  }
} finally {
  rmSync(workDir, { recursive: true, force: true });
}

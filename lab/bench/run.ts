#!/usr/bin/env node
/**
 * npm run bench: the API next to two floors, measured side by side in one run.
 *
 *   floor-ok    bare node:http answering "ok"
 *   ff-ok       a bare Functions Framework function answering "ok": the framework alone
 *   floor-work  bare node:http doing /v1/score's work (parse JSON, the API's analyzer, reply)
 *   ff-work     the same work as a bare Functions Framework function: the most FF allows
 *   api         the real function under the Functions Framework, on an embedded libSQL file
 *
 * Servers run pinned to core 0 and the load generator (autocannon, in this process) to core 1.
 * Prints a table and writes lab/bench/results.json. Options: `npm run bench -- --help`.
 * The steps, in order: servers.ts builds and starts what is measured, measure.ts measures it,
 * report.ts turns the figures into ratios, results.json and the tables.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { imageAddsMiB, measureColdStarts, measureLoads } from './measure.ts';
import { parseOptions, USAGE } from './options.ts';
import { printResults, summarize, writeResults } from './report.ts';
import { canPin, prepareServers, rerunOnLoadCore } from './servers.ts';

const parsed = parseOptions(process.argv.slice(2));
if (parsed.kind === 'help') {
  console.log(USAGE);
  process.exit(0);
}
if (parsed.kind === 'invalid') {
  console.error(parsed.message);
  process.exit(2);
}
const { options } = parsed;

// The load generator (this process) gets its own core: run again pinned to it, and wait.
const pinned = canPin();
const pinnedRun = pinned ? rerunOnLoadCore() : undefined;
if (pinnedRun !== undefined) process.exit(pinnedRun);

// The database files and the bundles of this run, thrown away after it.
const workDir = mkdtempSync(join(tmpdir(), 'sentiment-bench-'));
try {
  const lineup = await prepareServers(workDir, { pinned, baselineEntry: options.baseline?.entry });
  const starts = await measureColdStarts(lineup.servers, options.runs);
  const rounds = await measureLoads(lineup.cases, options.rounds, options);
  const root = join(import.meta.dirname, '..', '..');
  const imageAdds = options.measureImage ? imageAddsMiB(root, lineup.apiEntry) : null;
  const results = summarize({ options, pinned, starts, rounds, imageAddsMiB: imageAdds });
  writeResults(join(import.meta.dirname, 'results.json'), results);
  printResults(results);
} finally {
  rmSync(workDir, { recursive: true, force: true });
}

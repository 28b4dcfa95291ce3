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
 * Prints a table and writes lab/bench/results.json. Options: USAGE below (`npm run bench -- --help`).
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { bundleFunction, bundleOptions, copyBundleData } from '@sentiment/functions/fast-start';
import autocannon from 'autocannon';
import { build } from 'esbuild';

const ROOT = join(import.meta.dirname, '..', '..');
const USAGE = `Usage: npm run bench -- [options]

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

function readArgs() {
  try {
    return parseArgs({
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
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
}
const args = readArgs();
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
const RUNS = Number(args.runs);
const SECONDS = Number(args.seconds);
const CONNECTIONS = Number(args.connections);
const ROUNDS = Number(args.rounds);
for (const [name, value] of Object.entries({ RUNS, SECONDS, CONNECTIONS, ROUNDS })) {
  if (!Number.isInteger(value) || value < 1) {
    console.error(`--${name.toLowerCase()} must be a whole number of at least 1\n\n${USAGE}`);
    process.exit(2);
  }
}
const BASELINE = args.baseline === undefined ? undefined : resolve(args.baseline);
const BASELINE_ENTRY =
  BASELINE === undefined ? undefined : join(BASELINE, 'functions/dist/api.cjs');
if (BASELINE_ENTRY && !existsSync(BASELINE_ENTRY)) {
  console.error(`--baseline: no ${BASELINE_ENTRY}; build it there with npm run build -w functions`);
  process.exit(2);
}

const hasTaskset = spawnSync('taskset', ['-c', '0', 'true']).status === 0;
// The load generator gets core 1; every server is started on core 0.
if (hasTaskset && !process.env.BENCH_PINNED) {
  const child = spawnSync('taskset', ['-c', '1', process.execPath, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, BENCH_PINNED: '1' },
  });
  process.exit(child.status ?? 1);
}

const TEXT = 'The staff were friendly and the food was excellent, but the room was noisy.';
const SECRET = 'a-bench-secret-that-is-at-least-32-bytes';

interface Server {
  readonly name: string;
  readonly args: string[];
  readonly env?: Record<string, string>;
  /** The request that counts as the first real answer. */
  readonly probe: (url: string) => Promise<boolean>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function start(server: Server, port: number): ChildProcess {
  const command = hasTaskset ? 'taskset' : process.execPath;
  const argv = hasTaskset ? ['-c', '0', process.execPath, ...server.args] : server.args;
  return spawn(command, argv, {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      PORT: String(port),
      ...server.env,
    },
    stdio: 'ignore',
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

function rssMiB(pid: number | undefined): number {
  // taskset execs node, so the child's pid is node's own.
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round((kib / 1024) * 10) / 10;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Spawn → first successful probe, in ms; then the idle RSS once it has settled. */
async function coldStart(server: Server): Promise<{ ms: number; rss: number }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const begun = performance.now();
  const child = start(server, port);
  for (;;) {
    if (await server.probe(url).catch(() => false)) break;
    if (performance.now() - begun > 15_000) throw new Error(`${server.name} did not answer`);
    await pause(1);
  }
  const ms = performance.now() - begun;
  await pause(500);
  const rss = rssMiB(child.pid);
  await stop(child);
  return { ms, rss };
}

interface LoadResult {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly errors: number;
  readonly loadedRss: number;
  /** The server's CPU time (user + system) per answered request, in µs. */
  readonly cpuUs: number;
}

/**
 * CPU seconds a process has used (proc(5): utime and stime, fields 14 and 15, in clock ticks of
 * 1/100 s on Linux). Unlike req/s, this barely moves when other work shares the machine: a server
 * that waits for its core is not charged for the wait.
 */
function cpuSeconds(pid: number | undefined): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name, field 2, is in parentheses and may hold spaces: count after it.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function load(server: Server, request: autocannon.Request): Promise<LoadResult> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = start(server, port);
  while (!(await server.probe(url).catch(() => false))) await pause(20);
  const run = (seconds: number) =>
    new Promise<autocannon.Result>((resolve, reject) => {
      autocannon(
        { url, connections: CONNECTIONS, duration: seconds, requests: [request] },
        (error: Error | null, result) => (error ? reject(error) : resolve(result)),
      );
    });
  await run(1); // warm up: JIT, caches, the database file
  let loadedRss = 0;
  const sampler = setInterval(() => (loadedRss = Math.max(loadedRss, rssMiB(child.pid))), 250);
  const cpuBefore = cpuSeconds(child.pid);
  const result = await run(SECONDS);
  const cpuUsed = cpuSeconds(child.pid) - cpuBefore;
  clearInterval(sampler);
  await stop(child);
  return {
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
    loadedRss,
    cpuUs: Math.round((cpuUsed * 1e6) / Math.max(1, result.requests.total)),
  };
}

// Each API gets a user and a token, made once on the database file all its runs share (its own
// file: two versions of the API may not agree on the schema).
const dataDir = mkdtempSync(join(tmpdir(), 'sentiment-bench-'));
const apiEnv = { DATA_DIR: join(dataDir, 'api'), JWT_SECRET: SECRET };
execFileSync('npm', ['run', 'build', '--workspace', 'functions', '--silent'], {
  cwd: ROOT,
  stdio: 'inherit',
});
// The other servers are bundled as the API is; the bare FF functions also get its entry and
// compile cache (functions/fast-start/bundle.ts), so that only what they run differs.
const builtDir = join(dataDir, 'built');
await build({
  ...bundleOptions,
  entryPoints: [join(ROOT, 'lab/bench/servers/floor-work.cjs')],
  outfile: join(builtDir, 'floor-work.cjs'),
  logLevel: 'warning',
});
copyBundleData(builtDir);
/** Builds lab/bench/servers/NAME.cjs, which registers `target`, and gives its command line. */
async function bundleFrameworkServer(name: string, target: string): Promise<string[]> {
  const dir = join(builtDir, name);
  await bundleFunction(join(ROOT, `lab/bench/servers/${name}.cjs`), dir);
  execFileSync(process.execPath, [join(ROOT, 'functions/fast-start/warm-cache.cjs'), dir, target]);
  const entry = join(dir, 'api.cjs');
  return [entry, `--target=${target}`, `--source=${entry}`];
}
// The production form: the bundled API, which starts its own server (functions/fast-start/build.mjs).
const apiArgs = ['functions/dist/api.cjs'];
/** Starts the API once, signs a user up and in, and gives the headers that authenticate as it. */
async function signIn(args: string[], env: Record<string, string>) {
  const port = await freePort();
  const child = start({ name: 'setup', args, env, probe: () => Promise.resolve(true) }, port);
  const url = `http://127.0.0.1:${port}`;
  const json = (body: unknown) => ({
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const credentials = { username: 'bench', password: 'bench-password' };
  for (;;) {
    const res = await fetch(`${url}/v1/users`, json(credentials)).catch(() => null);
    if (res) break;
    await pause(20);
  }
  const res = await fetch(`${url}/v1/sessions`, json(credentials));
  const { token } = (await res.json()) as { token?: string };
  await stop(child);
  // Without a token every request would be a cheap 401, and the figures would measure that.
  if (!token) throw new Error(`${args[0]}: sign-in answered ${res.status} without a token`);
  return { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
}
const auth = await signIn(apiArgs, apiEnv);

const ok = (res: Response) => res.status === 200;
const SERVERS = {
  'floor-ok': {
    name: 'floor-ok',
    args: ['lab/bench/servers/floor-ok.cjs'],
    probe: (url: string) => fetch(url).then(ok),
  },
  'ff-ok': {
    name: 'ff-ok',
    args: await bundleFrameworkServer('ff-ok', 'ok'),
    probe: (url: string) => fetch(url).then(ok),
  },
  'floor-work': {
    name: 'floor-work',
    args: [join(builtDir, 'floor-work.cjs')],
    probe: (url: string) =>
      fetch(url, { method: 'POST', body: JSON.stringify({ text: TEXT }) }).then(ok),
  },
  'ff-work': {
    name: 'ff-work',
    args: await bundleFrameworkServer('ff-work', 'work'),
    probe: (url: string) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: TEXT }),
      }).then(ok),
  },
  api: {
    name: 'api',
    args: apiArgs,
    env: apiEnv,
    probe: (url: string) => fetch(`${url}/v1/me`, { headers: auth }).then(ok),
  },
} satisfies Record<string, Server>;
// The other checkout's API (--baseline), started as that commit starts it: before its own
// server (functions/src/server.ts), the framework's CLI read these flags; the API now ignores them.
async function baselineApi(entry: string): Promise<{ server: Server; auth: typeof auth }> {
  const args = [entry, '--target=api', `--source=${entry}`];
  const env = { DATA_DIR: join(dataDir, 'baseline'), JWT_SECRET: SECRET };
  const headers = await signIn(args, env);
  const probe = (url: string) => fetch(`${url}/v1/me`, { headers }).then(ok);
  return { server: { name: 'baseline', args, env, probe }, auth: headers };
}
const baseline = BASELINE_ENTRY === undefined ? undefined : await baselineApi(BASELINE_ENTRY);
const servers = [...Object.values(SERVERS), ...(baseline ? [baseline.server] : [])];

// Cold starts, interleaved so that drift in the machine's speed hits every server alike.
const starts: Record<string, { ms: number[]; rss: number[] }> = {};
for (let run = 0; run < RUNS; run++) {
  for (const server of servers) {
    const { ms, rss } = await coldStart(server);
    (starts[server.name] ??= { ms: [], rss: [] }).ms.push(ms);
    starts[server.name]?.rss.push(rss);
  }
  process.stderr.write(`\rbench: cold starts ${run + 1}/${RUNS}`);
}
process.stderr.write('\n');

const body = JSON.stringify({ text: TEXT });
const asJson = { 'content-type': 'application/json' };
const apiCases = (name: string, server: Server, headers: Record<string, string>) =>
  ['/v1/score', '/v1/analyses'].map(
    (path) => [`${name} POST ${path}`, server, { method: 'POST', path, headers, body }] as const,
  );
const cases: (readonly [string, Server, autocannon.Request])[] = [
  ['floor-ok GET /', SERVERS['floor-ok'], { method: 'GET', path: '/' }],
  ['ff-ok GET /', SERVERS['ff-ok'], { method: 'GET', path: '/' }],
  ['floor-work POST /', SERVERS['floor-work'], { method: 'POST', path: '/', body }],
  ['ff-work POST /', SERVERS['ff-work'], { method: 'POST', path: '/', headers: asJson, body }],
  ...apiCases('api', SERVERS.api, auth),
  ...(baseline ? apiCases('baseline', baseline.server, baseline.auth) : []),
];
// Every case once per round, so that a slow spell of the machine lands on all of them.
const rounds: Record<string, LoadResult[]> = {};
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, server, request] of cases) {
    (rounds[name] ??= []).push(await load(server, request));
  }
  process.stderr.write(`\rbench: load rounds ${round + 1}/${ROUNDS}`);
}
process.stderr.write('\n');
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
/** The round with the median req/s, the range of all rounds, and the median CPU per request. */
const loads = Object.fromEntries(
  Object.entries(rounds).map(([name, results]) => {
    const sorted = [...results].sort((x, y) => x.rps - y.rps);
    const middle = sorted[Math.floor(sorted.length / 2)] as LoadResult;
    // An object, not a pair: prettier would fold a pair onto one line, and results.json is checked.
    const rpsRange = { min: sorted[0]?.rps ?? 0, max: sorted.at(-1)?.rps ?? 0 };
    const cpuUs = median(results.map((result) => result.cpuUs));
    return [name, { ...middle, rpsRange, cpuUs }];
  }),
);
const rps = (name: string) => loads[name]?.rps ?? NaN;
const cpu = (name: string) => loads[name]?.cpuUs ?? NaN;

/**
 * What Dockerfile.fn's last stage adds to node:24-slim: dist/ (the entry, the bundle, the lexicon,
 * the compile cache) and libSQL's native engine.
 */
function imageAddsMiB(): number | null {
  if (args['no-image']) return null;
  const native = execFileSync('sh', ['-c', 'ls -d node_modules/@libsql/linux-*-gnu'], {
    cwd: ROOT,
    encoding: 'utf8',
  }).trim();
  const paths = ['functions/dist', ...native.split('\n')];
  const bytes = paths.reduce(
    (sum, path) =>
      sum +
      Number(execFileSync('du', ['-sb', join(ROOT, path)], { encoding: 'utf8' }).split('\t')[0]),
    0,
  );
  return Math.round((bytes / 1024 / 1024) * 10) / 10;
}
const imageAdds = imageAddsMiB();
rmSync(dataDir, { recursive: true, force: true });

const round = (value: number) => Math.round(value * 10) / 10;
const ratio = (value: number, floor: number) => Math.round((value / floor) * 100) / 100;
const floorStart = median(starts['floor-ok']?.ms ?? []);
const floorRss = median(starts['floor-ok']?.rss ?? []);

const results = {
  date: new Date().toISOString(),
  machine: {
    cpus: cpus().length,
    cpu: cpus()[0]?.model ?? '?',
    node: process.version,
    pinned: hasTaskset,
  },
  settings: { runs: RUNS, seconds: SECONDS, connections: CONNECTIONS, rounds: ROUNDS },
  baseline:
    BASELINE === undefined
      ? undefined
      : {
          commit: execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
            cwd: BASELINE,
            encoding: 'utf8',
          }).trim(),
        },
  coldStart: Object.fromEntries(
    Object.entries(starts).map(([name, { ms, rss }]) => [
      name,
      {
        medianMs: round(median(ms)),
        minMs: round(Math.min(...ms)),
        maxMs: round(Math.max(...ms)),
        ratio: ratio(median(ms), floorStart),
        idleRssMiB: median(rss),
        idleRssRatio: ratio(median(rss), floorRss),
      },
    ]),
  ),
  load: loads,
  ratios: {
    scoreVsFloorWork: ratio(rps('api POST /v1/score'), rps('floor-work POST /')),
    ffWorkVsFloorWork: ratio(rps('ff-work POST /'), rps('floor-work POST /')),
    scoreVsFfWork: ratio(rps('api POST /v1/score'), rps('ff-work POST /')),
    analysesVsScore: ratio(rps('api POST /v1/analyses'), rps('api POST /v1/score')),
  },
  /** This API over the baseline's, each figure from the same run: > 1 is slower, or bigger. */
  vsBaseline: baseline && {
    coldStart: ratio(median(starts.api?.ms ?? []), median(starts.baseline?.ms ?? [])),
    idleRss: ratio(median(starts.api?.rss ?? []), median(starts.baseline?.rss ?? [])),
    /** Throughput: > 1 is faster. */
    score: ratio(rps('api POST /v1/score'), rps('baseline POST /v1/score')),
    analyses: ratio(rps('api POST /v1/analyses'), rps('baseline POST /v1/analyses')),
    /** CPU per request: > 1 is costlier. */
    scoreCpu: ratio(cpu('api POST /v1/score'), cpu('baseline POST /v1/score')),
    analysesCpu: ratio(cpu('api POST /v1/analyses'), cpu('baseline POST /v1/analyses')),
  },
  imageAddsMiB: imageAdds,
};
writeFileSync(join(ROOT, 'lab', 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);

const pad = (text: string | number, width: number) => String(text).padEnd(width);
console.log(
  `\n${results.machine.cpu}, ${results.machine.cpus} cores, Node ${results.machine.node}; pinned: ${hasTaskset}`,
);
console.log(`\nCold start, spawn → first successful answer (${RUNS} runs each, interleaved)`);
console.log(
  `${pad('server', 12)}${pad('median', 10)}${pad('min', 10)}${pad('max', 10)}${pad('× floor', 10)}${pad('idle RSS', 11)}× floor`,
);
for (const [name, s] of Object.entries(results.coldStart)) {
  console.log(
    `${pad(name, 12)}${pad(`${s.medianMs} ms`, 10)}${pad(`${s.minMs} ms`, 10)}${pad(`${s.maxMs} ms`, 10)}${pad(s.ratio, 10)}${pad(`${s.idleRssMiB} MiB`, 11)}${s.idleRssRatio}`,
  );
}
console.log(
  `\nThroughput, ${CONNECTIONS} connections for ${SECONDS} s, ${ROUNDS} round(s): the median round`,
);
console.log(
  `${pad('case', 28)}${pad('req/s', 10)}${pad('range', 15)}${pad('p50', 9)}${pad('p99', 9)}${pad('errors', 9)}${pad('CPU/req', 10)}loaded RSS`,
);
for (const [name, l] of Object.entries(loads)) {
  console.log(
    `${pad(name, 28)}${pad(l.rps, 10)}${pad(`${l.rpsRange.min}–${l.rpsRange.max}`, 15)}${pad(`${l.p50} ms`, 9)}${pad(`${l.p99} ms`, 9)}${pad(l.errors, 9)}${pad(`${l.cpuUs} µs`, 10)}${l.loadedRss} MiB`,
  );
}
const cold = results.coldStart;
console.log(
  `\nCold start vs floor-ok: api ${cold.api?.ratio}× (goal ≤ 1.5×); the framework alone (ff-ok) ` +
    `${cold['ff-ok']?.ratio}×, with the analysis (ff-work) ${cold['ff-work']?.ratio}×.`,
);
console.log(
  `/v1/score vs floor-work: ${results.ratios.scoreVsFloorWork}×. The same work as a bare FF function: ` +
    `${results.ratios.ffWorkVsFloorWork}× of floor-work, the most FF allows; /v1/score reaches ` +
    `${results.ratios.scoreVsFfWork}× of that. /v1/analyses vs /v1/score: ${results.ratios.analysesVsScore}×`,
);
if (results.vsBaseline) {
  const v = results.vsBaseline;
  console.log(
    `Against the baseline (${results.baseline?.commit}), same run: cold start ${v.coldStart}×, ` +
      `idle RSS ${v.idleRss}×, /v1/score ${v.score}×, /v1/analyses ${v.analyses}× its req/s ` +
      `at ${v.scoreCpu}× and ${v.analysesCpu}× its CPU per request.`,
  );
}
console.log(`The API image adds ${imageAdds ?? '–'} MiB to node:24-slim.`);
console.log('Written to lab/bench/results.json');

import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NodeProcess } from '@sentiment/testkit/process';
import autocannon from 'autocannon';
import type { LoadSettings } from './options.ts';
import { stop, type LoadCase, type Server } from './servers.ts';

/** The measurements: cold start and idle RSS, load (req/s, latency, CPU, RSS), image size. */

export interface ColdStart {
  /** Spawn → first successful probe. */
  readonly ms: number;
  /** The CPU time the server had used by that answer: steadier than `ms` on a busy machine. */
  readonly cpuMs: number;
  /** Once it has settled after that answer. */
  readonly rssMiB: number;
}

export interface LoadResult {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly errors: number;
  readonly loadedRss: number;
  /** The server's CPU time (user + system) per answered request, in µs. */
  readonly cpuUs: number;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resident memory from /proc (proc(5)); taskset execs node, so the pid is node's own. */
function rssMiB(pid: number | undefined): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round((kib / 1024) * 10) / 10;
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

/**
 * CPU time all of a process's threads have used so far, in ms: the first field of each thread's
 * /proc/PID/task/TID/schedstat, time on a CPU in ns (the kernel's
 * Documentation/scheduler/sched-stats.rst). Finer than /proc/PID/stat's 10 ms ticks, of which a
 * cold start lasts only a few.
 */
function cpuMsSoFar(pid: number | undefined): number {
  return readdirSync(`/proc/${pid}/task`).reduce((sum, thread) => {
    try {
      const schedstat = readFileSync(`/proc/${pid}/task/${thread}/schedstat`, 'utf8');
      return sum + Number(schedstat.split(' ')[0]) / 1e6;
    } catch {
      return sum; // a thread that ended since the listing
    }
  }, 0);
}

/** Probes every `pollMs` until the server answers; a cold start is timed to that answer. */
async function firstAnswer(server: Server, running: NodeProcess, pollMs: number): Promise<void> {
  const deadline = performance.now() + 15_000;
  while (!(await server.probe(running.url).catch(() => false))) {
    if (performance.now() > deadline) throw new Error(`${server.name} did not answer`);
    await pause(pollMs);
  }
}

/**
 * Spawn → first successful probe, in ms (the clock also holds the choice of a free port, about
 * 0.1 ms); then the idle RSS once it has settled.
 */
export async function coldStart(server: Server): Promise<ColdStart> {
  const begun = performance.now();
  const running = await server.start();
  try {
    await firstAnswer(server, running, 1);
    const ms = performance.now() - begun;
    const cpuMs = cpuMsSoFar(running.child.pid);
    await pause(500);
    return { ms, cpuMs, rssMiB: rssMiB(running.child.pid) };
  } finally {
    await stop(running);
  }
}

/** One load case: a 1 s warm-up, then `seconds` of load while RSS and CPU are sampled. */
export async function load(
  { server, request }: LoadCase,
  { connections, seconds }: LoadSettings,
): Promise<LoadResult> {
  const running = await server.start();
  try {
    await firstAnswer(server, running, 20);
    const run = (duration: number) =>
      new Promise<autocannon.Result>((resolve, reject) => {
        autocannon(
          { url: running.url, connections, duration, requests: [request] },
          (error: Error | null, result) => (error ? reject(error) : resolve(result)),
        );
      });
    await run(1); // warm up: JIT, caches, the database file
    const pid = running.child.pid;
    let loadedRss = 0;
    const sampler = setInterval(() => (loadedRss = Math.max(loadedRss, rssMiB(pid))), 250);
    const cpuBefore = cpuSeconds(pid);
    const result = await run(seconds).finally(() => clearInterval(sampler));
    const cpuUsed = cpuSeconds(pid) - cpuBefore;
    return {
      rps: Math.round(result.requests.average),
      p50: result.latency.p50,
      p99: result.latency.p99,
      errors: result.errors + result.non2xx,
      loadedRss,
      cpuUs: Math.round((cpuUsed * 1e6) / Math.max(1, result.requests.total)),
    };
  } finally {
    await stop(running);
  }
}

export type ColdStarts = Record<string, { ms: number[]; cpuMs: number[]; rssMiB: number[] }>;

/** `runs` cold starts of each, interleaved so that drift in the machine's speed hits all alike. */
export async function measureColdStarts(servers: Server[], runs: number): Promise<ColdStarts> {
  const starts: ColdStarts = {};
  for (let run = 0; run < runs; run++) {
    for (const server of servers) {
      const { ms, cpuMs, rssMiB } = await coldStart(server);
      const figures = (starts[server.name] ??= { ms: [], cpuMs: [], rssMiB: [] });
      figures.ms.push(ms);
      figures.cpuMs.push(cpuMs);
      figures.rssMiB.push(rssMiB);
    }
    process.stderr.write(`\rbench: cold starts ${run + 1}/${runs}`);
  }
  process.stderr.write('\n');
  return starts;
}

/** Every case once per round, so that a slow spell of the machine lands on all of them. */
export async function measureLoads(
  cases: LoadCase[],
  rounds: number,
  settings: LoadSettings,
): Promise<Record<string, LoadResult[]>> {
  const results: Record<string, LoadResult[]> = {};
  for (let round = 0; round < rounds; round++) {
    for (const loadCase of cases) {
      (results[loadCase.name] ??= []).push(await load(loadCase, settings));
    }
    process.stderr.write(`\rbench: load rounds ${round + 1}/${rounds}`);
  }
  process.stderr.write('\n');
  return results;
}

/**
 * What Dockerfile.fn's last stage adds to node:24-slim: the built API's folder (the entry, the
 * bundle, the lexicon, the compile cache) and libSQL's native engine.
 */
export function imageAddsMiB(root: string, apiEntry: string): number {
  const native = execFileSync('sh', ['-c', 'ls -d node_modules/@libsql/linux-*-gnu'], {
    cwd: root,
    encoding: 'utf8',
  }).trim();
  const paths = [join(apiEntry, '..'), ...native.split('\n').map((path) => join(root, path))];
  const bytes = paths.reduce(
    (sum, path) =>
      sum + Number(execFileSync('du', ['-sb', path], { encoding: 'utf8' }).split('\t')[0]),
    0,
  );
  return Math.round((bytes / 1024 / 1024) * 10) / 10;
}

import { execFileSync, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import {
  bundleFunction,
  bundleOptions,
  copyBundleData,
  warmCompileCache,
} from '@sentiment/functions/fast-start';
import { spawnNode, waitUntilServing, type NodeProcess } from '@sentiment/testkit/process';
import { build } from 'esbuild';

/**
 * What is measured: the servers (README.md's table), how each is built and started, and the
 * request each load case sends it.
 */

/** Every server that analyzes gets this text: a mixed review, so no shortcut applies. */
const TEXT = 'The staff were friendly and the food was excellent, but the room was noisy.';
const SECRET = 'a-bench-secret-that-is-at-least-32-bytes';

/** Servers get core 0; the load generator, the bench process itself, core 1 (rerunOnLoadCore). */
const SERVER_CORE = '0';
const LOAD_CORE = '1';

/** An HTTP request, as fetch and autocannon both take it. */
interface Request {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

export interface Server {
  readonly name: string;
  /** Spawns it on a free port of 127.0.0.1; not waited for (see measure.ts firstAnswer). */
  start(): Promise<NodeProcess>;
  /** Sends the request that counts as its first real answer: true when it was answered 200. */
  probe(url: string): Promise<boolean>;
}

export interface LoadCase {
  readonly name: string;
  readonly server: Server;
  readonly request: Request;
}

/** Whether servers can be pinned to a core: taskset (util-linux) is there and may use core 0. */
export function canPin(): boolean {
  return spawnSync('taskset', ['-c', SERVER_CORE, 'true']).status === 0;
}

/**
 * Runs this script again pinned to the load generator's core, and gives its exit status; gives
 * undefined in that pinned run, where the work is done.
 */
export function rerunOnLoadCore(): number | undefined {
  if (process.env.BENCH_PINNED) return undefined;
  const child = spawnSync(
    'taskset',
    ['-c', LOAD_CORE, process.execPath, ...process.argv.slice(1)],
    {
      stdio: 'inherit',
      env: { ...process.env, BENCH_PINNED: '1' },
    },
  );
  return child.status ?? 1;
}

/** `node ARGS` as a server is run in production: NODE_ENV set, nothing else of our environment. */
function nodeServer(args: string[], env: Record<string, string>, pinned: boolean) {
  return () =>
    spawnNode(args, {
      env: { NODE_ENV: 'production', ...env },
      launcher: pinned ? ['taskset', '-c', SERVER_CORE] : [],
      // The API logs a line per request: thousands a second under load.
      discardOutput: true,
    });
}

/** SIGKILL, then waits: nothing a server does on its way out (a drain, a cache write) counts. */
export async function stop(server: NodeProcess): Promise<void> {
  if (server.child.exitCode === null && server.child.signalCode === null) {
    server.child.kill('SIGKILL');
  }
  await server.exited;
}

const body = JSON.stringify({ text: TEXT });
const asJson = { 'content-type': 'application/json' };

const send = (url: string, { method, path, headers, body }: Request) =>
  fetch(`${url}${path}`, { method, headers, body });

/** `npm run build -w functions`: the API as the image runs it; gives its entry (dist/api.cjs). */
export function buildApi(): string {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve('@sentiment/functions/package.json');
  const { main } = require(manifest) as { main: string };
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: dirname(manifest), stdio: 'inherit' });
  return join(dirname(manifest), main);
}

/** floor-work bundled as the API is, beside the analyzer's data; gives its command line. */
async function bundleFloorWork(builtDir: string): Promise<string[]> {
  const outfile = join(builtDir, 'floor-work.cjs');
  await build({
    ...bundleOptions,
    entryPoints: [join(import.meta.dirname, 'servers/floor-work.cjs')],
    outfile,
    logLevel: 'warning',
  });
  copyBundleData(builtDir);
  return [outfile];
}

/**
 * servers/NAME.cjs, which registers function `target`, bundled with the framework's CLI and
 * compile-cached as the API is (functions/fast-start), so that only what they run differs from
 * it; gives its command line, the way the CLI is given a function.
 */
async function bundleFrameworkServer(builtDir: string, name: string, target: string) {
  const dir = join(builtDir, name);
  await bundleFunction(join(import.meta.dirname, `servers/${name}.cjs`), dir);
  warmCompileCache(dir, target);
  const entry = join(dir, 'api.cjs');
  return [entry, `--target=${target}`, `--source=${entry}`];
}

/**
 * Starts an API once, signs a user up and in on its database file, and gives the headers that
 * authenticate as that user. Without a token every request would be a cheap 401, and the figures
 * would measure that.
 */
async function signIn(name: string, start: () => Promise<NodeProcess>) {
  const api = await start();
  try {
    await waitUntilServing(api, '/readyz');
    const credentials = JSON.stringify({ username: 'bench', password: 'bench-password' });
    const post = (path: string) =>
      send(api.url, { method: 'POST', path, headers: asJson, body: credentials });
    await post('/v1/users');
    const res = await post('/v1/sessions');
    const { token } = (await res.json()) as { token?: string };
    if (!token) throw new Error(`${name}: sign-in answered ${res.status} without a token`);
    return { authorization: `Bearer ${token}`, ...asJson };
  } finally {
    await stop(api);
  }
}

/** A server to measure: how it starts, its first real answer, and the requests that load it. */
export interface Spec {
  readonly name: string;
  readonly args: string[];
  readonly env?: Record<string, string>;
  readonly probe: Request;
  readonly loads: Request[];
}

/**
 * An API on its own database file (two versions of the API may not agree on the schema), with a
 * signed-in user: probed with an authenticated GET /v1/me, loaded on both POST routes.
 */
export async function apiSpec(name: string, args: string[], workDir: string, pinned: boolean) {
  const env = { DATA_DIR: join(workDir, name), JWT_SECRET: SECRET };
  const headers = await signIn(name, nodeServer(args, env, pinned));
  const post = (path: string): Request => ({ method: 'POST', path, headers, body });
  return {
    name,
    args,
    env,
    probe: { method: 'GET', path: '/v1/me', headers },
    loads: [post('/v1/score'), post('/v1/analyses')],
  } satisfies Spec;
}

const get: Request = { method: 'GET', path: '/' };

/** Bare node:http answering "ok": the floor every ratio is taken against. */
export const floorOk: Spec = {
  name: 'floor-ok',
  args: [join(import.meta.dirname, 'servers/floor-ok.cjs')],
  probe: get,
  loads: [get],
};

/** The four servers the API is measured against (README.md's table), built into `builtDir`. */
async function floorSpecs(builtDir: string): Promise<Spec[]> {
  const postText: Request = { method: 'POST', path: '/', body };
  const postJson: Request = { ...postText, headers: asJson };
  return [
    floorOk,
    {
      name: 'ff-ok',
      args: await bundleFrameworkServer(builtDir, 'ff-ok', 'ok'),
      probe: get,
      loads: [get],
    },
    {
      name: 'floor-work',
      args: await bundleFloorWork(builtDir),
      probe: postText,
      loads: [postText],
    },
    {
      name: 'ff-work',
      args: await bundleFrameworkServer(builtDir, 'ff-work', 'work'),
      probe: postJson,
      loads: [postJson],
    },
  ];
}

export interface Lineup {
  /** The built API's entry (functions/dist/api.cjs): the folder the image copies. */
  readonly apiEntry: string;
  /** In the order their cold starts interleave. */
  readonly servers: Server[];
  /** In the order each round runs them. */
  readonly cases: LoadCase[];
}

/**
 * Builds every server into `workDir` (the API in its own workspace, as `npm run build` does) and
 * gives them with their load cases. With `baselineEntry`, another checkout's built API joins,
 * started as that commit starts it: before its own server (functions/src/server.ts), the
 * framework's CLI read these flags; the API now ignores them.
 */
export async function prepareServers(
  workDir: string,
  { pinned, baselineEntry }: { pinned: boolean; baselineEntry: string | undefined },
): Promise<Lineup> {
  const apiEntry = buildApi();
  const specs = [
    ...(await floorSpecs(join(workDir, 'built'))),
    // The production form: the bundled API, which starts its own server.
    await apiSpec('api', [apiEntry], workDir, pinned),
  ];
  if (baselineEntry !== undefined) {
    const args = [baselineEntry, '--target=api', `--source=${baselineEntry}`];
    specs.push(await apiSpec('baseline', args, workDir, pinned));
  }
  return { apiEntry, ...lineUp(specs, pinned) };
}

/** The servers of `specs`, started as `nodeServer` does, and their load cases, in that order. */
export function lineUp(specs: Spec[], pinned: boolean): Omit<Lineup, 'apiEntry'> {
  const lineup = specs.map(({ name, args, env = {}, probe, loads }) => {
    const server: Server = {
      name,
      start: nodeServer(args, env, pinned),
      probe: (url) => send(url, probe).then((res) => res.status === 200),
    };
    const cases = loads.map((request) => ({
      name: `${name} ${request.method} ${request.path}`,
      server,
      request,
    }));
    return { server, cases };
  });
  return {
    servers: lineup.map(({ server }) => server),
    cases: lineup.flatMap(({ cases }) => cases),
  };
}

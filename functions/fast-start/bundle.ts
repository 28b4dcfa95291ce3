// How a Functions Framework function is bundled the way production runs it: for the API
// (build.mjs) and the benchmark's bare FF functions (lab/bench/servers.ts). Also the esbuild
// settings and data files that the analyzer's load-time measurement (lab/training/loading.ts) shares.
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { build, type BuildOptions, type Plugin } from 'esbuild';

const require = createRequire(import.meta.url);

export const bundleOptions: BuildOptions = {
  bundle: true,
  platform: 'node',
  target: 'node24',
  format: 'cjs',
  minifySyntax: true,
  minifyWhitespace: true,
  // A CommonJS bundle has no import.meta: src/analyzer/learned.ts finds its data file by
  // import.meta.url, which becomes the bundle's own URL, so the file goes beside the bundle.
  define: { 'import.meta.url': '__bundleUrl' },
  banner: { js: "var __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
  // sentiment loads languages other than English by a computed path; we only use English.
  logOverride: { 'empty-glob': 'silent' },
};

/**
 * The lexicon as the API loads it fastest: without the whitespace that keeps the committed file
 * diffable, and in ASCII, its emoji as \u escapes. A file with one character beyond ASCII is
 * decoded from UTF-8 into a two-byte string, which also parses slower: in ASCII the file reads and
 * parses in about three quarters of the time.
 */
export function copyBundleData(outdir: string): void {
  const lexicon = readFileSync(join(import.meta.dirname, '../src/analyzer/learned.json'), 'utf8');
  writeFileSync(join(outdir, 'learned.json'), asciiJson(JSON.parse(lexicon)));
}

/** JSON.stringify with every character beyond ASCII escaped (each half of a surrogate pair too). */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\u007f-\uffff]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * The framework's body parsers and Express load mime-db (2,500 types) and index every extension
 * at start-up, about 30 ms of each cold start, to expand shorthands like `json` and to add a
 * charset to a Content-Type. Nothing here names any type but these, so bundles keep only them.
 */
const MIME_TYPES = [
  'application/json',
  'application/octet-stream',
  'application/x-www-form-urlencoded',
  'text/csv',
  'text/html',
  'text/plain',
];

const mimeTypesInUse: Plugin = {
  name: 'mime-types-in-use',
  setup(build) {
    const mimeDb = require('mime-db') as Record<string, unknown>;
    const contents = JSON.stringify(Object.fromEntries(MIME_TYPES.map((t) => [t, mimeDb[t]])));
    build.onResolve({ filter: /^mime-db$/ }, () => ({ path: 'mime-db', namespace: 'mime' }));
    build.onLoad({ filter: /.*/, namespace: 'mime' }, () => ({ contents, loader: 'json' }));
  },
};

/**
 * Builds into `outdir`:
 *   api.cjs       the entry (start.cjs): turns on V8's compile cache, then loads server.cjs
 *   server.cjs    `source`, and for a bare function the framework's own CLI
 *   learned.json  the learned lexicon's weights, read at start-up
 * `node api.cjs --target=NAME --source=api.cjs`: `source` registers the function, then the
 * framework's main.js parses the flags, loads the source (already loaded) and serves it. With
 * `servesItself` (the API), the source is the whole program: it serves the function on its own
 * server, and the flags are ignored. One file means no module resolution at start-up, and a .cjs
 * source spares the framework its ESM package lookup. Only libSQL's native engine stays in
 * node_modules. warm-cache.cjs then fills the compile cache.
 */
export async function bundleFunction(
  source: string,
  outdir: string,
  { servesItself = false }: { servesItself?: boolean } = {},
): Promise<void> {
  const frameworkCli = join(
    dirname(require.resolve('@google-cloud/functions-framework')),
    'main.js',
  );
  // The API's source starts its own server (src/server.ts); a bare function needs the CLI's.
  const requires = servesItself ? [source] : [source, frameworkCli];
  rmSync(outdir, { recursive: true, force: true });
  await build({
    ...bundleOptions,
    stdin: {
      contents: requires.map((path) => `require(${JSON.stringify(path)});\n`).join(''),
      resolveDir: import.meta.dirname,
      loader: 'js',
      sourcefile: 'entry.js',
    },
    outfile: join(outdir, 'server.cjs'),
    // The native engine (for file: databases) is one package per platform, loaded at run time.
    external: ['@libsql/darwin-*', '@libsql/linux-*', '@libsql/win32-*'],
    plugins: [mimeTypesInUse],
    legalComments: 'eof',
    logLevel: 'warning',
  });
  copyFileSync(join(import.meta.dirname, 'start.cjs'), join(outdir, 'api.cjs'));
  copyBundleData(outdir);
}

/**
 * Fills the compile cache of a bundle in `dir` by starting it once as function `target` (see
 * warm-cache.cjs), as `npm run build` and the image do for the API.
 */
export function warmCompileCache(dir: string, target = 'api'): void {
  execFileSync(process.execPath, [join(import.meta.dirname, 'warm-cache.cjs'), dir, target]);
}

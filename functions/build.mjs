// Bundles the function and the Functions Framework's own CLI into one file, dist/api.cjs:
//   node dist/api.cjs --target=api --source=dist/api.cjs
// Our module registers `api` first; then the framework's main.js parses the flags, loads the
// source (this same file, already loaded) and serves it: the framework is still the host.
// One CommonJS file means no module resolution at start-up, and a .cjs source spares the
// framework its ESM package lookup. Only libSQL's native engine stays outside, in node_modules,
// and the learned lexicon's weights, dist/learned.json.
import { build } from 'esbuild';
import { bundleOptions, copyBundleData } from './bundle.ts';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const frameworkCli = join(
  dirname(createRequire(import.meta.url).resolve('@google-cloud/functions-framework')),
  'main.js',
);

await build({
  stdin: {
    contents: `require('./src/index.ts');\nrequire(${JSON.stringify(frameworkCli)});\n`,
    resolveDir: import.meta.dirname,
    loader: 'js',
    sourcefile: 'entry.js',
  },
  ...bundleOptions,
  outfile: join(import.meta.dirname, 'dist', 'api.cjs'),
  // The native engine (for file: databases) is one package per platform, loaded at run time.
  external: ['@libsql/darwin-*', '@libsql/linux-*', '@libsql/win32-*'],
  legalComments: 'eof',
  logLevel: 'warning',
});
copyBundleData(join(import.meta.dirname, 'dist'));

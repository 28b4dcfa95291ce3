// Bundles the function and the Functions Framework's own CLI into one file, dist/api.cjs:
//   node dist/api.cjs --target=api --source=dist/api.cjs
// Our module registers `api` first; then the framework's main.js parses the flags, loads the
// source (this same file, already loaded) and serves it: the framework is still the host.
// One CommonJS file means no module resolution at start-up, and a .cjs source spares the
// framework its ESM package lookup. Only libSQL's native engine stays outside, in node_modules.
import { build } from 'esbuild';
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
  bundle: true,
  platform: 'node',
  target: 'node24',
  format: 'cjs',
  outfile: join(import.meta.dirname, 'dist', 'api.cjs'),
  // The native engine (for file: databases) is one package per platform, loaded at run time.
  external: ['@libsql/darwin-*', '@libsql/linux-*', '@libsql/win32-*'],
  minifySyntax: true,
  minifyWhitespace: true,
  legalComments: 'eof',
  logLevel: 'warning',
  // sentiment loads languages other than English by a computed path; we only use English.
  logOverride: { 'empty-glob': 'silent' },
});

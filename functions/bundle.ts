// The esbuild settings that the API's bundle (build.mjs) and the lexicon's load-time measurement
// (lexicon/eval.ts) share, and the data files a bundle needs beside it.
import type { BuildOptions } from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const bundleOptions: BuildOptions = {
  bundle: true,
  platform: 'node',
  target: 'node24',
  format: 'cjs',
  minifySyntax: true,
  minifyWhitespace: true,
  // A CommonJS bundle has no import.meta: src/lexicon/learned.ts finds its data file by
  // import.meta.url, which becomes the bundle's own URL, so the file goes beside the bundle.
  define: { 'import.meta.url': '__bundleUrl' },
  banner: { js: "var __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
  // sentiment loads languages other than English by a computed path; we only use English.
  logOverride: { 'empty-glob': 'silent' },
};

/** The lexicon without the whitespace that keeps the committed file diffable: faster to parse. */
export function copyBundleData(outdir: string): void {
  const lexicon = readFileSync(join(import.meta.dirname, 'src/lexicon/learned.json'), 'utf8');
  writeFileSync(join(outdir, 'learned.json'), JSON.stringify(JSON.parse(lexicon)));
}

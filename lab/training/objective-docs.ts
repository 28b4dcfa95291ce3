// node lab/training/objective-docs.ts
// Writes lab/data/sentiment/train/objective-docs.tsv: plain sentences from the READMEs of MIT- and
// Apache-licensed packages installed by `npm ci` (the list below, versions as package-lock.json
// pins them), labelled `neutral`. Documentation states what things are and do; the sentences
// that keep a word of a curated sentiment lexicon (AFINN-165, VADER) are left out, so what is
// left teaches the model that plain words ("the", "at", "room", "opens") carry no opinion.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { readText } from '@sentiment/functions/analyzer/tokens.ts';
import { AFINN, VADER } from './features.ts';

const root = resolve(import.meta.dirname, '../..');
const PACKAGES = [
  'autocannon',
  'body-parser',
  'debug',
  'eslint',
  'jsonwebtoken',
  'magic-string',
  'node-fetch',
  'picomatch',
  'router',
  'tinybench',
  'ws',
  'ajv',
  'chalk',
  'cacheable',
  'keyv',
  'hookified',
  'file-entry-cache',
  'socks',
  'smart-buffer',
  'streamx',
  'uuid',
  'optionator',
  'expect-type',
  'axobject-query',
  'sade',
  'ip-address',
  'jsonpath-plus',
  'hashery',
  'qified',
  'safe-buffer',
  'buffer',
  'yaml',
  'esbuild',
  'vite',
  'vitest',
  'svelte',
  'prettier',
  'typescript',
  'undici',
  'concurrently',
  'globals',
  'devalue',
  'sentiment',
  'wink-sentiment',
];
const ALLOWED = new Set(['MIT', 'Apache-2.0']);

const rows: string[] = [];
const seen = new Set<string>();
for (const name of PACKAGES) {
  const dir = resolve(root, 'node_modules', name);
  let license: unknown;
  let readme: string;
  try {
    license = (
      JSON.parse(readFileSync(resolve(dir, 'package.json'), 'utf8')) as { license?: unknown }
    ).license;
    readme = readFileSync(resolve(dir, 'README.md'), 'utf8');
  } catch {
    continue;
  }
  if (typeof license !== 'string' || !ALLOWED.has(license)) continue;
  const prose = readme
    .replace(/```[\s\S]*?```/g, ' ') // code blocks
    .split('\n')
    .filter((line) => !/^\s*(#|\||>|<|!\[|\[!|[-*] |\d+\. | {4})/.test(line)) // headings, tables, lists, html
    .join(' ')
    .replace(/`[^`]*`/g, ' X ')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\s+/g, ' ');
  for (const sentence of prose.split(/(?<=[.!?])\s+(?=[A-Z])/)) {
    const text = sentence.trim();
    const words = text.split(' ');
    if (words.length < 5 || words.length > 30) continue;
    if (!/^[A-Z][\w\s,.'’()-]*[.]$/.test(text)) continue; // plain prose only
    if (/\bX\b|https?:|\w\.\w|[A-Z]{3,}/.test(text)) continue; // code, urls, file names, acronyms
    const tokens = readText(text);
    if (tokens.some(({ token }) => AFINN.has(token) || VADER.has(token))) continue;
    if (seen.has(text)) continue;
    seen.add(text);
    rows.push(`${text}\tneutral`);
  }
}
writeFileSync(
  resolve(root, 'lab/data/sentiment/train/objective-docs.tsv'),
  ['text\tlabel', ...rows, ''].join('\n'),
);
console.log(`${rows.length} sentences`);

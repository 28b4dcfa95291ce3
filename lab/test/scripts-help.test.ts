import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/** npm run train and npm run eval explain themselves, and refuse what they do not know in one line. */

const lexicon = resolve(import.meta.dirname, '../training');
const run = (script: string, ...args: string[]) =>
  spawnSync(process.execPath, [resolve(lexicon, script), ...args], { encoding: 'utf8' });

describe.each(['train.ts', 'eval.ts'])('%s', (script) => {
  it('prints its usage for --help and exits 0', () => {
    const result = run(script, '--help');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^usage: npm run (train|eval)/);
    expect(result.stderr).toBe('');
  });

  it('refuses an unknown option with one line and the usage, not a stack trace', () => {
    const result = run(script, '--no-such-option');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("Unknown option '--no-such-option'");
    expect(result.stderr).toContain('usage: npm run');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

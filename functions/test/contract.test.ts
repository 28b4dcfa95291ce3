import { relative } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { USERNAME_PATTERN } from '../src/contract.ts';
import { parseNewAccount } from '../src/validate.ts';

/** The contract is what the UI imports at run time: values, and nothing else of the function. */

describe('the API contract', () => {
  it('bundles alone: it imports nothing of the function at run time', async () => {
    const entry = `${import.meta.dirname}/../src/contract.ts`;
    const { metafile } = await build({
      entryPoints: [entry],
      bundle: true,
      write: false,
      metafile: true,
      format: 'esm',
      platform: 'neutral',
      logLevel: 'silent',
    });
    const inputs = Object.keys(metafile.inputs).map((input) => relative(process.cwd(), input));
    expect(inputs).toEqual([relative(process.cwd(), entry)]);
  });

  // Browsers compile an input's `pattern` as `^(?:pattern)$` with the `v` flag (HTML, "the
  // pattern attribute"), and the API case-folds a name before it checks it.
  const names: [string, boolean][] = [
    ['alice', true],
    ['Alice.B_1-x', true],
    ['abc', true],
    ['a'.repeat(32), true],
    ['ab', false],
    ['a'.repeat(33), false],
    ['al ice', false],
    ['zoë', false],
    ['al/ice', false],
  ];
  it.each(names)(
    'USERNAME_PATTERN as an HTML pattern agrees with the API on %j (%s)',
    (name, isTaken) => {
      const asHtmlPattern = new RegExp(`^(?:${USERNAME_PATTERN})$`, 'v');
      expect(asHtmlPattern.test(name)).toBe(isTaken);
      expect(parseNewAccount({ username: name, password: 'password1' }).ok).toBe(isTaken);
    },
  );
});

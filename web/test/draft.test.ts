import type { Cookies } from '@sveltejs/kit';
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DRAFT_COOKIE, keepDraft, takeDraft } from '../src/lib/server/draft.ts';

/** A stand-in for SvelteKit's cookie jar: set, get and delete, as one request sees them. */
function standInCookies(): Pick<Cookies, 'get' | 'set' | 'delete'> & {
  readonly jar: Map<string, string>;
} {
  const jar = new Map<string, string>();
  return {
    jar,
    get: (name) => jar.get(name),
    set: (name, value) => void jar.set(name, value),
    delete: (name) => void jar.delete(name),
  };
}

// A review's worth of ordinary English, 5000 characters: the size the analyze box allows.
const REVIEW = 'The staff were friendly, the soup was cold and the wait was long. '
  .repeat(80)
  .slice(0, 5000);

describe('drafts kept across a sign-in', () => {
  it('gives back a 5000-character text once, then forgets it', () => {
    const cookies = standInCookies();
    expect(keepDraft(cookies, { field: 'text', value: REVIEW }, true)).toBe(true);
    expect(cookies.jar.get(DRAFT_COOKIE)?.length).toBeLessThan(3800);
    expect(takeDraft(cookies)).toEqual({ field: 'text', value: REVIEW });
    expect(takeDraft(cookies)).toBeNull();
  });

  it('keeps nothing rather than a cut text when the draft cannot fit in a cookie', () => {
    const cookies = standInCookies();
    // Characters that do not repeat barely compress.
    const text = Array.from({ length: 5000 }, (_, i) => String.fromCodePoint(0x4e00 + i)).join('');
    expect(keepDraft(cookies, { field: 'text', value: text }, true)).toBe(false);
    expect(cookies.jar.has(DRAFT_COOKIE)).toBe(false);
  });

  it.each([
    ['garbage', 'not-a-draft'],
    ['a draft for a field the page lacks', pack({ field: 'password', value: 'x' })],
    [
      'a value that inflates to megabytes',
      deflateRawSync(Buffer.alloc(4_000_000, 32)).toString('base64url'),
    ],
  ])('ignores and clears a cookie holding %s', (_, value) => {
    const cookies = standInCookies();
    cookies.jar.set(DRAFT_COOKIE, value);
    expect(takeDraft(cookies)).toBeNull();
    expect(cookies.jar.has(DRAFT_COOKIE)).toBe(false);
  });
});

function pack(value: object): string {
  return deflateRawSync(JSON.stringify(value)).toString('base64url');
}

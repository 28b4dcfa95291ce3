import type { Cookies } from '@sveltejs/kit';
import { deflateRawSync, inflateRawSync } from 'node:zlib';

/**
 * What the user had typed when their session ran out mid-submit, kept in a short-lived cookie
 * across the sign-in so the page can put it back. A cookie, because the UI keeps no state of its
 * own (any pod may serve the next request) and it works without JavaScript.
 */

export const DRAFT_COOKIE = 'draft';
export const DRAFT_FIELDS = ['text', 'lines'] as const;
export type Draft = { readonly field: (typeof DRAFT_FIELDS)[number]; readonly value: string };
type Jar = Pick<Cookies, 'get' | 'set' | 'delete'>;

// Browsers keep cookies up to 4096 bytes, name and attributes included. Compressed, an ordinary
// 5000-character text fits; a draft that does not is not kept rather than cut.
const MAX_VALUE_BYTES = 3800;
// A forged cookie must not inflate into megabytes: no real draft is longer than this.
const MAX_INFLATED_BYTES = 64 * 1024;
// Long enough to find a password, short enough not to resurface a day later.
const KEEP_SECONDS = 60 * 60;

/** Keeps the draft for the next page; false when it is too large for a cookie. */
export function keepDraft(cookies: Jar, draft: Draft, secure: boolean): boolean {
  const value = deflateRawSync(JSON.stringify(draft)).toString('base64url');
  if (value.length > MAX_VALUE_BYTES) return false;
  cookies.set(DRAFT_COOKIE, value, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure,
    maxAge: KEEP_SECONDS,
  });
  return true;
}

/** The kept draft, once: reading it forgets it. Null when there is none or it is not ours. */
export function takeDraft(cookies: Jar): Draft | null {
  const value = cookies.get(DRAFT_COOKIE);
  if (!value) return null;
  cookies.delete(DRAFT_COOKIE, { path: '/' });
  try {
    const draft: unknown = JSON.parse(
      inflateRawSync(Buffer.from(value, 'base64url'), {
        maxOutputLength: MAX_INFLATED_BYTES,
      }).toString(),
    );
    return isDraft(draft) ? draft : null;
  } catch {
    return null;
  }
}

function isDraft(value: unknown): value is Draft {
  if (typeof value !== 'object' || value === null) return false;
  const { field, value: text } = value as Record<string, unknown>;
  return DRAFT_FIELDS.some((name) => name === field) && typeof text === 'string';
}

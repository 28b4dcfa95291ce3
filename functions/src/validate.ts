import { LIMITS, USERNAME_PATTERN } from './contract.ts';
import { invalidInput, ok, type Result } from './result.ts';

/** Turns unknown request input into typed values, or a 400 naming the field at fault. */

const { textChars, scoreTexts, username: nameLength, password: passwordLength } = LIMITS;
const { historyPage, dailyDays } = LIMITS;
const USERNAME = new RegExp(`^${USERNAME_PATTERN}$`);

export interface Credentials {
  readonly username: string;
  readonly password: string;
}

type Body = Record<string, unknown>;

function asObject(body: unknown): Result<Body> {
  return typeof body === 'object' && body !== null && !Array.isArray(body)
    ? ok(body as Body)
    : invalidInput('body', 'the request body must be a JSON object');
}

/** Usernames are case-folded, so "Alice" and "alice" are one account. */
export function normalizeUsername(raw: string): string {
  return raw.trim().toLowerCase();
}

function charCount(text: string): number {
  // Count code points, not UTF-16 units, so an emoji is one character. UTF-16 length is an
  // upper bound, which spares the walk for the usual short text.
  return text.length <= textChars ? text.length : [...text].length;
}

function readString(body: Body, field: string): Result<string> {
  const value = body[field];
  return typeof value === 'string' ? ok(value) : invalidInput(field, `${field} must be a string`);
}

export function parseNewAccount(input: unknown): Result<Credentials> {
  const credentials = parseCredentials(input);
  if (!credentials.ok) return credentials;
  const { username, password } = credentials.value;
  if (!USERNAME.test(username)) {
    return invalidInput(
      'username',
      `username must be ${nameLength.min}–${nameLength.max} characters of a–z, 0–9, "_", "." or "-"`,
    );
  }
  const length = [...password].length;
  if (!password.isWellFormed()) {
    return invalidInput('password', 'password must be valid Unicode text');
  }
  if (length < passwordLength.min || length > passwordLength.max) {
    return invalidInput(
      'password',
      `password must be ${passwordLength.min}–${passwordLength.max} characters`,
    );
  }
  return credentials;
}

/** Login checks only the shape: a wrong-format name simply matches no account. */
export function parseCredentials(input: unknown): Result<Credentials> {
  const body = asObject(input);
  if (!body.ok) return body;
  const username = readString(body.value, 'username');
  if (!username.ok) return username;
  const password = readString(body.value, 'password');
  if (!password.ok) return password;
  if (password.value === '') return invalidInput('password', 'password is required');
  return ok({ username: normalizeUsername(username.value), password: password.value });
}

function checkText(value: unknown, field: string): Result<string> {
  if (typeof value !== 'string') return invalidInput(field, `${field} must be a string`);
  // SQLite's text functions stop at a NUL and UTF-8 has no lone surrogates: either would read
  // back as other text than the 201 acknowledged, so both are refused.
  if (value.includes('\u0000') || !value.isWellFormed()) {
    return invalidInput(field, `${field} must be valid Unicode text without NUL characters`);
  }
  const text = value.trim();
  if (text === '') return invalidInput(field, `${field} must not be empty`);
  if (charCount(text) > textChars) {
    return invalidInput(field, `${field} must be at most ${textChars} characters`);
  }
  return ok(text);
}

export function parseText(input: unknown): Result<string> {
  const body = asObject(input);
  return body.ok ? checkText(body.value.text, 'text') : body;
}

/** `POST /v1/score` takes either one `text` or a batch of `texts`. */
export function parseScoreInput(input: unknown): Result<string | string[]> {
  const body = asObject(input);
  if (!body.ok) return body;
  const { text, texts } = body.value;
  if (texts === undefined) return checkText(text, 'text');
  if (text !== undefined) return invalidInput('texts', 'send either text or texts, not both');
  if (!Array.isArray(texts) || texts.length === 0 || texts.length > scoreTexts) {
    return invalidInput('texts', `texts must be an array of 1–${scoreTexts} strings`);
  }
  const checked: string[] = [];
  for (const [index, item] of texts.entries()) {
    const result = checkText(item, `texts[${index}]`);
    if (!result.ok) return result;
    checked.push(result.value);
  }
  return ok(checked);
}

export interface PageQuery {
  readonly limit: number;
  /** Only analyses with a smaller id: the page continues below the previous one. */
  readonly beforeId: number | null;
}

/**
 * A positive whole number written plainly: `Number()` alone would also take `0x10`, `1e2`, `+5`
 * and ` 10`. Null for anything else, including a value that is not there.
 */
function parseCount(raw: string | null): number | null {
  return raw !== null && /^[1-9]\d{0,8}$/.test(raw) ? Number(raw) : null;
}

export function parsePageQuery(query: URLSearchParams): Result<PageQuery> {
  const rawLimit = query.get('limit');
  const limit = rawLimit === null ? historyPage.default : parseCount(rawLimit);
  if (limit === null || limit < historyPage.min || limit > historyPage.max) {
    return invalidInput(
      'limit',
      `limit must be a whole number from ${historyPage.min} to ${historyPage.max}`,
    );
  }
  const cursor = query.get('cursor');
  if (cursor === null || cursor === '') return ok({ limit, beforeId: null });
  const beforeId = decodeCursor(cursor);
  return beforeId === null
    ? invalidInput('cursor', 'cursor is not one this API handed out')
    : ok({ limit, beforeId });
}

export function parseDays(query: URLSearchParams): Result<number> {
  const raw = query.get('days');
  const days = raw === null ? dailyDays.default : parseCount(raw);
  return days !== null && days >= dailyDays.min && days <= dailyDays.max
    ? ok(days)
    : invalidInput('days', `days must be a whole number from ${dailyDays.min} to ${dailyDays.max}`);
}

/** Cursors are opaque to clients, so the paging key can change without breaking them. */
export function encodeCursor(id: number): string {
  return Buffer.from(`a${id}`).toString('base64url');
}

function decodeCursor(cursor: string): number | null {
  const match = /^a([1-9]\d{0,15})$/.exec(Buffer.from(cursor, 'base64url').toString());
  return match?.[1] ? Number(match[1]) : null;
}

/** A path id: a positive integer, else nothing by that id can exist. */
export function parseId(raw: string | undefined): number | null {
  return raw && /^[1-9]\d{0,15}$/.test(raw) ? Number(raw) : null;
}

import { describe, expect, it } from 'vitest';
import {
  encodeCursor,
  parseCredentials,
  parseId,
  parseNewAccount,
  parseDays,
  parsePageQuery,
  parseScoreInput,
  parseText,
} from '../src/validate.ts';

describe('parseNewAccount', () => {
  it('case-folds and trims the username', () => {
    expect(parseNewAccount({ username: ' Alice.B_1 ', password: 'password1' })).toEqual({
      ok: true,
      value: { username: 'alice.b_1', password: 'password1' },
    });
  });

  const rejected: [string, unknown, string][] = [
    ['a body that is not an object', ['alice'], 'body'],
    ['a missing username', { password: 'password1' }, 'username'],
    ['a username of two characters', { username: 'ab', password: 'password1' }, 'username'],
    [
      'a username of 33 characters',
      { username: 'a'.repeat(33), password: 'password1' },
      'username',
    ],
    ['a username with a space', { username: 'al ice', password: 'password1' }, 'username'],
    ['a username with an accent', { username: 'zoë', password: 'password1' }, 'username'],
    ['a password of 7 characters', { username: 'alice', password: '1234567' }, 'password'],
    ['a password of 257 characters', { username: 'alice', password: 'p'.repeat(257) }, 'password'],
    ['a numeric password', { username: 'alice', password: 12345678 }, 'password'],
  ];
  it.each(rejected)('rejects %s, naming the field', (_name, body, field) => {
    const result = parseNewAccount(body);
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.error).toMatchObject({ code: 'invalid_input', status: 400, field });
  });

  it('counts password length in characters, not UTF-16 units', () => {
    expect(parseNewAccount({ username: 'alice', password: '🔑'.repeat(8) }).ok).toBe(true);
    expect(parseNewAccount({ username: 'alice', password: '🔑'.repeat(7) }).ok).toBe(false);
  });
});

describe('parseCredentials', () => {
  it('accepts any non-empty strings, leaving the format to the account lookup', () => {
    expect(parseCredentials({ username: 'X', password: 'y' }).ok).toBe(true);
  });
  it('rejects an empty password', () => {
    expect(parseCredentials({ username: 'alice', password: '' }).ok).toBe(false);
  });
});

describe('parseText', () => {
  it('trims the text', () => {
    expect(parseText({ text: '  fine  ' })).toEqual({ ok: true, value: 'fine' });
  });
  it('rejects blank text', () => {
    expect(parseText({ text: ' \n ' }).ok).toBe(false);
  });
  it('allows 5000 characters of emoji and refuses 5001', () => {
    expect(parseText({ text: '😀'.repeat(5000) }).ok).toBe(true);
    expect(parseText({ text: 'a'.repeat(5001) }).ok).toBe(false);
  });
});

describe('parseScoreInput', () => {
  it('takes one text or a batch', () => {
    expect(parseScoreInput({ text: 'good' })).toEqual({ ok: true, value: 'good' });
    expect(parseScoreInput({ texts: ['good', ' bad '] })).toEqual({
      ok: true,
      value: ['good', 'bad'],
    });
  });
  it('names the failing item of a batch', () => {
    const result = parseScoreInput({ texts: ['good', ''] });
    expect(!result.ok && result.error.field).toBe('texts[1]');
  });
  it('refuses an empty batch, one over 100, and both forms at once', () => {
    expect(parseScoreInput({ texts: [] }).ok).toBe(false);
    expect(parseScoreInput({ texts: Array.from({ length: 101 }, () => 'x') }).ok).toBe(false);
    expect(parseScoreInput({ text: 'a', texts: ['b'] }).ok).toBe(false);
  });
});

describe('parsePageQuery', () => {
  it('defaults to 20 with no cursor', () => {
    expect(parsePageQuery(new URLSearchParams())).toEqual({
      ok: true,
      value: { limit: 20, beforeId: null },
    });
  });
  it('reads back a cursor it made', () => {
    const query = new URLSearchParams({ limit: '5', cursor: encodeCursor(42) });
    expect(parsePageQuery(query)).toEqual({ ok: true, value: { limit: 5, beforeId: 42 } });
  });
  it.each(['0', '101', '2.5', 'ten', '0x10', '1e2', '0b11', '+5', ' 10', '10 ', '', '010'])(
    'rejects limit=%j: only plain decimal whole numbers',
    (limit) => {
      expect(parsePageQuery(new URLSearchParams({ limit })).ok).toBe(false);
    },
  );

  it.each(['0x10', '1e1', '+5', ' 7', ''])('rejects days=%j', (days) => {
    expect(parseDays(new URLSearchParams({ days })).ok).toBe(false);
  });

  it.each(['0', '101', '2.5', 'ten'])('rejects limit=%s', (limit) => {
    expect(parsePageQuery(new URLSearchParams({ limit })).ok).toBe(false);
  });
  it('rejects a cursor it did not make', () => {
    expect(parsePageQuery(new URLSearchParams({ cursor: '42' })).ok).toBe(false);
  });
});

describe('parseId', () => {
  it('accepts positive integers only', () => {
    expect(parseId('17')).toBe(17);
    expect([
      parseId('0'),
      parseId('-1'),
      parseId('1e3'),
      parseId('export'),
      parseId(undefined),
    ]).toEqual([null, null, null, null, null]);
  });
});

describe('text that would not read back as sent', () => {
  it.each([
    ['a NUL inside', 'a\u0000b'],
    ['only a NUL', '\u0000'],
    ['a lone high surrogate', 'broken \ud83d here'],
    ['a lone low surrogate', '\ude00'],
  ])('refuses %s with a 400 naming the field', (_name, text) => {
    expect(parseText({ text })).toMatchObject({ ok: false, error: { field: 'text', status: 400 } });
    expect(parseScoreInput({ texts: ['fine', text] })).toMatchObject({
      ok: false,
      error: { field: 'texts[1]' },
    });
  });

  it('keeps an emoji, a whole surrogate pair', () => {
    expect(parseText({ text: 'nice 😀' })).toEqual({ ok: true, value: 'nice 😀' });
  });
});

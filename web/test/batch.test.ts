import { describe, expect, it } from 'vitest';
import { batchCsvLink, linesOf, readBatch, textsFromCsv } from '../src/lib/server/batch.ts';
import { UPLOAD_MAX_LINES } from '../src/lib/upload.ts';

describe('linesOf', () => {
  it('keeps non-blank lines, trimmed, across line endings', () => {
    expect(linesOf(' good \r\n\n bad\n   \nfine')).toEqual(['good', 'bad', 'fine']);
  });
});

describe('textsFromCsv', () => {
  it('takes the column named text, skipping the header', () => {
    expect(textsFromCsv('id,Text,stars\n1,"Great, truly",5\n2,"Bad\nvery bad",1\n')).toEqual([
      'Great, truly',
      'Bad\nvery bad',
    ]);
  });
  it('takes the first column when none is named text', () => {
    expect(textsFromCsv('loved it,5\nhated it,1')).toEqual(['loved it', 'hated it']);
  });
  it('ignores a byte-order mark and short rows', () => {
    expect(textsFromCsv('\uFEFFtext,x\nok\n,\n')).toEqual(['ok']);
  });
});

describe('readBatch', () => {
  const form = (lines: string, file?: File) => {
    const data = new FormData();
    data.set('lines', lines);
    if (file) data.set('file', file);
    return data;
  };

  it('joins pasted lines and an uploaded file', async () => {
    const file = new File(['text\n"from, csv"\n'], 'reviews.csv', { type: 'text/csv' });
    expect(await readBatch(form('pasted', file))).toEqual({
      ok: true,
      texts: ['pasted', 'from, csv'],
    });
  });
  it('reads a .txt upload line by line', async () => {
    const file = new File(['one\ntwo\n'], 'notes.txt', { type: 'text/plain' });
    expect(await readBatch(form('', file))).toEqual({ ok: true, texts: ['one', 'two'] });
  });
  it('says what is wrong: nothing given, too many, too long, a broken CSV', async () => {
    expect(await readBatch(form('  '))).toMatchObject({ ok: false });
    const many = Array.from({ length: UPLOAD_MAX_LINES + 1 }, (_, i) => `line ${i}`).join('\n');
    expect(await readBatch(form(many))).toMatchObject({
      ok: false,
      message: expect.stringContaining('at most'),
    });
    expect(await readBatch(form(`ok\n${'x'.repeat(5001)}`))).toMatchObject({
      ok: false,
      message: 'Line 2 is over 5000 characters.',
    });
    const broken = new File(['"unclosed quote\n'], 'bad.csv', { type: 'text/csv' });
    expect(await readBatch(form('', broken))).toMatchObject({
      ok: false,
      message: expect.stringContaining('bad.csv'),
    });
  });
});

describe('batchCsvLink', () => {
  const scored = (text: string, score: number) => ({
    text,
    score,
    label: score > 0 ? ('positive' as const) : ('negative' as const),
    comparative: score / 2,
    confidence: 0.9,
    words: [],
    servedBy: { revision: 'local', instance: 'test' },
  });
  const csvOf = (link: string) =>
    Buffer.from(link.slice(link.indexOf('base64,') + 'base64,'.length), 'base64');

  it('is a UTF-8 CSV with a byte-order mark that reads back to the same texts', () => {
    const link = batchCsvLink([scored('Très bien, "vraiment" 😀', 2.5), scored('multi\nline', -1)]);
    expect(link).toMatch(/^data:text\/csv;charset=utf-8;base64,/);
    const bytes = csvOf(link);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(textsFromCsv(bytes.toString('utf8'))).toEqual([
      'Très bien, "vraiment" 😀',
      'multi\nline',
    ]);
  });

  it('keeps negative scores as numbers but defuses a text that starts like a formula', () => {
    const rows = csvOf(batchCsvLink([scored('=HYPERLINK("x")', -1.5)]))
      .toString('utf8')
      .split('\r\n');
    expect(rows[1]).toBe(`1,negative,-1.5,-0.75,0.9,"'=HYPERLINK(""x"")"`);
  });
});

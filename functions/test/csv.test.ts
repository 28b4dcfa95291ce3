import { describe, expect, it } from 'vitest';
import { csvRow } from '../src/csv.ts';

describe('csvRow', () => {
  it('quotes commas, quotes and line breaks, and ends with CRLF', () => {
    expect(csvRow([1, 'a,b', 'say "hi"', 'two\nlines'])).toBe(
      '1,"a,b","say ""hi""","two\nlines"\r\n',
    );
  });
  it('defuses cells a spreadsheet would run as formulas', () => {
    expect(csvRow(['=HYPERLINK("x")', '+1', '-2', '@SUM(A1)'])).toBe(
      `"'=HYPERLINK(""x"")",'+1,'-2,'@SUM(A1)\r\n`,
    );
  });
  it('leaves negative numbers as numbers', () => {
    expect(csvRow([-3, 0.5])).toBe('-3,0.5\r\n');
  });
});

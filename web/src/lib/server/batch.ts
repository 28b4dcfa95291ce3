import { LIMITS, type ScoredText } from '@sentiment/functions/contract';
import { csvRow } from '@sentiment/functions/csv';
import { parse } from 'csv-parse/sync';
import { UPLOAD_MAX_BYTES, UPLOAD_MAX_LINES } from '../upload.ts';
import { textField } from './form.ts';

/** Turns what a user pasted or uploaded into the texts of a batch. */

export type BatchInput = { ok: true; texts: string[] } | { ok: false; message: string };

/** One text per non-blank line. */
export function linesOf(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
}

/** A CSV's `text` column, or its first column when none is named so; a header row is skipped. */
export function textsFromCsv(csv: string): string[] {
  const options = { relax_column_count: true, skip_empty_lines: true, bom: true };
  const rows: string[][] = parse(csv, options);
  const header = rows[0]?.map((cell) => cell.trim().toLowerCase()) ?? [];
  const named = header.indexOf('text');
  const column = Math.max(named, 0);
  const body = named >= 0 ? rows.slice(1) : rows;
  return body.map((row) => (row[column] ?? '').trim()).filter(Boolean);
}

export async function readBatch(form: FormData): Promise<BatchInput> {
  const texts = linesOf(textField(form, 'lines'));
  const file = form.get('file');
  if (file instanceof File && file.size > 0) {
    if (file.size > UPLOAD_MAX_BYTES)
      return { ok: false, message: 'The file must be at most 1 MB.' };
    const content = await file.text();
    const isCsv = file.name.toLowerCase().endsWith('.csv') || file.type === 'text/csv';
    try {
      texts.push(...(isCsv ? textsFromCsv(content) : linesOf(content)));
    } catch {
      return { ok: false, message: `${file.name} is not a CSV file this page can read.` };
    }
  }
  if (texts.length === 0)
    return { ok: false, message: 'Paste some lines or choose a .txt or .csv file.' };
  if (texts.length > UPLOAD_MAX_LINES) {
    return {
      ok: false,
      message: `A batch can have at most ${UPLOAD_MAX_LINES} texts; this one has ${texts.length}.`,
    };
  }
  // Counted as the API counts, in code points.
  const tooLong = texts.findIndex((text) => [...text].length > LIMITS.textChars);
  if (tooLong >= 0) {
    return { ok: false, message: `Line ${tooLong + 1} is over ${LIMITS.textChars} characters.` };
  }
  return { ok: true, texts };
}

/**
 * A batch's results as a CSV download link. A `data:` URL, because a batch is never stored: the
 * page carries its own file, and the link works without JavaScript. The byte-order mark makes
 * Excel read it as UTF-8; a cell that starts like a formula is quoted so it is shown, not run.
 */
export function batchCsvLink(items: readonly ScoredText[]): string {
  // The API's own CSV writer (its history export), so both downloads quote alike.
  const rows = items.map((item, i) =>
    csvRow([i + 1, item.label, item.score, item.comparative, item.confidence, item.text]),
  );
  const header = csvRow(['line', 'label', 'score', 'comparative', 'confidence', 'text']);
  const csv = `\uFEFF${header}${rows.join('')}`;
  return `data:text/csv;charset=utf-8;base64,${Buffer.from(csv).toString('base64')}`;
}

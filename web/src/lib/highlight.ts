import type { WordWeight } from '@sentiment/functions/contract';

/** Splits a text into pieces, marking the words that moved its answer with their weights. */

export interface Piece {
  readonly text: string;
  readonly weight?: number;
}

/**
 * The API says where each word is (`start`, `end`), so the UI marks exactly what the analyzer
 * read, a negation with its scope as one piece. A word without a place that fits, such as one
 * stored before the API gave places, is left unmarked rather than guessed.
 */
export function highlight(text: string, words: readonly WordWeight[]): Piece[] {
  const pieces: Piece[] = [];
  let next = 0;
  for (const { start, end, weight } of words) {
    const isPlaced =
      Number.isInteger(start) && Number.isInteger(end) && start >= next && end > start;
    if (!isPlaced || end > text.length) continue;
    if (start > next) pieces.push({ text: text.slice(next, start) });
    pieces.push({ text: text.slice(start, end), weight });
    next = end;
  }
  if (next < text.length) pieces.push({ text: text.slice(next) });
  return pieces;
}

/** What the score has besides the marked words: the words too weak to mark, summed. */
export function unmarkedWeight(score: number, words: readonly WordWeight[]): number {
  const marked = words.reduce((sum, word) => sum + word.weight, 0);
  return Math.round((score - marked) * 100) / 100;
}

// Weights are log-odds (AFINN's are whole numbers): two units (~88 % on its own) is the
// strongest tint.
const STRONGEST = 2;

/** The background of a mark or a legend swatch: its sign's colour, stronger as it weighs more. */
export function tint(weight: number): string {
  const alpha = 0.15 + (Math.min(Math.abs(weight), STRONGEST) / STRONGEST) * 0.45;
  return `rgba(var(${weight > 0 ? '--positive-rgb' : '--negative-rgb'}), ${alpha.toFixed(2)})`;
}

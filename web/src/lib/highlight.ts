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
